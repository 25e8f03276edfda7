import Foundation
import Logging
import NIOSSL
import PostgresNIO
import _ConnectionPoolModule

/// The shared store: PostgreSQL through PostgresNIO's connection pool (`PostgresClient`).
///
/// Several servers may use one database at once. Opening it applies every pending migration under an advisory lock,
/// so no caller ever sees an unmigrated database. Writes that must be atomic run in one transaction on one pooled
/// connection; an import batch is written set-based (COPY and one statement per kind of write), never row by row.
public final class PostgresStore: DataStore {
    let client: PostgresClient
    let logger: Logger
    /// Where the server listens: a wait for a pooled connection gives up only when nothing answers there.
    let endpoint: (host: String, port: Int)
    /// The pool's `run()`: it must run for as long as the store is used. An unstructured task owned by this object
    /// (cancelled by `close()` or when the store goes away), because the pool is needed before any service group
    /// exists: migrations run while the store opens.
    private let runTask: Task<Void, Never>

    private init(
        client: PostgresClient, endpoint: (host: String, port: Int), logger: Logger,
        started: AsyncStream<Void>.Continuation
    ) {
        self.client = client
        self.endpoint = endpoint
        self.logger = logger
        runTask = Task {
            started.finish()
            await client.run()
        }
    }

    deinit { runTask.cancel() }

    /// Connects to `url` (`postgres://user:pass@host:port/db`, options `sslmode=disable|prefer|require` and
    /// `pool_size=N`), waits until the database answers, and migrates it.
    public static func connect(url: String, logger: Logger = Logger(label: "contact-import.postgres")) async throws
        -> PostgresStore
    {
        let configuration = try PostgresURL.configuration(url)
        let (started, signal) = AsyncStream<Void>.makeStream()
        let store = PostgresStore(
            client: PostgresClient(configuration: configuration, backgroundLogger: logger),
            endpoint: (configuration.host ?? "localhost", configuration.port ?? 5432), logger: logger, started: signal)
        // Lease connections only once the pool's run() is under way (it is what opens them).
        for await _ in started {}
        await Task.yield()
        do {
            try await store.client.withConnection { connection in
                let applied = try await PostgresMigrations.migrate(PooledConnection(connection), logger: logger)
                if !applied.isEmpty {
                    logger.info("Applied PostgreSQL migrations", metadata: ["versions": "\(applied)"])
                }
            }
        } catch {
            await store.close()
            throw StoreConnectionError(cause: error, host: configuration.host ?? "?", port: configuration.port ?? 5432)
        }
        return store
    }

    /// Closes every connection; later calls fail.
    public func close() async {
        runTask.cancel()
        await runTask.value
    }

    /// `SELECT 1` on a pooled connection; `ConnectionWaitTimedOut` after 2 s when the server cannot be reached.
    public func checkReachable() async throws {
        _ = try await withConnection(waitingAtMost: .seconds(2)) { connection in
            try await connection.rows("SELECT 1", logger: logger).count
        }
    }

    /// How long a request or a job waits for a pooled connection before it looks whether the server can be reached
    /// at all (and is told the database is unavailable when not).
    static let connectionWait = Duration.seconds(5)

    // MARK: Helpers

    /// Runs `body` in one transaction on one pooled connection; any error rolls it back and is rethrown as it was
    /// (not wrapped), so `StoreError`s reach the caller unchanged.
    func transaction<T: Sendable>(_ body: (PooledConnection) async throws -> T) async throws -> T {
        try await withConnection(waitingAtMost: Self.connectionWait) { connection in
            try await connection.query("BEGIN", logger: logger)
            do {
                let value = try await body(connection)
                try await connection.query("COMMIT", logger: logger)
                return value
            } catch {
                // A connection that is gone took its transaction with it (the server rolls it back), and a query on it
                // would wait for an answer that never comes: no ROLLBACK then.
                if !connection.isClosed, !isUnavailable(error) {
                    _ = try? await connection.query("ROLLBACK", logger: logger)
                }
                throw error
            }
        }
    }

    /// Every row of a query, outside any transaction.
    func rows(_ query: PostgresQuery) async throws -> [PostgresRow] {
        try await withConnection(waitingAtMost: Self.connectionWait) { connection in
            try await connection.rows(query, logger: logger)
        }
    }

    /// The rows of `query` on `connection` (inside its transaction), or from the pool when there is none.
    func rows(_ query: PostgresQuery, on connection: PooledConnection?) async throws -> [PostgresRow] {
        if let connection { return try await connection.rows(query, logger: logger) }
        return try await rows(query)
    }

    public func isUnavailable(_ error: any Error) -> Bool {
        if case .connectionClosed? = error as? PostgresError { return true }
        // No connection in time, or the pool gave up connecting (its circuit breaker, after a minute of failures).
        if error is ConnectionWaitTimedOut || error is ConnectionPoolError { return true }
        guard let error = error as? PSQLError else { return false }
        switch error.code {
        case .serverClosedConnection, .clientClosedConnection, .connectionError, .uncleanShutdown:
            return true
        case .server:
            // Class 08: connection exceptions; 57P01–57P03: the server shutting down, crashed, or not yet accepting.
            let state = error.serverInfo?[.sqlState] ?? ""
            return state.hasPrefix("08") || ["57P01", "57P02", "57P03"].contains(state)
        default:
            return false
        }
    }

    /// PostgreSQL's `disk_full` (SQLSTATE 53100): the server could not extend a table, index or temporary file.
    public func isStorageFull(_ error: any Error) -> Bool {
        (error as? PSQLError)?.serverInfo?[.sqlState] == "53100"
    }

    /// True when `error` is PostgreSQL's unique_violation (SQLSTATE 23505).
    static func isUniqueViolation(_ error: any Error) -> Bool {
        (error as? PSQLError)?.serverInfo?[.sqlState] == "23505"
    }

    /// Milliseconds since 1970 by the database's clock, as SQL.
    static let nowMillisSQL = "(extract(epoch FROM clock_timestamp()) * 1000)::bigint"
}

/// The database could not be reached or migrated when the store opened. Its description names the server and the
/// cause, never the URL (which may hold a password).
public struct StoreConnectionError: Error, CustomStringConvertible {
    public var cause: any Error
    public var host: String
    public var port: Int

    public var description: String {
        if let error = cause as? PSQLError, let message = error.serverInfo?[.message] {
            return "PostgreSQL at \(host):\(port) refused: \(message)"
        }
        return
            "Could not connect to PostgreSQL at \(host):\(port); check the host, port, user and database of --database (or DATABASE_URL) and that the server is running."
    }
}

/// Reads a `postgres://` URL into the pool's configuration.
enum PostgresURL {
    struct Invalid: Error, CustomStringConvertible {
        var description: String
    }

    static func configuration(_ url: String) throws -> PostgresClient.Configuration {
        // Never echo the URL in a message: it may hold a password.
        guard let components = URLComponents(string: url),
            components.scheme == "postgres" || components.scheme == "postgresql"
        else {
            throw Invalid(
                description: "--database (or DATABASE_URL) must be a URL like postgres://user:pass@host:5432/db.")
        }
        guard let host = components.host, !host.isEmpty else {
            throw Invalid(
                description: "--database (or DATABASE_URL) must name a host: postgres://user:pass@host:5432/db.")
        }
        guard let user = components.user, !user.isEmpty else {
            throw Invalid(
                description: "--database (or DATABASE_URL) must name a user: postgres://user:pass@host:5432/db.")
        }
        let database = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        var options: [String: String] = [:]
        for item in components.queryItems ?? [] { options[item.name] = item.value ?? "" }
        let tls: PostgresClient.Configuration.TLS
        switch options["sslmode"] ?? "prefer" {
        case "disable": tls = .disable
        case "prefer", "allow": tls = .prefer(.makeClientConfiguration())
        case "require", "verify-ca", "verify-full": tls = .require(.makeClientConfiguration())
        default: throw Invalid(description: "sslmode in --database must be disable, prefer or require.")
        }
        var configuration = PostgresClient.Configuration(
            host: host, port: components.port ?? 5432, username: user.removingPercentEncoding ?? user,
            password: components.password?.removingPercentEncoding ?? components.password,
            database: database.isEmpty ? nil : (database.removingPercentEncoding ?? database), tls: tls)
        if let size = options["pool_size"] {
            guard let count = Int(size), (1...200).contains(count) else {
                throw Invalid(description: "pool_size in --database must be a whole number from 1 to 200.")
            }
            configuration.options.maximumConnections = count
        }
        return configuration
    }
}

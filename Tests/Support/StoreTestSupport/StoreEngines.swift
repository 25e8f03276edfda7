import ContactStore
import Foundation
import Logging
import PostgresNIO

/// Every storage engine the contract suite and the HTTP tests run against. Each `make` gives a fresh, empty store.
///
/// SQLite always; PostgreSQL when `CONTACT_IMPORT_TEST_POSTGRES` holds the URL of a server the tests may create
/// databases on (`scripts/test` starts a throwaway cluster and sets it). Each PostgreSQL store is a new database
/// `test_<uuid>` on that server, so tests never see each other's rows.
public enum StoreEngines {
    /// `postgres://user@host:port/db` of a server to create test databases on, or nil.
    public static let postgresURL: String? = ProcessInfo.processInfo.environment["CONTACT_IMPORT_TEST_POSTGRES"]
        .flatMap { $0.isEmpty ? nil : $0 }

    /// SQLite, plus PostgreSQL when a server is given; `CONTACT_IMPORT_TEST_ENGINES=postgres` (a comma-separated list)
    /// keeps only those named, so `scripts/test` can run the PostgreSQL cases in a run of their own.
    public static let all: [String] = {
        let available = ["sqlite"] + (postgresURL == nil ? [] : ["postgres"])
        guard let chosen = ProcessInfo.processInfo.environment["CONTACT_IMPORT_TEST_ENGINES"], !chosen.isEmpty else {
            return available
        }
        let names = chosen.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        return available.filter(names.contains)
    }()

    public static func make(_ engine: String) async throws -> any DataStore {
        switch engine {
        case "sqlite":
            return try makeSQLite()
        case "postgres":
            guard let postgresURL else { throw EngineUnavailable(engine: engine) }
            return try await makePostgres(serverURL: postgresURL)
        default:
            throw EngineUnavailable(engine: engine)
        }
    }

    public static func makeSQLite() throws -> SQLiteStore {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("contact-import-tests-\(UUID().uuidString)").path
        return try SQLiteStore.open(dataDirectory: directory)
    }

    /// A new empty database on the server, opened (and so migrated) as a store with a small pool.
    public static func makePostgres(serverURL: String) async throws -> PostgresStore {
        guard var components = URLComponents(string: serverURL), let host = components.host, let user = components.user
        else { throw EngineUnavailable(engine: "postgres (CONTACT_IMPORT_TEST_POSTGRES is not a postgres:// URL)") }
        let name = "test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        var logger = Logger(label: "contact-import.tests.postgres")
        logger.logLevel = .warning
        let connection = try await PostgresConnection.connect(
            configuration: .init(
                host: host, port: components.port ?? 5432, username: user, password: components.password,
                database: components.path.count > 1 ? String(components.path.dropFirst()) : "postgres", tls: .disable),
            id: 1, logger: logger)
        do {
            try await connection.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"), logger: logger)
        } catch {
            try? await connection.close()
            throw error
        }
        try await connection.close()
        components.path = "/" + name
        components.queryItems = [
            URLQueryItem(name: "sslmode", value: "disable"), URLQueryItem(name: "pool_size", value: "4"),
        ]
        guard let url = components.string else { throw EngineUnavailable(engine: "postgres") }
        return try await PostgresStore.connect(url: url, logger: logger)
    }

    public struct EngineUnavailable: Error, CustomStringConvertible {
        public var engine: String
        public var description: String { "The \(engine) engine is not available to these tests." }
    }
}

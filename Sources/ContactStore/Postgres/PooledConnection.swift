import Logging
import NIOCore
import PostgresNIO

/// A PostgreSQL connection as the store uses it: each statement is refused at once, as `PostgresError.connectionClosed`
/// (`PostgresStore.isUnavailable`), when the connection has already closed.
///
/// PostgresNIO (1.33) never answers a statement written to a connection whose channel has closed: the write is
/// dropped with the statement's promise, so the caller waits for good. That is what a connection cut while the
/// store is between two statements of a transaction looks like (`pg_terminate_backend`, the server restarting, a
/// network failure while the job works on the rows it just read): the next statement would hang the job until the
/// job runner's watchdog gave the attempt up. A statement in flight when the connection closes is failed by
/// PostgresNIO itself.
struct PooledConnection: Sendable {
    let connection: PostgresConnection

    init(_ connection: PostgresConnection) {
        self.connection = connection
    }

    /// Whether the connection has closed (a statement on it would be refused).
    var isClosed: Bool { connection.isClosed }

    /// Runs `query`; its rows are read from the sequence returned.
    @discardableResult
    func query(_ query: PostgresQuery, logger: Logger) async throws -> PostgresRowSequence {
        try refuseWhenClosed()
        return try await connection.query(query, logger: logger)
    }

    /// Every row of `query`.
    func rows(_ query: PostgresQuery, logger: Logger) async throws -> [PostgresRow] {
        try await self.query(query, logger: logger).collect()
    }

    /// `COPY table (columns) FROM STDIN` of `rows` (text format), sent in one write: PostgresNIO parks a further
    /// write until the socket drains, and never wakes it when the connection closes meanwhile. The rows of a batch
    /// (or of a seed's 20,000 contacts) are a few megabytes at most.
    func copy(_ rows: ByteBuffer, into table: String, columns: [String] = [], logger: Logger) async throws {
        try refuseWhenClosed()
        try await connection.copyFrom(table: table, columns: columns, logger: logger) { writer in
            try await writer.write(rows)
        }
    }

    private func refuseWhenClosed() throws {
        if connection.isClosed { throw PostgresError.connectionClosed }
    }
}

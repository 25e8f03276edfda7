import NIOCore
import NIOPosix
import PostgresNIO
import Synchronization

/// No pooled PostgreSQL connection could be had in time, and nothing answers at the server's address: the database is
/// down or unreachable (the pool keeps trying to connect meanwhile). `PostgresStore.isUnavailable` says yes to it, so
/// a request answers 503 and a job pauses, rather than waiting as long as the database is gone.
struct ConnectionWaitTimedOut: Error, CustomStringConvertible {
    let waited: Duration
    var description: String { "No PostgreSQL connection could be had within \(waited)." }
}

extension PostgresStore {
    /// Runs `body` on a pooled connection. PostgresClient's own wait has no end while the database is unreachable
    /// (until its circuit breaker opens a minute later); here, once `wait` has passed without a connection, and every
    /// second after, the server's address is tried: when nothing answers there, the wait ends with
    /// `ConnectionWaitTimedOut`. A busy pool is waited for as long as it takes. The lease is taken in a child task,
    /// which hands the connection over and holds the lease until `body` is done; `body` itself runs here.
    ///
    /// A connection that closed while it sat in the pool (cut by the server, and the pool not told yet) is given back
    /// and another one taken, a few times, before `body` sees it: only then is the database called unavailable.
    func withConnection<T: Sendable>(
        waitingAtMost wait: Duration, _ body: (PooledConnection) async throws -> T
    ) async throws -> T {
        for attempt in 1...Self.closedConnectionRetries {
            do {
                return try await withLeasedConnection(waitingAtMost: wait) { connection in
                    if connection.isClosed { throw ClosedBeforeUse() }
                    return try await body(PooledConnection(connection))
                }
            } catch is ClosedBeforeUse {
                // Let the pool see the close before the next lease.
                if attempt < Self.closedConnectionRetries { try await Task.sleep(for: .milliseconds(20 * attempt)) }
            }
        }
        throw PostgresError.connectionClosed
    }

    /// How many times a pooled connection found closed before use is replaced before giving up.
    static let closedConnectionRetries = 5

    /// A pooled connection was closed before `body` used it.
    private struct ClosedBeforeUse: Error {}

    /// `withConnection` with the connection as the pool lent it.
    private func withLeasedConnection<T: Sendable>(
        waitingAtMost wait: Duration, _ body: (PostgresConnection) async throws -> T
    ) async throws -> T {
        let handoff = ConnectionHandoff()
        let (client, endpoint) = (self.client, self.endpoint)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                do {
                    try await client.withConnection { connection in await handoff.lend(connection) }
                } catch {
                    handoff.fail(error)
                }
            }
            group.addTask {
                var waited = wait
                do {
                    try await Task.sleep(for: wait)
                    while await Self.answers(endpoint) {
                        try await Task.sleep(for: .seconds(1))
                        waited += .seconds(1)
                    }
                } catch {
                    return  // cancelled: the connection came
                }
                handoff.fail(ConnectionWaitTimedOut(waited: waited))
            }
            let connection: PostgresConnection
            do {
                connection = try await handoff.connection()
            } catch {
                group.cancelAll()
                throw error
            }
            // Stops the timer; the lending task does not notice cancellation while it holds the lease.
            group.cancelAll()
            defer { handoff.giveBack() }
            return try await body(connection)
        }
    }

    /// Whether a TCP connection to `endpoint` is accepted within a second.
    static func answers(_ endpoint: (host: String, port: Int)) async -> Bool {
        do {
            let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connectTimeout(.seconds(1))
                .connect(host: endpoint.host, port: endpoint.port).get()
            try? await channel.close()
            return true
        } catch {
            return false
        }
    }
}

/// A pooled connection passed from the task holding its lease to the task using it, and back.
private final class ConnectionHandoff: Sendable {
    private enum State {
        /// No connection yet; the user waits on `waiter` once it asked.
        case waiting(waiter: CheckedContinuation<PostgresConnection, any Error>?)
        /// Leased and not yet taken by the user; the lender waits on `lender`.
        case ready(PostgresConnection, lender: CheckedContinuation<Void, Never>)
        /// In use; the lender waits on `lender` until it is given back.
        case inUse(lender: CheckedContinuation<Void, Never>)
        /// No connection will come (the wait ran out or the lease failed), or it was given back.
        case failed(any Error)
        case returned
    }

    private let state = Mutex<State>(.waiting(waiter: nil))

    /// The connection, once lent; throws when the lease failed or the wait ran out first.
    func connection() async throws -> PostgresConnection {
        try await withCheckedThrowingContinuation { continuation in
            state.withLock { state in
                switch state {
                case .waiting:
                    state = .waiting(waiter: continuation)
                case .ready(let connection, let lender):
                    state = .inUse(lender: lender)
                    continuation.resume(returning: connection)
                case .failed(let error):
                    continuation.resume(throwing: error)
                case .inUse, .returned:
                    preconditionFailure("a connection handoff is taken once")
                }
            }
        }
    }

    /// Called by the task holding the lease: returns once the connection is given back (at once when no one waits
    /// for it any more).
    func lend(_ connection: PostgresConnection) async {
        await withCheckedContinuation { lender in
            state.withLock { state in
                switch state {
                case .waiting(let waiter?):
                    state = .inUse(lender: lender)
                    waiter.resume(returning: connection)
                case .waiting(nil):
                    state = .ready(connection, lender: lender)
                case .failed, .returned, .ready, .inUse:
                    lender.resume()
                }
            }
        }
    }

    /// No connection will come: the user's wait ends with `error` (nothing changes once a connection was lent).
    func fail(_ error: any Error) {
        state.withLock { state in
            guard case .waiting(let waiter) = state else { return }
            state = .failed(error)
            waiter?.resume(throwing: error)
        }
    }

    /// The user is done with the connection: the lender releases its lease.
    func giveBack() {
        state.withLock { state in
            guard case .inUse(let lender) = state else { return }
            state = .returned
            lender.resume()
        }
    }
}

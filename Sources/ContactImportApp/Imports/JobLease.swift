import Logging
import ServiceLifecycle
import Synchronization

/// Runs a claimed job while renewing its lease every quarter of the lease's length (`ImportRunner` for every job; the
/// command line's import for the one it started). The job is told to stop at its next batch boundary on graceful
/// shutdown or once the lease is lost (another server took the job over after the lease ran out). The lease is given
/// up when the job returns or throws.
struct JobLease: Sendable {
    /// How long a claim holds without renewal (`AppConfiguration.jobLease`).
    let lease: Duration
    let logger: Logger

    func run(
        _ name: String, renew: @escaping @Sendable (Duration) async throws -> Bool,
        release: @Sendable () async throws -> Void,
        work: @escaping @Sendable (_ shouldStop: @escaping @Sendable () -> Bool) async throws -> Void
    ) async throws {
        let (lease, logger) = (self.lease, self.logger)
        let leaseLost = LeaseFlag()
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    var lastRenewal = ContinuousClock.now
                    while true {
                        try await Task.sleep(for: lease / 4)
                        do {
                            if try await renew(lease) {
                                lastRenewal = .now
                                continue
                            }
                            logger.warning("Lost the lease on \(name); stopping it at the next batch boundary")
                        } catch {
                            logger.error(
                                "Could not renew the lease on \(name)",
                                metadata: ["error": "\(String(reflecting: error))"])
                            guard ContinuousClock.now - lastRenewal >= lease else { continue }
                        }
                        leaseLost.set()
                        return
                    }
                }
                try await work({ Task.isShuttingDownGracefully || leaseLost.isSet })
                group.cancelAll()
            }
        } catch {
            try? await release()
            throw error
        }
        try await release()
    }
}

/// Set once by the lease renewal when the lease is gone; read by the job between batches.
private final class LeaseFlag: Sendable {
    private let lost = Mutex(false)
    var isSet: Bool { lost.withLock { $0 } }
    func set() { lost.withLock { $0 = true } }
}

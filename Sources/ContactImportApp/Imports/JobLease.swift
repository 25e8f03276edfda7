import Logging
import ServiceLifecycle
import Synchronization

/// Runs a claimed job while renewing its lease every quarter of the lease's length (`ImportRunner` for every job; the
/// command line's import for the one it started). The job is told to stop at its next batch boundary on graceful
/// shutdown or once the lease is lost (another server took the job over after the lease ran out). The lease is given
/// up when the job returns or throws.
///
/// A watchdog gives the job up when it reaches no batch boundary for `stallLimit`: a query whose connection the
/// database closed can wait for an answer that never comes (seen with PostgresNIO after `pg_terminate_backend`), and
/// the renewals alone would keep such a job held for good. The attempt is then abandoned (cancelled, and no longer
/// waited for), `JobStalled` is thrown and the lease released, so the job is claimed again and resumes after its last
/// committed batch; should the abandoned attempt ever wake, the checkpoint fence refuses its batch.
struct JobLease: Sendable {
    /// How long a claim holds without renewal (`AppConfiguration.jobLease`).
    let lease: Duration
    let logger: Logger
    /// How long a job may go without reaching a batch boundary before it is given up; nil: six leases, at least
    /// 2 minutes, far beyond any batch (a batch ends after 5 s of work).
    var stallAfter: Duration? = nil
    var stallLimit: Duration { stallAfter ?? max(lease * 6, .seconds(120)) }

    func run(
        _ name: String, renew: @escaping @Sendable (Duration) async throws -> Bool,
        release: @Sendable () async throws -> Void,
        work: @escaping @Sendable (_ shouldStop: @escaping @Sendable () -> Bool) async throws -> Void
    ) async throws {
        let (lease, logger, stallLimit) = (self.lease, self.logger, self.stallLimit)
        let leaseLost = LeaseFlag()
        let attempt = JobAttempt()
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
                let job = Task {
                    do {
                        try await work({
                            attempt.reachedBoundary()
                            return Task.isShuttingDownGracefully || leaseLost.isSet
                        })
                        attempt.end(nil)
                    } catch {
                        attempt.end(error)
                    }
                }
                group.addTask {
                    while true {
                        try await Task.sleep(for: min(lease / 4, .seconds(5)))
                        let since = attempt.sinceBoundary
                        guard since >= stallLimit else { continue }
                        logger.error(
                            "\(name) reached no batch boundary for \(since.components.seconds) s; giving this attempt up, to resume from its last committed batch"
                        )
                        attempt.end(JobStalled(name: name))
                        job.cancel()
                        return
                    }
                }
                try await withTaskCancellationHandler {
                    try await attempt.result()
                } onCancel: {
                    job.cancel()
                    attempt.end(CancellationError())
                }
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

/// A job attempt given up by the watchdog (`JobLease`): it reached no batch boundary for too long.
struct JobStalled: Error, CustomStringConvertible {
    let name: String
    var description: String { "\(name) made no progress and was given up, to be resumed" }
}

/// A job attempt: when it last reached a batch boundary, and its end (the first of the job's own end and the
/// watchdog's verdict).
private final class JobAttempt: Sendable {
    private enum State {
        case running(waiter: CheckedContinuation<Void, any Error>?)
        case ended((any Error)?)
    }
    private let state = Mutex(State.running(waiter: nil))
    private let lastBoundary = Mutex(ContinuousClock.now)

    /// The job is at a batch boundary (it asks whether to stop).
    func reachedBoundary() { lastBoundary.withLock { $0 = .now } }

    /// How long since the job started or last reached a batch boundary.
    var sinceBoundary: Duration { ContinuousClock.now - lastBoundary.withLock { $0 } }

    /// Waits for the end; throws the job's error, or the watchdog's.
    func result() async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            state.withLock { state in
                switch state {
                case .running:
                    state = .running(waiter: continuation)
                case .ended(let error?):
                    continuation.resume(throwing: error)
                case .ended(nil):
                    continuation.resume()
                }
            }
        }
    }

    /// Ends the attempt with `error` (nil: the job returned); only the first end counts.
    func end(_ error: (any Error)?) {
        state.withLock { state in
            guard case .running(let waiter) = state else { return }
            state = .ended(error)
            if let error { waiter?.resume(throwing: error) } else { waiter?.resume() }
        }
    }
}

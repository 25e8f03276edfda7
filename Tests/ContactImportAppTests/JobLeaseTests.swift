import Logging
import Synchronization
import Testing

@testable import ContactImportApp

/// The lease around a job: renewed while it runs, released at its end, and its watchdog gives up an attempt that
/// reaches no batch boundary for too long (a query waiting for an answer that never comes) without waiting for it.
@Suite struct JobLeaseTests {
    let lease = JobLease(lease: .milliseconds(200), logger: Logger(label: "test"), stallAfter: .milliseconds(600))

    @Test func aJobThatHangsIsGivenUpAndItsLeaseReleased() async throws {
        let released = Mutex(0)
        let hung = Mutex<CheckedContinuation<Void, Never>?>(nil)
        let started = ContinuousClock.now
        await #expect(throws: JobStalled.self) {
            try await lease.run(
                "import 1", renew: { _ in true }, release: { released.withLock { $0 += 1 } },
                work: { shouldStop in
                    _ = shouldStop()
                    // Waits for good, deaf to cancellation, as a query on a connection closed under it.
                    await withCheckedContinuation { continuation in hung.withLock { $0 = continuation } }
                })
        }
        let waited = ContinuousClock.now - started
        #expect(waited >= .milliseconds(600))
        #expect(waited < .seconds(5))
        #expect(released.withLock { $0 } == 1)
        hung.withLock { $0?.resume() }
    }

    @Test func aJobReachingBatchBoundariesRunsPastTheStallLimit() async throws {
        let released = Mutex(0)
        let batches = Mutex(0)
        try await lease.run(
            "import 2", renew: { _ in true }, release: { released.withLock { $0 += 1 } },
            work: { shouldStop in
                for _ in 0..<8 {
                    if shouldStop() { return }
                    try await Task.sleep(for: .milliseconds(250))
                    batches.withLock { $0 += 1 }
                }
            })
        #expect(batches.withLock { $0 } == 8)
        #expect(released.withLock { $0 } == 1)
    }

    @Test func aJobsOwnErrorIsThrownAndItsLeaseReleased() async throws {
        struct Broken: Error {}
        let released = Mutex(0)
        await #expect(throws: Broken.self) {
            try await lease.run(
                "import 3", renew: { _ in true }, release: { released.withLock { $0 += 1 } },
                work: { _ in throw Broken() })
        }
        #expect(released.withLock { $0 } == 1)
    }
}

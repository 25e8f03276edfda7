import Logging
import Synchronization
import Testing

@testable import ContactImportApp

/// The lease around a job: renewed while it runs, released at its end, and its watchdog gives up an attempt that
/// reaches no batch boundary for too long (a query waiting for an answer that never comes) without waiting for it.
/// The other suites load the machine while these run, so no test here asserts an upper bound on a time.
@Suite(.timeLimit(.minutes(1))) struct JobLeaseTests {
    let lease = JobLease(lease: .milliseconds(200), logger: Logger(label: "test"), stallAfter: .seconds(1))

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
        #expect(ContinuousClock.now - started >= .seconds(1))
        #expect(released.withLock { $0 } == 1)
        hung.withLock { $0?.resume() }
    }

    /// Boundaries 400 ms apart for 2.4 s in all: the job runs past the 1 s limit. Should the machine stretch one gap
    /// past the limit, the job may be given up, but only then.
    @Test func aJobReachingBatchBoundariesRunsPastTheStallLimit() async throws {
        let released = Mutex(0)
        let boundaries = Mutex<[ContinuousClock.Instant]>([.now])
        var stalled = false
        do {
            try await lease.run(
                "import 2", renew: { _ in true }, release: { released.withLock { $0 += 1 } },
                work: { shouldStop in
                    for _ in 0..<6 {
                        boundaries.withLock { $0.append(.now) }
                        if shouldStop() { return }
                        try await Task.sleep(for: .milliseconds(400))
                    }
                    boundaries.withLock { $0.append(.now) }
                })
        } catch is JobStalled {
            stalled = true
        }
        let times = boundaries.withLock { $0 } + (stalled ? [.now] : [])
        let longestGap = zip(times, times.dropFirst()).map { $1 - $0 }.max() ?? .zero
        if stalled {
            #expect(longestGap >= .seconds(1), "given up though no gap reached the limit")
        } else {
            #expect(times.count == 8)
            #expect(times.last! - times.first! >= .seconds(1))
        }
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

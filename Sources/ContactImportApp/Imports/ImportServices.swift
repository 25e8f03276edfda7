import ContactStore
import Foundation
import ImportRules
import Logging
import ServiceLifecycle
import Synchronization

/// The background worker: runs every processing import (and every undo of one) to its end, resuming after a restart from the last
/// committed batch. Stops between batches on graceful shutdown, so nothing is left half-applied.
///
/// Several servers may share one database: each job is claimed first and run under a lease that is renewed every
/// quarter of its length. A server that dies stops renewing; once its lease has run out another server claims the
/// job and resumes it after its last committed batch. A server that finds its lease gone (it was paused for longer
/// than the lease, and another took over) stops at the next batch boundary; the checkpoint fence of
/// `applyImportBatch` keeps a batch from ever being applied twice meanwhile.
struct ImportRunner: Service {
    let pipeline: ImportPipeline
    /// The clean-up of stored phones (SPEC §10), which takes the same job slot and is run the same way.
    var phoneCleanUp: PhoneCleanUp? = nil
    /// How often to look for work (`AppConfiguration.jobPollInterval`).
    let pollInterval: Duration
    /// How long a claim holds without renewal (`AppConfiguration.jobLease`).
    let lease: Duration
    /// This server's name on its leases, unique to this run of the process.
    var owner: String = ImportRunner.processOwner()
    /// Counts the rows each batch commits (`contact_import_rows_processed_total`).
    var metrics: AppMetrics? = nil
    let logger: Logger

    static func processOwner() -> String {
        "\(ProcessInfo.processInfo.hostName)/\(ProcessInfo.processInfo.processIdentifier)/\(UUID().uuidString.prefix(8))"
    }

    func run() async throws {
        do {
            try await pipeline.store.releaseLeasesOfEarlierRuns()
        } catch {
            logger.error(
                "Import runner could not release old leases", metadata: ["error": "\(String(reflecting: error))"])
        }
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            var wait = pollInterval
            do {
                while !Task.isShuttingDownGracefully, !Task.isCancelled,
                    let id = try await pipeline.store.claimImport(owner: owner, lease: lease)
                {
                    try await runClaimed(id)
                }
                while !Task.isShuttingDownGracefully, !Task.isCancelled,
                    let id = try await pipeline.store.claimUndo(owner: owner, lease: lease)
                {
                    try await runClaimedUndo(id)
                }
                while let phoneCleanUp, !Task.isShuttingDownGracefully, !Task.isCancelled,
                    let id = try await phoneCleanUp.store.claimPhoneNormalization(owner: owner, lease: lease)
                {
                    try await runClaimedCleanUp(id, phoneCleanUp)
                }
            } catch {
                logger.error("Import runner could not run a job", metadata: ["error": "\(String(reflecting: error))"])
                // The database may be gone for a while: look again every second at most, not at every poll. A full
                // disk stays full until someone frees space: every ten seconds then.
                wait = max(pollInterval, pipeline.store.isStorageFull(error) ? .seconds(10) : .seconds(1))
            }
            try? await cancelWhenGracefulShutdown { [wait] in try await Task.sleep(for: wait) }
        }
    }

    /// Runs a claimed clean-up of stored phones under its lease, as `runClaimed` runs an import.
    private func runClaimedCleanUp(_ id: Int64, _ cleanUp: PhoneCleanUp) async throws {
        logger.info("Running phone clean-up \(id)", metadata: ["lease-owner": "\(owner)"])
        let (store, owner) = (cleanUp.store, self.owner)
        try await leased(
            "phone clean-up \(id)",
            renew: { lease in try await store.renewPhoneNormalizationLease(id: id, owner: owner, lease: lease) },
            release: { try await store.releasePhoneNormalizationLease(id: id, owner: owner) },
            work: { shouldStop in _ = try await cleanUp.run(id: id, shouldStop: shouldStop) })
    }

    /// Runs a claimed undo of an import (SPEC §12) under its lease, as `runClaimed` runs an import.
    private func runClaimedUndo(_ id: Int64) async throws {
        logger.info("Undoing import \(id)", metadata: ["lease-owner": "\(owner)"])
        let (store, owner, pipeline) = (pipeline.store, self.owner, self.pipeline)
        try await leased(
            "undo of import \(id)",
            renew: { lease in try await store.renewUndoLease(importId: id, owner: owner, lease: lease) },
            release: { try await store.releaseUndoLease(importId: id, owner: owner) },
            work: { shouldStop in _ = try await pipeline.runUndo(importId: id, shouldStop: shouldStop) })
    }

    /// Runs a claimed job while renewing its lease; gives the lease up when the job returns.
    private func runClaimed(_ id: Int64) async throws {
        logger.info("Running import \(id)", metadata: ["lease-owner": "\(owner)"])
        let store = pipeline.store
        let (owner, pipeline) = (self.owner, self.pipeline)
        // The first report is where the job starts (0, or its checkpoint when resumed); each later one
        // follows a committed batch, so the difference is the rows just processed.
        let lastDone = Mutex<Int?>(nil)
        let metrics = self.metrics
        try await leased(
            "import \(id)",
            renew: { lease in try await store.renewImportLease(importId: id, owner: owner, lease: lease) },
            release: { try await store.releaseImportLease(importId: id, owner: owner) },
            work: { shouldStop in
                try await pipeline.runJob(
                    importId: id, shouldStop: shouldStop,
                    progress: { done, _ in
                        let processed = lastDone.withLock { last -> Int in
                            defer { last = done }
                            return last.map { done - $0 } ?? 0
                        }
                        if processed > 0 { metrics?.rowsProcessed(processed) }
                    })
            })
    }

    /// Runs `work` under the job's lease (`JobLease`).
    private func leased(
        _ name: String, renew: @escaping @Sendable (Duration) async throws -> Bool,
        release: @Sendable () async throws -> Void,
        work: @escaping @Sendable (_ shouldStop: @escaping @Sendable () -> Bool) async throws -> Void
    ) async throws {
        try await JobLease(lease: lease, logger: logger).run(name, renew: renew, release: release, work: work)
    }
}

/// Cancels reviews that were not started in time and deletes results files past their retention.
struct RetentionSweeper: Service {
    let store: any ImportStore
    let interval: Duration
    /// The clock reviews and results expire by (`AppConfiguration.now`).
    let now: @Sendable () -> Date
    let logger: Logger

    func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            await sweep()
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
    }

    func sweep() async {
        do {
            let time = now()
            let reviews = try await store.expireReviews(now: time)
            let results = try await store.expireResults(now: time)
            if reviews + results > 0 {
                logger.info("Swept \(reviews) expired reviews and \(results) expired results files")
            }
        } catch {
            logger.error("Retention sweep failed", metadata: ["error": "\(String(reflecting: error))"])
        }
    }
}

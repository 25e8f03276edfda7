import ImportRules
import HTTPTypes
import ContactStore
import Foundation
import Logging
import ServiceLifecycle
import Synchronization

/// The background worker: runs every processing import to its end, resuming after a restart from the last
/// committed batch. Stops between batches on graceful shutdown, so nothing is left half-applied.
struct ImportRunner: Service {
    let pipeline: ImportPipeline
    /// How often to look for work.
    var pollInterval: Duration = .milliseconds(200)
    /// Counts the rows each batch commits (`contact_import_rows_processed_total`).
    var metrics: AppMetrics? = nil
    let logger: Logger

    func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                for id in try await pipeline.store.processingImportIds() {
                    if Task.isShuttingDownGracefully { break }
                    logger.info("Running import \(id)")
                    // The first report is where the job starts (0, or its checkpoint when resumed); each later one
                    // follows a committed batch, so the difference is the rows just processed.
                    let lastDone = Mutex<Int?>(nil)
                    let metrics = self.metrics
                    try await pipeline.runJob(
                        importId: id, shouldStop: { Task.isShuttingDownGracefully },
                        progress: { done, _ in
                            let processed = lastDone.withLock { last -> Int in
                                defer { last = done }
                                return last.map { done - $0 } ?? 0
                            }
                            if processed > 0 { metrics?.rowsProcessed(processed) }
                        })
                }
            } catch {
                logger.error("Import runner could not run a job", metadata: ["error": "\(String(reflecting: error))"])
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: pollInterval) }
        }
    }
}

/// Cancels reviews that were not started in time and deletes results files past their retention.
struct RetentionSweeper: Service {
    let store: any DataStore
    let interval: Duration
    let logger: Logger

    func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            await sweep()
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
    }

    func sweep() async {
        do {
            let now = Date()
            let reviews = try await store.expireReviews(now: now)
            let results = try await store.expireResults(now: now)
            if reviews + results > 0 {
                logger.info("Swept \(reviews) expired reviews and \(results) expired results files")
            }
        } catch {
            logger.error("Retention sweep failed", metadata: ["error": "\(String(reflecting: error))"])
        }
    }
}

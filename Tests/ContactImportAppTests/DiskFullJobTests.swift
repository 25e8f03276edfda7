import ContactModel
import ContactStore
import Foundation
import ImportRules
import StoreTestSupport
import Synchronization
import Testing

@testable import ContactImportApp

/// A full disk during an import's job: the import fails saying so and naming the rows committed, nothing of the batch
/// in flight is applied, and started again once there is room it ends exactly as an uninterrupted run. When even the
/// failure cannot be recorded, the job gives up after a few tries and a later run records it, or carries on.
@Suite struct DiskFullJobTests {
    /// A job's `shouldStop` that stops it after `batches` batches.
    static func stop(after batches: Int) -> @Sendable () -> Bool {
        let count = Mutex(0)
        return {
            count.withLock { count in
                count += 1
                return count > batches
            }
        }
    }

    /// The workspace's contacts by content (ids differ on PostgreSQL, whose sequences a rolled-back batch moves on).
    static func contents(_ store: any DataStore, _ ws: Int64) async throws -> [String] {
        var all: [Contact] = []
        var cursor: String?
        repeat {
            let page = try await store.listContacts(workspaceId: ws, query: .init(limit: 500, cursor: cursor))
            all += page.contacts
            cursor = page.nextCursor
        } while cursor != nil
        return all.map {
            "\($0.firstName)|\($0.lastName ?? "")|\($0.phone ?? "")|\($0.email ?? "")|\($0.tags.joined(separator: ","))"
        }.sorted()
    }

    @Test(arguments: StoreEngines.all)
    func aFullDiskFailsTheImportSayingSoAndStartedAgainItEndsExactlyLikeAnUninterruptedRun(engine: String)
        async throws
    {
        let (storeA, pipelineA, wsA, recordA) = try await ImportJobResumeTests.prepared(engine, batchSize: 7)
        let finishedA = try #require(try await pipelineA.runJob(importId: recordA.id))
        // What the job's first two batches commit.
        let (storeC, pipelineC, wsC, recordC) = try await ImportJobResumeTests.prepared(engine, batchSize: 7)
        _ = try await pipelineC.runJob(importId: recordC.id, shouldStop: Self.stop(after: 2))

        let (store, pipeline, ws, record) = try await ImportJobResumeTests.prepared(engine, batchSize: 7)
        let disk = try await SimulatedFullDisk.install(on: store)
        _ = try await pipeline.runJob(importId: record.id, shouldStop: Self.stop(after: 2))
        try await disk.fill()
        let failed = try #require(try await pipeline.runJob(importId: record.id))
        #expect(failed.status == .failed)
        #expect(failed.failureMessage == JobFailure.storageFull(done: 14, total: 61))
        #expect(failed.progressDone == 14)
        #expect(failed.lifecycle.restartableUntil != nil)
        #expect(try await Self.contents(store, ws) == Self.contents(storeC, wsC))

        // Started again while the disk is still full, it fails again at the same row.
        _ = try await pipeline.start(workspaceId: ws, id: record.id)
        let again = try #require(try await pipeline.runJob(importId: record.id))
        #expect(again.status == .failed)
        #expect(again.failureMessage == failed.failureMessage)

        try await disk.free()
        let restarted = try await pipeline.start(workspaceId: ws, id: record.id)
        #expect(restarted.status == .processing)
        #expect(restarted.progressDone == 14)
        #expect(restarted.failureMessage == nil)
        let completed = try #require(try await pipeline.runJob(importId: record.id))
        #expect(completed.status == .completed)
        #expect(completed.summary == finishedA.summary)
        #expect(try await Self.contents(store, ws) == Self.contents(storeA, wsA))
        let resultsA = try await storeA.importFile(importId: recordA.id, kind: .results)
        #expect(resultsA != nil)
        #expect(try await store.importFile(importId: record.id, kind: .results) == resultsA)
        // Undoing it takes back what both runs of the job did.
        let undo = try await store.undoPreview(importId: record.id)
        #expect(undo.deleted == finishedA.summary.imported)
    }

    @Test(arguments: StoreEngines.all)
    func aFailureThatCannotBeRecordedLeavesTheImportProcessingForALaterRunToRecord(engine: String) async throws {
        let (store, prepared, _, record) = try await ImportJobResumeTests.prepared(engine, batchSize: 7)
        var pipeline = prepared
        pipeline.failureRecordRetries = [.milliseconds(10), .milliseconds(20)]
        let disk = try await SimulatedFullDisk.install(on: store)
        _ = try await pipeline.runJob(importId: record.id, shouldStop: Self.stop(after: 1))
        try await disk.fill()
        try await disk.failRecordingFailures(5)

        // Three tries (the first and two more), then the job gives up: the error comes out of the job, and the
        // import is left processing at its checkpoint, its batch rolled back.
        await #expect(throws: (any Error).self) { try await pipeline.runJob(importId: record.id) }
        #expect(try await disk.failureRecordAttempts() == 3)
        let left = try #require(try await store.importRecord(id: record.id))
        #expect(left.status == .processing)
        #expect(left.progressDone == 7)
        #expect(left.failureMessage == nil)

        // Stopping (a shutdown, a lost lease) ends the tries at once.
        await #expect(throws: (any Error).self) {
            try await pipeline.runJob(importId: record.id, shouldStop: Self.stop(after: 1))
        }
        #expect(try await disk.failureRecordAttempts() == 4)

        // The next run (the job runner's next claim) meets the full disk again, and its second try records it.
        let failed = try #require(try await pipeline.runJob(importId: record.id))
        #expect(failed.status == .failed)
        #expect(failed.failureMessage == JobFailure.storageFull(done: 7, total: 61))
        #expect(try await disk.failureRecordAttempts() == 6)
    }

    @Test(arguments: StoreEngines.all)
    func aJobLeftProcessingCarriesOnOnceThereIsRoomAgain(engine: String) async throws {
        let (storeA, pipelineA, wsA, recordA) = try await ImportJobResumeTests.prepared(engine, batchSize: 7)
        let finishedA = try #require(try await pipelineA.runJob(importId: recordA.id))

        let (store, prepared, ws, record) = try await ImportJobResumeTests.prepared(engine, batchSize: 7)
        var pipeline = prepared
        pipeline.failureRecordRetries = []
        let disk = try await SimulatedFullDisk.install(on: store)
        try await disk.fill()
        try await disk.failRecordingFailures(1)
        await #expect(throws: (any Error).self) { try await pipeline.runJob(importId: record.id) }
        #expect(try await store.importRecord(id: record.id)?.status == .processing)

        try await disk.free()
        let completed = try #require(try await pipeline.runJob(importId: record.id))
        #expect(completed.status == .completed)
        #expect(completed.summary == finishedA.summary)
        #expect(try await Self.contents(store, ws) == Self.contents(storeA, wsA))
        #expect(
            try await store.importFile(importId: record.id, kind: .results)
                == storeA.importFile(importId: recordA.id, kind: .results))
    }
}

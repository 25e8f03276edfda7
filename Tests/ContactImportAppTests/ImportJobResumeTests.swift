import ContactModel
import ContactStore
import Foundation
import ImportRules
import Logging
import StoreTestSupport
import Synchronization
import Testing

@testable import ContactImportApp

/// The job commits each batch with its checkpoint: stopped anywhere and resumed, it ends exactly as an
/// uninterrupted run, and no batch is ever applied twice.
@Suite struct ImportJobResumeTests {
    static func csv() -> String {
        var lines = ["First Name,Last Name,Phone Number,Email,Tags"]
        for index in 0..<60 {
            let phone =
                index % 3 == 0 ? "+6010000\(String(format: "%04d", index))" : "+6019999\(String(format: "%04d", index))"
            let email = index % 11 == 5 ? "broken-email" : "p\(index)@x.test"
            lines.append("Person\(index),Last\(index),\(phone),\(email),\"t\(index % 4), all\"")
        }
        lines.append("Dup,,+60199990001,,")  // duplicates row 2's phone
        return lines.joined(separator: "\n") + "\n"
    }

    /// A workspace with existing contacts for every third row's phone.
    static func prepared(
        _ engine: String, batchSize: Int, chunkSize: Int? = nil, batchTime: Duration? = nil, corrected: Bool = false
    )
        async throws
        -> (any DataStore, ImportPipeline, Int64, ImportRecord)
    {
        let store = try await StoreEngines.make(engine)
        let created = try await store.createWorkspace(name: "A", ownerEmail: "o@x.test", passwordHash: nil)
        let ws = created.workspace.id
        for index in stride(from: 0, to: 60, by: 3) {
            _ = try await store.createContact(
                workspaceId: ws,
                contact: ContactDraft(
                    firstName: "Old\(index)", phone: "+6010000\(String(format: "%04d", index))", tags: ["keep"]))
        }
        var pipeline = ImportPipeline(store: store)
        pipeline.batchSize = batchSize
        if let chunkSize { pipeline.chunkSize = chunkSize }
        if let batchTime { pipeline.batchTime = batchTime }
        var record = try await pipeline.upload(
            workspaceId: ws, user: created.owner, fileName: "c.csv", bytes: Array(csv().utf8))
        record = try await pipeline.configure(
            workspaceId: ws, id: record.id,
            ConfigurationRequest(
                configuration: ImportConfiguration(
                    purpose: .addAndUpdate, identifier: .phone, tags: ["imported"], importTag: nil,
                    mapping: [StandardField.firstName, .lastName, .phone, .email, .tags].enumerated().map {
                        ColumnMapping(column: $0.offset, field: .standard($0.element))
                    }),
                setsImportTag: true))
        record = try await pipeline.review(workspaceId: ws, id: record.id)
        if corrected {
            // The broken emails corrected one by one (rows 6, 17, 28, 39, 50), the last row (a duplicate) skipped.
            for row in stride(from: 6, through: 50, by: 11) {
                _ = try await pipeline.correctRow(
                    workspaceId: ws, id: record.id, row: row, cells: [3: "fixed\(row)@x.test"], skip: nil)
            }
            _ = try await pipeline.applyFix(workspaceId: ws, id: record.id, .skipErrors)
            _ = try await pipeline.applyFix(
                workspaceId: ws, id: record.id, .replace(column: 1, from: "Last7", to: "Seventh"))
        }
        record = try await pipeline.start(workspaceId: ws, id: record.id)
        return (store, pipeline, ws, record)
    }

    static func snapshot(_ store: any DataStore, _ ws: Int64) async throws -> [String] {
        var all: [Contact] = []
        var cursor: String?
        repeat {
            let page = try await store.listContacts(workspaceId: ws, query: .init(limit: 500, cursor: cursor))
            all += page.contacts
            cursor = page.nextCursor
        } while cursor != nil
        return all.sorted { $0.id < $1.id }.map {
            "\($0.id)|\($0.firstName)|\($0.lastName ?? "")|\($0.phone ?? "")|\($0.email ?? "")|\($0.tags.joined(separator: ","))"
        }
    }

    @Test(arguments: StoreEngines.all)
    func aJobStoppedBetweenBatchesAndResumedEndsExactlyLikeAnUninterruptedOne(engine: String) async throws {
        let (storeA, pipelineA, wsA, recordA) = try await Self.prepared(engine, batchSize: 7)
        let finishedA = try #require(try await pipelineA.runJob(importId: recordA.id))
        #expect(finishedA.status == .completed)
        #expect(finishedA.summary.updated == 19)

        for stopAfter in [1, 4, 8] {
            let (storeB, pipelineB, wsB, recordB) = try await Self.prepared(engine, batchSize: 7)
            let batches = Mutex(0)
            let stopped = try #require(
                try await pipelineB.runJob(
                    importId: recordB.id,
                    shouldStop: {
                        batches.withLock { count in
                            count += 1; return count > stopAfter
                        }
                    }))
            #expect(stopped.status == .processing)
            #expect(stopped.progressDone == min(stopAfter * 7, 61))

            let resumed = try #require(try await pipelineB.runJob(importId: recordB.id))
            #expect(resumed.status == .completed)
            #expect(resumed.summary == finishedA.summary)
            #expect(try await Self.snapshot(storeB, wsB) == Self.snapshot(storeA, wsA))
            let resultsA = try await storeA.importFile(importId: recordA.id, kind: .results)
            let resultsB = try await storeB.importFile(importId: recordB.id, kind: .results)
            #expect(resultsA != nil)
            #expect(resultsA == resultsB)
        }
    }

    @Test(arguments: StoreEngines.all)
    func aJobWithCorrectedRowsStoppedAnywhereAndResumedEndsExactlyLikeAnUninterruptedOne(engine: String) async throws {
        let (storeA, pipelineA, wsA, recordA) = try await Self.prepared(engine, batchSize: 7, corrected: true)
        let finishedA = try #require(try await pipelineA.runJob(importId: recordA.id))
        #expect(finishedA.status == .completed)
        #expect(
            finishedA.summary
                == ImportSummary(imported: 39, updated: 20, skipped: 2, errors: 0, valuesReplaced: 20, tagsRemoved: 20))
        let results = parseCSV(
            String(
                decoding: try #require(try await storeA.importFile(importId: recordA.id, kind: .results)), as: UTF8.self
            ))
        #expect(results[6] == ["Person5", "Last5", "+60199990005", "fixed6@x.test", "t1, all", "Imported", ""])
        #expect(results[8][1] == "Seventh")
        #expect(results.last?[5] == "Skipped")
        // The corrections are dropped with the completed job.
        #expect(try await storeA.rowCorrections(importId: recordA.id).isEmpty)

        for stopAfter in [2, 6] {
            let (storeB, pipelineB, wsB, recordB) = try await Self.prepared(engine, batchSize: 7, corrected: true)
            let batches = Mutex(0)
            let stopped = try #require(
                try await pipelineB.runJob(
                    importId: recordB.id,
                    shouldStop: {
                        batches.withLock { count in
                            count += 1; return count > stopAfter
                        }
                    }))
            #expect(stopped.status == .processing)
            // A restarted server: a pipeline that has never seen the review reads the corrections from the store.
            var restarted = ImportPipeline(store: storeB)
            restarted.batchSize = 7
            let resumed = try #require(try await restarted.runJob(importId: recordB.id))
            #expect(resumed.status == .completed)
            #expect(resumed.summary == finishedA.summary)
            #expect(try await Self.snapshot(storeB, wsB) == Self.snapshot(storeA, wsA))
            let resultsB = try await storeB.importFile(importId: recordB.id, kind: .results)
            #expect(try await storeA.importFile(importId: recordA.id, kind: .results) == resultsB)
        }
    }

    /// A batch holds whole chunks until it has `batchSize` rows or has been open `batchTime`; however the rows are
    /// cut, the end is the same.
    @Test(arguments: StoreEngines.all)
    func batchesOfSeveralChunksEndByRowsOrByTimeAndEndTheSame(engine: String) async throws {
        let (storeA, pipelineA, wsA, recordA) = try await Self.prepared(engine, batchSize: 61)
        let finishedA = try #require(try await pipelineA.runJob(importId: recordA.id))
        #expect(finishedA.status == .completed)

        // By rows: a batch of 10 rows at most takes chunks of 3 until it has 10 or more (12).
        // By time: a batch open for no time at all takes one chunk.
        for (batchSize, batchTime, rowsPerBatch) in [(10, Duration.seconds(3600), 12), (60, Duration.zero, 3)] {
            let (storeB, pipelineB, wsB, recordB) = try await Self.prepared(
                engine, batchSize: batchSize, chunkSize: 3, batchTime: batchTime)
            let batches = Mutex(0)
            let stopped = try #require(
                try await pipelineB.runJob(
                    importId: recordB.id,
                    shouldStop: {
                        batches.withLock { count in
                            count += 1; return count > 2
                        }
                    }))
            #expect(stopped.progressDone == 2 * rowsPerBatch, "\(stopped.status) \(stopped.failureMessage ?? "")")

            let resumed = try #require(try await pipelineB.runJob(importId: recordB.id))
            #expect(resumed.status == .completed)
            #expect(resumed.summary == finishedA.summary)
            #expect(try await Self.snapshot(storeB, wsB) == Self.snapshot(storeA, wsA))
            let resultsA = try await storeA.importFile(importId: recordA.id, kind: .results)
            #expect(resultsA != nil)
            #expect(try await storeB.importFile(importId: recordB.id, kind: .results) == resultsA)
        }
    }

    @Test(arguments: StoreEngines.all) func aBatchIsNeverAppliedTwice(engine: String) async throws {
        let (store, _, ws, record) = try await Self.prepared(engine, batchSize: 7)
        let outcome = RowOutcome(rowNumber: 1, status: .imported, write: .add(NewContact(firstName: "Once")))
        try await store.applyImportBatch(
            importId: record.id, workspaceId: ws, doneBefore: 0, outcomes: [outcome], results: { _ in [] })

        let refusal = await #expect(throws: ImportError.self) {
            try await store.applyImportBatch(
                importId: record.id, workspaceId: ws, doneBefore: 0, outcomes: [outcome], results: { _ in [] })
        }
        #expect(refusal?.code == .wrongState)
        #expect(try await store.listContacts(workspaceId: ws, query: .init(search: "Once")).contacts.count == 1)
        #expect(try await store.importRecord(id: record.id)?.progressDone == 1)
    }

    /// A server that died holding the job: once its lease has run out, the runner of another server claims the job,
    /// resumes after the last committed batch, and the end is exactly that of an uninterrupted run.
    @Test(arguments: StoreEngines.all)
    func anotherServerTakesOverAJobWhoseLeaseRanOutAndEndsItExactly(engine: String) async throws {
        let (storeA, pipelineA, wsA, recordA) = try await Self.prepared(engine, batchSize: 7)
        let finishedA = try #require(try await pipelineA.runJob(importId: recordA.id))

        let (storeB, pipelineB, wsB, recordB) = try await Self.prepared(engine, batchSize: 7)
        // "Server 1" claims the job, commits two batches, and dies: its lease (zero long here) is never renewed.
        #expect(try await storeB.claimImport(owner: "server-1", lease: .zero) == recordB.id)
        let batches = Mutex(0)
        _ = try await pipelineB.runJob(
            importId: recordB.id,
            shouldStop: {
                batches.withLock { count in
                    count += 1; return count > 2
                }
            })
        #expect(try await storeB.importRecord(id: recordB.id)?.progressDone == 14)

        // "Server 2": the real runner service, as `serve` runs it.
        let runner = ImportRunner(
            pipeline: pipelineB, pollInterval: .milliseconds(10), lease: .seconds(30), owner: "server-2",
            logger: Logger(label: "test"))
        let resumed = try await withThrowingTaskGroup(of: ImportRecord?.self, returning: ImportRecord?.self) { group in
            group.addTask {
                try await runner.run(); return nil
            }
            group.addTask {
                for _ in 0..<2000 {
                    if let record = try await storeB.importRecord(id: recordB.id), record.status != .processing {
                        return record
                    }
                    try await Task.sleep(for: .milliseconds(10))
                }
                return nil
            }
            defer { group.cancelAll() }
            while let next = try await group.next() { if let next { return next } }
            return nil
        }
        let record = try #require(resumed)
        #expect(record.status == .completed)
        #expect(record.summary == finishedA.summary)
        #expect(try await Self.snapshot(storeB, wsB) == Self.snapshot(storeA, wsA))
        let resultsA = try await storeA.importFile(importId: recordA.id, kind: .results)
        #expect(resultsA != nil)
        #expect(try await storeB.importFile(importId: recordB.id, kind: .results) == resultsA)
    }
}

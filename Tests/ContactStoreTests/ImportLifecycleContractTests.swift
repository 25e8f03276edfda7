import ContactModel
import ContactStore
import Foundation
import ImportRules
import StoreTestSupport
import Testing

/// Each store persists the import lifecycle as `ImportLifecycle` decides it, in the step's transaction.
@Suite struct ImportLifecycleContractTests {
    let columns = [ImportColumn(index: 0, header: "First Name", samples: ["A"], field: "firstName")]
    let proposal = ImportSetup.proposed(
        mapping: [ColumnMapping(column: 0, field: .standard(.firstName))], importTag: "import-2026-12-03-1015")

    func draft(_ store: any DataStore) async throws -> (ws: Int64, record: ImportRecord) {
        let created = try await store.createWorkspace(name: "A", ownerEmail: "o@x.test", passwordHash: nil)
        let record = try await store.createImport(
            NewImport(
                workspaceId: created.workspace.id, uploadedBy: created.owner.id, fileName: "f.csv", rowCount: 1,
                encoding: "UTF-8", delimiter: "comma", columns: columns, setup: proposal),
            file: Array("First Name\nA\n".utf8))
        return (created.workspace.id, record)
    }

    func code(_ body: () async throws -> Void) async -> ImportError.Code? {
        do {
            try await body()
            return nil
        } catch let error as ImportError {
            return error.code
        } catch {
            Issue.record("not an ImportError: \(error)")
            return nil
        }
    }

    @Test(arguments: StoreEngines.all)
    func columnsAndSetupAreKeptAsTyped(engine: String) async throws {
        let store = try await StoreEngines.make(engine)
        let (ws, record) = try await draft(store)
        #expect(record.columns == columns)
        #expect(record.setup == proposal)
        #expect(record.setup.configuration == nil)
        let saved = try await store.saveImportConfig(workspaceId: ws, id: record.id, configuration: .storeTests)
        #expect(saved.setup == .configured(.storeTests))
        #expect(try await store.importRecord(id: record.id)?.setup == .configured(.storeTests))
    }

    @Test(arguments: StoreEngines.all)
    func aDraftMustBeReviewedAndAReviewOfAnotherConfigurationIsRefused(engine: String) async throws {
        let store = try await StoreEngines.make(engine)
        let (ws, record) = try await draft(store)
        #expect(
            await code { _ = try await store.startImport(workspaceId: ws, id: record.id, now: Date()) } == .notReviewed)
        _ = try await store.saveImportConfig(workspaceId: ws, id: record.id, configuration: .storeTests)
        var other = ImportConfiguration.storeTests
        other.tags = ["changed"]
        let review = {
            _ = try await store.saveReview(
                workspaceId: ws, id: record.id, reviewed: other, summary: ImportSummary(), errorFile: [],
                expiresAt: Date().addingTimeInterval(60))
        }
        #expect(await code(review) == .wrongState)
        #expect(try await store.importRecord(id: record.id)?.status == .draft)
    }

    @Test(arguments: StoreEngines.all)
    func aReviewStartedTooLateIsCanceledAndStaysCanceled(engine: String) async throws {
        let store = try await StoreEngines.make(engine)
        let (ws, record) = try await draft(store)
        _ = try await store.saveImportConfig(workspaceId: ws, id: record.id, configuration: .storeTests)
        let reviewedAt = Date()
        _ = try await store.saveReview(
            workspaceId: ws, id: record.id, reviewed: .storeTests, summary: ImportSummary(), errorFile: [],
            expiresAt: reviewedAt.addingTimeInterval(60))

        let late = reviewedAt.addingTimeInterval(61)
        #expect(
            await code { _ = try await store.startImport(workspaceId: ws, id: record.id, now: late) } == .sessionExpired
        )
        let after = try #require(try await store.importRecord(id: record.id))
        #expect(after.status == .canceled)
        #expect(after.canceledReason == .sessionExpired)
        #expect(try await store.importFile(importId: record.id, kind: .upload) == nil)
        #expect(
            await code {
                _ = try await store.saveImportConfig(workspaceId: ws, id: record.id, configuration: .storeTests)
            }
                == .sessionExpired)
    }

    @Test(arguments: StoreEngines.all)
    func oneJobAtATimeAndNoCancelOnceStarted(engine: String) async throws {
        let store = try await StoreEngines.make(engine)
        let (ws, record) = try await draft(store)
        _ = try await store.saveImportConfig(workspaceId: ws, id: record.id, configuration: .storeTests)
        _ = try await store.saveReview(
            workspaceId: ws, id: record.id, reviewed: .storeTests, summary: ImportSummary(), errorFile: [],
            expiresAt: Date().addingTimeInterval(60))
        _ = try await store.startImport(workspaceId: ws, id: record.id, now: Date())

        let owner = try #require(try await store.members(workspaceId: ws).first?.user)
        let second = {
            _ = try await store.createImport(
                NewImport(
                    workspaceId: ws, uploadedBy: owner.id, fileName: "g.csv", rowCount: 1, encoding: "UTF-8",
                    delimiter: "comma", columns: columns, setup: proposal),
                file: Array("First Name\nB\n".utf8))
        }
        #expect(await code(second) == .importInProgress)
        #expect(await code { _ = try await store.cancelImport(workspaceId: ws, id: record.id) } == .wrongState)
        #expect(
            await code { _ = try await store.startImport(workspaceId: ws, id: record.id, now: Date()) }
                == .importInProgress)
        #expect(try await store.importRecord(workspaceId: ws + 1, id: record.id) == nil)
    }
}

/// A failed import keeps its checkpoint and can be started again (`ImportLifecycle.start`'s `resume`), on each engine.
@Suite struct FailedImportStartAgainContractTests {
    let render: @Sendable ([RowOutcome]) -> [UInt8] = { outcomes in
        Array(outcomes.map { "\($0.rowNumber),\($0.status.label)\n" }.joined().utf8)
    }

    /// A workspace with a reviewed three-row import started, its first row committed, then failed (kept a minute).
    func failedAfterOneRow(_ store: any DataStore, failedAt: Date = Date()) async throws
        -> (ws: Int64, userId: Int64, record: ImportRecord)
    {
        let created = try await store.createWorkspace(name: "A", ownerEmail: "o@x.test", passwordHash: nil)
        let ws = created.workspace.id
        let upload = try await store.createImport(
            NewImport(
                workspaceId: ws, uploadedBy: created.owner.id, fileName: "f.csv", rowCount: 3, encoding: "UTF-8",
                delimiter: "comma", columns: [], setup: .configured(.storeTests)),
            file: Array("First Name\nA\nB\nC\n".utf8))
        _ = try await store.saveReview(
            workspaceId: ws, id: upload.id, reviewed: .storeTests, summary: ImportSummary(), errorFile: [],
            expiresAt: failedAt.addingTimeInterval(60))
        _ = try await store.startImport(workspaceId: ws, id: upload.id, now: failedAt)
        try await store.applyImportBatch(
            importId: upload.id, workspaceId: ws, doneBefore: 0,
            outcomes: [RowOutcome(rowNumber: 1, status: .imported, write: .add(NewContact(firstName: "Ann")))],
            results: render)
        let failed = try #require(
            try await store.failImport(
                importId: upload.id, message: "The disk holding the database is full.",
                keepUntil: failedAt.addingTimeInterval(60), now: failedAt))
        return (ws, created.owner.id, failed)
    }

    func code(_ body: () async throws -> Void) async -> ImportError.Code? {
        do {
            try await body()
            return nil
        } catch let error as ImportError {
            return error.code
        } catch {
            Issue.record("not an ImportError: \(error)")
            return nil
        }
    }

    @Test(arguments: StoreEngines.all)
    func aFailedImportStartedAgainCarriesOnFromItsCheckpointAndAppliesNothingTwice(engine: String) async throws {
        let store = try await StoreEngines.make(engine)
        let failedAt = Date()
        let (ws, _, failed) = try await failedAfterOneRow(store, failedAt: failedAt)
        #expect(failed.status == .failed)
        #expect(failed.failureMessage == "The disk holding the database is full.")
        #expect(failed.progressDone == 1 && failed.summary.imported == 1)
        #expect(failed.lifecycle.restartableUntil.map(wholeMillis) == wholeMillis(failedAt.addingTimeInterval(60)))
        #expect(try await store.importFile(importId: failed.id, kind: .results) == nil)
        #expect(try await store.jobSlotTaken(workspaceId: ws) == false)
        // Failing again, once failed, changes nothing.
        let again = try await store.failImport(
            importId: failed.id, message: "other", keepUntil: failedAt.addingTimeInterval(600), now: Date())
        #expect(again == failed)

        // Long after the review's time ran out: a failed import has no review time.
        let started = try await store.startImport(
            workspaceId: ws, id: failed.id, now: failedAt.addingTimeInterval(30))
        #expect(started.status == .processing)
        #expect(started.progressDone == 1 && started.summary == failed.summary)
        #expect(started.failureMessage == nil && started.completedAt == nil)
        #expect(started.startedAt == failed.startedAt)
        #expect(started.lifecycle.restartableUntil == nil)
        #expect(try await store.jobSlotTaken(workspaceId: ws))
        // The job's first batch again is refused: the import carries on after row 1, once.
        #expect(
            await code {
                try await store.applyImportBatch(
                    importId: failed.id, workspaceId: ws, doneBefore: 0,
                    outcomes: [RowOutcome(rowNumber: 1, status: .imported, write: .add(NewContact(firstName: "Ann")))],
                    results: render)
            } == .wrongState)
        try await store.applyImportBatch(
            importId: failed.id, workspaceId: ws, doneBefore: 1,
            outcomes: [
                RowOutcome(rowNumber: 2, status: .imported, write: .add(NewContact(firstName: "Ben"))),
                RowOutcome(rowNumber: 3, status: .error, errors: [.contactDeleted]),
            ],
            results: render)
        let completed = try await store.completeImport(
            importId: failed.id, resultsHeader: Array("Row,Import Status\n".utf8), tagsAdded: [],
            availableUntil: Date().addingTimeInterval(60), now: Date())
        #expect(completed.status == .completed)
        #expect(completed.summary.imported == 2 && completed.summary.errors == 1)
        let results = try #require(try await store.importFile(importId: failed.id, kind: .results))
        #expect(String(decoding: results, as: UTF8.self) == "Row,Import Status\n1,Imported\n2,Imported\n3,Error\n")
        let names = try await store.listContacts(workspaceId: ws, query: ContactQuery()).contacts.map(\.firstName)
        #expect(names.sorted() == ["Ann", "Ben"])
        // What both parts of the job added is recorded for the undo.
        #expect(try await store.undoPreview(importId: failed.id) == UndoSummary(deleted: 2))
    }

    @Test(arguments: StoreEngines.all)
    func aFailedImportStartsAgainOnlyWhileItIsKeptAndTheJobSlotIsFree(engine: String) async throws {
        let store = try await StoreEngines.make(engine)
        let failedAt = Date()
        let (ws, userId, failed) = try await failedAfterOneRow(store, failedAt: failedAt)

        // Another import of the workspace holds the job slot.
        let other = try await store.createImport(
            NewImport(
                workspaceId: ws, uploadedBy: userId, fileName: "g.csv", rowCount: 1, encoding: "UTF-8",
                delimiter: "comma", columns: [], setup: .configured(.storeTests)),
            file: Array("First Name\nD\n".utf8))
        _ = try await store.saveReview(
            workspaceId: ws, id: other.id, reviewed: .storeTests, summary: ImportSummary(), errorFile: [],
            expiresAt: Date().addingTimeInterval(60))
        _ = try await store.startImport(workspaceId: ws, id: other.id, now: Date())
        #expect(
            await code { _ = try await store.startImport(workspaceId: ws, id: failed.id, now: Date()) }
                == .importInProgress)
        _ = try await store.completeImport(
            importId: other.id, resultsHeader: Array("h\n".utf8), tagsAdded: [],
            availableUntil: failedAt.addingTimeInterval(3600), now: Date())

        // Past its keep: refused, and it stays failed with its message.
        let late = failedAt.addingTimeInterval(61)
        #expect(
            await code { _ = try await store.startImport(workspaceId: ws, id: failed.id, now: late) } == .fileGone)
        #expect(try await store.importRecord(id: failed.id) == failed)
        // The sweep drops what it kept; it can no longer be started at any time.
        #expect(try await store.expireResults(now: late) == 1)
        let swept = try #require(try await store.importRecord(id: failed.id))
        #expect(swept.status == .failed && swept.failureMessage == failed.failureMessage)
        #expect(swept.lifecycle.restartableUntil == nil)
        #expect(try await store.importFile(importId: failed.id, kind: .upload) == nil)
        #expect(try await store.undoRecordBytes(importId: failed.id) == 0)
        #expect(
            await code { _ = try await store.startImport(workspaceId: ws, id: failed.id, now: failedAt) } == .fileGone)
        // The other, completed import keeps its results.
        #expect(try await store.importFile(importId: other.id, kind: .results) != nil)
    }
}

/// A date as the stores keep it: whole milliseconds since 1970.
private func wholeMillis(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }

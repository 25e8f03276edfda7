import ContactModel
import ContactStore
import Foundation
import ImportRules
import StoreTestSupport
import Testing

/// Each store records what an import's job changed and undoes it (SPEC §12) alike: the before-values written with
/// the batch, the undo's batches fenced by their checkpoint, the one job slot, and the files' retention.
@Suite struct ImportUndoContractTests {
    struct Setup {
        var ws: Int64
        var userId: Int64
        var importId: Int64
        var ann: Contact
        var ben: Contact
    }

    /// A workspace with two contacts and an import that updated both (Ann: values, custom and tags; Ben: tags) and
    /// added Cat, completed and kept for an hour.
    func completedImport(_ store: any DataStore, now: Date = Date(), name: String = "a") async throws -> Setup {
        let created = try await store.createWorkspace(name: name, ownerEmail: "o@\(name).test", passwordHash: nil)
        let ws = created.workspace.id
        let ann = try await store.createContact(
            workspaceId: ws,
            contact: ContactDraft(
                firstName: "Ann", lastName: "Lee", phone: "+60111111111", email: "Ann@X.test", language: "ms",
                tags: ["vip", "kl"], custom: ["plan": .string("Free"), "note": .string("keep me")]))
        let ben = try await store.createContact(
            workspaceId: ws, contact: ContactDraft(firstName: "Ben", tags: ["old"]))
        let importId = try await store.startedImport(workspaceId: ws, uploadedBy: created.owner.id, now: now)
        let annChanges = ContactChanges(
            fields: [
                FieldChange(field: .standard(.lastName), value: nil),
                FieldChange(field: .standard(.email), value: .string("new@x.test")),
                FieldChange(field: .custom("plan"), value: .string("Pro")),
                FieldChange(field: .custom("note"), value: nil),
            ],
            tags: ["new"])
        try await store.applyImportBatch(
            importId: importId, workspaceId: ws, doneBefore: 0,
            outcomes: [
                RowOutcome(rowNumber: 1, status: .updated, write: .update(contactId: ann.id, annChanges)),
                RowOutcome(
                    rowNumber: 2, status: .updated,
                    write: .update(contactId: ben.id, ContactChanges(tags: ["old", "added"]))),
            ],
            results: { _ in Array("1\n2\n".utf8) })
        try await store.applyImportBatch(
            importId: importId, workspaceId: ws, doneBefore: 2,
            outcomes: [
                RowOutcome(rowNumber: 3, status: .imported, write: .add(ContactDraft(firstName: "Cat", tags: ["t"])))
            ],
            results: { _ in Array("3\n".utf8) })
        _ = try await store.completeImport(
            importId: importId, resultsHeader: Array("Row\n".utf8), tagsAdded: [],
            availableUntil: now.addingTimeInterval(3600), now: now)
        return Setup(ws: ws, userId: created.owner.id, importId: importId, ann: ann, ben: ben)
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

    @Test func undoRecordsReadBackAsWritten() throws {
        let records = [
            UndoRecord(row: 1, contactId: 9_000_000_000, versionAfter: 300, before: nil),
            UndoRecord(
                row: 200_000, contactId: 7, versionAfter: 2,
                before: ContactBeforeValues(
                    firstName: "王芳 👩‍👩‍👧", lastName: nil, phone: "+60123", email: "", language: "ms", country: nil,
                    custom: #"{"a":"b,\"c\""}"#, tags: "[]")),
        ]
        var bytes: [UInt8] = []
        for record in records { UndoRecordCoding.append(record, to: &bytes) }
        #expect(try UndoRecordCoding.decode(bytes) == records)
        #expect(throws: StoreError.self) { try UndoRecordCoding.decode(bytes.dropLast()) }
        #expect(throws: StoreError.self) { try UndoRecordCoding.decode([1, 1, 1, 7]) }
    }

    @Test(arguments: StoreEngines.all)
    func anUndoRestoresDeletesAndKeepsWhatChangedSinceInBatchesFencedByTheCheckpoint(engine: String) async throws {
        let store = try await StoreEngines.make(engine)
        let setup = try await completedImport(store)
        let (ws, id) = (setup.ws, setup.importId)
        let completed = try #require(try await store.importRecord(id: id))
        #expect(completed.undoRecords == 3)
        // Ben is changed after the import (the API's write moves his version on).
        _ = try await store.updateContact(workspaceId: ws, id: setup.ben.id) { $0.lastName = "Later" }
        #expect(try await store.undoPreview(importId: id) == UndoSummary(deleted: 1, restored: 1, keptChanged: 1))

        let undoing = try await store.startUndo(workspaceId: ws, id: id, userId: setup.userId, now: Date())
        #expect(undoing.status == .undoing)
        #expect(undoing.undoneBy == setup.userId)
        #expect(
            await code { _ = try await store.startUndo(workspaceId: ws, id: id, userId: setup.userId, now: Date()) }
                == .importInProgress)
        #expect(
            await code { _ = try await store.applyUndoBatch(importId: id, afterRow: 5, limit: 1, now: Date()) }
                == .wrongState)
        // One chunk per batch at this limit: the first chunk (rows 1-2), then the second (row 3).
        let first = try #require(try await store.applyUndoBatch(importId: id, afterRow: 0, limit: 1, now: Date()))
        #expect(first.afterRow == 1)
        #expect(first.summary == UndoSummary(restored: 1, keptChanged: 1))
        // The same batch again is refused: it was applied.
        #expect(
            await code { _ = try await store.applyUndoBatch(importId: id, afterRow: 0, limit: 1, now: Date()) }
                == .wrongState)
        let second = try #require(try await store.applyUndoBatch(importId: id, afterRow: 1, limit: 1, now: Date()))
        #expect(second == UndoBatchResult(afterRow: 3, summary: UndoSummary(deleted: 1)))
        #expect(try await store.applyUndoBatch(importId: id, afterRow: 3, limit: 1, now: Date()) == nil)
        let undone = try await store.completeUndo(importId: id, now: Date())
        #expect(undone.status == .undone)
        #expect(undone.undoSummary == UndoSummary(deleted: 1, restored: 1, keptChanged: 1))
        #expect(await code { _ = try await store.completeUndo(importId: id, now: Date()) } == .wrongState)

        let ann = try #require(try await store.contact(workspaceId: ws, id: setup.ann.id))
        #expect(ann.lastName == "Lee")
        #expect(ann.email == "Ann@X.test")
        #expect(ann.custom == setup.ann.custom)
        #expect(ann.tags == ["vip", "kl"])
        #expect(ann.language == "ms")
        // Found again by its restored email, and by its tags.
        let found = try await store.existingContacts(workspaceId: ws, keys: [.email("ann@x.test")], withValues: false)
        #expect(found[.email("ann@x.test")]?.map(\.id) == [setup.ann.id])
        #expect(
            try await store.listContacts(workspaceId: ws, query: ContactQuery(tag: "kl")).contacts.map(\.id) == [
                setup.ann.id
            ])
        #expect(try await store.listContacts(workspaceId: ws, query: ContactQuery(tag: "new")).contacts.isEmpty)
        #expect(try await store.listContacts(workspaceId: ws, query: ContactQuery(tag: "t")).contacts.isEmpty)
        let ben = try #require(try await store.contact(workspaceId: ws, id: setup.ben.id))
        #expect(ben.lastName == "Later" && ben.tags == ["old", "added"])
        #expect(try await store.listContacts(workspaceId: ws, query: ContactQuery()).contacts.count == 2)

        let file = String(decoding: try #require(try await store.undoFile(importId: id)), as: UTF8.self)
        #expect(
            file == """
                Row,Contact ID,Action\r
                1,\(setup.ann.id),Restored\r
                2,\(setup.ben.id),Kept: changed after the import\r
                3,\(setup.ben.id + 1),Deleted\r

                """)
        // The results file stays while the undone import is kept.
        #expect(try await store.importFile(importId: id, kind: .results) != nil)
    }

    @Test(arguments: StoreEngines.all)
    func anUndoTakesTheWorkspacesOneJobSlot(engine: String) async throws {
        let store = try await StoreEngines.make(engine)
        let setup = try await completedImport(store)
        let (ws, id) = (setup.ws, setup.importId)
        let upload = NewImport(
            workspaceId: ws, uploadedBy: setup.userId, fileName: "g.csv", rowCount: 1, encoding: "UTF-8",
            delimiter: "comma", columns: [], setup: .configured(.storeTests))
        // Another import processing: no undo.
        let other = try await store.createImport(upload, file: Array("First Name\nA\n".utf8))
        _ = try await store.saveReview(
            workspaceId: ws, id: other.id, reviewed: .storeTests, summary: ImportSummary(), errorFile: [],
            expiresAt: Date().addingTimeInterval(60))
        _ = try await store.startImport(workspaceId: ws, id: other.id, now: Date())
        #expect(
            await code { _ = try await store.startUndo(workspaceId: ws, id: id, userId: setup.userId, now: Date()) }
                == .importInProgress)
        _ = try await store.failImport(importId: other.id, message: "stopped", keepUntil: Date(), now: Date())
        // An undo running: no upload, no start of another import.
        _ = try await store.startUndo(workspaceId: ws, id: id, userId: setup.userId, now: Date())
        #expect(try await store.jobSlotTaken(workspaceId: ws))
        #expect(
            await code { _ = try await store.createImport(upload, file: Array("First Name\nA\n".utf8)) }
                == .importInProgress)
        // The undo is claimed under a lease as an import is; an import's claim does not take it.
        #expect(try await store.claimImport(owner: "a", lease: .seconds(60)) == nil)
        #expect(try await store.claimUndo(owner: "a", lease: .seconds(60)) == id)
        #expect(try await store.claimUndo(owner: "b", lease: .seconds(60)) == nil)
        #expect(try await store.renewUndoLease(importId: id, owner: "a", lease: .seconds(60)))
        #expect(try await !store.renewUndoLease(importId: id, owner: "b", lease: .seconds(60)))
        try await store.releaseUndoLease(importId: id, owner: "a")
        #expect(try await store.claimUndo(owner: "b", lease: .seconds(60)) == id)
    }

    @Test(arguments: StoreEngines.all)
    func beforeValuesAndTheUndoFileGoWithTheResultsFile(engine: String) async throws {
        let store = try await StoreEngines.make(engine)
        let now = Date()
        let setup = try await completedImport(store, now: now)
        let id = setup.importId
        // Past the retention, an undone import keeps its status, and its files go.
        _ = try await store.startUndo(workspaceId: setup.ws, id: id, userId: setup.userId, now: now)
        var after = 0
        while let batch = try await store.applyUndoBatch(importId: id, afterRow: after, limit: 100, now: now) {
            after = batch.afterRow
        }
        _ = try await store.completeUndo(importId: id, now: now)
        #expect(try await store.undoFile(importId: id) != nil)
        #expect(try await store.expireResults(now: now.addingTimeInterval(3601)) == 1)
        let expired = try #require(try await store.importRecord(id: id))
        #expect(expired.status == .undone)
        #expect(expired.resultsAvailableUntil == nil)
        #expect(try await store.undoFile(importId: id) == nil)
        #expect(try await store.importFile(importId: id, kind: .results) == nil)
        #expect(try await store.expireResults(now: now.addingTimeInterval(7200)) == 0)

        // A completed import past its retention expires with its before-values: it cannot be undone any more.
        let other = try await completedImport(store, now: now, name: "b")
        _ = try await store.expireResults(now: now.addingTimeInterval(3601))
        #expect(try await store.importRecord(id: other.importId)?.status == .expired)
        #expect(
            await code {
                _ = try await store.startUndo(workspaceId: other.ws, id: other.importId, userId: other.userId, now: now)
            } == .resultsExpired)
    }
}

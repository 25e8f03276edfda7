import ContactModel
import ContactStore
import Foundation
import ImportRules
import StoreTestSupport
import Synchronization
import Testing

@Suite struct ImportBatchContractTests {
    @Test(arguments: StoreEngines.all)
    func storedFilesOfSeveralMegabytesReadBackByteForByte(engine: String) async throws {
        let store = try await StoreEngines.make(engine)
        let created = try await store.createWorkspace(name: "A", ownerEmail: "o@x.test", passwordHash: nil)
        let ws = created.workspace.id
        // Larger than SQLite's blob pieces (1 MB) and not a multiple of them; every byte value, in no simple order.
        var generator = SystemRandomNumberGenerator()
        let upload = (0..<2_500_017).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let record = try await store.createImport(
            NewImport(
                workspaceId: ws, uploadedBy: created.owner.id, fileName: "f.csv", rowCount: 1, encoding: "UTF-8",
                delimiter: "comma", columns: [], setup: .configured(.storeTests)),
            file: upload)
        #expect(try await store.importFile(importId: record.id, kind: .upload) == upload)
        #expect(try await store.importFile(importId: record.id, kind: .errors) == nil)

        // A second review replaces the error file, shorter than the first; an empty one is stored empty.
        for errorFile in [Array(upload.prefix(1_200_000)), Array("First Name,Error\n".utf8), []] {
            _ = try await store.saveReview(
                workspaceId: ws, id: record.id, reviewed: .storeTests, summary: ImportSummary(), errorFile: errorFile,
                expiresAt: Date().addingTimeInterval(60))
            #expect(try await store.importFile(importId: record.id, kind: .errors) == errorFile)
        }
        #expect(try await store.importFile(importId: record.id, kind: .upload) == upload)
    }

    @Test(arguments: StoreEngines.all)
    func awkwardTextRoundTripsThroughStoredValues(engine: String) async throws {
        let store = try await StoreEngines.make(engine)
        let ws = try await store.createWorkspace(name: "A", ownerEmail: "o@x.test", passwordHash: nil).workspace.id
        let custom: [String: FieldValue] = [
            "quote": .string("say \"hi\" \\ back"), "lines": .string("one\ntwo\r\tthree\u{1}"),
            "emoji": .string("👩‍👩‍👧 王芳 مرحبا"), "n": .number(Decimal(string: "-1234.5")!), "yes": .bool(false),
            "list": .tags(["a", "b,c"]),
        ]
        let contact = try await store.createContact(
            workspaceId: ws, contact: ContactDraft(firstName: "Ann", custom: custom))

        #expect(try await store.contact(workspaceId: ws, id: contact.id)?.custom == custom)
    }

    @Test(arguments: StoreEngines.all)
    func anUpdateWritesOnlyWhatItChanges(engine: String) async throws {
        let store = try await StoreEngines.make(engine)
        let (ws, importId, _) = try await store.startedImport()
        let ann = try await store.createContact(
            workspaceId: ws,
            contact: ContactDraft(
                firstName: "Ann", lastName: "Lee", email: "ann@x.test", tags: ["old"],
                custom: ["plan": .string("Free"), "vip": .bool(true), "note": .string("keep me")]))
        let changes = ContactChanges(
            fields: [
                FieldChange(field: .custom("plan"), value: .string("Pro")),
                FieldChange(field: .standard(.email), value: .string("Ann.New@X.test")),
                FieldChange(field: .custom("vip"), value: nil),
                FieldChange(field: .standard(.lastName), value: nil),
            ],
            tags: ["old", "new"])

        try await store.applyImportBatch(
            importId: importId, workspaceId: ws, doneBefore: 0,
            outcomes: [RowOutcome(rowNumber: 1, status: .updated, write: .update(contactId: ann.id, changes))],
            results: { _ in [] })

        let read = try #require(try await store.contact(workspaceId: ws, id: ann.id))
        #expect(read.custom == ["plan": .string("Pro"), "note": .string("keep me")])
        #expect(read.email == "Ann.New@X.test")
        #expect(read.lastName == nil)
        #expect(read.firstName == "Ann")
        #expect(read.tags == ["old", "new"])
        let found = try await store.existingContacts(
            workspaceId: ws, keys: [.email("ann.new@x.test")], withValues: true)
        #expect(found[.email("ann.new@x.test")]?.map(\.id) == [ann.id])
        let summary = try #require(try await store.importRecord(id: importId)?.summary)
        #expect(summary.updated == 1)
    }

    @Test(arguments: StoreEngines.all)
    func anUpdateOfAContactDeletedMeanwhileBecomesAnErrorRow(engine: String) async throws {
        let store = try await StoreEngines.make(engine)
        let (ws, importId, _) = try await store.startedImport()
        let gone = try await store.createContact(workspaceId: ws, contact: ContactDraft(firstName: "Gone"))
        _ = try await store.deleteContact(workspaceId: ws, id: gone.id)
        let changes = ContactChanges(fields: [FieldChange(field: .standard(.lastName), value: .string("X"))])

        let final = try await store.applyImportBatch(
            importId: importId, workspaceId: ws, doneBefore: 0,
            outcomes: [RowOutcome(rowNumber: 1, status: .updated, write: .update(contactId: gone.id, changes))],
            results: { outcomes in
                Array(outcomes.map { "\($0.rowNumber),\($0.status.label),\($0.errorText)\n" }.joined().utf8)
            })

        #expect(final.first?.status == .error)
        #expect(final.first?.errorText.contains("deleted") == true)
        #expect(try await store.importRecord(id: importId)?.summary.errors == 1)
        // The batch's rows of the results file were rendered from the final outcome, and completing joins them.
        let completed = try await store.completeImport(
            importId: importId, resultsHeader: Array("Row,Import Status,Errors\n".utf8), tagsAdded: [],
            availableUntil: Date().addingTimeInterval(60), now: Date())
        #expect(completed.status == .completed)
        let file = try #require(try await store.importFile(importId: importId, kind: .results))
        #expect(String(decoding: file, as: UTF8.self).hasPrefix("Row,Import Status,Errors\n1,Error,"))
        #expect(String(decoding: file, as: UTF8.self).contains("deleted"))
    }

    /// One batch writes row by row: updates that set different columns take different statements, updates that set
    /// the same ones share one, and new contacts' tags are indexed as they are added. A contact deleted meanwhile is
    /// found gone when its tags are read, and nothing is written for it.
    @Test(arguments: StoreEngines.all)
    func updatesOfDifferentColumnsAndNewContactsInOneBatchKeepValuesAndTagIndexRight(engine: String) async throws {
        let store = try await StoreEngines.make(engine)
        let (ws, importId, _) = try await store.startedImport()
        let ann = try await store.createContact(
            workspaceId: ws, contact: ContactDraft(firstName: "Ann", tags: ["a", "old"]))
        let bob = try await store.createContact(workspaceId: ws, contact: ContactDraft(firstName: "Bob", lastName: "B"))
        let cid = try await store.createContact(workspaceId: ws, contact: ContactDraft(firstName: "Cid", tags: ["old"]))
        let gone = try await store.createContact(
            workspaceId: ws, contact: ContactDraft(firstName: "Gone", tags: ["old"]))
        _ = try await store.deleteContact(workspaceId: ws, id: gone.id)
        let retag = ContactChanges(fields: [], tags: ["a", "new"])
        let rename = ContactChanges(fields: [FieldChange(field: .standard(.lastName), value: .string("Renamed"))])
        let outcomes = [
            RowOutcome(rowNumber: 1, status: .updated, write: .update(contactId: ann.id, retag)),
            RowOutcome(rowNumber: 2, status: .updated, write: .update(contactId: bob.id, rename)),
            RowOutcome(rowNumber: 3, status: .imported, write: .add(NewContact(firstName: "Dee", tags: ["new", "x"]))),
            RowOutcome(rowNumber: 4, status: .updated, write: .update(contactId: gone.id, retag)),
            RowOutcome(rowNumber: 5, status: .updated, write: .update(contactId: cid.id, rename)),
            RowOutcome(rowNumber: 6, status: .imported, write: .add(NewContact(firstName: "Eve"))),
        ]

        let final = try await store.applyImportBatch(
            importId: importId, workspaceId: ws, doneBefore: 0, outcomes: outcomes, results: { _ in [] })

        #expect(final.map(\.status) == [.updated, .updated, .imported, .error, .updated, .imported])
        #expect(try await store.contact(workspaceId: ws, id: ann.id)?.tags == ["a", "new"])
        #expect(try await store.contact(workspaceId: ws, id: bob.id)?.lastName == "Renamed")
        #expect(try await store.contact(workspaceId: ws, id: cid.id)?.lastName == "Renamed")
        #expect(try await store.contact(workspaceId: ws, id: cid.id)?.tags == ["old"])
        func tagged(_ tag: String) async throws -> [String] {
            try await store.listContacts(workspaceId: ws, query: ContactQuery(tag: tag)).contacts.map(\.firstName)
                .sorted()
        }
        #expect(try await tagged("new") == ["Ann", "Dee"])
        #expect(try await tagged("old") == ["Cid"])
        #expect(try await tagged("x") == ["Dee"])
        #expect(try await tagged("a") == ["Ann"])
        let summary = try #require(try await store.importRecord(id: importId)?.summary)
        #expect(summary.updated == 3 && summary.imported == 2 && summary.errors == 1)
    }

    /// Chunks arrive with their writes encoded and their results rendered ahead: the store uses both, unless it
    /// changed an outcome (a contact deleted meanwhile), and then renders that chunk's results again.
    @Test(arguments: StoreEngines.all)
    func chunksPreparedAheadAreWrittenAndTheirResultsRenderedAgainWhenAnOutcomeChanged(engine: String) async throws {
        let store = try await StoreEngines.make(engine)
        let (ws, importId, _) = try await store.startedImport()
        let kept = try await store.createContact(workspaceId: ws, contact: ContactDraft(firstName: "Kept"))
        let gone = try await store.createContact(workspaceId: ws, contact: ContactDraft(firstName: "Gone"))
        _ = try await store.deleteContact(workspaceId: ws, id: gone.id)
        let rename = ContactChanges(fields: [FieldChange(field: .standard(.lastName), value: .string("Renamed"))])
        let first = [
            RowOutcome(
                rowNumber: 1, status: .imported,
                write: .add(NewContact(firstName: "New", email: "N@x.test", tags: ["t"]))),
            RowOutcome(rowNumber: 2, status: .updated, write: .update(contactId: kept.id, rename)),
        ]
        let second = [RowOutcome(rowNumber: 3, status: .updated, write: .update(contactId: gone.id, rename))]
        let render: @Sendable ([RowOutcome]) -> [UInt8] = { outcomes in
            Array(outcomes.map { "\($0.rowNumber),\($0.status.label)\n" }.joined().utf8)
        }
        let chunks = TwoChunks([
            ImportChunk(
                rowsBefore: 0, outcomes: first, prepared: try PreparedContactWrites(first),
                renderedResults: Array("ahead 1\n".utf8), results: render),
            ImportChunk(
                rowsBefore: 2, outcomes: second, prepared: try PreparedContactWrites(second),
                renderedResults: Array("ahead 2\n".utf8), results: render),
        ])

        #expect(
            try await store.applyImportBatch(importId: importId, workspaceId: ws, doneBefore: 0, chunks: chunks) == 3)

        #expect(try await store.contact(workspaceId: ws, id: kept.id)?.lastName == "Renamed")
        let added = try await store.existingContacts(workspaceId: ws, keys: [.email("n@x.test")], withValues: true)
        #expect(added[.email("n@x.test")]?.first?.tags == ["t"])
        let record = try #require(try await store.importRecord(id: importId))
        #expect(record.progressDone == 3)
        #expect(record.summary.imported == 1 && record.summary.updated == 1 && record.summary.errors == 1)
        _ = try await store.completeImport(
            importId: importId, resultsHeader: Array("Row,Status\n".utf8), tagsAdded: [],
            availableUntil: Date().addingTimeInterval(60), now: Date())
        let file = String(
            decoding: try #require(try await store.importFile(importId: importId, kind: .results)), as: UTF8.self)
        #expect(file == "Row,Status\nahead 1\n3,Error\n")
    }

    @Test(arguments: StoreEngines.all)
    func matchesWithoutValuesStillCountEveryContact(engine: String) async throws {
        let store = try await StoreEngines.make(engine)
        let ws = try await store.createWorkspace(name: "A", ownerEmail: "o@x.test", passwordHash: nil).workspace.id
        for name in ["A", "B"] {
            _ = try await store.createContact(
                workspaceId: ws, contact: ContactDraft(firstName: name, phone: "+601", email: "S@x.test"))
        }
        let lone = try await store.createContact(workspaceId: ws, contact: ContactDraft(firstName: "C", phone: "+602"))

        for withValues in [false, true] {
            let found = try await store.existingContacts(
                workspaceId: ws,
                keys: [.phone("+601"), .phone("+602"), .email("s@x.test"), .phone("+609"), .contactId(lone.id)],
                withValues: withValues)
            #expect(found[.phone("+601")]?.count == 2)
            #expect(found[.email("s@x.test")]?.count == 2)
            #expect(found[.phone("+602")]?.map(\.id) == [lone.id])
            #expect(found[.contactId(lone.id)]?.map(\.id) == [lone.id])
            #expect(found[.phone("+609")] == nil)
        }
    }
}

/// Hands out the given chunks, then ends the batch.
final class TwoChunks: ImportChunkSource {
    private let chunks: Mutex<[ImportChunk]>
    init(_ chunks: [ImportChunk]) { self.chunks = Mutex(chunks) }
    func next() async throws -> ImportChunk? { nextWaiting() }
    func nextWaiting() -> ImportChunk? { chunks.withLock { $0.isEmpty ? nil : $0.removeFirst() } }
}

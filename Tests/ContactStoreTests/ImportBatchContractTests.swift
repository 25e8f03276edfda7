import ContactModel
import ContactStore
import Foundation
import ImportRules
import StoreTestSupport
import Testing

@Suite struct ImportBatchContractTests {
    /// A workspace with an import in processing, ready for batches.
    func processingImport(_ store: any DataStore) async throws -> (ws: Int64, importId: Int64) {
        let created = try await store.createWorkspace(name: "A", ownerEmail: "o@x.test", passwordHash: nil)
        let ws = created.workspace.id
        let record = try await store.createImport(
            NewImport(
                workspaceId: ws, uploadedBy: created.owner.id, fileName: "f.csv", rowCount: 3, encoding: "UTF-8",
                delimiter: "comma", columnsJSON: "[]", configJSON: "{}"),
            file: Array("First Name\nA\nB\nC\n".utf8))
        _ = try await store.saveReview(
            workspaceId: ws, id: record.id, configJSON: "{}", summary: ImportSummary(), errorFile: [],
            expiresAt: Date().addingTimeInterval(60))
        _ = try await store.startImport(workspaceId: ws, id: record.id, now: Date())
        return (ws, record.id)
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
        let contact = try await store.createContact(workspaceId: ws, contact: ContactDraft(firstName: "Ann", custom: custom))

        #expect(try await store.contact(workspaceId: ws, id: contact.id)?.custom == custom)
    }

    @Test(arguments: StoreEngines.all)
    func anUpdateWritesOnlyWhatItChanges(engine: String) async throws {
        let store = try await StoreEngines.make(engine)
        let (ws, importId) = try await processingImport(store)
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
            importId: importId, workspaceId: ws, doneBefore: 0, outcomes: [RowOutcome(rowNumber: 1, status: .updated, write: .update(contactId: ann.id, changes))],
            results: { _ in [] })

        let read = try #require(try await store.contact(workspaceId: ws, id: ann.id))
        #expect(read.custom == ["plan": .string("Pro"), "note": .string("keep me")])
        #expect(read.email == "Ann.New@X.test")
        #expect(read.lastName == nil)
        #expect(read.firstName == "Ann")
        #expect(read.tags == ["old", "new"])
        let found = try await store.existingContacts(workspaceId: ws, keys: [.email("ann.new@x.test")], withValues: true)
        #expect(found[.email("ann.new@x.test")]?.map(\.id) == [ann.id])
        let summary = try #require(try await store.importRecord(id: importId)?.summary)
        #expect(summary.updated == 1)
    }

    @Test(arguments: StoreEngines.all)
    func anUpdateOfAContactDeletedMeanwhileBecomesAnErrorRow(engine: String) async throws {
        let store = try await StoreEngines.make(engine)
        let (ws, importId) = try await processingImport(store)
        let gone = try await store.createContact(workspaceId: ws, contact: ContactDraft(firstName: "Gone"))
        _ = try await store.deleteContact(workspaceId: ws, id: gone.id)
        let changes = ContactChanges(fields: [FieldChange(field: .standard(.lastName), value: .string("X"))])

        let final = try await store.applyImportBatch(
            importId: importId, workspaceId: ws, doneBefore: 0, outcomes: [RowOutcome(rowNumber: 1, status: .updated, write: .update(contactId: gone.id, changes))],
            results: { outcomes in Array(outcomes.map { "\($0.rowNumber),\($0.status.label),\($0.errorText)\n" }.joined().utf8) })

        #expect(final.first?.status == .error)
        #expect(final.first?.errors.joined().contains("deleted") == true)
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

    @Test(arguments: StoreEngines.all)
    func matchesWithoutValuesStillCountEveryContact(engine: String) async throws {
        let store = try await StoreEngines.make(engine)
        let ws = try await store.createWorkspace(name: "A", ownerEmail: "o@x.test", passwordHash: nil).workspace.id
        for name in ["A", "B"] {
            _ = try await store.createContact(workspaceId: ws, contact: ContactDraft(firstName: name, phone: "+601", email: "S@x.test"))
        }
        let lone = try await store.createContact(workspaceId: ws, contact: ContactDraft(firstName: "C", phone: "+602"))

        for withValues in [false, true] {
            let found = try await store.existingContacts(
                workspaceId: ws, keys: [.phone("+601"), .phone("+602"), .email("s@x.test"), .phone("+609"), .contactId(lone.id)],
                withValues: withValues)
            #expect(found[.phone("+601")]?.count == 2)
            #expect(found[.email("s@x.test")]?.count == 2)
            #expect(found[.phone("+602")]?.map(\.id) == [lone.id])
            #expect(found[.contactId(lone.id)]?.map(\.id) == [lone.id])
            #expect(found[.phone("+609")] == nil)
        }
    }
}

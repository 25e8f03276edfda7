import ContactModel
import ContactStore
import Foundation
import ImportRules
import StoreTestSupport
import Testing

/// A contact's tags and the tag index (tag filter, tags in use) never disagree, whichever way a contact is
/// added, changed or deleted.
@Suite struct TagIndexContractTests {
    func ids(_ store: any DataStore, _ ws: Int64, tag: String) async throws -> [Int64] {
        try await store.listContacts(workspaceId: ws, query: ContactQuery(tag: tag)).contacts.map(\.id)
    }

    @Test(arguments: StoreEngines.all)
    func theTagFilterFollowsEveryChange(engine: String) async throws {
        let (store, ws, ann, bob) = try await annAndBob(engine)
        #expect(try await ids(store, ws, tag: "lead") == [bob.id, ann.id])
        #expect(try await store.contact(workspaceId: ws, id: ann.id)?.tags == ["vip", "lead"])

        // Replacing tags through the API: the old tag leaves the index, the new one joins it.
        _ = try await store.updateContact(workspaceId: ws, id: ann.id) { $0.tags = ["lead", "cold"] }
        #expect(try await ids(store, ws, tag: "vip") == [])
        #expect(try await ids(store, ws, tag: "cold") == [ann.id])
        #expect(try await store.contact(workspaceId: ws, id: ann.id)?.tags == ["lead", "cold"])

        // An import batch adding tags to an existing contact keeps their order.
        let importId = try await processingImport(store, ws)
        try await store.applyImportBatch(
            importId: importId, workspaceId: ws, doneBefore: 0,
            outcomes: [
                RowOutcome(
                    rowNumber: 1, status: .updated,
                    write: .update(contactId: bob.id, ContactChanges(tags: ["lead", "import-x"]))),
                RowOutcome(
                    rowNumber: 2, status: .imported, write: .add(NewContact(firstName: "Cy", tags: ["import-x"]))),
            ],
            results: { _ in [] })
        #expect(try await store.contact(workspaceId: ws, id: bob.id)?.tags == ["lead", "import-x"])
        #expect(try await ids(store, ws, tag: "import-x").count == 2)
        #expect(try await store.tagsInUse(workspaceId: ws, prefix: "import") == ["import-x"])
        #expect(try await store.tagsInUse(workspaceId: ws, prefix: "lea") == [])
        #expect(try await store.tagsInUse(workspaceId: ws, prefix: "import-x") == ["import-x"])

        // Deleting a contact takes it out of the index.
        #expect(try await store.deleteContact(workspaceId: ws, id: bob.id))
        #expect(try await ids(store, ws, tag: "lead") == [ann.id])
        let cy = try #require(try await ids(store, ws, tag: "import-x").first)
        #expect(try await store.deleteContact(workspaceId: ws, id: cy))
        #expect(try await store.tagsInUse(workspaceId: ws, prefix: "import-x") == [])
    }

    @Test(arguments: StoreEngines.all)
    func tagsWithQuotesAndNonASCIITextRoundTrip(engine: String) async throws {
        let store = try await StoreEngines.make(engine)
        let ws = try await store.createWorkspace(name: "T", ownerEmail: "o@x.test", passwordHash: nil).workspace.id
        let tags = ["say \"hi\"", "back\\slash", "mañana", "客户", "tab\there"]
        let contact = try await store.createContact(workspaceId: ws, contact: ContactDraft(firstName: "Q", tags: tags))
        #expect(try await store.contact(workspaceId: ws, id: contact.id)?.tags == tags)
        for tag in tags { #expect(try await ids(store, ws, tag: tag) == [contact.id]) }
    }

    /// An import batch that replaces tags (one removed, one kept, one added) and adds contacts with and without tags:
    /// the index matches every contact's tags afterwards. (A batch writes each contact at most once: rows sharing an
    /// identifier are errors, SPEC §5.2.)
    @Test(arguments: StoreEngines.all)
    func anImportBatchMovesTheIndexFromTheTagsTheRowsHold(engine: String) async throws {
        let (store, ws, ann, bob) = try await annAndBob(engine)
        let importId = try await processingImport(store, ws)
        try await store.applyImportBatch(
            importId: importId, workspaceId: ws, doneBefore: 0,
            outcomes: [
                RowOutcome(
                    rowNumber: 1, status: .updated,
                    write: .update(contactId: ann.id, ContactChanges(tags: ["lead", "new"]))),
                RowOutcome(
                    rowNumber: 2, status: .imported, write: .add(NewContact(firstName: "Cy", tags: ["new", "x"]))),
                RowOutcome(rowNumber: 3, status: .imported, write: .add(NewContact(firstName: "Di"))),
                RowOutcome(
                    rowNumber: 4, status: .updated,
                    write: .update(contactId: bob.id, ContactChanges(tags: ["x"]))),
            ],
            results: { _ in [] })
        #expect(try await ids(store, ws, tag: "vip") == [])
        #expect(try await ids(store, ws, tag: "lead") == [ann.id])
        #expect(try await ids(store, ws, tag: "new").count == 2)
        #expect(try await ids(store, ws, tag: "new").contains(ann.id))
        #expect(try await ids(store, ws, tag: "x").count == 2)
        #expect(try await ids(store, ws, tag: "x").contains(bob.id))
        #expect(try await store.contact(workspaceId: ws, id: bob.id)?.tags == ["x"])
        #expect(try await store.tagsInUse(workspaceId: ws, prefix: "vip") == [])
    }

    /// A new store and workspace with Ann (tags vip, lead) and Bob (tag lead).
    func annAndBob(_ engine: String) async throws -> (any DataStore, Int64, Contact, Contact) {
        let store = try await StoreEngines.make(engine)
        let ws = try await store.createWorkspace(name: "T", ownerEmail: "o@x.test", passwordHash: nil).workspace.id
        let ann = try await store.createContact(
            workspaceId: ws, contact: ContactDraft(firstName: "Ann", tags: ["vip", "lead"]))
        let bob = try await store.createContact(
            workspaceId: ws, contact: ContactDraft(firstName: "Bob", tags: ["lead"]))
        return (store, ws, ann, bob)
    }

    /// A workspace's import in processing, its file unused.
    func processingImport(_ store: any DataStore, _ ws: Int64) async throws -> Int64 {
        let owner = try #require(try await store.members(workspaceId: ws).first?.user)
        return try await store.startedImport(workspaceId: ws, uploadedBy: owner.id, rows: 2)
    }
}

import ContactModel
import Foundation
import ImportRules
import PostgresNIO
import StoreTestSupport
import Testing

@testable import ContactStore

/// On PostgreSQL, what an import did to a contact (`contact_import`) has no foreign key to the contact, so the
/// statements that delete contacts delete it too: deleting a contact, merging contacts, undoing an import's adds. And
/// a large import has the contact tables analysed when it completes.
@Suite struct PostgresImportActivityTests {
    static let engines = StoreEngines.all.filter { $0 == "postgres" }

    func activityRows(_ store: PostgresStore, contactIds: [Int64]) async throws -> Int {
        try await store.rows("SELECT count(*) FROM contact_import WHERE contact_id = ANY(\(contactIds))")
            .first!.decode(Int.self)
    }

    /// One batch of the import adding a contact per name.
    func add(_ store: PostgresStore, ws: Int64, importId: Int64, names: [String]) async throws {
        try await store.applyImportBatch(
            importId: importId, workspaceId: ws, doneBefore: 0,
            outcomes: names.enumerated().map { index, name in
                RowOutcome(rowNumber: index + 1, status: .imported, write: .add(ContactDraft(firstName: name)))
            },
            results: { _ in [] })
    }

    func complete(_ store: PostgresStore, importId: Int64) async throws {
        _ = try await store.completeImport(
            importId: importId, resultsHeader: Array("Row\n".utf8), tagsAdded: [],
            availableUntil: Date().addingTimeInterval(3600), now: Date())
    }

    /// A completed import that added Ann, Bob and Cy: the workspace, the import, its owner and the contacts' ids.
    func threeAdded(_ store: PostgresStore) async throws -> (ws: Int64, importId: Int64, userId: Int64, ids: [Int64]) {
        let (ws, importId, userId) = try await store.startedImport(workspace: "a")
        try await add(store, ws: ws, importId: importId, names: ["Ann", "Bob", "Cy"])
        try await complete(store, importId: importId)
        let ids = try await store.listContacts(workspaceId: ws, query: ContactQuery()).contacts.map(\.id).sorted()
        try #require(ids.count == 3)
        #expect(try await activityRows(store, contactIds: ids) == 3)
        return (ws, importId, userId, ids)
    }

    @Test(arguments: engines)
    func aDeletedOrMergedContactTakesItsImportActivityWithIt(engine: String) async throws {
        let store = try #require(try await StoreEngines.make(engine) as? PostgresStore)
        let (ws, _, _, ids) = try await threeAdded(store)

        #expect(try await store.deleteContact(workspaceId: ws, id: ids[0]))
        #expect(try await activityRows(store, contactIds: [ids[0]]) == 0)

        let kept = try await store.mergeContacts(workspaceId: ws, keep: ids[2], others: [ids[1]], by: nil) {
            kept, _ in ContactDraft(firstName: kept.firstName)
        }
        #expect(kept?.id == ids[2])
        #expect(try await activityRows(store, contactIds: [ids[1]]) == 0)
        #expect(try await activityRows(store, contactIds: [ids[2]]) == 1)
        #expect(try await store.contactActivity(workspaceId: ws, contactId: ids[2])?.count == 2)
    }

    @Test(arguments: engines)
    func anUndoneAddTakesItsImportActivityWithIt(engine: String) async throws {
        let store = try #require(try await StoreEngines.make(engine) as? PostgresStore)
        let (ws, importId, userId, ids) = try await threeAdded(store)
        _ = try await store.startUndo(workspaceId: ws, id: importId, userId: userId, now: Date())
        var after = 0
        while let batch = try await store.applyUndoBatch(importId: importId, afterRow: after, limit: 2, now: Date()) {
            after = batch.afterRow
        }
        _ = try await store.completeUndo(importId: importId, now: Date())
        #expect(try await store.contactCount(workspaceId: ws) == 0)
        #expect(try await activityRows(store, contactIds: ids) == 0)
    }

    func analyseCount(_ store: PostgresStore) async throws -> Int {
        try await store.rows("SELECT analyze_count FROM pg_stat_user_tables WHERE relname = 'contact'")
            .first!.decode(Int.self)
    }

    @Test(arguments: engines)
    func aLargeImportHasTheContactTablesAnalysedWhenItCompletes(engine: String) async throws {
        let store = try #require(try await StoreEngines.make(engine) as? PostgresStore)
        // A small import leaves the statistics to autovacuum.
        let before = try await analyseCount(store)
        let small = try await threeAdded(store)
        #expect(try await store.importRecord(id: small.importId)?.status == .completed)
        #expect(try await analyseCount(store) == before)

        let rows = PostgresStore.analyzeAfterImportRows
        let (ws, importId, _) = try await store.startedImport(workspace: "b", rows: rows)
        try await add(store, ws: ws, importId: importId, names: (1...rows).map { "C\($0)" })
        #expect(try await analyseCount(store) == before)
        try await complete(store, importId: importId)
        #expect(try await analyseCount(store) == before + 1)
    }
}

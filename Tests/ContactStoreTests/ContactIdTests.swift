import ContactModel
import Foundation
import GRDB
import ImportRules
import StoreTestSupport
import Testing

@testable import ContactStore

/// A Contact ID names one person for good: an id is never given to another contact, even after its contact is
/// deleted (a file naming it must not update someone else).
@Suite struct ContactIdTests {
    @Test(arguments: StoreEngines.all)
    func theIdOfADeletedContactIsNeverGivenAgain(engine: String) async throws {
        let store = try await StoreEngines.make(engine)
        let ws = try await store.createWorkspace(name: "A", ownerEmail: "o@x.test", passwordHash: nil).workspace.id
        _ = try await store.createContact(workspaceId: ws, contact: ContactDraft(firstName: "Ann"))
        let newest = try await store.createContact(workspaceId: ws, contact: ContactDraft(firstName: "Bob"))
        #expect(try await store.deleteContact(workspaceId: ws, id: newest.id))

        let next = try await store.createContact(workspaceId: ws, contact: ContactDraft(firstName: "Cy"))
        #expect(next.id > newest.id)
    }

    /// Upgrading a database made before v8 keeps every contact's id, values and tags; the next id follows the largest
    /// one it holds (ids deleted before the upgrade left no trace to go by).
    @Test func theRebuildOfTheContactTableKeepsEveryIdAndTag() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("ids-\(UUID().uuidString).sqlite").path
        let queue = try DatabaseQueue(path: path)
        try SQLiteMigrations.migrator.migrate(queue, upTo: "v7-import-leases")
        try queue.write { db in
            try db.execute(
                sql: "INSERT INTO user (id, email, emailKey, createdAt) VALUES (1, 'o@x.test', 'o@x.test', 0)")
            try db.execute(sql: "INSERT INTO workspace (id, name, createdAt) VALUES (1, 'A', 0)")
            for (id, name, tags) in [(3, "Ann", "[\"vip\"]"), (9, "Bob", "[]"), (12, "Cy", "[\"lead\",\"vip\"]")] {
                try db.execute(
                    sql:
                        "INSERT INTO contact (id, workspaceId, firstName, phone, tags, createdAt, updatedAt) VALUES (?, 1, ?, ?, ?, 0, 0)",
                    arguments: [id, name, "+60100\(id)", tags])
                try db.execute(
                    sql: "INSERT INTO contactTag (workspaceId, tag, contactId) SELECT 1, value, ? FROM json_each(?)",
                    arguments: [id, tags])
            }
            try db.execute(sql: "DELETE FROM contact WHERE id = 12")  // the newest, gone before the upgrade
        }
        try SQLiteMigrations.migrator.migrate(queue)
        try queue.write { db in
            let rows = try Row.fetchAll(db, sql: "SELECT id, firstName, phone, tags FROM contact ORDER BY id")
            #expect(rows.map { $0["id"] as Int64 } == [3, 9])
            #expect(rows.map { $0["phone"] as String } == ["+601003", "+601009"])
            #expect(rows.map { $0["tags"] as String } == ["[\"vip\"]", "[]"])
            #expect(try Int64.fetchAll(db, sql: "SELECT contactId FROM contactTag WHERE tag = 'vip'") == [3])
            // The index still works, and deleting a contact still drops its tag keys.
            #expect(
                try Int64.fetchOne(db, sql: "SELECT id FROM contact WHERE workspaceId = 1 AND phone = '+601009'") == 9)
            try db.execute(sql: "DELETE FROM contact WHERE id = 3")
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM contactTag") == 0)
            try db.execute(
                sql: "INSERT INTO contact (workspaceId, firstName, createdAt, updatedAt) VALUES (1, 'New', 0, 0)")
            #expect(db.lastInsertedRowID == 10)
        }
    }
}

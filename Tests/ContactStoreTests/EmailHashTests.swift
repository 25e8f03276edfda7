import ContactModel
import Foundation
import GRDB
import ImportRules
import Testing

@testable import ContactStore

/// The SQLite store finds contacts by email through a hash of the email's match key (`EmailHash`, migration v9).
@Suite struct EmailHashTests {
    func temporaryPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("email-hash-\(UUID().uuidString).sqlite").path
    }

    /// Upgrading a database made before v9 keeps every contact and its id, gives each email its hash, and keeps the
    /// AUTOINCREMENT high-water mark: an id deleted before the upgrade is still never given again.
    @Test func theUpgradeHashesEveryEmailAndKeepsEveryContact() async throws {
        let path = temporaryPath()
        let queue = try DatabaseQueue(path: path)
        try SQLiteMigrations.migrator.migrate(queue, upTo: "v8-contact-ids-never-reused")
        try await queue.write { db in
            try db.execute(
                sql: "INSERT INTO user (id, email, emailKey, createdAt) VALUES (1, 'o@x.test', 'o@x.test', 0)")
            try db.execute(sql: "INSERT INTO workspace (id, name, createdAt) VALUES (1, 'A', 0)")
            for (id, name, email) in [
                (3, "Ann", "Ann.Lee@X.test"), (9, "Bob", nil), (12, "Cy", "cy@x.test"), (20, "Di", "di@x.test"),
            ] {
                try db.execute(
                    sql: """
                        INSERT INTO contact (id, workspaceId, firstName, email, emailKey, tags, createdAt, updatedAt)
                        VALUES (?, 1, ?, ?, ?, '[]', 0, 0)
                        """,
                    arguments: [id, name, email, email?.lowercased()])
            }
            try db.execute(sql: "DELETE FROM contact WHERE id = 20")  // the newest, gone before the upgrade
        }
        try SQLiteMigrations.migrator.migrate(queue)
        try await queue.read { db in
            let rows = try Row.fetchAll(db, sql: "SELECT id, email, emailHash FROM contact ORDER BY id")
            #expect(rows.map { $0["id"] as Int64 } == [3, 9, 12])
            #expect(rows.map { $0["email"] as String? } == ["Ann.Lee@X.test", nil, "cy@x.test"])
            #expect(
                rows.map { $0["emailHash"] as Int64? }
                    == [EmailHash.of(matchKey: "ann.lee@x.test"), nil, EmailHash.of(matchKey: "cy@x.test")])
            #expect(
                try Row.fetchAll(db, sql: "PRAGMA table_info(contact)").allSatisfy {
                    $0["name"] as String != "emailKey"
                })
        }
        try queue.close()

        let store = try SQLiteStore(path: path)
        let found = try await store.existingContacts(
            workspaceId: 1, keys: [.email("ann.lee@x.test"), .email("cy@x.test"), .email("di@x.test")],
            withValues: false)
        #expect(found.mapValues { $0.map(\.id) } == [.email("ann.lee@x.test"): [3], .email("cy@x.test"): [12]])
        let next = try await store.createContact(
            workspaceId: 1, contact: ContactDraft(firstName: "New", email: "NEW@x.test"))
        #expect(next.id == 21)
        let byEmail = try await store.existingContacts(workspaceId: 1, keys: [.email("new@x.test")], withValues: true)
        #expect(byEmail[.email("new@x.test")]?.map(\.email) == ["NEW@x.test"])
    }

    /// Two emails whose hashes are equal are told apart: a lookup returns only contacts whose email is the one asked
    /// for (a collision is forced by writing one email's hash on another contact).
    @Test(arguments: [false, true])
    func aContactWhoseHashMatchesButEmailDoesNotIsNotFound(withValues: Bool) async throws {
        let path = temporaryPath()
        let store = try SQLiteStore(path: path)
        let ws = try await store.createWorkspace(name: "A", ownerEmail: "o@x.test", passwordHash: nil).workspace.id
        let ann = try await store.createContact(
            workspaceId: ws, contact: ContactDraft(firstName: "Ann", email: "ann@x.test"))
        let bob = try await store.createContact(
            workspaceId: ws, contact: ContactDraft(firstName: "Bob", email: "bob@x.test"))
        try await store.pool.write { db in
            try db.execute(
                sql: "UPDATE contact SET emailHash = ? WHERE id = ?",
                arguments: [EmailHash.of(matchKey: "ann@x.test"), bob.id])
        }

        let found = try await store.existingContacts(
            workspaceId: ws, keys: [.email("ann@x.test")], withValues: withValues)
        #expect(found[.email("ann@x.test")]?.map(\.id) == [ann.id])
        #expect(found.count == 1)
    }

    /// An import's new contacts and updates, and the API's changes, all keep the hash in step with the email.
    @Test func everyWriteOfAnEmailWritesItsHash() async throws {
        let store = try SQLiteStore(path: temporaryPath())
        let ws = try await store.createWorkspace(name: "A", ownerEmail: "o@x.test", passwordHash: nil).workspace.id
        let ann = try await store.createContact(
            workspaceId: ws, contact: ContactDraft(firstName: "Ann", email: "Ann@X.test"))
        let bob = try await store.createContact(
            workspaceId: ws, contact: ContactDraft(firstName: "Bob", email: "bob@x.test"))
        _ = try await store.updateContact(workspaceId: ws, id: ann.id) { $0.email = "Ann.New@X.test" }
        _ = try await store.updateContact(workspaceId: ws, id: bob.id) { $0.email = nil }
        func hashes() async throws -> [Int64?] {
            try await store.pool.read { db in try Int64?.fetchAll(db, sql: "SELECT emailHash FROM contact ORDER BY id")
            }
        }
        #expect(try await hashes() == [EmailHash.of(matchKey: "ann.new@x.test"), nil])
        #expect(EmailHash.of(email: "Ann.New@X.test") == EmailHash.of(matchKey: "ann.new@x.test"))
        #expect(EmailHash.of(matchKey: "ann.new@x.test") != EmailHash.of(matchKey: "ann.new@x.tesT"))
    }
}

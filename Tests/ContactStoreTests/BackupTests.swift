import ContactModel
import ContactStore
import Foundation
import GRDB
import Testing

/// `SQLiteStore.backup(to:)` and `checkReachable()`: online copies while writes go on.
@Suite struct BackupTests {
    static func temporaryPath(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent(
            "contact-import-backup-\(UUID().uuidString)-\(name)"
        ).path
    }

    static func allContacts(_ store: SQLiteStore, _ ws: Int64) async throws -> [Contact] {
        var contacts: [Contact] = []
        var cursor: String?
        repeat {
            let page = try await store.listContacts(workspaceId: ws, query: ContactQuery(limit: 500, cursor: cursor))
            contacts += page.contacts
            cursor = page.nextCursor
        } while cursor != nil
        return contacts
    }

    @Test func aBackupTakenDuringWritesOpensAndHoldsAPrefixOfTheWrites() async throws {
        let store = try SQLiteStore.open(dataDirectory: Self.temporaryPath("data"))
        let ws = try await store.createWorkspace(name: "A", ownerEmail: "a@x.test", passwordHash: nil).workspace.id
        let total = 400
        let backups = (0..<4).map { Self.temporaryPath("copy-\($0).sqlite") }

        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                for n in 0..<total {
                    _ = try await store.createContact(
                        workspaceId: ws,
                        contact: ContactDraft(firstName: "P\(n)", phone: "+6010\(100_000 + n)", tags: ["t\(n % 7)"]))
                }
            }
            group.addTask {
                for path in backups {
                    try await Task.sleep(for: .milliseconds(30))
                    try await store.backup(to: path)
                }
            }
            try await group.waitForAll()
        }

        for path in backups {
            // Opening migrates nothing and reads: the copy is a whole, valid database.
            let copy = try SQLiteStore(path: path)
            try await copy.checkReachable()
            let integrity = try await DatabaseQueue(path: path).read { db in
                try String.fetchOne(db, sql: "PRAGMA integrity_check")
            }
            #expect(integrity == "ok")
            let contacts = try await Self.allContacts(copy, ws)
            // Contacts are written one after another, so a consistent copy holds exactly P0 … P(k-1).
            let names = Set(contacts.map(\.firstName))
            #expect(names == Set((0..<contacts.count).map { "P\($0)" }), "\(path) holds \(contacts.count) contacts")
            #expect(contacts.allSatisfy { $0.tags.count == 1 })
        }
        // After the writes, a backup holds every contact.
        let last = Self.temporaryPath("final.sqlite")
        try await store.backup(to: last)
        #expect(try await Self.allContacts(try SQLiteStore(path: last), ws).count == total)
    }

    @Test func aBackupNeverReplacesAnExistingFile() async throws {
        let store = try SQLiteStore.open(dataDirectory: Self.temporaryPath("data"))
        let path = Self.temporaryPath("exists.sqlite")
        try Data("keep me".utf8).write(to: URL(fileURLWithPath: path))
        await #expect(throws: StoreError.self) { try await store.backup(to: path) }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "keep me")
    }

    @Test func aClosedStoreIsNotReachable() async throws {
        let store = try SQLiteStore.open(dataDirectory: Self.temporaryPath("data"))
        try await store.checkReachable()
        try store.close()
        await #expect(throws: (any Error).self) { try await store.checkReachable() }
    }
}

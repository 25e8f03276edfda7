import ContactModel
import Foundation
import GRDB

/// Contact Activity (SPEC §14): the import rows each job batch writes, the events of people, merges and undos, and
/// a contact's history read from both.
extension SQLiteStore {
    public func contactActivity(workspaceId: Int64, contactId: Int64) async throws -> [ContactActivityEntry]? {
        try await pool.read { db in
            guard
                try Bool.fetchOne(
                    db, sql: "SELECT 1 FROM contact WHERE id = ? AND workspaceId = ?",
                    arguments: [contactId, workspaceId]) != nil
            else { return nil }
            var entries: [ContactActivityEntry] = []
            let imports = try Row.fetchAll(
                db,
                sql: """
                    SELECT contactImport.added, import.id, import.fileName,
                        COALESCE(import.completedAt, import.startedAt, import.createdAt) AS at, user.email
                    FROM contactImport JOIN import ON import.id = contactImport.importId
                        LEFT JOIN user ON user.id = import.uploadedBy
                    WHERE contactImport.contactId = ?
                    """,
                arguments: [contactId])
            for row in imports {
                let added: Bool = row["added"]
                entries.append(
                    ContactActivityEntry(
                        kind: added ? .importAdded : .importUpdated, at: Date(storedMillis: row["at"]),
                        by: row["email"],
                        importId: row["id"], importFileName: row["fileName"]))
            }
            let events = try Row.fetchAll(
                db,
                sql: """
                    SELECT contactEvent.kind, contactEvent.at, user.email, contactEvent.importId, import.fileName,
                        contactEvent.details
                    FROM contactEvent LEFT JOIN user ON user.id = contactEvent.userId
                        LEFT JOIN import ON import.id = contactEvent.importId
                    WHERE contactEvent.contactId = ? ORDER BY contactEvent.id
                    """,
                arguments: [contactId])
            for row in events {
                guard let kind = ContactActivityEntry.Kind(rawValue: row["kind"]) else { continue }
                entries.append(
                    ContactActivityEntry(
                        kind: kind, at: Date(storedMillis: row["at"]), by: row["email"], importId: row["importId"],
                        importFileName: row["fileName"], mergedFrom: try MergedContact.fromStored(row["details"])))
            }
            return ContactActivityEntry.newestFirst(entries)
        }
    }

    /// Records an event of a contact (not an import's write: `recordImportActivity`).
    static func recordEvent(
        _ db: Database, contactId: Int64, kind: ContactActivityEntry.Kind, userId: Int64?, importId: Int64? = nil,
        mergedFrom: [MergedContact] = [], now: Date
    ) throws {
        let details = try MergedContact.stored(mergedFrom)
        try db.execute(
            sql: "INSERT INTO contactEvent (contactId, kind, at, userId, importId, details) VALUES (?, ?, ?, ?, ?, ?)",
            arguments: [contactId, kind.rawValue, now.storedMillis, userId, importId, details])
    }

    /// One row per contact a job chunk added or changed, in the chunk's transaction.
    static func recordImportActivity(_ statements: BatchStatements, importId: Int64, _ written: UndoRecordBuffer)
        throws
    {
        let insert = try statements.statement("contact import activity") {
            "INSERT OR IGNORE INTO contactImport (contactId, importId, added) VALUES (?1, ?2, ?3)"
        }
        insert.bind(2, importId)
        for (contactId, added) in zip(written.contactIds, written.added) {
            insert.bind(1, contactId)
            insert.bind(3, added ? Int64(1) : 0)
            try insert.run()
        }
    }
}

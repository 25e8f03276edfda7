import Foundation
import GRDB

/// The tag index: `contactTag` holds one `(workspaceId, tag, contactId)` key per tag on a contact, for the tag
/// filter and the tags in use. `contact.tags` is the truth; every write of it keeps the index in the same
/// transaction, one key per statement (`BatchStatements`), for the API as for an import batch. Deleting a contact
/// is handled by the `contact_tags_delete` trigger.
enum TagIndex {
    /// Adds the keys of contacts just added (an import batch, seeding, the API), through one prepared statement.
    struct KeyInserts {
        let insert: BatchStatement

        /// Indexes `tags` for the new contact `contactId`.
        func add(contactId: Int64, tags: [String]) throws {
            guard !tags.isEmpty else { return }
            insert.bind(3, contactId)
            for tag in tags {
                insert.bind(2, tag)
                try insert.run()
            }
        }
    }

    /// The key inserts of the workspace's new contacts in this batch.
    static func keyInserts(_ statements: BatchStatements, workspaceId: Int64) throws -> KeyInserts {
        let insert = try insertKey(statements)
        insert.bind(1, workspaceId)
        return KeyInserts(insert: insert)
    }

    /// The tags a contact holds now, or nil when the workspace has no such contact.
    static func currentTags(_ statements: BatchStatements, workspaceId: Int64, contactId: Int64) throws -> [String]? {
        let select = try statements.statement("contact tags") {
            "SELECT tags FROM contact WHERE id = ?1 AND workspaceId = ?2"
        }
        select.bind(1, contactId)
        select.bind(2, workspaceId)
        return try select.firstText().map(StoredJSON.decodeStrings)
    }

    /// Drops and adds the keys of `change`, in key order so the statements walk the index forwards.
    static func apply(_ statements: BatchStatements, workspaceId: Int64, _ change: TagIndexChange) throws {
        let byKey: ((tag: String, contactId: Int64), (tag: String, contactId: Int64)) -> Bool = {
            $0.tag != $1.tag ? $0.tag < $1.tag : $0.contactId < $1.contactId
        }
        if !change.removed.isEmpty {
            let delete = try statements.statement("delete tag key") {
                "DELETE FROM contactTag WHERE workspaceId = ?1 AND tag = ?2 AND contactId = ?3"
            }
            delete.bind(1, workspaceId)
            for key in change.removed.sorted(by: byKey) {
                delete.bind(2, key.tag)
                delete.bind(3, key.contactId)
                try delete.run()
            }
        }
        if !change.added.isEmpty {
            let insert = try insertKey(statements)
            insert.bind(1, workspaceId)
            for key in change.added.sorted(by: byKey) {
                insert.bind(2, key.tag)
                insert.bind(3, key.contactId)
                try insert.run()
            }
        }
    }

    private static func insertKey(_ statements: BatchStatements) throws -> BatchStatement {
        try statements.statement("insert tag key") {
            "INSERT OR IGNORE INTO contactTag (workspaceId, tag, contactId) VALUES (?1, ?2, ?3)"
        }
    }
}

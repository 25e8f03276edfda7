import Foundation
import GRDB

/// The tag index: `contactTag` holds one `(workspaceId, tag, contactId)` key per tag on a contact, for the tag
/// filter and the tags in use. `contact.tags` is the truth; every write of it keeps the index in the same
/// transaction: one contact at a time for the API, set-based for an import batch. Deleting a contact is handled by
/// the `contact_tags_delete` trigger.
enum TagIndex {
    /// Indexes the tags of one new contact.
    static func add(_ db: Database, workspaceId: Int64, contactId: Int64, tags: [String]) throws {
        let statement = try db.cachedStatement(
            sql: "INSERT OR IGNORE INTO contactTag (workspaceId, tag, contactId) VALUES (?, ?, ?)")
        for tag in tags {
            try statement.execute(arguments: [workspaceId, tag, contactId])
        }
    }

    /// Indexes the tags of the contacts with ids in `ids`: the contacts an import batch has just added, whose ids
    /// follow each other. One statement reads their rows back (still in the page cache) and writes the keys.
    static func addContacts(_ db: Database, workspaceId: Int64, ids: ClosedRange<Int64>) throws {
        try db.cachedStatement(
            sql: """
                INSERT OR IGNORE INTO contactTag (workspaceId, tag, contactId)
                    SELECT contact.workspaceId, tags.value, contact.id FROM contact, json_each(contact.tags) AS tags
                    WHERE contact.id BETWEEN ? AND ? AND contact.workspaceId = ? AND contact.tags <> '[]'
                """
        ).execute(arguments: [ids.lowerBound, ids.upperBound, workspaceId])
    }

    /// The tags each of `ids` holds now (contacts that do not exist are left out).
    static func currentTags(_ db: Database, workspaceId: Int64, ids: [Int64]) throws -> [Int64: [String]] {
        var tags: [Int64: [String]] = [:]
        tags.reserveCapacity(ids.count)
        for start in stride(from: 0, to: ids.count, by: 5000) {
            let chunk = ids[start..<min(start + 5000, ids.count)]
            let rows = try Row.fetchCursor(
                db,
                sql: "SELECT id, tags FROM contact WHERE workspaceId = ? AND id IN (\(databaseQuestionMarks(count: chunk.count)))",
                arguments: [workspaceId] + StatementArguments(chunk))
            while let row = try rows.next() {
                tags[row[0]] = try StoredJSON.decodeStrings(row[1])
            }
        }
        return tags
    }

    /// Drops and adds the keys of `change`: one statement per key dropped, one for all the keys added (the common
    /// case).
    static func apply(_ db: Database, workspaceId: Int64, _ change: TagIndexChange) throws {
        // In key order, so each statement walks the index forwards.
        let byKey: ((tag: String, contactId: Int64), (tag: String, contactId: Int64)) -> Bool = {
            $0.tag != $1.tag ? $0.tag < $1.tag : $0.contactId < $1.contactId
        }
        if !change.removed.isEmpty {
            let statement = try db.cachedStatement(
                sql: "DELETE FROM contactTag WHERE workspaceId = ? AND tag = ? AND contactId = ?")
            for key in change.removed.sorted(by: byKey) {
                try statement.execute(arguments: [workspaceId, key.tag, key.contactId])
            }
        }
        if !change.added.isEmpty {
            try db.execute(
                sql: """
                    INSERT OR IGNORE INTO contactTag (workspaceId, tag, contactId)
                        SELECT ?, json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(?)
                    """,
                arguments: [workspaceId, StoredJSON.encode(tagKeys: change.added.sorted(by: byKey))])
        }
    }
}

import Foundation
import Logging
import PostgresNIO

// The tag index (`contact_tag`): one row per (workspace, tag, contact), kept in step with the tags on the contact rows
// by every write of a contact, in the same transaction, with one statement per direction.
extension PostgresStore {
    /// Index entries to drop and to add: (tag, contact id) pairs of one workspace.
    struct TagIndexChange {
        var removed: [(tag: String, contactId: Int64)] = []
        var added: [(tag: String, contactId: Int64)] = []

        /// What changes for one contact whose tags go from `old` to `new`.
        mutating func contact(_ id: Int64, from old: [String], to new: [String]) {
            guard old != new else { return }
            let oldSet = Set(old)
            let newSet = Set(new)
            for tag in oldSet where !newSet.contains(tag) { removed.append((tag, id)) }
            for tag in newSet where !oldSet.contains(tag) { added.append((tag, id)) }
        }
    }

    static func applyTagIndex(
        _ change: TagIndexChange, _ connection: PostgresConnection, workspaceId: Int64, logger: Logger
    ) async throws {
        if !change.removed.isEmpty {
            try await connection.query(
                """
                DELETE FROM contact_tag WHERE workspace_id = \(workspaceId)
                  AND (tag, contact_id) IN (SELECT * FROM unnest(\(change.removed.map(\.tag))::text[], \(change.removed.map(\.contactId))::bigint[]))
                """, logger: logger)
        }
        if !change.added.isEmpty {
            try await connection.query(
                """
                INSERT INTO contact_tag (workspace_id, tag, contact_id)
                SELECT \(workspaceId), t.tag, t.contact_id
                FROM unnest(\(change.added.map(\.tag))::text[], \(change.added.map(\.contactId))::bigint[]) AS t(tag, contact_id)
                ON CONFLICT DO NOTHING
                """, logger: logger)
        }
    }
}

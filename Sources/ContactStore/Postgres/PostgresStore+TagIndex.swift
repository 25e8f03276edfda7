import Foundation
import Logging
import PostgresNIO

// The tag index (`contact_tag`): one row per (workspace, tag, contact), kept in step with the tags on the contact rows
// by every write of a contact, in the same transaction, with one statement per direction.
extension PostgresStore {
    static func applyTagIndex(
        _ change: TagIndexChange, _ connection: PooledConnection, workspaceId: Int64, logger: Logger
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

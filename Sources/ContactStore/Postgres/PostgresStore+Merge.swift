import ContactModel
import Foundation
import PostgresNIO

/// Merge Suggestions, merging and Contact Activity (SPEC §14) on PostgreSQL. Groups come from the phone index (byte
/// order, "C") and the email match-key index, a bounded slice per page.
extension PostgresStore {
    public func duplicateGroups(workspaceId: Int64, by key: DuplicateKey, cursor: String?, limit: Int) async throws
        -> DuplicatePage
    {
        let after = try DuplicateCursor.decode(cursor)
        let limit = max(1, min(limit, 100))
        let column = key == .phone ? "phone" : "email_key"
        var binds = PostgresBindings()
        binds.append(workspaceId)
        var condition = "\(column) IS NOT NULL"
        if let after {
            binds.append(after)
            condition = "\(column) > $2"
        }
        let keys = try await rows(
            PostgresQuery(
                unsafeSQL: """
                    SELECT \(column) FROM contact WHERE workspace_id = $1 AND \(condition)
                    ORDER BY \(column) LIMIT \(DuplicatePage.scanLimit)
                    """, binds: binds))
        var keyRows = keys.makeIterator()
        let (scan, end) = try DuplicateScan.run(limit: limit) { try keyRows.next()?.decode(String.self) }
        var groups: [DuplicateGroup] = []
        for (shared, _) in scan.shared {
            var binds = PostgresBindings()
            binds.append(workspaceId)
            binds.append(shared)
            let ids = try await rows(
                PostgresQuery(
                    unsafeSQL: "SELECT id FROM contact WHERE workspace_id = $1 AND \(column) = $2 ORDER BY id",
                    binds: binds)
            ).map { try $0.decode(Int64.self) }
            guard ids.count > 1 else { continue }
            groups.append(
                DuplicateGroup(
                    key: shared, size: ids.count,
                    contacts: try await fetchContacts(
                        client: nil, workspaceId: workspaceId, ids: Array(ids.prefix(DuplicatePage.contactsPerGroup)))))
        }
        return DuplicatePage(groups: groups, nextCursor: end ? nil : scan.lastComplete.map(DuplicateCursor.encode))
    }

    public func mergeContacts(
        workspaceId: Int64, keep: Int64, others: [Int64], by userId: Int64?,
        merge: @Sendable (Contact, [Contact]) -> ContactDraft
    ) async throws -> Contact? {
        try await transaction { connection in
            let ids = [keep] + others
            let locked = try await connection.rows(
                """
                SELECT \(unescaped: Self.contactColumns) FROM contact
                WHERE workspace_id = \(workspaceId) AND id = ANY(\(ids)) ORDER BY id FOR UPDATE
                """, logger: logger)
            var byId: [Int64: Contact] = [:]
            for row in locked {
                let contact = try Self.contact(from: row)
                byId[contact.id] = contact
            }
            let contacts = ids.compactMap { byId[$0] }
            guard contacts.count == ids.count, let kept = contacts.first else { return nil }
            let merged = Array(contacts.dropFirst())
            let draft = merge(kept, merged)
            let now = Date()
            var index = TagIndexChange()
            for other in merged { index.contact(other.id, from: other.tags, to: []) }
            try await connection.query(
                "DELETE FROM contact WHERE workspace_id = \(workspaceId) AND id = ANY(\(others))", logger: logger)
            try await Self.applyTagIndex(index, connection, workspaceId: workspaceId, logger: logger)
            try await Self.deleteImportActivity(connection, contactIds: others, logger: logger)
            try await rewriteContact(connection, workspaceId: workspaceId, from: kept, to: draft, now: now)
            try await recordEvent(
                connection, contactId: keep, kind: .merged, userId: userId,
                mergedFrom: merged.map { MergedContact(id: $0.id, name: $0.fullName) }, now: now)
            return draft.contact(id: keep, createdAt: kept.createdAt, updatedAt: now)
        }
    }

    public func contactActivity(workspaceId: Int64, contactId: Int64) async throws -> [ContactActivityEntry]? {
        guard
            try await !rows(
                "SELECT 1 FROM contact WHERE id = \(contactId) AND workspace_id = \(workspaceId)"
            ).isEmpty
        else { return nil }
        var entries: [ContactActivityEntry] = []
        for row in try await rows(
            """
            SELECT contact_import.added, import.id, import.file_name,
                COALESCE(import.completed_at, import.started_at, import.created_at), app_user.email
            FROM contact_import JOIN import ON import.id = contact_import.import_id
                LEFT JOIN app_user ON app_user.id = import.uploaded_by
            WHERE contact_import.contact_id = \(contactId)
            """)
        {
            let (added, importId, fileName, at, email) = try row.decode((Bool, Int64, String, Int64, String?).self)
            entries.append(
                ContactActivityEntry(
                    kind: added ? .importAdded : .importUpdated, at: Date(storedMillis: at), by: email,
                    importId: importId, importFileName: fileName))
        }
        for row in try await rows(
            """
            SELECT contact_event.kind, contact_event.at, app_user.email, contact_event.import_id, import.file_name,
                contact_event.details
            FROM contact_event LEFT JOIN app_user ON app_user.id = contact_event.user_id
                LEFT JOIN import ON import.id = contact_event.import_id
            WHERE contact_event.contact_id = \(contactId) ORDER BY contact_event.id
            """)
        {
            let (kind, at, email, importId, fileName, details) = try row.decode(
                (String, Int64, String?, Int64?, String?, String?).self)
            guard let kind = ContactActivityEntry.Kind(rawValue: kind) else { continue }
            entries.append(
                ContactActivityEntry(
                    kind: kind, at: Date(storedMillis: at), by: email, importId: importId, importFileName: fileName,
                    mergedFrom: try MergedContact.fromStored(details)))
        }
        return ContactActivityEntry.newestFirst(entries)
    }

    /// Records an event of a contact (not an import's write, which the job's batch records).
    func recordEvent(
        _ connection: PooledConnection, contactId: Int64, kind: ContactActivityEntry.Kind, userId: Int64?,
        mergedFrom: [MergedContact] = [], now: Date
    ) async throws {
        let details = try MergedContact.stored(mergedFrom)
        try await connection.query(
            """
            INSERT INTO contact_event (contact_id, kind, at, user_id, details)
            VALUES (\(contactId), \(kind.rawValue), \(now.storedMillis), \(userId), \(details))
            """, logger: logger)
    }
}

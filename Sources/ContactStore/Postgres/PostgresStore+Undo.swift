import ContactModel
import Foundation
import ImportRules
import Logging
import PostgresNIO

/// Undoing an import on PostgreSQL (SPEC §12): the job's before-values, read back chunk by chunk; each batch locks the
/// import's row (the checkpoint's fence) and the contacts it touches, and commits their deletes and restores, its rows
/// of the undo file and the checkpoint together.
extension PostgresStore {
    public func startUndo(workspaceId: Int64, id: Int64, userId: Int64, now: Date) async throws -> ImportRecord {
        try await transaction { connection in
            try await lockJobSlot(connection, workspaceId: workspaceId)
            let record = try await lockedImport(connection, id: id, workspaceId: workspaceId)
            try ImportLifecycle.undo(
                record.lifecycle, resultsAvailableUntil: record.resultsAvailableUntil, now: now,
                recorded: record.undoRecords >= 0,
                jobSlotTaken: try await hasProcessingImport(connection, workspaceId: workspaceId))
            try await connection.query(
                """
                UPDATE import SET status = 'undoing', undone_by = \(userId), undo_started_at = \(now.storedMillis),
                    undo_after_row = 0, undo_deleted = 0, undo_restored = 0, undo_kept_changed = 0,
                    undo_kept_deleted = 0, lease_owner = NULL, lease_until = NULL
                WHERE id = \(id)
                """, logger: logger)
            try await connection.query("DELETE FROM import_undo_chunk WHERE import_id = \(id)", logger: logger)
            return try await requireImport(connection, id: id, workspaceId: workspaceId)
        }
    }

    public func undoPreview(importId: Int64) async throws -> UndoSummary {
        try await transaction { connection in
            // One snapshot for the chunks and the contacts.
            try await connection.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY", logger: logger)
            guard let record = try await fetchImport(connection, id: importId) else { throw ImportError.noSuchImport }
            var summary = UndoSummary()
            var afterRow = record.undoAfterRow
            while true {
                let chunks = try await beforeValues(
                    connection, importId: importId, afterRow: afterRow, limit: 20)
                guard let last = chunks.last else { return summary }
                afterRow = last.firstRow
                let records = chunks.flatMap(\.records)
                let now = try await currentVersions(
                    connection, workspaceId: record.workspaceId, ids: records.map(\.contactId), lock: false)
                for undo in records {
                    summary.add(
                        UndoAction.decide(
                            added: undo.added, versionAfterImport: undo.versionAfter,
                            currentVersion: now[undo.contactId]?.version))
                }
            }
        }
    }

    public func applyUndoBatch(importId: Int64, afterRow: Int, limit: Int, now: Date) async throws
        -> UndoBatchResult?
    {
        try await transaction { connection in
            guard
                let row = try await connection.rows(
                    "SELECT status, undo_after_row, workspace_id, undone_by FROM import WHERE id = \(importId) FOR UPDATE",
                    logger: logger
                ).first
            else { throw ImportError.noSuchImport }
            let (status, checkpoint, workspaceId, undoneBy) = try row.decode((String, Int, Int64, Int64?).self)
            try ImportLifecycle.applyUndoBatch(
                state: ImportState(rawValue: status) ?? .failed, afterRow: checkpoint, expectedAfterRow: afterRow)
            var chunks: [(firstRow: Int, records: [UndoRecord])] = []
            var count = 0
            for chunk in try await beforeValues(
                connection, importId: importId, afterRow: afterRow, limit: max(1, limit / 100))
            where count < limit {
                chunks.append(chunk)
                count += chunk.records.count
            }
            guard let first = chunks.first, let last = chunks.last else { return nil }
            let records = chunks.flatMap(\.records).sorted { $0.row < $1.row }
            let current = try await currentVersions(
                connection, workspaceId: workspaceId, ids: records.map(\.contactId), lock: true)
            var summary = UndoSummary()
            var file: [UInt8] = []
            var deletes: [Int64] = []
            var restores = CopyRows()
            var restoring = 0
            var restored: [Int64] = []
            var tagIndex = TagIndexChange()
            for record in records {
                let contact = current[record.contactId]
                let action = UndoAction.decide(
                    added: record.added, versionAfterImport: record.versionAfter, currentVersion: contact?.version)
                summary.add(action)
                UndoFile.append(row: record.row, contactId: record.contactId, action: action, to: &file)
                switch action {
                case .deleted:
                    deletes.append(record.contactId)
                    if let contact { tagIndex.contact(record.contactId, from: contact.tags, to: []) }
                case .restored:
                    guard let before = record.before, let contact else { continue }
                    restores.append(record.contactId)
                    for value in [before.firstName, before.lastName, before.phone, before.email] {
                        restores.append(value)
                    }
                    restores.append(before.email.map(ValueRule.emailMatchKey))
                    for value in [before.language, before.country, before.custom, before.tags] {
                        restores.append(value)
                    }
                    restores.endRow()
                    restoring += 1
                    restored.append(record.contactId)
                    tagIndex.contact(
                        record.contactId, from: contact.tags, to: try StoredJSON.decodeStrings(before.tags))
                case .keptChanged, .keptDeleted:
                    continue
                }
            }
            if !deletes.isEmpty {
                try await connection.query(
                    "DELETE FROM contact WHERE workspace_id = \(workspaceId) AND id = ANY(\(deletes))", logger: logger)
                try await Self.deleteImportActivity(connection, contactIds: deletes, logger: logger)
            }
            if restoring > 0 {
                try await restore(connection, workspaceId: workspaceId, rows: restores.take(), now: now)
                try await connection.query(
                    """
                    INSERT INTO contact_event (contact_id, kind, at, user_id, import_id)
                    SELECT unnest(\(restored)::bigint[]), 'undo_restored', \(now.storedMillis), \(undoneBy), \(importId)
                    """, logger: logger)
            }
            try await Self.applyTagIndex(tagIndex, connection, workspaceId: workspaceId, logger: logger)
            try await connection.query(
                """
                INSERT INTO import_undo_chunk (import_id, first_row, bytes)
                VALUES (\(importId), \(first.firstRow), \(ByteBuffer(bytes: file)))
                """, logger: logger)
            try await connection.query(
                """
                UPDATE import SET undo_after_row = \(last.firstRow), undo_deleted = undo_deleted + \(summary.deleted),
                    undo_restored = undo_restored + \(summary.restored),
                    undo_kept_changed = undo_kept_changed + \(summary.keptChanged),
                    undo_kept_deleted = undo_kept_deleted + \(summary.keptDeleted)
                WHERE id = \(importId)
                """, logger: logger)
            return UndoBatchResult(afterRow: last.firstRow, summary: summary)
        }
    }

    public func completeUndo(importId: Int64, now: Date) async throws -> ImportRecord {
        try await transaction { connection in
            try ImportLifecycle.finishUndo(state: try await lockedState(connection, importId: importId))
            try await connection.query(
                """
                UPDATE import SET status = 'undone', undone_at = \(now.storedMillis), lease_owner = NULL,
                    lease_until = NULL
                WHERE id = \(importId)
                """, logger: logger)
            try await connection.query(
                """
                INSERT INTO import_undo_chunk (import_id, first_row, bytes)
                VALUES (\(importId), 0, \(ByteBuffer(bytes: UndoFile.header)))
                """, logger: logger)
            try await connection.query(
                "DELETE FROM import_before_values WHERE import_id = \(importId)", logger: logger)
            guard let record = try await fetchImport(connection, id: importId) else { throw ImportError.noSuchImport }
            return record
        }
    }

    public func undoFile(importId: Int64) async throws -> [UInt8]? {
        let rows = try await rows(
            "SELECT bytes FROM import_undo_chunk WHERE import_id = \(importId) ORDER BY first_row")
        guard !rows.isEmpty else { return nil }
        var file: [UInt8] = []
        for row in rows { file.append(contentsOf: try row.decode(ByteBuffer.self).readableBytesView) }
        return file
    }

    public func undoRecordBytes(importId: Int64) async throws -> Int {
        try await rows(
            "SELECT coalesce(sum(octet_length(bytes)), 0)::bigint FROM import_before_values WHERE import_id = \(importId)"
        ).first?.decode(Int.self) ?? 0
    }

    public func claimUndo(owner: String, lease: Duration) async throws -> Int64? {
        try await claim(.undos, owner: owner, lease: lease)
    }

    public func renewUndoLease(importId: Int64, owner: String, lease: Duration) async throws -> Bool {
        try await renewLease(.undos, id: importId, owner: owner, lease: lease)
    }

    public func releaseUndoLease(importId: Int64, owner: String) async throws {
        try await releaseLease(.undos, id: importId, owner: owner)
    }

    // MARK: Helpers

    /// Up to `limit` chunks of before-values after row `afterRow`, in row order.
    private func beforeValues(_ connection: PooledConnection, importId: Int64, afterRow: Int, limit: Int)
        async throws -> [(firstRow: Int, records: [UndoRecord])]
    {
        try await connection.rows(
            """
            SELECT first_row, bytes FROM import_before_values WHERE import_id = \(importId) AND first_row > \(afterRow)
            ORDER BY first_row LIMIT \(limit)
            """, logger: logger
        ).map { row in
            let (firstRow, bytes) = try row.decode((Int, ByteBuffer).self)
            return (firstRow, try UndoRecordCoding.decode(Array(bytes.readableBytesView)))
        }
    }

    /// The version and tags each of `ids` has now (missing: deleted), locked for the transaction when `lock`.
    private func currentVersions(_ connection: PooledConnection, workspaceId: Int64, ids: [Int64], lock: Bool)
        async throws -> [Int64: (version: Int64, tags: [String])]
    {
        var result: [Int64: (version: Int64, tags: [String])] = [:]
        guard !ids.isEmpty else { return result }
        for row in try await connection.rows(
            """
            SELECT id, version, tags::text FROM contact WHERE workspace_id = \(workspaceId) AND id = ANY(\(ids))
            ORDER BY id \(unescaped: lock ? "FOR UPDATE" : "")
            """, logger: logger)
        {
            let (id, version, tags) = try row.decode((Int64, Int64, String).self)
            result[id] = (version, lock ? try StoredJSON.decodeStrings(tags) : [])
        }
        return result
    }

    /// Writes back the values of restored contacts: COPY into a temporary table, then one UPDATE joining it.
    private func restore(_ connection: PooledConnection, workspaceId: Int64, rows: ByteBuffer, now: Date)
        async throws
    {
        try await connection.query(
            """
            CREATE TEMPORARY TABLE undo_restore (
                id bigint NOT NULL, first_name text NOT NULL, last_name text, phone text, email text, email_key text,
                language text, country text, custom jsonb, tags jsonb NOT NULL
            ) ON COMMIT DROP
            """, logger: logger)
        try await connection.copy(rows, into: "undo_restore", logger: logger)
        try await connection.query(
            """
            UPDATE contact c SET first_name = u.first_name, last_name = u.last_name, phone = u.phone, email = u.email,
                email_key = u.email_key, language = u.language, country = u.country, custom = u.custom,
                tags = u.tags, updated_at = \(now.storedMillis), version = c.version + 1
            FROM undo_restore u
            WHERE c.id = u.id AND c.workspace_id = \(workspaceId)
            """, logger: logger)
        try await connection.query("DROP TABLE undo_restore", logger: logger)
    }
}

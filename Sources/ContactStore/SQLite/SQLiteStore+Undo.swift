import ContactModel
import Foundation
import GRDB
import ImportRules

/// Undoing an import on SQLite (SPEC §12): the job's before-values, read back chunk by chunk; each batch's deletes,
/// restores, undo-file rows and checkpoint in one transaction.
extension SQLiteStore {
    public func startUndo(workspaceId: Int64, id: Int64, userId: Int64, now: Date) async throws -> ImportRecord {
        try await pool.write { db in
            let record = try Self.requireImport(db, id: id, workspaceId: workspaceId)
            try ImportLifecycle.undo(
                record.lifecycle, resultsAvailableUntil: record.resultsAvailableUntil, now: now,
                recorded: record.undoRecords >= 0,
                jobSlotTaken: try Self.hasProcessingImport(db, workspaceId: workspaceId))
            try db.execute(
                sql: """
                    UPDATE import SET status = 'undoing', undoneBy = ?, undoStartedAt = ?, undoAfterRow = 0,
                        undoDeleted = 0, undoRestored = 0, undoKeptChanged = 0, undoKeptDeleted = 0,
                        leaseOwner = NULL, leaseUntil = NULL
                    WHERE id = ?
                    """,
                arguments: [userId, now.storedMillis, id])
            try db.execute(sql: "DELETE FROM importUndoChunk WHERE importId = ?", arguments: [id])
            return try Self.requireImport(db, id: id, workspaceId: workspaceId)
        }
    }

    public func undoPreview(importId: Int64) async throws -> UndoSummary {
        try await pool.read { db in
            guard let record = try Self.fetchImport(db, id: importId) else { throw ImportError.noSuchImport }
            var summary = UndoSummary()
            let chunks = try Data.fetchCursor(
                db, sql: "SELECT bytes FROM importBeforeValues WHERE importId = ? AND firstRow > ? ORDER BY firstRow",
                arguments: [importId, record.undoAfterRow])
            let version = try BatchStatement(db, sql: "SELECT version FROM contact WHERE id = ?1 AND workspaceId = ?2")
            version.bind(2, record.workspaceId)
            while let chunk = try chunks.next() {
                for undo in try UndoRecordCoding.decode([UInt8](chunk)) {
                    version.bind(1, undo.contactId)
                    summary.add(
                        UndoAction.decide(
                            added: undo.added, versionAfterImport: undo.versionAfter,
                            currentVersion: try version.firstRow { $0.int64(0) }))
                }
            }
            return summary
        }
    }

    public func applyUndoBatch(importId: Int64, afterRow: Int, limit: Int, now: Date) async throws
        -> UndoBatchResult?
    {
        try await pool.write { db in
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT status, undoAfterRow, workspaceId, undoneBy FROM import WHERE id = ?",
                    arguments: [importId])
            else { throw ImportError.noSuchImport }
            try ImportLifecycle.applyUndoBatch(
                state: ImportState(rawValue: row["status"]) ?? .failed, afterRow: row["undoAfterRow"],
                expectedAfterRow: afterRow)
            let workspaceId: Int64 = row["workspaceId"]
            let chunks = try Row.fetchAll(
                db,
                sql: """
                    SELECT firstRow, bytes FROM importBeforeValues WHERE importId = ? AND firstRow > ?
                    ORDER BY firstRow LIMIT ?
                    """,
                arguments: [importId, afterRow, max(1, limit / 100)])
            guard !chunks.isEmpty else { return nil }
            let statements = BatchStatements(db)
            var undo = UndoWrites(
                statements: statements, workspaceId: workspaceId, importId: importId, undoneBy: row["undoneBy"],
                now: now)
            var file: [UInt8] = []
            var summary = UndoSummary()
            var checkpoint = afterRow
            let firstRow: Int = chunks[0]["firstRow"]
            for chunk in chunks where summary.total < limit {
                for record in try UndoRecordCoding.decode([UInt8](chunk["bytes"] as Data)) {
                    let action = try undo.undo(record)
                    summary.add(action)
                    UndoFile.append(row: record.row, contactId: record.contactId, action: action, to: &file)
                }
                checkpoint = chunk["firstRow"]
            }
            try TagIndex.apply(statements, workspaceId: workspaceId, undo.tagIndex)
            try db.execute(
                sql: "INSERT INTO importUndoChunk (importId, firstRow, bytes) VALUES (?, ?, ?)",
                arguments: [importId, firstRow, Data(file)])
            try db.execute(
                sql: """
                    UPDATE import SET undoAfterRow = ?, undoDeleted = undoDeleted + ?,
                        undoRestored = undoRestored + ?, undoKeptChanged = undoKeptChanged + ?,
                        undoKeptDeleted = undoKeptDeleted + ?
                    WHERE id = ?
                    """,
                arguments: [
                    checkpoint, summary.deleted, summary.restored, summary.keptChanged, summary.keptDeleted,
                    importId,
                ])
            return UndoBatchResult(afterRow: checkpoint, summary: summary)
        }
    }

    public func completeUndo(importId: Int64, now: Date) async throws -> ImportRecord {
        try await pool.write { db in
            guard let state = try Self.state(db, importId: importId) else { throw ImportError.noSuchImport }
            try ImportLifecycle.finishUndo(state: state)
            try db.execute(
                sql: """
                    UPDATE import SET status = 'undone', undoneAt = ?, leaseOwner = NULL, leaseUntil = NULL
                    WHERE id = ?
                    """,
                arguments: [now.storedMillis, importId])
            try db.execute(
                sql: "INSERT INTO importUndoChunk (importId, firstRow, bytes) VALUES (?, 0, ?)",
                arguments: [importId, Data(UndoFile.header)])
            try db.execute(sql: "DELETE FROM importBeforeValues WHERE importId = ?", arguments: [importId])
            guard let record = try Self.fetchImport(db, id: importId) else { throw ImportError.noSuchImport }
            return record
        }
    }

    public func undoFile(importId: Int64) async throws -> [UInt8]? {
        try await pool.read { db in
            var file: [UInt8] = []
            let chunks = try Data.fetchCursor(
                db, sql: "SELECT bytes FROM importUndoChunk WHERE importId = ? ORDER BY firstRow",
                arguments: [importId])
            while let chunk = try chunks.next() { file.append(contentsOf: chunk) }
            return file.isEmpty ? nil : file
        }
    }

    public func undoRecordBytes(importId: Int64) async throws -> Int {
        try await pool.read { db in
            try Int.fetchOne(
                db, sql: "SELECT coalesce(sum(length(bytes)), 0) FROM importBeforeValues WHERE importId = ?",
                arguments: [importId]) ?? 0
        }
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
}

/// One undo batch's writes: each recorded contact decided (`UndoAction.decide`) from its version now, then deleted or
/// restored through statements prepared once per batch; the tag index follows.
private struct UndoWrites {
    let statements: BatchStatements
    let workspaceId: Int64
    let importId: Int64
    let undoneBy: Int64?
    let now: Date
    var tagIndex = TagIndexChange()

    init(statements: BatchStatements, workspaceId: Int64, importId: Int64, undoneBy: Int64?, now: Date) {
        self.statements = statements
        self.workspaceId = workspaceId
        self.importId = importId
        self.undoneBy = undoneBy
        self.now = now
    }

    mutating func undo(_ record: UndoRecord) throws -> UndoAction {
        let current = try statements.statement("undo: contact now") {
            "SELECT version, tags FROM contact WHERE id = ?1 AND workspaceId = ?2"
        }
        current.bind(1, record.contactId)
        current.bind(2, workspaceId)
        let now = try current.firstRow { (version: $0.int64(0), tags: $0.text(1) ?? "[]") }
        let action = UndoAction.decide(
            added: record.added, versionAfterImport: record.versionAfter, currentVersion: now?.version)
        switch action {
        case .deleted:
            // The contact_tags_delete trigger drops its tag index keys.
            let delete = try statements.statement("undo: delete") {
                "DELETE FROM contact WHERE id = ?1 AND workspaceId = ?2"
            }
            delete.bind(1, record.contactId)
            delete.bind(2, workspaceId)
            try delete.run()
        case .restored:
            guard let before = record.before, let tagsNow = now?.tags else { break }
            let restore = try statements.statement("undo: restore") {
                """
                UPDATE contact SET firstName = ?3, lastName = ?4, phone = ?5, email = ?6, emailHash = ?7,
                    language = ?8, country = ?9, custom = ?10, tags = ?11, updatedAt = ?12, version = version + 1
                WHERE id = ?1 AND workspaceId = ?2
                """
            }
            restore.bind(1, record.contactId)
            restore.bind(2, workspaceId)
            restore.bind(3, before.firstName)
            restore.bind(4, before.lastName)
            restore.bind(5, before.phone)
            restore.bind(6, before.email)
            restore.bind(7, before.email.map(EmailHash.of(email:)))
            restore.bind(8, before.language)
            restore.bind(9, before.country)
            restore.bind(10, before.custom)
            restore.bind(11, before.tags)
            restore.bind(12, self.now.storedMillis)
            try restore.run()
            let event = try statements.statement("undo: activity") {
                "INSERT INTO contactEvent (contactId, kind, at, userId, importId) VALUES (?1, 'undo_restored', ?2, ?3, ?4)"
            }
            event.bind(1, record.contactId)
            event.bind(2, self.now.storedMillis)
            event.bind(3, undoneBy)
            event.bind(4, importId)
            try event.run()
            if tagsNow != before.tags {
                tagIndex.contact(
                    record.contactId, from: try StoredJSON.decodeStrings(tagsNow),
                    to: try StoredJSON.decodeStrings(before.tags))
            }
        case .keptChanged, .keptDeleted:
            break
        }
        return action
    }
}

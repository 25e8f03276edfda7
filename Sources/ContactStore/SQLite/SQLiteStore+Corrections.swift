import Foundation
import GRDB
import ImportRules

/// Corrections of rows in review (SPEC §11).
extension SQLiteStore {
    public func rowCorrections(importId: Int64) async throws -> RowCorrections {
        try await pool.read { db in
            let rows = try Row.fetchCursor(
                db, sql: "SELECT rowNumber, columnIndex, value FROM importCorrection WHERE importId = ?",
                arguments: [importId])
            var stored: [(row: Int, column: Int, value: String)] = []
            while let row = try rows.next() { stored.append((row[0], row[1], row[2])) }
            return StoredCorrections.corrections(stored)
        }
    }

    public func saveCorrections(workspaceId: Int64, id: Int64, _ change: CorrectionsChange) async throws
        -> ImportRecord
    {
        let groupsJSON = try StoredImportJSON.encode(change.errorGroups)
        return try await pool.write { db in
            let record = try Self.requireImport(db, id: id, workspaceId: workspaceId)
            try ImportLifecycle.correct(record.lifecycle, now: change.now)
            guard record.reviewRevision == change.revision else { throw StoredCorrections.revisionMoved }
            let summary = change.summary
            try db.execute(
                sql: """
                    UPDATE import SET reviewRevision = reviewRevision + 1, reviewExpiresAt = ?, correctedRows = ?,
                        errorGroups = ?, imported = ?, updated = ?, skipped = ?, errors = ?, phonesNormalized = ?,
                        valuesReplaced = ?, valuesCleared = ?, tagsRemoved = ?
                    WHERE id = ?
                    """,
                arguments: [
                    change.expiresAt.storedMillis, change.correctedRows, groupsJSON, summary.imported, summary.updated,
                    summary.skipped, summary.errors, summary.phonesNormalized, summary.valuesReplaced,
                    summary.valuesCleared, summary.tagsRemoved, id,
                ])
            let upsert = try db.cachedStatement(
                sql: """
                    INSERT INTO importCorrection (importId, rowNumber, columnIndex, value) VALUES (?, ?, ?, ?)
                    ON CONFLICT (importId, rowNumber, columnIndex) DO UPDATE SET value = excluded.value
                    """)
            let unskip = try db.cachedStatement(
                sql: "DELETE FROM importCorrection WHERE importId = ? AND rowNumber = ? AND columnIndex = ?")
            for (row, cells) in change.cells {
                try unskip.execute(arguments: [id, row, StoredCorrections.skipMarker])
                for (column, text) in cells { try upsert.execute(arguments: [id, row, column, text]) }
            }
            for row in change.skipped { try upsert.execute(arguments: [id, row, StoredCorrections.skipMarker, ""]) }
            try db.execute(sql: "DELETE FROM importFile WHERE importId = ? AND kind = 'errors'", arguments: [id])
            return try Self.requireImport(db, id: id, workspaceId: workspaceId)
        }
    }
}

import Foundation
import ImportRules
import PostgresNIO

/// Corrections of rows in review (SPEC §11).
extension PostgresStore {
    public func rowCorrections(importId: Int64) async throws -> RowCorrections {
        var stored: [(row: Int, column: Int, value: String)] = []
        for row in try await rows(
            "SELECT row_number, column_index, value FROM import_correction WHERE import_id = \(importId)")
        {
            let (rowNumber, column, value) = try row.decode((Int, Int, String).self)
            stored.append((rowNumber, column, value))
        }
        return StoredCorrections.corrections(stored)
    }

    public func saveCorrections(workspaceId: Int64, id: Int64, _ change: CorrectionsChange) async throws
        -> ImportRecord
    {
        let groupsJSON = try StoredImportJSON.encode(change.errorGroups)
        // The cells as three parallel arrays: one statement writes them all through `unnest` (a bulk correction may
        // carry tens of thousands of cells).
        var (rowNumbers, columns, values) = ([Int](), [Int](), [String]())
        for (row, cells) in change.cells {
            for (column, text) in cells {
                rowNumbers.append(row)
                columns.append(column)
                values.append(text)
            }
        }
        let correctedRows = Array(change.cells.keys)
        let skipped = Array(Set(change.skipped))
        return try await transaction { connection in
            let record = try await lockedImport(connection, id: id, workspaceId: workspaceId)
            try ImportLifecycle.correct(record.lifecycle, now: change.now)
            guard record.reviewRevision == change.revision else { throw StoredCorrections.revisionMoved }
            let summary = change.summary
            try await connection.query(
                """
                UPDATE import SET review_revision = review_revision + 1,
                    review_expires_at = \(change.expiresAt.storedMillis), corrected_rows = \(change.correctedRows),
                    error_groups = \(groupsJSON), imported = \(summary.imported), updated = \(summary.updated),
                    skipped = \(summary.skipped), errors = \(summary.errors),
                    phones_normalized = \(summary.phonesNormalized), values_replaced = \(summary.valuesReplaced),
                    values_cleared = \(summary.valuesCleared), tags_removed = \(summary.tagsRemoved)
                WHERE id = \(id)
                """, logger: logger)
            if !correctedRows.isEmpty {
                // A row with a cell set is no longer skipped.
                try await connection.query(
                    """
                    DELETE FROM import_correction
                    WHERE import_id = \(id) AND column_index = \(StoredCorrections.skipMarker)
                        AND row_number = ANY(\(correctedRows)::int[])
                    """, logger: logger)
                try await connection.query(
                    """
                    INSERT INTO import_correction (import_id, row_number, column_index, value)
                    SELECT \(id), cell.row_number, cell.column_index, cell.value
                    FROM unnest(\(rowNumbers)::int[], \(columns)::int[], \(values)::text[])
                        AS cell(row_number, column_index, value)
                    ON CONFLICT (import_id, row_number, column_index) DO UPDATE SET value = excluded.value
                    """, logger: logger)
            }
            if !skipped.isEmpty {
                try await connection.query(
                    """
                    INSERT INTO import_correction (import_id, row_number, column_index, value)
                    SELECT \(id), skip.row_number, \(StoredCorrections.skipMarker), ''
                    FROM unnest(\(skipped)::int[]) AS skip(row_number)
                    ON CONFLICT (import_id, row_number, column_index) DO UPDATE SET value = excluded.value
                    """, logger: logger)
            }
            try await connection.query(
                "DELETE FROM import_file WHERE import_id = \(id) AND kind = 'errors'", logger: logger)
            return try await requireImport(connection, id: id, workspaceId: workspaceId)
        }
    }
}

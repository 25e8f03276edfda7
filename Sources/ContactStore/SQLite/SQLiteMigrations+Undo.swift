import Foundation
import GRDB

/// Undo of an import (SPEC §12), registered after the earlier migrations (append-only, in SQL).
extension SQLiteMigrations {
    static func registerUndo(_ migrator: inout DatabaseMigrator) {
        // GRDB runs a migration with foreign keys off and checks them at its end, so the import table can be
        // rebuilt (SQLite cannot change a CHECK in place) without its children's ON DELETE CASCADE firing.
        migrator.registerMigration("v13-undo") { db in
            // Every write of a contact moves its version on: "changed after the import" is an exact comparison.
            try db.execute(sql: "ALTER TABLE contact ADD COLUMN version INTEGER NOT NULL DEFAULT 1")
            // The import's statuses gain `undoing` and `undone`; the one job slot covers an undo too.
            guard
                let table = try String.fetchOne(
                    db, sql: "SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = 'import'")
            else { throw DatabaseError(message: "The import table is missing.") }
            let states = "'draft', 'review', 'processing', 'completed', 'failed', 'expired', 'canceled'"
            guard table.contains(states), let name = table.range(of: "CREATE TABLE import") else {
                throw DatabaseError(message: "The import table is not the one this migration knows.")
            }
            var rebuilt = table.replacingOccurrences(of: states, with: states + ", 'undoing', 'undone'")
            rebuilt.replaceSubrange(name, with: "CREATE TABLE import_rebuilt")
            let indexes = try String.fetchAll(
                db,
                sql: """
                    SELECT sql FROM sqlite_schema
                    WHERE type = 'index' AND tbl_name = 'import' AND sql IS NOT NULL AND name <> 'import_one_processing'
                    """)
            try db.execute(sql: rebuilt)
            try db.execute(sql: "INSERT INTO import_rebuilt SELECT * FROM import")
            try db.execute(sql: "DROP TABLE import")
            try db.execute(sql: "ALTER TABLE import_rebuilt RENAME TO import")
            for index in indexes { try db.execute(sql: index) }
            try db.execute(
                sql: """
                    CREATE UNIQUE INDEX import_one_processing ON import(workspaceId)
                        WHERE status IN ('processing', 'undoing');
                    -- What the job recorded for the undo: how many contacts it added or changed (-1: nothing recorded); the undo's
                    -- checkpoint (the first row of the last chunk of before-values undone) and its counts.
                    ALTER TABLE import ADD COLUMN undoRecords INTEGER NOT NULL DEFAULT 0;
                    -- Imports that ran before recorded nothing: -1, and they cannot be undone.
                    UPDATE import SET undoRecords = -1 WHERE status NOT IN ('draft', 'review');
                    ALTER TABLE import ADD COLUMN undoAfterRow INTEGER NOT NULL DEFAULT 0;
                    ALTER TABLE import ADD COLUMN undoDeleted INTEGER NOT NULL DEFAULT 0;
                    ALTER TABLE import ADD COLUMN undoRestored INTEGER NOT NULL DEFAULT 0;
                    ALTER TABLE import ADD COLUMN undoKeptChanged INTEGER NOT NULL DEFAULT 0;
                    ALTER TABLE import ADD COLUMN undoKeptDeleted INTEGER NOT NULL DEFAULT 0;
                    ALTER TABLE import ADD COLUMN undoneBy INTEGER REFERENCES user(id);
                    ALTER TABLE import ADD COLUMN undoStartedAt INTEGER;
                    ALTER TABLE import ADD COLUMN undoneAt INTEGER;
                    -- Each job chunk's contacts as they were just before it (UndoRecords), written with the chunk.
                    CREATE TABLE importBeforeValues (
                        id INTEGER PRIMARY KEY,
                        importId INTEGER NOT NULL REFERENCES import(id) ON DELETE CASCADE,
                        firstRow INTEGER NOT NULL,
                        bytes BLOB NOT NULL,
                        UNIQUE (importId, firstRow)
                    );
                    -- The undo file's rows, written with each undo batch's checkpoint (firstRow 0 is the header).
                    CREATE TABLE importUndoChunk (
                        id INTEGER PRIMARY KEY,
                        importId INTEGER NOT NULL REFERENCES import(id) ON DELETE CASCADE,
                        firstRow INTEGER NOT NULL,
                        bytes BLOB NOT NULL,
                        UNIQUE (importId, firstRow)
                    );
                    """)
        }
    }
}

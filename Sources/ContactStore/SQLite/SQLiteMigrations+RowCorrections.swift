import GRDB

/// Corrections of rows in review (SPEC §11), registered after the earlier migrations (append-only, in SQL).
extension SQLiteMigrations {
    static func registerRowCorrections(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v12-row-corrections") { db in
            try db.execute(
                sql: """
                    -- Moves on with every review and correction; how many rows are corrected; the review's groups of
                    -- rows in error (JSON).
                    ALTER TABLE import ADD COLUMN reviewRevision INTEGER NOT NULL DEFAULT 0;
                    ALTER TABLE import ADD COLUMN correctedRows INTEGER NOT NULL DEFAULT 0;
                    ALTER TABLE import ADD COLUMN errorGroups TEXT;
                    -- One row per corrected cell; columnIndex -1 marks a row skipped by the user.
                    CREATE TABLE importCorrection (
                        importId INTEGER NOT NULL REFERENCES import(id) ON DELETE CASCADE,
                        rowNumber INTEGER NOT NULL,
                        columnIndex INTEGER NOT NULL,
                        value TEXT NOT NULL,
                        PRIMARY KEY (importId, rowNumber, columnIndex)
                    ) WITHOUT ROWID;
                    """)
        }
    }
}

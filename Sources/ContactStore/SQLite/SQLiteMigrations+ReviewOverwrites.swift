import GRDB

/// What the review says an import will overwrite (SPEC §5.5), registered after the earlier migrations (append-only,
/// in SQL).
extension SQLiteMigrations {
    static func registerReviewOverwrites(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v14-review-overwrites") { db in
            try db.execute(
                sql: """
                    -- The review's counts of updated rows that replace or clear a stored value, or remove tags; the
                    -- job leaves them as the review counted them.
                    ALTER TABLE import ADD COLUMN valuesReplaced INTEGER NOT NULL DEFAULT 0;
                    ALTER TABLE import ADD COLUMN valuesCleared INTEGER NOT NULL DEFAULT 0;
                    ALTER TABLE import ADD COLUMN tagsRemoved INTEGER NOT NULL DEFAULT 0;
                    """)
        }
    }
}

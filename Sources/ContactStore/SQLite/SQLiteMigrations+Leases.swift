import GRDB

/// Job leases, registered after the earlier migrations (append-only, in SQL).
extension SQLiteMigrations {
    static func registerLeases(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v7-import-leases") { db in
            // The process running a processing import, and until when (ms since 1970): the same claim and renewal
            // as on PostgreSQL, so the job runner has one way of working on both engines.
            try db.execute(
                sql: """
                    ALTER TABLE import ADD COLUMN leaseOwner TEXT;
                    ALTER TABLE import ADD COLUMN leaseUntil INTEGER;
                    """)
        }
    }
}

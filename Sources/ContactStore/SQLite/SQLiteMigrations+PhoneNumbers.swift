import GRDB

/// Phone numbers in E.164 (SPEC §10): what an import was reviewed with, and the clean-up job of stored phones,
/// registered after the earlier migrations (append-only, in SQL).
extension SQLiteMigrations {
    static func registerPhoneNumbers(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v11-phone-numbers") { db in
            try db.execute(
                sql: """
                    -- The phone rule the review read ('e164:MY'; NULL is as given), which the job keeps to, and the
                    -- rows whose phone it rewrote.
                    ALTER TABLE import ADD COLUMN phoneNumbers TEXT;
                    ALTER TABLE import ADD COLUMN phonesNormalized INTEGER NOT NULL DEFAULT 0;
                    CREATE TABLE phoneNormalization (
                        id INTEGER PRIMARY KEY,
                        workspaceId INTEGER NOT NULL REFERENCES workspace(id) ON DELETE CASCADE,
                        startedBy INTEGER NOT NULL REFERENCES user(id),
                        defaultCountry TEXT NOT NULL,
                        status TEXT NOT NULL CHECK (status IN ('processing', 'completed', 'failed', 'expired')),
                        total INTEGER NOT NULL,
                        done INTEGER NOT NULL DEFAULT 0,
                        lastContactId INTEGER NOT NULL DEFAULT 0,
                        changed INTEGER NOT NULL DEFAULT 0,
                        unchanged INTEGER NOT NULL DEFAULT 0,
                        notValid INTEGER NOT NULL DEFAULT 0,
                        conflicts INTEGER NOT NULL DEFAULT 0,
                        failureMessage TEXT,
                        createdAt INTEGER NOT NULL,
                        completedAt INTEGER,
                        resultsAvailableUntil INTEGER,
                        leaseOwner TEXT,
                        leaseUntil INTEGER
                    );
                    CREATE INDEX phoneNormalization_workspace ON phoneNormalization(workspaceId, id);
                    CREATE UNIQUE INDEX phoneNormalization_one_processing ON phoneNormalization(workspaceId)
                        WHERE status = 'processing';
                    -- Each batch's rows of the results file, keyed by the batch's first contact id (0: the header).
                    CREATE TABLE phoneNormalizationChunk (
                        jobId INTEGER NOT NULL REFERENCES phoneNormalization(id) ON DELETE CASCADE,
                        firstContactId INTEGER NOT NULL,
                        bytes BLOB NOT NULL,
                        PRIMARY KEY (jobId, firstContactId)
                    ) WITHOUT ROWID;
                    """)
        }
    }
}

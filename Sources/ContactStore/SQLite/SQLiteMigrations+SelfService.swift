import GRDB

/// Workspace self-service (SPEC §13): settings, named API tokens, password-reset links and sign-in throttling,
/// registered after the earlier migrations (append-only, in SQL).
extension SQLiteMigrations {
    static func registerSelfService(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v10-workspace-self-service") { db in
            try db.execute(
                sql: """
                    ALTER TABLE workspace ADD COLUMN phoneNumbers TEXT NOT NULL DEFAULT 'asGiven'
                        CHECK (phoneNumbers IN ('asGiven', 'e164'));
                    ALTER TABLE workspace ADD COLUMN defaultCountry TEXT;
                    -- Tokens made on the command line have no name.
                    ALTER TABLE apiToken ADD COLUMN name TEXT;
                    CREATE INDEX apiToken_user ON apiToken(userId);
                    -- A one-time link: only the SHA-256 of its code is kept.
                    CREATE TABLE passwordReset (
                        codeHash BLOB NOT NULL PRIMARY KEY,
                        userId INTEGER NOT NULL REFERENCES user(id) ON DELETE CASCADE,
                        createdBy INTEGER REFERENCES user(id) ON DELETE SET NULL,
                        createdAt INTEGER NOT NULL,
                        expiresAt INTEGER NOT NULL,
                        usedAt INTEGER
                    );
                    CREATE INDEX passwordReset_user ON passwordReset(userId);
                    -- Failed sign-ins per key: 'email:<address>' or 'address:<client address>'.
                    CREATE TABLE signInThrottle (
                        key TEXT NOT NULL PRIMARY KEY,
                        failures INTEGER NOT NULL,
                        windowStart INTEGER NOT NULL,
                        lockouts INTEGER NOT NULL,
                        lockedUntil INTEGER,
                        updatedAt INTEGER NOT NULL
                    );
                    CREATE INDEX signInThrottle_updated ON signInThrottle(updatedAt);
                    """)
        }
    }
}

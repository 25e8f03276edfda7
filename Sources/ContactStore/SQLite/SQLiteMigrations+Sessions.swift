import GRDB

/// The web UI's sign-in sessions, registered after the original migrations (append-only, in SQL).
extension SQLiteMigrations {
    static func registerWebSessions(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v4-web-sessions") { db in
            try db.execute(
                sql: """
                    -- A browser session: only the SHA-256 of its 256-bit id is kept, so a copy of the
                    -- database cannot be used to sign in. The CSRF token is sent back by the page's script.
                    CREATE TABLE webSession (
                        idHash BLOB NOT NULL PRIMARY KEY,
                        userId INTEGER NOT NULL REFERENCES user(id) ON DELETE CASCADE,
                        csrfToken TEXT NOT NULL,
                        createdAt INTEGER NOT NULL,
                        expiresAt INTEGER NOT NULL
                    );
                    CREATE INDEX webSession_user ON webSession(userId);
                    CREATE INDEX webSession_expiry ON webSession(expiresAt);
                    """)
        }
    }
}

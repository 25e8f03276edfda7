import GRDB

/// Contact Activity (SPEC §14), registered after the earlier migrations (append-only, in SQL).
extension SQLiteMigrations {
    static func registerContactActivity(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v15-contact-activity") { db in
            try db.execute(
                sql: """
                    -- Each contact an import added (added = 1) or changed, written with the job's batch: one small
                    -- row keyed by the contact, so a contact's history is a range read.
                    CREATE TABLE contactImport (
                        contactId INTEGER NOT NULL REFERENCES contact(id) ON DELETE CASCADE,
                        importId INTEGER NOT NULL,
                        added INTEGER NOT NULL,
                        PRIMARY KEY (contactId, importId)
                    ) WITHOUT ROWID;
                    -- Everything else that happened to a contact: added or edited by a person or the API, merged
                    -- (details: the merged contacts as JSON), restored by an import's undo (importId).
                    CREATE TABLE contactEvent (
                        id INTEGER PRIMARY KEY,
                        contactId INTEGER NOT NULL REFERENCES contact(id) ON DELETE CASCADE,
                        kind TEXT NOT NULL,
                        at INTEGER NOT NULL,
                        userId INTEGER REFERENCES user(id) ON DELETE SET NULL,
                        importId INTEGER,
                        details TEXT
                    );
                    CREATE INDEX contactEvent_contact ON contactEvent(contactId, id);
                    """)
        }
    }
}

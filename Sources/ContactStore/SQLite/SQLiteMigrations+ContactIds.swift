import GRDB

/// Contact IDs are never given twice.
///
/// Without AUTOINCREMENT SQLite gives a new row the largest id plus one, so deleting the newest contact and adding
/// another handed its id out again: a file naming that Contact ID would then update a different person. The table is
/// rebuilt with AUTOINCREMENT (ids only ever grow, as PostgreSQL's identity column), keeping every id.
extension SQLiteMigrations {
    static func registerContactIdsNeverReused(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v8-contact-ids-never-reused") { db in
            try db.execute(
                sql: """
                    CREATE TABLE contactRebuilt (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        workspaceId INTEGER NOT NULL REFERENCES workspace(id) ON DELETE CASCADE,
                        firstName TEXT NOT NULL CHECK (firstName <> ''),
                        lastName TEXT,
                        phone TEXT,
                        email TEXT,
                        emailKey TEXT,
                        language TEXT,
                        country TEXT,
                        custom TEXT,
                        createdAt INTEGER NOT NULL,
                        updatedAt INTEGER NOT NULL,
                        tags TEXT NOT NULL DEFAULT '[]'
                    );
                    INSERT INTO contactRebuilt (id, workspaceId, firstName, lastName, phone, email, emailKey, language,
                                                country, custom, createdAt, updatedAt, tags)
                        SELECT id, workspaceId, firstName, lastName, phone, email, emailKey, language, country, custom,
                               createdAt, updatedAt, tags FROM contact ORDER BY id;
                    DROP TABLE contact;
                    ALTER TABLE contactRebuilt RENAME TO contact;
                    CREATE INDEX contact_workspace ON contact(workspaceId, id);
                    CREATE INDEX contact_phone ON contact(workspaceId, phone);
                    CREATE INDEX contact_email ON contact(workspaceId, emailKey);
                    CREATE TRIGGER contact_tags_delete AFTER DELETE ON contact WHEN old.tags <> '[]' BEGIN
                        DELETE FROM contactTag WHERE workspaceId = old.workspaceId AND contactId = old.id
                            AND tag IN (SELECT value FROM json_each(old.tags));
                    END;
                    """)
        }
    }
}

import GRDB

/// Contacts are found by email through a 64-bit hash of the email's match key (`EmailHash`) instead of the key's
/// text: the table is rebuilt with `emailHash` in place of `emailKey` (packed again, as adding and dropping a column
/// in place would leave it a sixth larger), and the email index holds the hash of contacts that have an email only.
/// The AUTOINCREMENT high-water mark is carried over, so an id deleted before the upgrade is still never reused.
extension SQLiteMigrations {
    static func registerEmailHash(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v9-email-hash") { db in
            let hash = DatabaseFunction("contactImportEmailHash", argumentCount: 1, pure: true) { values in
                String.fromDatabaseValue(values[0]).map { EmailHash.of(matchKey: $0) }
            }
            db.add(function: hash)
            defer { db.remove(function: hash) }
            let highWater = try Int64.fetchOne(db, sql: "SELECT seq FROM sqlite_sequence WHERE name = 'contact'") ?? 0
            try db.execute(
                sql: """
                    CREATE TABLE contactRebuilt (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        workspaceId INTEGER NOT NULL REFERENCES workspace(id) ON DELETE CASCADE,
                        firstName TEXT NOT NULL CHECK (firstName <> ''),
                        lastName TEXT,
                        phone TEXT,
                        email TEXT,
                        emailHash INTEGER,
                        language TEXT,
                        country TEXT,
                        custom TEXT,
                        createdAt INTEGER NOT NULL,
                        updatedAt INTEGER NOT NULL,
                        tags TEXT NOT NULL DEFAULT '[]'
                    );
                    INSERT INTO contactRebuilt (id, workspaceId, firstName, lastName, phone, email, emailHash, language,
                                                country, custom, createdAt, updatedAt, tags)
                        SELECT id, workspaceId, firstName, lastName, phone, email, contactImportEmailHash(emailKey),
                               language, country, custom, createdAt, updatedAt, tags FROM contact ORDER BY id;
                    DROP TABLE contact;
                    ALTER TABLE contactRebuilt RENAME TO contact;
                    DELETE FROM sqlite_sequence WHERE name = 'contact';
                    INSERT INTO sqlite_sequence (name, seq) VALUES ('contact', max(?, (SELECT coalesce(max(id), 0) FROM contact)));
                    CREATE INDEX contact_workspace ON contact(workspaceId, id);
                    CREATE INDEX contact_phone ON contact(workspaceId, phone);
                    CREATE INDEX contact_email ON contact(workspaceId, emailHash) WHERE emailHash IS NOT NULL;
                    CREATE TRIGGER contact_tags_delete AFTER DELETE ON contact WHEN old.tags <> '[]' BEGIN
                        DELETE FROM contactTag WHERE workspaceId = old.workspaceId AND contactId = old.id
                            AND tag IN (SELECT value FROM json_each(old.tags));
                    END;
                    """,
                arguments: [highWater])
        }
    }
}

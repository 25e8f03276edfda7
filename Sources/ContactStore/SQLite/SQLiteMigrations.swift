import GRDB

/// Versioned, append-only migrations for the SQLite store, written in SQL.
/// Never edit a registered migration: add a new one.
enum SQLiteMigrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-accounts-contacts-fields") { db in
            try db.execute(
                sql: """
                    CREATE TABLE workspace (
                        id INTEGER PRIMARY KEY,
                        name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
                        timeZone TEXT NOT NULL DEFAULT 'UTC',
                        createdAt INTEGER NOT NULL
                    );
                    CREATE TABLE user (
                        id INTEGER PRIMARY KEY,
                        email TEXT NOT NULL,
                        emailKey TEXT NOT NULL UNIQUE,
                        passwordHash TEXT,
                        createdAt INTEGER NOT NULL
                    );
                    CREATE TABLE membership (
                        workspaceId INTEGER NOT NULL REFERENCES workspace(id) ON DELETE CASCADE,
                        userId INTEGER NOT NULL REFERENCES user(id) ON DELETE CASCADE,
                        role TEXT NOT NULL CHECK (role IN ('owner', 'manager', 'agent')),
                        PRIMARY KEY (workspaceId, userId)
                    );
                    CREATE INDEX membership_user ON membership(userId);
                    CREATE TABLE apiToken (
                        id INTEGER PRIMARY KEY,
                        userId INTEGER NOT NULL REFERENCES user(id) ON DELETE CASCADE,
                        secretHash BLOB NOT NULL,
                        createdAt INTEGER NOT NULL
                    );
                    CREATE TABLE customField (
                        workspaceId INTEGER NOT NULL REFERENCES workspace(id) ON DELETE CASCADE,
                        fieldId TEXT NOT NULL,
                        name TEXT NOT NULL,
                        nameKey TEXT NOT NULL,
                        type TEXT NOT NULL
                            CHECK (type IN ('text', 'list', 'checkbox', 'email', 'number', 'url', 'date', 'time')),
                        options TEXT NOT NULL DEFAULT '[]',
                        position INTEGER NOT NULL,
                        PRIMARY KEY (workspaceId, fieldId),
                        UNIQUE (workspaceId, nameKey)
                    );
                    -- Two contacts may share a phone or email (Add All creates such duplicates): no unique index.
                    CREATE TABLE contact (
                        id INTEGER PRIMARY KEY,
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
                        updatedAt INTEGER NOT NULL
                    );
                    CREATE INDEX contact_workspace ON contact(workspaceId, id);
                    CREATE INDEX contact_phone ON contact(workspaceId, phone);
                    CREATE INDEX contact_email ON contact(workspaceId, emailKey);
                    CREATE TABLE contactTag (
                        contactId INTEGER NOT NULL REFERENCES contact(id) ON DELETE CASCADE,
                        workspaceId INTEGER NOT NULL,
                        tag TEXT NOT NULL,
                        position INTEGER NOT NULL,
                        PRIMARY KEY (contactId, tag)
                    ) WITHOUT ROWID;
                    CREATE INDEX contactTag_tag ON contactTag(workspaceId, tag, contactId);
                    CREATE TABLE notification (
                        id INTEGER PRIMARY KEY,
                        userId INTEGER NOT NULL REFERENCES user(id) ON DELETE CASCADE,
                        workspaceId INTEGER NOT NULL REFERENCES workspace(id) ON DELETE CASCADE,
                        kind TEXT NOT NULL,
                        message TEXT NOT NULL,
                        link TEXT,
                        createdAt INTEGER NOT NULL,
                        read INTEGER NOT NULL DEFAULT 0
                    );
                    CREATE INDEX notification_user ON notification(userId, id);
                    """)
        }
        migrator.registerMigration("v2-imports") { db in
            try db.execute(
                sql: """
                    CREATE TABLE import (
                        id INTEGER PRIMARY KEY,
                        workspaceId INTEGER NOT NULL REFERENCES workspace(id) ON DELETE CASCADE,
                        uploadedBy INTEGER NOT NULL REFERENCES user(id),
                        fileName TEXT NOT NULL,
                        status TEXT NOT NULL
                            CHECK (status IN ('draft', 'review', 'processing', 'completed', 'failed', 'expired', 'canceled')),
                        canceledReason TEXT,
                        rowCount INTEGER NOT NULL,
                        encoding TEXT NOT NULL,
                        delimiter TEXT NOT NULL,
                        columns TEXT NOT NULL,
                        config TEXT NOT NULL,
                        imported INTEGER NOT NULL DEFAULT 0,
                        updated INTEGER NOT NULL DEFAULT 0,
                        skipped INTEGER NOT NULL DEFAULT 0,
                        errors INTEGER NOT NULL DEFAULT 0,
                        progressDone INTEGER NOT NULL DEFAULT 0,
                        tagsAdded TEXT NOT NULL DEFAULT '[]',
                        failureMessage TEXT,
                        reviewExpiresAt INTEGER,
                        createdAt INTEGER NOT NULL,
                        startedAt INTEGER,
                        completedAt INTEGER,
                        resultsAvailableUntil INTEGER
                    );
                    CREATE INDEX import_workspace ON import(workspaceId, id);
                    CREATE INDEX import_status ON import(status);
                    -- SPEC §7: one import in progress per workspace, enforced by the database itself.
                    CREATE UNIQUE INDEX import_one_processing ON import(workspaceId) WHERE status = 'processing';
                    CREATE TABLE importFile (
                        importId INTEGER NOT NULL REFERENCES import(id) ON DELETE CASCADE,
                        kind TEXT NOT NULL CHECK (kind IN ('upload', 'errors', 'results')),
                        bytes BLOB NOT NULL,
                        PRIMARY KEY (importId, kind)
                    );
                    CREATE TABLE importRowResult (
                        importId INTEGER NOT NULL REFERENCES import(id) ON DELETE CASCADE,
                        rowNumber INTEGER NOT NULL,
                        status TEXT NOT NULL,
                        errors TEXT,
                        PRIMARY KEY (importId, rowNumber)
                    ) WITHOUT ROWID;
                    """)
        }
        migrator.registerMigration("v3-import-result-chunks") { db in
            // The job keeps each batch's rows of the results file, rendered, with the batch's checkpoint
            // (one row per batch instead of one per CSV row); completing the import joins them.
            try db.execute(
                sql: """
                    DROP TABLE importRowResult;
                    CREATE TABLE importResultChunk (
                        id INTEGER PRIMARY KEY,
                        importId INTEGER NOT NULL REFERENCES import(id) ON DELETE CASCADE,
                        firstRow INTEGER NOT NULL,
                        bytes BLOB NOT NULL,
                        UNIQUE (importId, firstRow)
                    );
                    """)
        }
        registerWebSessions(&migrator)
        migrator.registerMigration("v5-tags-on-contacts") { db in
            // A contact's tags live on its row (a JSON array, in order); `contactTag` is only the index for the
            // tag filter and tag lookups: one B-tree keyed (workspaceId, tag, contactId), kept in step by
            // triggers, so no code path can forget it. Writing a contact is one statement instead of one per tag.
            try db.execute(
                sql: """
                    ALTER TABLE contact ADD COLUMN tags TEXT NOT NULL DEFAULT '[]';
                    UPDATE contact SET tags = (
                        SELECT json_group_array(tag) FROM (
                            SELECT tag FROM contactTag WHERE contactId = contact.id ORDER BY position))
                    WHERE id IN (SELECT contactId FROM contactTag);
                    DROP TABLE contactTag;
                    CREATE TABLE contactTag (
                        workspaceId INTEGER NOT NULL,
                        tag TEXT NOT NULL,
                        contactId INTEGER NOT NULL,
                        PRIMARY KEY (workspaceId, tag, contactId)
                    ) WITHOUT ROWID;
                    INSERT INTO contactTag (workspaceId, tag, contactId)
                        SELECT contact.workspaceId, tags.value, contact.id FROM contact, json_each(contact.tags) AS tags;
                    CREATE TRIGGER contact_tags_insert AFTER INSERT ON contact WHEN new.tags <> '[]' BEGIN
                        INSERT OR IGNORE INTO contactTag (workspaceId, tag, contactId)
                            SELECT new.workspaceId, value, new.id FROM json_each(new.tags);
                    END;
                    CREATE TRIGGER contact_tags_update AFTER UPDATE OF tags ON contact BEGIN
                        DELETE FROM contactTag WHERE workspaceId = old.workspaceId AND contactId = old.id
                            AND tag IN (SELECT value FROM json_each(old.tags)
                                        EXCEPT SELECT value FROM json_each(new.tags));
                        INSERT OR IGNORE INTO contactTag (workspaceId, tag, contactId)
                            SELECT new.workspaceId, value, new.id FROM json_each(new.tags);
                    END;
                    CREATE TRIGGER contact_tags_delete AFTER DELETE ON contact WHEN old.tags <> '[]' BEGIN
                        DELETE FROM contactTag WHERE workspaceId = old.workspaceId AND contactId = old.id
                            AND tag IN (SELECT value FROM json_each(old.tags));
                    END;
                    """)
        }
        registerTagIndexKeptByStore(&migrator)
        registerLeases(&migrator)
        registerContactIdsNeverReused(&migrator)
        registerEmailHash(&migrator)
        registerSelfService(&migrator)
        registerPhoneNumbers(&migrator)
        registerRowCorrections(&migrator)
        registerUndo(&migrator)
        registerReviewOverwrites(&migrator)
        registerContactActivity(&migrator)
        return migrator
    }
}

import GRDB

/// Since v6 the store's own writes keep the tag index (`contactTag`) in step with `contact.tags`, instead of the
/// insert and update triggers of v5. A write with a trigger needs a statement journal, which copies every page the
/// statement touches (both identifier indexes, the table) before changing it: the two triggers cost a 200,000-row
/// import about 7 s of its 20 (docs/PERFORMANCE.md). The delete trigger stays: deletes are rare and single.
extension SQLiteMigrations {
    static func registerTagIndexKeptByStore(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v6-tag-index-kept-by-store") { db in
            try db.execute(
                sql: """
                    DROP TRIGGER contact_tags_insert;
                    DROP TRIGGER contact_tags_update;
                    """)
        }
    }
}

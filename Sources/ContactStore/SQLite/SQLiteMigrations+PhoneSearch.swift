import GRDB

/// A search that starts with "+" and digits ("+6598568") is answered from indexes (`ContactSearch`).
///
/// A search finds its text anywhere in the name, phone or email. Such a text can only be found where a "+" followed
/// by a digit is: at the start of a phone (`contact_phone`), or in the rare contact with such a "+" elsewhere
/// (`contact_plus`, a partial index). Searches by phone prefix on 1,000,000 contacts went from about a second to
/// under 2 ms (docs/PERFORMANCE.md). A contact without such a "+" has no entry; its writes only evaluate the test.
extension SQLiteMigrations {
    static func registerPhoneSearch(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v9-search-by-phone-prefix") { db in
            try db.execute(sql: "CREATE INDEX contact_plus ON contact(workspaceId, id) WHERE \(ContactSearch.hasOtherPlus)")
        }
    }
}

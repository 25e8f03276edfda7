import ContactModel

/// The SQLite store finds contacts by email through a 64-bit hash of the email's match key
/// (`ValueRule.emailMatchKey`), not the key's text: column `contact.emailHash`, index `contact_email`.
///
/// Every import of new contacts inserts into the email index at random places, so nearly every page of it is
/// written in every batch and must stay in the writer's cache. Keyed by the text (20 bytes on average) the index of
/// 1,000,000 contacts was 6,658 pages (26 MB); by an 8-byte hash, of contacts that have an email only, it is about
/// half that, and the table lost the key's text too. Lookups confirm the email itself: two keys with the same hash
/// are told apart, never confused (migration v9, docs/PERFORMANCE.md).
enum EmailHash {
    /// FNV-1a (64-bit) of the match key's UTF-8, as SQLite's signed integer.
    static func of(matchKey: String) -> Int64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in matchKey.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        return Int64(bitPattern: hash)
    }

    /// The hash of `email`'s match key.
    static func of(email: String) -> Int64 { of(matchKey: ValueRule.emailMatchKey(email)) }
}

import ContactModel
import Foundation

/// What Merge Suggestions groups contacts by (SPEC §14): the same phone (identical text; under the E.164 setting
/// phones are stored as E.164, so the same number) or the same email ignoring case.
public enum DuplicateKey: String, Sendable, CaseIterable {
    case phone, email
}

/// Contacts sharing one phone or email.
public struct DuplicateGroup: Sendable, Equatable {
    /// The shared phone, or the email's match key (lower case).
    public var key: String
    /// How many contacts share it; `contacts` holds at most `DuplicatePage.contactsPerGroup` of them, oldest first.
    public var size: Int
    public var contacts: [Contact]

    public init(key: String, size: Int, contacts: [Contact]) {
        self.key = key
        self.size = size
        self.contacts = contacts
    }
}

/// A page of duplicate groups, in key order. A page reads a bounded slice of the index (`DuplicatePage.scanLimit`
/// entries), so it may hold fewer groups than asked for, even none, while `nextCursor` says there is more to read.
public struct DuplicatePage: Sendable {
    public var groups: [DuplicateGroup]
    public var nextCursor: String?

    public init(groups: [DuplicateGroup], nextCursor: String?) {
        self.groups = groups
        self.nextCursor = nextCursor
    }

    /// Index entries one page reads at most: its time stays bounded however few duplicates the workspace has.
    public static let scanLimit = 20_000
    /// Contacts shown per group at most (a group of thousands, from an "Add All" import of one phone, stays a page).
    public static let contactsPerGroup = 50
}

/// The keyset cursor of duplicate pages: the last key a page finished ("p…" for phones, "e…" for emails; SQLite
/// pages emails by their hash, PostgreSQL by their match key).
enum DuplicateCursor {
    static func encode(_ key: String) -> String { "k" + key }

    static func decode(_ cursor: String?) throws -> String? {
        guard let cursor, !cursor.isEmpty else { return nil }
        // Keys are phones and emails: never a control character (which PostgreSQL's text would refuse).
        guard cursor.hasPrefix("k"), !cursor.unicodeScalars.contains(where: { $0.value < 0x20 }) else {
            throw StoreError(.invalidInput, "The cursor is not one this server returned.")
        }
        return String(cursor.dropFirst())
    }
}

/// Runs of equal keys in a key-ordered slice of an index: which keys are shared, and where a page stops.
struct DuplicateScan<Key: Comparable> {
    var shared: [(key: Key, count: Int)] = []
    /// The last key whose run is complete: the next page starts after it.
    var lastComplete: Key?
    private var current: Key?
    private var run = 0

    /// Reads keys in index order from `next`, at most `slice` of them, until `limit` shared keys are complete. `end`
    /// when the index has no more keys past the scan (the next page's cursor is then nil).
    static func run(limit: Int, slice: Int = DuplicatePage.scanLimit, next: () throws -> Key?) rethrows
        -> (scan: DuplicateScan, end: Bool)
    {
        var scan = DuplicateScan()
        var read = 0
        var stopped = false
        while read < slice, let key = try next() {
            read += 1
            if !scan.add(key, limit: limit) {
                stopped = true
                break
            }
        }
        let end = !stopped && read < slice
        // A slice that is one run of a single key: that run is a group (its contacts are read by key).
        scan.finish(complete: end || (!stopped && scan.lastComplete == nil))
        return (scan, end)
    }

    /// Adds the next key of the slice; false once `limit` shared keys are complete (the key is not consumed).
    mutating func add(_ key: Key, limit: Int) -> Bool {
        if key == current {
            run += 1
            return true
        }
        finishRun()
        if shared.count >= limit { return false }
        current = key
        run = 1
        return true
    }

    /// Ends the scan. With `complete`, the slice reached the end of the index, so its last run is whole.
    mutating func finish(complete: Bool) {
        if complete { finishRun() }
    }

    private mutating func finishRun() {
        guard let key = current else { return }
        if run > 1 { shared.append((key, run)) }
        lastComplete = key
        current = nil
        run = 0
    }
}

/// What a write does to the tag index, as (tag, contact id) keys of one workspace to drop and to add: the same
/// reckoning for both engines (`TagIndex` on SQLite, `PostgresStore.applyTagIndex`).
struct TagIndexChange {
    var removed: [(tag: String, contactId: Int64)] = []
    var added: [(tag: String, contactId: Int64)] = []

    /// What changes for one contact whose tags go from `old` to `new`.
    mutating func contact(_ id: Int64, from old: [String], to new: [String]) {
        guard old != new else { return }
        let oldSet = Set(old)
        let newSet = Set(new)
        for tag in oldSet where !newSet.contains(tag) { removed.append((tag, id)) }
        for tag in newSet where !oldSet.contains(tag) { added.append((tag, id)) }
    }
}

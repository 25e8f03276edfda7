/// The rows of a file that have each identifier value: the duplicate scan of SPEC §5.2 kept up to date while rows are
/// corrected in review (SPEC §11), so that fixing one of two duplicate rows clears the other one too.
///
/// Feed it every row's value in file order (`add`); then move rows with `setKey`.
public struct IdentifierIndex: Sendable {
    /// The first row (in file order) of each value.
    private var first: [IdentifierKey: Int] = [:]
    /// Every row, in file order, of each value that two or more rows share.
    private var shared: [IdentifierKey: [Int]] = [:]

    /// An index with room for `expectedRows` values.
    public init(expectedRows: Int = 0) {
        first.reserveCapacity(expectedRows)
    }

    /// Records that row `row`, after every row added so far, has identifier value `key` (nil: none).
    public mutating func add(_ key: IdentifierKey?, row: Int) {
        guard let key else { return }
        // One hash lookup for a value seen for the first time.
        if let earlier = first.updateValue(row, forKey: key) {
            first[key] = earlier
            shared[key, default: [earlier]].append(row)
        }
    }

    /// Every value shared by several rows, as the rules decide with it.
    public var duplicates: DuplicateIdentifiers {
        DuplicateIdentifiers(groups: shared.mapValues { DuplicateGroup(sharing: $0) })
    }

    /// The groups of `values` only: enough to decide rows that have one of them.
    public func duplicates(of values: some Sequence<IdentifierKey>) -> DuplicateIdentifiers {
        var groups: [IdentifierKey: DuplicateGroup] = [:]
        for key in values { if let rows = shared[key] { groups[key] = DuplicateGroup(sharing: rows) } }
        return DuplicateIdentifiers(groups: groups)
    }

    /// The rows with identifier value `key`, in file order.
    public func rows(with key: IdentifierKey) -> [Int] {
        shared[key] ?? first[key].map { [$0] } ?? []
    }

    /// Moves row `row` from value `old` to value `new`. Returns the values whose rows changed, whose other rows must
    /// be decided again.
    public mutating func setKey(_ new: IdentifierKey?, ofRow row: Int, was old: IdentifierKey?) -> [IdentifierKey] {
        guard old != new else { return [] }
        var touched: [IdentifierKey] = []
        if let old {
            touched.append(old)
            if var rows = shared[old], let at = rows.firstIndex(of: row) {
                rows.remove(at: at)
                shared[old] = rows.count > 1 ? rows : nil
                first[old] = rows[0]
            } else if first[old] == row {
                first[old] = nil
            }
        }
        if let new {
            touched.append(new)
            if var rows = shared[new] {
                rows.insert(row, at: rows.firstIndex { $0 > row } ?? rows.count)
                shared[new] = rows
                first[new] = rows[0]
            } else if let earlier = first[new] {
                shared[new] = earlier < row ? [earlier, row] : [row, earlier]
                first[new] = min(earlier, row)
            } else {
                first[new] = row
            }
        }
        return touched
    }
}

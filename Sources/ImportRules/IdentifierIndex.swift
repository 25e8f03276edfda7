/// Every row's identifier value, and the rows that share one: the duplicate scan of SPEC §5.2 kept up to date while
/// rows are corrected in review (SPEC §11), so that fixing one of two duplicate rows clears the other one too.
public struct IdentifierIndex: Sendable {
    /// Each row's identifier value (index: row number − 1); `nil` when empty, broken, or the row is skipped.
    private var keys: [IdentifierKey?]
    /// The row of each value that only one row has.
    private var single: [IdentifierKey: Int]
    /// Every row, in file order, of each value that two or more rows share.
    private var shared: [IdentifierKey: [Int]]

    /// The index of a file whose row `n` has identifier value `keys[n - 1]`.
    public init(keys: [IdentifierKey?]) {
        self.keys = keys
        var single: [IdentifierKey: Int] = [:]
        single.reserveCapacity(keys.count)
        var shared: [IdentifierKey: [Int]] = [:]
        for (index, key) in keys.enumerated() {
            guard let key else { continue }
            let row = index + 1
            if let first = single.removeValue(forKey: key) {
                shared[key] = [first, row]
            } else if shared[key] != nil {
                shared[key]!.append(row)
            } else {
                single[key] = row
            }
        }
        self.single = single
        self.shared = shared
    }

    /// The identifier value of row `row`.
    public func key(ofRow row: Int) -> IdentifierKey? { keys[row - 1] }

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
        if let row = single[key] { return [row] }
        return shared[key] ?? []
    }

    /// Gives row `row` the identifier value `key`. Returns the values whose rows changed (the old and the new one), whose
    /// other rows must be decided again.
    public mutating func setKey(_ key: IdentifierKey?, ofRow row: Int) -> [IdentifierKey] {
        let old = keys[row - 1]
        guard old != key else { return [] }
        keys[row - 1] = key
        var touched: [IdentifierKey] = []
        if let old {
            touched.append(old)
            if single[old] == row {
                single[old] = nil
            } else if var rows = shared[old], let at = rows.firstIndex(of: row) {
                rows.remove(at: at)
                if rows.count == 1 {
                    shared[old] = nil
                    single[old] = rows[0]
                } else {
                    shared[old] = rows
                }
            }
        }
        if let key {
            touched.append(key)
            if let first = single.removeValue(forKey: key) {
                shared[key] = first < row ? [first, row] : [row, first]
            } else if var rows = shared[key] {
                let at = rows.firstIndex { $0 > row } ?? rows.count
                rows.insert(row, at: at)
                shared[key] = rows
            } else {
                single[key] = row
            }
        }
        return touched
    }
}

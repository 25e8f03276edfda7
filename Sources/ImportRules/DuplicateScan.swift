/// The first pass over the whole file: finds identifier values that two or more rows share (SPEC §5.2).
///
/// Feed every data row in order, then call `finish()`. It is an `IdentifierIndex` read once: the review keeps the
/// index itself, to move rows when they are corrected.
public struct DuplicateScan: Sendable {
    private let plan: ImportPlan?
    private var index: IdentifierIndex

    /// A scan for `plan`'s identifier; `expectedRows` reserves room up front when the row count is known.
    public init(plan: ImportPlan, expectedRows: Int = 0) {
        self.plan = plan
        index = IdentifierIndex(expectedRows: plan.configuration.purpose.matchesExisting ? expectedRows : 0)
    }

    /// A scan fed with keys directly, through `add(_:rowNumber:)`.
    public init() {
        plan = nil
        index = IdentifierIndex()
    }

    /// Records a row of the file.
    public mutating func add(_ row: ImportRow) {
        guard let plan else { return }
        add(plan.identifierKey(of: row), rowNumber: row.number)
    }

    /// Records that row `rowNumber` has identifier value `key` (`nil`: empty or broken, never a duplicate).
    public mutating func add(_ key: IdentifierKey?, rowNumber: Int) {
        index.add(key, row: rowNumber)
    }

    /// The identifier values shared by two or more rows.
    public func finish() -> DuplicateIdentifiers {
        index.duplicates
    }
}

/// The rows that share one identifier value.
public struct DuplicateGroup: Sendable, Equatable {
    /// At most this many row numbers are kept and named in the message.
    public static let listedRows = 10

    /// The first `listedRows` row numbers, in file order.
    public private(set) var rows: [Int]
    /// How many rows share the value.
    public private(set) var count: Int

    /// The group of all `sharing` rows, in file order.
    init(sharing: [Int]) {
        rows = Array(sharing.prefix(Self.listedRows))
        count = sharing.count
    }

    /// "duplicate identifier in file, rows 3, 17" — with "and N more" past `listedRows` rows.
    public var message: String {
        var text = "duplicate identifier in file, rows " + rows.map(String.init).joined(separator: ", ")
        if count > rows.count { text += " and \(count - rows.count) more" }
        return text
    }
}

/// The result of the first pass: identifier values shared by several rows of the file.
public struct DuplicateIdentifiers: Sendable, Equatable {
    private var groups: [IdentifierKey: DuplicateGroup]

    init(groups: [IdentifierKey: DuplicateGroup]) {
        self.groups = groups
    }

    /// No duplicates (for example for `addAll`).
    public static let none = DuplicateIdentifiers(groups: [:])

    /// How many identifier values are shared.
    public var count: Int { groups.count }

    /// Whether several rows share `key`.
    public func contains(_ key: IdentifierKey) -> Bool { groups[key] != nil }

    /// The rows sharing `key`, or `nil` when only one row has it.
    public func group(for key: IdentifierKey) -> DuplicateGroup? { groups[key] }
}

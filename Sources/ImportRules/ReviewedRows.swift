import ContactModel

/// The review's decision for every row of a file, kept while the import is in review so that its rows can be
/// corrected one at a time or in bulk (SPEC §11). A correction decides the row again by the same rules, and with it
/// every row whose identifier value it leaves or joins: the duplicate scan stays true over the whole file. The four
/// counts and the groups of rows in error follow.
///
/// It is pure: the caller reads rows from the file (`original`) and looks identifiers up in the store (`existing`).
public struct ReviewedRows: Sendable {
    public let plan: ImportPlan
    public private(set) var index: IdentifierIndex
    public private(set) var corrections: RowCorrections
    /// Each row's status (index: row number − 1).
    public private(set) var statuses: [ImportStatus]
    /// The errors of each row in error.
    public private(set) var errors: [Int: [RowError]]
    /// Whether each row's phone was rewritten to E.164.
    private var phoneNormalized: [Bool]
    /// What each row's update overwrites on its contact.
    private var overwrites: [RowOutcome.Overwrites]
    public private(set) var summary: ImportSummary

    /// The rows as first decided: `statuses`, `errors`, `phoneNormalized` and `overwrites` per row (no overwrites
    /// when `overwrites` is empty), with `index` and `corrections` they were decided with.
    public init(
        plan: ImportPlan, index: IdentifierIndex, corrections: RowCorrections, statuses: [ImportStatus],
        errors: [Int: [RowError]], phoneNormalized: [Bool], overwrites: [RowOutcome.Overwrites] = []
    ) {
        self.plan = plan
        self.index = index
        self.corrections = corrections
        self.statuses = statuses
        self.errors = errors
        self.phoneNormalized = phoneNormalized
        self.overwrites = overwrites.isEmpty ? Array(repeating: [], count: statuses.count) : overwrites
        var summary = ImportSummary()
        for (position, status) in statuses.enumerated() {
            var outcome = RowOutcome(rowNumber: position + 1, status: status)
            outcome.phoneNormalized = phoneNormalized[position]
            outcome.overwrites = self.overwrites[position]
            summary.add(outcome)
        }
        self.summary = summary
    }

    public var rowCount: Int { statuses.count }

    /// Row `row`'s outcome as the review decided it (without its write).
    public func outcome(ofRow row: Int) -> RowOutcome {
        var outcome = RowOutcome(rowNumber: row, status: statuses[row - 1], errors: errors[row] ?? [])
        outcome.phoneNormalized = phoneNormalized[row - 1]
        outcome.overwrites = overwrites[row - 1]
        return outcome
    }

    /// Whether the user skipped row `row`.
    public func isSkippedByUser(_ row: Int) -> Bool { corrections.skipped.contains(row) }

    // MARK: Changes

    /// Sets cells (row → file column → text) and skips rows. Returns the rows to decide again, with their corrected
    /// cells: each changed row and every row sharing an identifier value with it before or after. `original` gives a
    /// row's cells as uploaded.
    public mutating func change(
        cells changes: [Int: [Int: String]], skip: [Int] = [], original: (Int) -> [String]
    ) -> [ImportRow] {
        var affected = Set<Int>()
        var touched = Set<IdentifierKey>()
        // Each changed row is read from the file once, for its old value and again for its decision.
        var uploaded: [Int: ImportRow] = [:]
        for (row, cells) in changes {
            let read = ImportRow(number: row, cells: original(row))
            uploaded[row] = read
            let old = key(of: read)
            corrections.unskip(row: row)
            for (column, text) in cells { corrections.set(row: row, column: column, to: text) }
            affected.insert(row)
            touched.formUnion(index.setKey(key(of: read), ofRow: row, was: old))
        }
        for row in skip {
            let old = key(of: ImportRow(number: row, cells: original(row)))
            corrections.skip(row: row)
            touched.formUnion(index.setKey(nil, ofRow: row, was: old))
            record(RowCorrections.skippedOutcome(row))
        }
        for key in touched { affected.formUnion(index.rows(with: key)) }
        return affected.subtracting(corrections.skipped).sorted().map {
            corrections.apply(to: uploaded[$0] ?? ImportRow(number: $0, cells: original($0)))
        }
    }

    /// The identifier value the index holds for an uploaded row: read through its corrections, none when skipped.
    private func key(of uploaded: ImportRow) -> IdentifierKey? {
        corrections.skipped.contains(uploaded.number) ? nil : plan.identifierKey(of: corrections.apply(to: uploaded))
    }

    /// Decides `rows` again (from `change`), looking their identifiers up with `existing`; returns the new outcomes.
    @discardableResult
    public mutating func decideAgain(
        _ rows: [ImportRow], existing: ([IdentifierKey]) async throws -> [IdentifierKey: [Contact]]
    ) async rethrows -> [RowOutcome] {
        guard !rows.isEmpty else { return [] }
        let parsed = rows.map(plan.parse)
        let duplicates = index.duplicates(of: parsed.lazy.compactMap(\.identifier))
        let found = try await existing(plan.lookupKeys(parsed, duplicates: duplicates))
        let outcomes = parsed.map { plan.decide($0, duplicates: duplicates, existing: found, computeWrite: false) }
        for outcome in outcomes { record(outcome) }
        return outcomes
    }

    private mutating func record(_ outcome: RowOutcome) {
        let position = outcome.rowNumber - 1
        summary.remove(
            statuses[position], phoneNormalized: phoneNormalized[position], overwrites: overwrites[position])
        statuses[position] = outcome.status
        phoneNormalized[position] = outcome.phoneNormalized
        overwrites[position] = outcome.overwrites
        errors[outcome.rowNumber] = outcome.status == .error ? outcome.errors : nil
        summary.add(outcome)
    }

    // MARK: Reading

    /// The rows in error grouped by rule, most rows first (then by message), each with its key for `rows(…group:)`.
    public func errorGroups() -> [(key: RowError.GroupKey, group: ErrorGroup)] {
        var counts: [RowError.GroupKey: (count: Int, sample: RowError)] = [:]
        for rowErrors in errors.values {
            var seen = Set<RowError.GroupKey>()
            for error in rowErrors where seen.insert(error.groupKey).inserted {
                counts[error.groupKey, default: (0, error)].count += 1
            }
        }
        let noun = plan.configuration.identifier?.noun ?? "identifier"
        return counts.map { key, entry in
            (
                key,
                ErrorGroup(
                    field: entry.sample.field?.key, column: entry.sample.column,
                    message: entry.sample.groupMessage(identifierNoun: noun), rows: entry.count)
            )
        }
        .sorted { ($0.group.rows, $1.group.message) > ($1.group.rows, $0.group.message) }
    }

    /// Up to `limit` row numbers after row `after`, in file order: rows with `status` (any when nil), and breaking
    /// the rule `group` when given. `more` says whether rows are left past them.
    public func rows(status: ImportStatus?, group: RowError.GroupKey? = nil, after: Int, limit: Int)
        -> (rows: [Int], more: Bool)
    {
        var found: [Int] = []
        var position = max(after, 0)
        while position < statuses.count {
            let row = position + 1
            position += 1
            if let status, statuses[row - 1] != status { continue }
            if let group, !(errors[row]?.contains { $0.groupKey == group } ?? false) { continue }
            if found.count == limit { return (found, true) }
            found.append(row)
        }
        return (found, false)
    }
}

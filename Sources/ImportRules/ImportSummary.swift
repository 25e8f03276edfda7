/// Counts of rows per Import Status.
public struct ImportSummary: Sendable, Equatable, Codable {
    public var imported: Int
    public var updated: Int
    public var skipped: Int
    public var errors: Int

    public init(imported: Int = 0, updated: Int = 0, skipped: Int = 0, errors: Int = 0) {
        self.imported = imported
        self.updated = updated
        self.skipped = skipped
        self.errors = errors
    }

    /// Every row counted.
    public var total: Int { imported + updated + skipped + errors }

    public mutating func add(_ status: ImportStatus) {
        switch status {
        case .imported: imported += 1
        case .updated: updated += 1
        case .skipped: skipped += 1
        case .error: errors += 1
        }
    }

    public mutating func add(_ outcome: RowOutcome) { add(outcome.status) }

    public mutating func add(_ other: ImportSummary) {
        imported += other.imported
        updated += other.updated
        skipped += other.skipped
        errors += other.errors
    }
}

/// Counts of rows per Import Status.
public struct ImportSummary: Sendable, Equatable, Codable {
    public var imported: Int
    public var updated: Int
    public var skipped: Int
    public var errors: Int
    /// Rows, not in error, whose phone an `e164` import rewrote (SPEC §10); 0 under `asGiven`.
    public var phonesNormalized: Int

    public init(imported: Int = 0, updated: Int = 0, skipped: Int = 0, errors: Int = 0, phonesNormalized: Int = 0) {
        self.imported = imported
        self.updated = updated
        self.skipped = skipped
        self.errors = errors
        self.phonesNormalized = phonesNormalized
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

    public mutating func add(_ outcome: RowOutcome) {
        add(outcome.status)
        if outcome.phoneNormalized, outcome.status != .error { phonesNormalized += 1 }
    }

    /// Takes back what `add(_: RowOutcome)` counted for a row with `status` and `phoneNormalized`: the row is being
    /// decided again (SPEC §11).
    public mutating func remove(_ status: ImportStatus, phoneNormalized: Bool) {
        switch status {
        case .imported: imported -= 1
        case .updated: updated -= 1
        case .skipped: skipped -= 1
        case .error: errors -= 1
        }
        if phoneNormalized, status != .error { phonesNormalized -= 1 }
    }

    public mutating func add(_ other: ImportSummary) {
        imported += other.imported
        updated += other.updated
        skipped += other.skipped
        errors += other.errors
        phonesNormalized += other.phonesNormalized
    }

    enum CodingKeys: String, CodingKey { case imported, updated, skipped, errors, phonesNormalized }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        imported = try c.decode(Int.self, forKey: .imported)
        updated = try c.decode(Int.self, forKey: .updated)
        skipped = try c.decode(Int.self, forKey: .skipped)
        errors = try c.decode(Int.self, forKey: .errors)
        phonesNormalized = try c.decodeIfPresent(Int.self, forKey: .phonesNormalized) ?? 0
    }

    /// `phonesNormalized` is written only where an `e164` import rewrote a phone: the page's summary is unchanged.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(imported, forKey: .imported)
        try c.encode(updated, forKey: .updated)
        try c.encode(skipped, forKey: .skipped)
        try c.encode(errors, forKey: .errors)
        if phonesNormalized > 0 { try c.encode(phonesNormalized, forKey: .phonesNormalized) }
    }
}

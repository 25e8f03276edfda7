/// Counts of rows per Import Status.
public struct ImportSummary: Sendable, Equatable, Codable {
    public var imported: Int
    public var updated: Int
    public var skipped: Int
    public var errors: Int
    /// Rows, not in error, whose phone an `e164` import rewrote (SPEC §10); 0 under `asGiven`.
    public var phonesNormalized: Int
    /// Updated rows that replace a non-empty stored value with another (SPEC §5.5).
    public var valuesReplaced: Int
    /// Updated rows that clear a non-empty stored value.
    public var valuesCleared: Int
    /// Updated rows that take a tag away from their contact.
    public var tagsRemoved: Int

    public init(
        imported: Int = 0, updated: Int = 0, skipped: Int = 0, errors: Int = 0, phonesNormalized: Int = 0,
        valuesReplaced: Int = 0, valuesCleared: Int = 0, tagsRemoved: Int = 0
    ) {
        self.imported = imported
        self.updated = updated
        self.skipped = skipped
        self.errors = errors
        self.phonesNormalized = phonesNormalized
        self.valuesReplaced = valuesReplaced
        self.valuesCleared = valuesCleared
        self.tagsRemoved = tagsRemoved
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
        if !outcome.overwrites.isEmpty, outcome.status == .updated { count(outcome.overwrites, by: 1) }
    }

    /// Takes back what `add(_: RowOutcome)` counted for a row with `status`, `phoneNormalized` and `overwrites`: the
    /// row is being decided again (SPEC §11).
    public mutating func remove(
        _ status: ImportStatus, phoneNormalized: Bool, overwrites: RowOutcome.Overwrites = []
    ) {
        switch status {
        case .imported: imported -= 1
        case .updated: updated -= 1
        case .skipped: skipped -= 1
        case .error: errors -= 1
        }
        if phoneNormalized, status != .error { phonesNormalized -= 1 }
        if !overwrites.isEmpty, status == .updated { count(overwrites, by: -1) }
    }

    private mutating func count(_ overwrites: RowOutcome.Overwrites, by step: Int) {
        if overwrites.contains(.replacesValue) { valuesReplaced += step }
        if overwrites.contains(.clearsValue) { valuesCleared += step }
        if overwrites.contains(.removesTags) { tagsRemoved += step }
    }

    /// Whether an update of the import overwrites anything: a value replaced or cleared, or tags removed.
    public var hasOverwrites: Bool { valuesReplaced > 0 || valuesCleared > 0 || tagsRemoved > 0 }

    public mutating func add(_ other: ImportSummary) {
        imported += other.imported
        updated += other.updated
        skipped += other.skipped
        errors += other.errors
        phonesNormalized += other.phonesNormalized
        valuesReplaced += other.valuesReplaced
        valuesCleared += other.valuesCleared
        tagsRemoved += other.tagsRemoved
    }

    enum CodingKeys: String, CodingKey {
        case imported, updated, skipped, errors, phonesNormalized, valuesReplaced, valuesCleared, tagsRemoved
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        imported = try c.decode(Int.self, forKey: .imported)
        updated = try c.decode(Int.self, forKey: .updated)
        skipped = try c.decode(Int.self, forKey: .skipped)
        errors = try c.decode(Int.self, forKey: .errors)
        phonesNormalized = try c.decodeIfPresent(Int.self, forKey: .phonesNormalized) ?? 0
        valuesReplaced = try c.decodeIfPresent(Int.self, forKey: .valuesReplaced) ?? 0
        valuesCleared = try c.decodeIfPresent(Int.self, forKey: .valuesCleared) ?? 0
        tagsRemoved = try c.decodeIfPresent(Int.self, forKey: .tagsRemoved) ?? 0
    }

    /// `phonesNormalized` is written only where an `e164` import rewrote a phone, and the three overwrite counts only
    /// where the import overwrites something: the page's summary is unchanged otherwise.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(imported, forKey: .imported)
        try c.encode(updated, forKey: .updated)
        try c.encode(skipped, forKey: .skipped)
        try c.encode(errors, forKey: .errors)
        if phonesNormalized > 0 { try c.encode(phonesNormalized, forKey: .phonesNormalized) }
        if hasOverwrites {
            try c.encode(valuesReplaced, forKey: .valuesReplaced)
            try c.encode(valuesCleared, forKey: .valuesCleared)
            try c.encode(tagsRemoved, forKey: .tagsRemoved)
        }
    }
}

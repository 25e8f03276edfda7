import ContactModel
import PhoneNumbers

/// One data row of the file, as read by the CSV layer.
public struct ImportRow: Sendable, Equatable {
    /// The row's number as shown to users in messages ("duplicate identifier in file, rows 3, 17").
    /// The caller chooses the numbering; this project numbers data rows from 1.
    public var number: Int
    /// The row's values, one per column; fewer than the header's columns means the rest are empty.
    public var cells: [String]

    public init(number: Int, cells: [String]) {
        self.number = number
        self.cells = cells
    }
}

/// The value of a row's identifier, as it is matched (SPEC §5.2): phone as trimmed text, email in lower case,
/// Contact ID as a number.
public enum IdentifierKey: Hashable, Sendable {
    case phone(String)
    case email(String)
    case contactId(Int64)

    /// The value the store compares with: the stored phone text, the lower-cased email, the id.
    public var text: String {
        switch self {
        case .phone(let phone): phone
        case .email(let email): email
        case .contactId(let id): String(id)
        }
    }
}

extension Sequence<IdentifierKey> {
    /// The keys split by kind, in order, for one set-based lookup per kind.
    public func byKind() -> (phones: [String], emails: [String], ids: [Int64]) {
        var split: (phones: [String], emails: [String], ids: [Int64]) = ([], [], [])
        for key in self {
            switch key {
            case .phone(let phone): split.phones.append(phone)
            case .email(let email): split.emails.append(email)
            case .contactId(let id): split.ids.append(id)
            }
        }
        return split
    }
}

/// A row whose cells have been checked against their fields' rules.
public struct ParsedRow: Sendable, Equatable {
    public var number: Int
    /// One value per mapped column, in mapping order; `nil` for an empty (or broken) cell.
    public var values: [FieldValue?]
    /// Everything wrong with the row by itself: extra values, broken values ("Email: must be …").
    public var errors: [RowError]
    /// The identifier's value, `nil` when the cell is empty or broken, or the purpose matches nothing.
    public var identifier: IdentifierKey?
    /// The errors' sentences, in order.
    public var messages: [String] { errors.map(\.message) }
    /// Positions in `values` whose cells broke their rule.
    var broken: [Int] = []
    /// The phone was rewritten to E.164 (an `e164` import, SPEC §10): its value differs from the trimmed cell.
    public var phoneNormalized = false
}

/// A validated configuration, prepared to decide rows fast: the import rules of SPEC §5.
///
/// Use it in three steps, batch by batch:
/// 1. `DuplicateScan` over the whole file (first pass) finds identifiers that several rows share.
/// 2. `parse(_:)` each row of a batch; `lookupKeys(_:duplicates:)` names the identifiers the store must
///    look up; the store answers with the matching contacts per key.
/// 3. `decide(_:duplicates:existing:)` gives each row's outcome: status, errors and what to write.
public struct ImportPlan: Sendable {
    /// Where a column's value goes, as a trivial value for the per-row path.
    enum Slot: Sendable, Equatable {
        case firstName, lastName, phone, email, language, country, tags, contactId
        case custom
    }

    /// One mapped column, resolved.
    struct Column: Sendable {
        var index: Int
        var field: FieldKey
        var slot: Slot
        /// The field id of a custom field; empty otherwise.
        var fieldId: String
        var name: String
        var rule: ValueRule
        var doNotOverwrite: Bool
        /// For a date column written other than `YYYY-MM-DD`: its cells are read in this format first.
        var dateFormat: DateFormat?

        /// The cell checked against the field's rule, after reading a date in the column's format.
        @inline(__always)
        func normalize(_ cell: String) -> Result<FieldValue?, ValueRuleViolation> {
            guard let dateFormat else { return rule.normalize(cell) }
            if TextRules.trimmed(cell).isEmpty { return .success(nil) }
            guard let iso = dateFormat.isoDate(cell) else { return .failure(dateFormat.violation) }
            return rule.normalize(iso)
        }

        /// A phone cell in E.164: nil when empty; a control character is named as on every field.
        static func phone(_ cell: String, _ normalizer: PhoneNormalizer) -> Result<CheckedPhone?, ValueRuleViolation> {
            let trimmed = TextRules.trimmed(cell)
            if trimmed.isEmpty { return .success(nil) }
            let checked = normalizer.check(trimmed)
            if case .failure = checked,
                let violation = TextRules.characterViolation(in: trimmed, allowsLineBreaks: false)
            {
                return .failure(violation)
            }
            return checked.map { $0 }
        }
    }

    public let configuration: ImportConfiguration
    /// The number of columns in the file's header.
    public let columnCount: Int
    /// The tags added to every added or updated contact: the configuration's tags and import tag.
    public let importTags: [String]
    /// How phones are written: the workspace's setting when the import was reviewed.
    public let phones: PhoneRule

    let columns: [Column]
    /// The position in `columns` of the identifier's column; `nil` for `addAll`.
    let identifierPosition: Int?
    let firstNamePosition: Int?
    let tagsPosition: Int?
    /// The position of the phone column of an `e164` import, and its normaliser; nil otherwise (phones are kept as
    /// given). Kept apart from `Column` so that the other columns' path is the page's, untouched.
    let phonePosition: Int?
    let phoneNormalizer: PhoneNormalizer?
    let customColumnCount: Int

    /// Validates `configuration` (SPEC §3–§4) and prepares it; phones are written as `phones` says (SPEC §10).
    public init(
        configuration: ImportConfiguration, columnCount: Int, customFields: [CustomField], phones: PhoneRule = .asGiven
    ) throws(ConfigurationError) {
        let resolved = try configuration.resolveFields(columnCount: columnCount, customFields: customFields)
        var phoneNormalizer: PhoneNormalizer?
        if case .e164(let country) = phones {
            guard let normalizer = PhoneNormalizer(defaultCountry: country) else {
                throw ConfigurationError(
                    .unknownDefaultCountry,
                    "The workspace's default country for phone numbers, \(country), has no numbering plan here.")
            }
            phoneNormalizer = normalizer
        }
        self.phones = phones
        self.phoneNormalizer = phoneNormalizer
        self.configuration = configuration
        self.columnCount = columnCount
        self.importTags = configuration.importTags
        let allowsDoNotOverwrite = configuration.purpose.offersDoNotOverwrite
        let columns = zip(configuration.mapping, resolved).map { entry, field in
            let slot: Slot
            var fieldId = ""
            switch entry.field {
            case .standard(.firstName): slot = .firstName
            case .standard(.lastName): slot = .lastName
            case .standard(.phone): slot = .phone
            case .standard(.email): slot = .email
            case .standard(.language): slot = .language
            case .standard(.country): slot = .country
            case .standard(.tags): slot = .tags
            case .standard(.contactId): slot = .contactId
            case .custom(let id):
                slot = .custom
                fieldId = id
            }
            return Column(
                index: entry.column, field: entry.field, slot: slot, fieldId: fieldId, name: field.name,
                rule: field.rule, doNotOverwrite: allowsDoNotOverwrite && entry.doNotOverwrite,
                dateFormat: entry.dateFormat == .iso ? nil : entry.dateFormat)
        }
        self.columns = columns
        identifierPosition = configuration.identifier.flatMap { kind in
            columns.firstIndex { $0.field == .standard(kind.field) }
        }
        firstNamePosition = columns.firstIndex { $0.field == .standard(.firstName) }
        tagsPosition = columns.firstIndex { $0.field == .standard(.tags) }
        phonePosition = phoneNormalizer == nil ? nil : columns.firstIndex { $0.slot == .phone }
        customColumnCount = columns.count { if case .custom = $0.field { true } else { false } }
    }

    @inline(__always)
    private func cell(_ cells: [String], _ index: Int) -> String {
        index < cells.count ? cells[index] : ""
    }

    /// The row's identifier value, checking only the identifier's cell: what the first pass needs.
    /// `nil` when the cell is empty or breaks its rule, or for `addAll`.
    public func identifierKey(of row: ImportRow) -> IdentifierKey? {
        guard let column = identifierColumn else { return nil }
        return identifierKey(ofCell: cell(row.cells, column))
    }

    /// The file column that holds the identifier (nil for `addAll` or when it is not mapped).
    public var identifierColumn: Int? { identifierPosition.map { columns[$0].index } }

    /// The identifier value of a row whose identifier cell (`identifierColumn`) holds `cell`.
    public func identifierKey(ofCell cell: String) -> IdentifierKey? {
        guard let position = identifierPosition else { return nil }
        if position == phonePosition, let phoneNormalizer {
            guard case .success(let phone?) = Column.phone(cell, phoneNormalizer) else { return nil }
            return .phone(phone.value)
        }
        guard case .success(let value?) = columns[position].normalize(cell) else { return nil }
        return key(for: value)
    }

    private func key(for value: FieldValue) -> IdentifierKey? {
        switch (configuration.identifier, value) {
        case (.phone, .string(let phone)): .phone(phone)
        case (.email, .string(let email)): .email(ValueRule.emailMatchKey(email))
        case (.contactId, .contactId(let id)): .contactId(id)
        default: nil
        }
    }

    /// Checks every mapped cell against its field's rule, collecting all broken values (SPEC §5.1).
    public func parse(_ row: ImportRow) -> ParsedRow {
        var errors: [RowError] = []
        var broken: [Int] = []
        if row.cells.count > columnCount {
            errors.append(
                RowError(
                    .extraValues, "the row has \(row.cells.count) values but the header has \(columnCount) columns"))
        }
        var values: [FieldValue?] = []
        values.reserveCapacity(columns.count)
        var phoneNormalized = false
        // Index the columns in place: copying a `Column` would retain each of its strings for every cell.
        columns.withUnsafeBufferPointer { columns in
            for position in columns.indices {
                let index = columns[position].index
                let cell = index < row.cells.count ? row.cells[index] : ""
                let result: Result<FieldValue?, ValueRuleViolation>
                if position == phonePosition, let phoneNormalizer {
                    let checked = Column.phone(cell, phoneNormalizer)
                    if case .success(let phone?) = checked { phoneNormalized = phone.rewritten }
                    result = checked.map { $0.map { .string($0.value) } }
                } else {
                    result = columns[position].normalize(cell)
                }
                switch result {
                case .success(let value):
                    values.append(value)
                case .failure(let violation):
                    values.append(nil)
                    broken.append(position)
                    errors.append(
                        RowError(
                            .value, columns[position].name + ": " + violation.message, column: index,
                            field: columns[position].field))
                }
            }
        }
        var identifier: IdentifierKey?
        if let identifierPosition, let value = values[identifierPosition] {
            identifier = key(for: value)
        }
        var parsed = ParsedRow(
            number: row.number, values: values, errors: errors, identifier: identifier, broken: broken)
        parsed.phoneNormalized = phoneNormalized
        return parsed
    }

    /// The identifiers of `rows` the store must look up, leaving out those duplicated in the file (those
    /// rows are errors whatever the store holds). With `duplicates` from a scan of the whole file, each key
    /// comes once.
    public func lookupKeys(_ rows: [ParsedRow], duplicates: DuplicateIdentifiers) -> [IdentifierKey] {
        var keys: [IdentifierKey] = []
        keys.reserveCapacity(rows.count)
        for row in rows {
            if let key = row.identifier, !duplicates.contains(key) { keys.append(key) }
        }
        return keys
    }
}

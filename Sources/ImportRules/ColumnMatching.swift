import ContactModel

/// What automatic mapping makes of one column (SPEC §4, §9).
public struct ColumnMatch: Sendable, Equatable {
    public var column: Int
    /// The field mapped automatically: the workspace's remembered choice for the header, or the field whose name the
    /// header equals, ignoring case and surrounding white space.
    public var field: FieldKey?
    /// How the column's mapping was decided; nil when it was not (a suggestion at most).
    public var matchedBy: MatchedBy?
    /// Do Not Overwrite, as remembered.
    public var doNotOverwrite: Bool
    /// The date format, as remembered.
    public var dateFormat: DateFormat?
    /// A field offered, not mapped: for a known alias of the header (`E-mail`, `Vorname`, `Phone 1 - Value`…), or for
    /// the column's values.
    public var suggestion: FieldKey?
    public var suggestionReason: SuggestionReason?
    /// The column has no value in the whole file: never mapped nor suggested.
    public var empty: Bool

    public init(
        column: Int, field: FieldKey? = nil, suggestion: FieldKey? = nil, suggestionReason: SuggestionReason? = nil,
        empty: Bool = false, matchedBy: MatchedBy? = nil, doNotOverwrite: Bool = false
    ) {
        self.column = column
        self.field = field
        self.matchedBy = matchedBy ?? (field == nil ? nil : .name)
        self.doNotOverwrite = doNotOverwrite
        self.dateFormat = nil
        self.suggestion = suggestion
        self.suggestionReason = suggestionReason
        self.empty = empty
    }
}

/// How a column's mapping was decided on upload.
public enum MatchedBy: String, Sendable, Equatable, Codable {
    /// The header equals the field's name (the page's rule).
    case name
    /// The workspace's choice for this header in its newest completed import: a field, or left out (`field` nil).
    case remembered
}

/// What the workspace chose for a header in its newest completed import that had it (SPEC §9).
public struct RememberedChoice: Sendable, Equatable {
    /// The field, or nil when the column was left out.
    public var field: FieldKey?
    public var doNotOverwrite: Bool
    /// The column's date format, for a date field written other than `YYYY-MM-DD`.
    public var dateFormat: DateFormat?

    public init(field: FieldKey?, doNotOverwrite: Bool = false, dateFormat: DateFormat? = nil) {
        self.field = field
        self.doNotOverwrite = doNotOverwrite
        self.dateFormat = dateFormat
    }

    /// Headers compare trimmed, case-insensitively, runs of white space as one.
    public static func key(_ header: String) -> String {
        TextRules.trimmed(header).lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// Each header's choice in the newest import that had it: `imports` newest first, each with its file's headers and
    /// the mapping it completed with.
    public static func latest(from imports: [(headers: [String], mapping: [ColumnMapping])]) -> [String:
        RememberedChoice]
    {
        var choices: [String: RememberedChoice] = [:]
        for (headers, mapping) in imports {
            for (index, header) in headers.enumerated() {
                let key = key(header)
                guard !key.isEmpty, choices[key] == nil else { continue }
                let mapped = mapping.first { $0.column == index }
                choices[key] = RememberedChoice(
                    field: mapped?.field, doNotOverwrite: mapped?.doNotOverwrite ?? false,
                    dateFormat: mapped?.dateFormat)
            }
        }
        return choices
    }
}

/// Why a field is suggested for a column.
public enum SuggestionReason: String, Sendable, Equatable, Codable {
    /// The header is a known name of the field (`HeaderSynonyms`), or a close spelling of a custom field's name or id.
    case synonym
    /// At least 95% of the column's values in the first rows are valid for the field.
    case values
}

/// What the matcher knows of a column's values: whether the file has any, and the non-empty values of its first rows
/// (`ColumnProfile.sampledRows`).
public struct ColumnProfile: Sendable, Equatable {
    /// How many rows the values are taken from.
    public static let sampledRows = 1_000

    public var hasValue: Bool
    public var values: [String]

    public init(hasValue: Bool, values: [String]) {
        self.hasValue = hasValue
        self.values = values
    }
}

/// Automatic mapping of CSV headers to contact fields (SPEC §4, §9). In order: the workspace's remembered choice for the
/// header (a field that still exists, or left out); a header equal to a field's name is mapped; otherwise a field is
/// suggested for a known alias of the header, else for the column's values. A field is mapped or suggested at most
/// once, and columns without a value in the file get nothing.
public enum ColumnMatcher {
    /// The share of a column's sampled values that must be valid for a field to suggest it.
    static let valuesShare = 0.95

    /// `profiles` (one per header) add the values' suggestions and the empty columns; without them every column counts
    /// as having values, and only headers are read.
    public static func match(
        headers: [String], customFields: [CustomField], profiles: [ColumnProfile]? = nil,
        remembered: [String: RememberedChoice] = [:]
    ) -> [ColumnMatch] {
        var matches = headers.indices.map { index in
            ColumnMatch(column: index, empty: profiles.map { index < $0.count && !$0[index].hasValue } ?? false)
        }
        var used = Set<FieldKey>()
        if !remembered.isEmpty {
            let existing = Set(StandardField.allCases.map { FieldKey.standard($0) } + customFields.map(\.key))
            for (index, header) in headers.enumerated() where !matches[index].empty {
                guard let choice = remembered[RememberedChoice.key(header)] else { continue }
                if let field = choice.field {
                    guard existing.contains(field), !used.contains(field) else { continue }
                    matches[index].field = field
                    matches[index].doNotOverwrite = choice.doNotOverwrite
                    // A remembered date format only where the new file's dates fit it: never a silent guess.
                    if let format = choice.dateFormat,
                        profiles.map({ index < $0.count && $0[index].values.allSatisfy { format.isoDate($0) != nil } })
                            ?? true
                    {
                        matches[index].dateFormat = format
                    }
                    used.insert(field)
                }
                matches[index].matchedBy = .remembered
            }
        }
        let named: [(FieldKey, String)] =
            StandardField.allCases.map { (.standard($0), $0.name) } + customFields.map { ($0.key, $0.name) }
        for (index, header) in headers.enumerated() where !matches[index].empty && matches[index].matchedBy == nil {
            let wanted = TextRules.trimmed(header).lowercased()
            if let (key, _) = named.first(where: { !used.contains($0.0) && $0.1.lowercased() == wanted }) {
                matches[index].field = key
                matches[index].matchedBy = .name
                used.insert(key)
            }
        }
        func suggest(_ key: FieldKey, for index: Int, because reason: SuggestionReason) {
            matches[index].suggestion = key
            matches[index].suggestionReason = reason
            used.insert(key)
        }
        for (index, header) in headers.enumerated() where matches[index].matchedBy == nil && !matches[index].empty {
            let squeezed = squeeze(header)
            guard !squeezed.isEmpty else { continue }
            if let field = HeaderSynonyms.byAlias[squeezed], !used.contains(.standard(field)) {
                suggest(.standard(field), for: index, because: .synonym)
            } else if let custom = customFields.first(where: {
                !used.contains($0.key) && (squeeze($0.name) == squeezed || squeeze($0.fieldId) == squeezed)
            }) {
                suggest(custom.key, for: index, because: .synonym)
            }
        }
        guard let profiles else { return matches }
        for index in headers.indices
        where index < profiles.count && matches[index].matchedBy == nil && matches[index].suggestion == nil
            && !matches[index].empty
        {
            if let field = valuesField(profiles[index].values, except: used) {
                suggest(.standard(field), for: index, because: .values)
            }
        }
        return matches
    }

    /// The fields values can suggest, in the order they are tried.
    static let valueFields: [StandardField] = [.email, .phone, .country, .language]

    /// The first field of `valueFields` not in `used` for which at least 95% of `values` are valid.
    static func valuesField(_ values: [String], except used: Set<FieldKey>) -> StandardField? {
        guard !values.isEmpty else { return nil }
        let needed = Int((Double(values.count) * valuesShare).rounded(.up))
        for field in valueFields where !used.contains(.standard(field)) {
            var valid = 0
            for (seen, value) in values.enumerated() {
                if fits(value, field) { valid += 1 }
                // Stop as soon as the share can no longer be reached.
                if valid + (values.count - seen - 1) < needed { break }
            }
            if valid >= needed { return field }
        }
        return nil
    }

    /// Whether one value is good evidence of `field`: a valid email; a valid phone written internationally (`+`,
    /// `00`) or with at least 9 digits; a two-letter ISO country or language code.
    static func fits(_ value: String, _ field: StandardField) -> Bool {
        let text = TextRules.trimmed(value)
        switch field {
        case .email:
            guard case .success(.some) = field.rule.normalize(text) else { return false }
            return true
        case .phone:
            guard case .success(.some) = field.rule.normalize(text) else { return false }
            return text.hasPrefix("+") || text.hasPrefix("00") || text.utf8.count { (0x30...0x39).contains($0) } >= 9
        case .country:
            return text.utf8.count == 2 && ISOCodes.isCountry(text.uppercased())
        case .language:
            return text.utf8.count == 2 && ISOCodes.isLanguage(text.lowercased())
        default:
            return false
        }
    }

    static func squeeze(_ text: String) -> String {
        String(text.lowercased().filter { !($0.isWhitespace || $0 == "-" || $0 == "_" || $0 == ".") })
    }
}

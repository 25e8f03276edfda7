import ContactModel

/// What automatic mapping makes of one column's header (SPEC §4).
public struct ColumnMatch: Sendable, Equatable {
    public var column: Int
    /// The field mapped automatically: the header equals its name, ignoring case and surrounding white space.
    public var field: FieldKey?
    /// A field offered, not mapped, for a close header (`E-mail`, `Mobile`, `Surname`, …).
    public var suggestion: FieldKey?

    public init(column: Int, field: FieldKey? = nil, suggestion: FieldKey? = nil) {
        self.column = column
        self.field = field
        self.suggestion = suggestion
    }
}

/// Automatic mapping of CSV headers to contact fields.
public enum ColumnMatcher {
    /// Close headers per standard field, compared after lower-casing and dropping spaces, `-`, `_` and `.`.
    static let synonyms: [(StandardField, [String])] = [
        (.firstName, ["firstname", "givenname", "forename", "fname", "first", "name"]),
        (.lastName, ["lastname", "surname", "familyname", "lname", "last"]),
        (
            .phone,
            [
                "phone", "phonenumber", "mobile", "mobilenumber", "mobilephone", "cell", "cellphone", "tel",
                "telephone",
                "contactnumber", "whatsapp", "msisdn",
            ]
        ),
        (.email, ["email", "emailaddress", "mail"]),
        (.language, ["lang", "languagecode", "locale"]),
        (.country, ["countrycode", "nation"]),
        (.tags, ["tag", "labels", "label"]),
        (.contactId, ["contactid", "id"]),
    ]

    /// Maps each header whose text equals a field's name (the first such column, when several do), and
    /// suggests a field for close headers. A field is mapped or suggested at most once.
    public static func match(headers: [String], customFields: [CustomField]) -> [ColumnMatch] {
        var matches = headers.indices.map { ColumnMatch(column: $0) }
        var used = Set<FieldKey>()
        let named: [(FieldKey, String)] =
            StandardField.allCases.map { (.standard($0), $0.name) } + customFields.map { ($0.key, $0.name) }
        for (index, header) in headers.enumerated() {
            let wanted = TextRules.trimmed(header).lowercased()
            if let (key, _) = named.first(where: { !used.contains($0.0) && $0.1.lowercased() == wanted }) {
                matches[index].field = key
                used.insert(key)
            }
        }
        for (index, header) in headers.enumerated() where matches[index].field == nil {
            let squeezed = squeeze(header)
            guard !squeezed.isEmpty else { continue }
            var suggestion: FieldKey?
            if let (field, _) = synonyms.first(where: { !used.contains(.standard($0.0)) && $0.1.contains(squeezed) }) {
                suggestion = .standard(field)
            } else if let custom = customFields.first(where: {
                !used.contains($0.key) && (squeeze($0.name) == squeezed || squeeze($0.fieldId) == squeezed)
            }) {
                suggestion = custom.key
            }
            if let suggestion {
                matches[index].suggestion = suggestion
                used.insert(suggestion)
            }
        }
        return matches
    }

    static func squeeze(_ text: String) -> String {
        String(text.lowercased().filter { !($0.isWhitespace || $0 == "-" || $0 == "_" || $0 == ".") })
    }
}

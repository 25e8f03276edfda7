/// The type of a custom contact field (SPEC §1, API `type`).
public enum FieldType: String, Sendable, Codable, CaseIterable {
    case text, list, checkbox, email, number, url, date, time
}

/// The standard contact fields every workspace has. They cannot be renamed or deleted.
public enum StandardField: String, Sendable, Codable, CaseIterable {
    case firstName, lastName, phone, email, language, country, tags, contactId

    /// The name shown to users and used for automatic mapping of CSV headers.
    public var name: String {
        switch self {
        case .firstName: "First Name"
        case .lastName: "Last Name"
        case .phone: "Phone Number"
        case .email: "Email"
        case .language: "Language"
        case .country: "Country"
        case .tags: "Tags"
        case .contactId: "Contact ID"
        }
    }

    /// The value rule a CSV cell mapped to this field must follow.
    public var rule: ValueRule {
        switch self {
        case .firstName, .lastName: .personName
        case .phone: .phone
        case .email: .email
        case .language: .language
        case .country: .country
        case .tags: .tags
        case .contactId: .contactId
        }
    }

    /// The standard field whose name equals `name`, ignoring case and surrounding white space.
    public init?(name: String) {
        let wanted = TextRules.trimmed(name)
        guard let match = StandardField.allCases.first(where: { ASCII.equalsIgnoringCase($0.name, wanted) }) else {
            return nil
        }
        self = match
    }
}

/// A field key as used in mappings and contact bodies: `firstName` … `contactId`, `custom.<fieldId>`.
public enum FieldKey: Hashable, Sendable {
    case standard(StandardField)
    case custom(String)

    /// The prefix of custom field keys.
    public static let customPrefix = "custom."

    /// Parses a key; `nil` for anything that is not a standard field's key or `custom.` + a valid field id.
    public init?(key: String) {
        if let standard = StandardField(rawValue: key) {
            self = .standard(standard)
        } else if key.hasPrefix(FieldKey.customPrefix) {
            let fieldId = String(key.dropFirst(FieldKey.customPrefix.count))
            guard CustomField.isValidFieldId(fieldId) else { return nil }
            self = .custom(fieldId)
        } else {
            return nil
        }
    }

    /// The key's text: `"firstName"`, `"custom.plan"`.
    public var key: String {
        switch self {
        case .standard(let field): field.rawValue
        case .custom(let fieldId): FieldKey.customPrefix + fieldId
        }
    }
}

extension FieldKey: CustomStringConvertible {
    public var description: String { key }
}

extension FieldKey: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let key = FieldKey(key: text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "Unknown field key \"\(text)\".")
        }
        self = key
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(key)
    }
}

import Foundation

/// A contact as the store keeps it and the API shows it (SPEC §1).
///
/// As JSON, absent values are `null` (API.md): `{"id", "firstName", "lastName", "phone", "email",
/// "language", "country", "tags": [], "custom": {"<fieldId>": value}, "createdAt", "updatedAt"}`.
public struct Contact: Sendable, Equatable, Codable {
    public var id: Int64
    /// Never empty.
    public var firstName: String
    public var lastName: String?
    /// Trimmed text as given.
    public var phone: String?
    /// Trimmed, case preserved; compare with `ValueRule.emailMatchKey`.
    public var email: String?
    /// ISO 639-1, lower case.
    public var language: String?
    /// ISO 3166-1 alpha-2, upper case.
    public var country: String?
    /// A set, kept in the order the tags were added.
    public var tags: [String]
    /// Custom field values by field id.
    public var custom: [String: FieldValue]
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: Int64, firstName: String, lastName: String? = nil, phone: String? = nil, email: String? = nil,
        language: String? = nil, country: String? = nil, tags: [String] = [], custom: [String: FieldValue] = [:],
        createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.firstName = firstName
        self.lastName = lastName
        self.phone = phone
        self.email = email
        self.language = language
        self.country = country
        self.tags = tags
        self.custom = custom
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// The stored value of a field, `nil` when empty (an empty tag set is `nil` too).
    public func value(for field: FieldKey) -> FieldValue? {
        switch field {
        case .standard(.firstName): .string(firstName)
        case .standard(.lastName): lastName.map(FieldValue.string)
        case .standard(.phone): phone.map(FieldValue.string)
        case .standard(.email): email.map(FieldValue.string)
        case .standard(.language): language.map(FieldValue.string)
        case .standard(.country): country.map(FieldValue.string)
        case .standard(.tags): tags.isEmpty ? nil : .tags(tags)
        case .standard(.contactId): .contactId(id)
        case .custom(let fieldId): custom[fieldId]
        }
    }

    enum CodingKeys: String, CodingKey {
        case id, firstName, lastName, phone, email, language, country, tags, custom, createdAt, updatedAt
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(Int64.self, forKey: .id)
        firstName = try c.decode(String.self, forKey: .firstName)
        lastName = try c.decodeIfPresent(String.self, forKey: .lastName)
        phone = try c.decodeIfPresent(String.self, forKey: .phone)
        email = try c.decodeIfPresent(String.self, forKey: .email)
        language = try c.decodeIfPresent(String.self, forKey: .language)
        country = try c.decodeIfPresent(String.self, forKey: .country)
        tags = try c.decodeIfPresent([String].self, forKey: .tags) ?? []
        custom = try c.decodeIfPresent([String: FieldValue].self, forKey: .custom) ?? [:]
        createdAt = try c.decode(Date.self, forKey: .createdAt)
        updatedAt = try c.decode(Date.self, forKey: .updatedAt)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(firstName, forKey: .firstName)
        try c.encode(lastName, forKey: .lastName)
        try c.encode(phone, forKey: .phone)
        try c.encode(email, forKey: .email)
        try c.encode(language, forKey: .language)
        try c.encode(country, forKey: .country)
        try c.encode(tags, forKey: .tags)
        try c.encode(custom, forKey: .custom)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(updatedAt, forKey: .updatedAt)
    }
}

extension ValueRule {
    /// The text two emails are compared by: lower case (SPEC §1: "compared case-insensitively").
    public static func emailMatchKey(_ email: String) -> String {
        // Valid emails are ASCII; lowercasing ASCII without a copy when already lower case.
        if !email.utf8.contains(where: { $0 &- 0x41 < 26 || $0 >= 0x80 }) { return email }
        return email.lowercased()
    }
}

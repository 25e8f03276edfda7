import Foundation

/// A contact's values without its identity: what the API creates or writes back, and what an import adds.
public struct ContactDraft: Sendable, Equatable {
    public var firstName: String
    public var lastName: String?
    public var phone: String?
    public var email: String?
    public var language: String?
    public var country: String?
    public var tags: [String]
    public var custom: [String: FieldValue]

    public init(
        firstName: String, lastName: String? = nil, phone: String? = nil, email: String? = nil,
        language: String? = nil, country: String? = nil, tags: [String] = [], custom: [String: FieldValue] = [:]
    ) {
        self.firstName = firstName
        self.lastName = lastName
        self.phone = phone
        self.email = email
        self.language = language
        self.country = country
        self.tags = tags
        self.custom = custom
    }

    /// The values of a stored contact.
    public init(_ contact: Contact) {
        self.init(
            firstName: contact.firstName, lastName: contact.lastName, phone: contact.phone, email: contact.email,
            language: contact.language, country: contact.country, tags: contact.tags, custom: contact.custom)
    }

    /// The contact these values make once the store has given it an id (`updatedAt` defaults to `createdAt`).
    public func contact(id: Int64, createdAt: Date, updatedAt: Date? = nil) -> Contact {
        Contact(
            id: id, firstName: firstName, lastName: lastName, phone: phone, email: email, language: language,
            country: country, tags: tags, custom: custom, createdAt: createdAt, updatedAt: updatedAt ?? createdAt)
    }
}

import ContactModel
import Foundation

/// A contact to add (SPEC §5.6): the row's values, the cell's tags and the import's tags.
public typealias NewContact = ContactDraft

/// One field set to a value, or cleared (`value == nil`). Never Tags or Contact ID.
public struct FieldChange: Sendable, Equatable {
    public var field: FieldKey
    public var value: FieldValue?

    public init(field: FieldKey, value: FieldValue?) {
        self.field = field
        self.value = value
    }
}

/// What an update changes on a stored contact (SPEC §5.5). Only real differences are listed.
public struct ContactChanges: Sendable, Equatable {
    /// Fields to set or clear, in mapping order. First Name is never cleared.
    public var fields: [FieldChange]
    /// The contact's complete new tag set, or `nil` when its tags stay as they are.
    public var tags: [String]?

    public init(fields: [FieldChange] = [], tags: [String]? = nil) {
        self.fields = fields
        self.tags = tags
    }

    /// Whether the update changes nothing (the row is still Updated; the store may skip the write).
    public var isEmpty: Bool { fields.isEmpty && tags == nil }

    /// `contact` with the changes made; `updatedAt` is left to the caller.
    public func applied(to contact: Contact) -> Contact {
        var result = contact
        for change in fields {
            let text = change.value?.stringValue
            switch change.field {
            case .standard(.firstName): if let text { result.firstName = text }
            case .standard(.lastName): result.lastName = text
            case .standard(.phone): result.phone = text
            case .standard(.email): result.email = text
            case .standard(.language): result.language = text
            case .standard(.country): result.country = text
            case .standard(.tags), .standard(.contactId): break
            case .custom(let fieldId): result.custom[fieldId] = change.value
            }
        }
        if let tags { result.tags = tags }
        return result
    }
}

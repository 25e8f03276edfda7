import ContactModel

/// What an import does with the contacts in the file (SPEC §3).
public enum ImportPurpose: String, Sendable, Codable, CaseIterable {
    case addNew, updateExisting, addAndUpdate, addAll

    /// The title users see.
    public var title: String {
        switch self {
        case .addNew: "Add New Contacts Only"
        case .updateExisting: "Update Existing Contacts Only"
        case .addAndUpdate: "Add and Update Contacts"
        case .addAll: "Add All Contacts Despite Duplicates"
        }
    }

    /// Whether rows can become new contacts.
    public var canAdd: Bool { self != .updateExisting }

    /// Whether rows can update existing contacts.
    public var canUpdate: Bool { self == .updateExisting || self == .addAndUpdate }

    /// Whether rows are matched with existing contacts by an identifier.
    public var matchesExisting: Bool { self != .addAll }

    /// Whether mapped columns have a Do Not Overwrite flag (SPEC §4).
    public var offersDoNotOverwrite: Bool { canUpdate }

    /// The identifiers this purpose accepts; empty for `addAll`, which takes none.
    public var allowedIdentifiers: [IdentifierKind] {
        switch self {
        case .addAll: []
        case .updateExisting: [.phone, .email, .contactId]
        case .addNew, .addAndUpdate: [.phone, .email]
        }
    }
}

/// The field that recognises existing contacts (SPEC §3).
public enum IdentifierKind: String, Sendable, Codable, CaseIterable {
    case phone, email, contactId

    /// The standard field holding the identifier.
    public var field: StandardField {
        switch self {
        case .phone: .phone
        case .email: .email
        case .contactId: .contactId
        }
    }

    /// The identifier as a noun in messages: "2 contacts in the workspace share this phone number".
    public var noun: String {
        switch self {
        case .phone: "phone number"
        case .email: "email address"
        case .contactId: "Contact ID"
        }
    }
}

/// One selected column and the contact field it fills (SPEC §4). Columns not listed are skipped.
public struct ColumnMapping: Sendable, Equatable, Codable {
    /// The column's index in the file, from 0.
    public var column: Int
    public var field: FieldKey
    /// Write the value only where the stored value is empty; only for purposes that update.
    public var doNotOverwrite: Bool
    /// How the column writes dates, for a date field; nil is `YYYY-MM-DD` (SPEC §9).
    public var dateFormat: DateFormat?

    public init(column: Int, field: FieldKey, doNotOverwrite: Bool = false, dateFormat: DateFormat? = nil) {
        self.column = column
        self.field = field
        self.doNotOverwrite = doNotOverwrite
        self.dateFormat = dateFormat
    }

    enum CodingKeys: String, CodingKey { case column, field, doNotOverwrite, dateFormat }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        column = try c.decode(Int.self, forKey: .column)
        field = try c.decode(FieldKey.self, forKey: .field)
        doNotOverwrite = try c.decodeIfPresent(Bool.self, forKey: .doNotOverwrite) ?? false
        dateFormat = try c.decodeIfPresent(DateFormat.self, forKey: .dateFormat)
    }
}

/// An import's configuration: Part 1 (purpose, identifier, tags) and Part 2 (mapping).
public struct ImportConfiguration: Sendable, Equatable {
    public var purpose: ImportPurpose
    /// `nil` only for `addAll`.
    public var identifier: IdentifierKind?
    /// Extra tags for every added or updated contact.
    public var tags: [String]
    /// The generated `import-YYYY-MM-DD-HHMM` tag, or `nil` when the user removed it.
    public var importTag: String?
    public var mapping: [ColumnMapping]

    public init(
        purpose: ImportPurpose, identifier: IdentifierKind?, tags: [String] = [], importTag: String? = nil,
        mapping: [ColumnMapping]
    ) {
        self.purpose = purpose
        self.identifier = identifier
        self.tags = tags
        self.importTag = importTag
        self.mapping = mapping
    }

    /// The tags added to every added or updated contact: `tags` then `importTag`, trimmed, each once.
    /// Meaningful once the configuration is valid.
    public var importTags: [String] {
        var result: [String] = []
        for tag in tags + (importTag.map { [$0] } ?? []) {
            let trimmed = TextRules.trimmed(tag)
            if !trimmed.isEmpty, !result.contains(trimmed) { result.append(trimmed) }
        }
        return result
    }

    /// Checks SPEC §3–§4 for a file with `columnCount` columns and the workspace's custom fields.
    /// Throws the first broken rule, with a message that names it.
    public func validate(columnCount: Int, customFields: [CustomField]) throws(ConfigurationError) {
        // Checked when a configuration is saved, not in `resolveFields`: a stored configuration with more tags
        // still reviews and runs.
        if tags.count > Self.maxTags {
            throw ConfigurationError(
                .tooManyTags,
                "An import can add at most \(Self.maxTags) tags besides its import tag; this one lists \(tags.count).")
        }
        _ = try resolveFields(columnCount: columnCount, customFields: customFields)
    }

    /// The most extra tags (`tags`) an import adds to every added or updated contact.
    public static let maxTags = 20

    /// Validates and returns, for each mapping, the field's name and value rule.
    func resolveFields(columnCount: Int, customFields: [CustomField]) throws(ConfigurationError)
        -> [(name: String, rule: ValueRule)]
    {
        // Part 1: purpose and identifier.
        switch (purpose, identifier) {
        case (.addAll, nil):
            break
        case (.addAll, .some):
            throw ConfigurationError(.identifierNotAllowed, "Add All Contacts Despite Duplicates takes no identifier.")
        case (.updateExisting, nil):
            throw ConfigurationError(
                .identifierRequired, "Select an identifier for \(purpose.title): phone number, email or Contact ID.")
        case (_, nil):
            throw ConfigurationError(
                .identifierRequired, "Select an identifier for \(purpose.title): phone number or email.")
        case (_, .contactId) where purpose != .updateExisting:
            throw ConfigurationError(
                .contactIdIdentifierNeedsUpdateOnly,
                "Contact ID can be the identifier only for Update Existing Contacts Only.")
        default:
            break
        }
        for tag in tags {
            if case .failure(let violation) = Tags.validate(tag) {
                throw ConfigurationError(.invalidTag, "Tag \"\(TextRules.excerpt(tag))\" \(violation.message).")
            }
        }
        if let importTag, case .failure(let violation) = Tags.validate(importTag) {
            throw ConfigurationError(
                .invalidTag, "Import tag \"\(TextRules.excerpt(importTag))\" \(violation.message).")
        }

        // Part 2: mapping.
        guard !mapping.isEmpty else {
            throw ConfigurationError(.noColumnSelected, "Select at least one column to import.")
        }
        var columnsSeen = Set<Int>()
        var fieldsSeen = Set<FieldKey>()
        var resolved: [(name: String, rule: ValueRule)] = []
        resolved.reserveCapacity(mapping.count)
        for entry in mapping {
            guard entry.column >= 0, entry.column < columnCount else {
                throw ConfigurationError(
                    .columnOutOfRange,
                    "Column \(entry.column) does not exist: the file's columns are numbered 0 to \(columnCount - 1).")
            }
            guard columnsSeen.insert(entry.column).inserted else {
                throw ConfigurationError(
                    .columnMappedTwice, "Column \(entry.column) is mapped more than once; a column maps to one field.")
            }
            let name: String
            let rule: ValueRule
            switch entry.field {
            case .standard(let field):
                name = field.name
                rule = field.rule
            case .custom(let fieldId):
                guard let custom = customFields.first(where: { $0.fieldId == fieldId }) else {
                    throw ConfigurationError(.unknownField, "There is no contact field \"\(entry.field.key)\".")
                }
                name = custom.name
                rule = custom.rule
            }
            guard fieldsSeen.insert(entry.field).inserted else {
                throw ConfigurationError(
                    .fieldMappedTwice, "\(name) is mapped by more than one column; each field can only be mapped once.")
            }
            if entry.dateFormat != nil, rule != .date {
                throw ConfigurationError(
                    .dateFormatNeedsDate,
                    "A date format applies only to a column mapped to a date field; \(name) is not one (column \(entry.column))."
                )
            }
            if entry.field == .standard(.contactId), identifier != .contactId {
                throw ConfigurationError(
                    .contactIdNotIdentifier,
                    "Contact ID can only be mapped when it is the identifier; leave that column unselected.")
            }
            resolved.append((name, rule))
        }
        if let identifier, !fieldsSeen.contains(.standard(identifier.field)) {
            throw ConfigurationError(
                .identifierNotMapped, "The identifier, \(identifier.field.name), must be mapped to a column.")
        }
        if purpose.canAdd, !fieldsSeen.contains(.standard(.firstName)) {
            throw ConfigurationError(.firstNameNotMapped, "First Name must be mapped to a column to add new contacts.")
        }
        return resolved
    }
}

/// A configuration that breaks a rule of SPEC §3–§4; nothing is validated or imported.
public struct ConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The broken rule, for programs.
    public enum Rule: String, Sendable, Equatable, CaseIterable {
        case identifierRequired, identifierNotAllowed, contactIdIdentifierNeedsUpdateOnly, invalidTag, tooManyTags
        case noColumnSelected, columnOutOfRange, columnMappedTwice, unknownField, fieldMappedTwice, dateFormatNeedsDate
        case contactIdNotIdentifier, identifierNotMapped, firstNameNotMapped, unknownDefaultCountry
    }

    public var rule: Rule
    /// A sentence for a person, naming the rule.
    public var message: String

    public init(_ rule: Rule, _ message: String) {
        self.rule = rule
        self.message = message
    }

    public var description: String { message }
}

/// A workspace's own contact field (SPEC §1).
public struct CustomField: Sendable, Equatable, Codable {
    /// Letters, digits and underscore, starting with a letter; fixed once created.
    public var fieldId: String
    /// The name shown to users; unique in the workspace ignoring case (the store checks that).
    public var name: String
    public var type: FieldType
    /// The allowed options of a `.list` field; empty for every other type.
    public var options: [String]

    public static let maxNameLength = 50
    public static let maxFieldIdLength = 50
    public static let maxOptionLength = 100

    public init(fieldId: String, name: String, type: FieldType, options: [String] = []) {
        self.fieldId = fieldId
        self.name = name
        self.type = type
        self.options = options
    }

    /// The field's key in mappings and contact bodies: `custom.<fieldId>`.
    public var key: FieldKey { .custom(fieldId) }

    /// Checks a new field's definition against SPEC §1 and returns it with its name and options trimmed.
    ///
    /// Uniqueness of the name within the workspace is the store's job; a name equal to a standard
    /// field's name is refused here, because headers are mapped automatically by name.
    public static func validated(
        fieldId: String, name: String, type: FieldType, options: [String]
    ) throws(FieldDefinitionError) -> CustomField {
        let trimmedName = TextRules.trimmed(name)
        guard !trimmedName.isEmpty, TextRules.fits(trimmedName, maxCharacters: maxNameLength) else {
            throw FieldDefinitionError("Field name must be 1 to \(maxNameLength) characters.")
        }
        if let violation = TextRules.characterViolation(in: trimmedName, allowsLineBreaks: false) {
            throw FieldDefinitionError("Field name \(violation.message).")
        }
        if StandardField(name: trimmedName) != nil {
            throw FieldDefinitionError("Field name must not be the name of a standard field (\(trimmedName)).")
        }
        guard isValidFieldId(fieldId) else {
            throw FieldDefinitionError(
                "Field ID must be 1 to \(maxFieldIdLength) letters, digits or underscores, starting with a letter.")
        }
        var cleanOptions: [String] = []
        if type == .list {
            guard !options.isEmpty else {
                throw FieldDefinitionError("A list field needs at least one option.")
            }
            var seen = Set<String>()
            for option in options {
                let trimmed = TextRules.trimmed(option)
                guard !trimmed.isEmpty else {
                    throw FieldDefinitionError("List options must not be empty.")
                }
                guard TextRules.fits(trimmed, maxCharacters: maxOptionLength) else {
                    throw FieldDefinitionError("List options must be at most \(maxOptionLength) characters.")
                }
                // An option is a value of the field: the control-character rule of every value holds for it.
                if let violation = TextRules.characterViolation(in: trimmed, allowsLineBreaks: false) {
                    throw FieldDefinitionError("List options \(violation.message).")
                }
                guard seen.insert(trimmed.lowercased()).inserted else {
                    throw FieldDefinitionError(
                        "List options must be unique, ignoring case (\"\(trimmed)\" is repeated).")
                }
                cleanOptions.append(trimmed)
            }
        } else if !options.isEmpty {
            throw FieldDefinitionError("Only list fields take options.")
        }
        return CustomField(fieldId: fieldId, name: trimmedName, type: type, options: cleanOptions)
    }

    /// Whether `fieldId` is 1–50 ASCII letters, digits or underscores, starting with a letter.
    public static func isValidFieldId(_ fieldId: String) -> Bool {
        let bytes = fieldId.utf8
        guard let first = bytes.first, bytes.count <= maxFieldIdLength, ASCII.isLetter(first) else { return false }
        return bytes.allSatisfy { ASCII.isLetter($0) || ASCII.isDigit($0) || $0 == UInt8(ascii: "_") }
    }

    /// The value rule of cells mapped to this field.
    public var rule: ValueRule {
        switch type {
        case .text: .text
        case .list: .list(options)
        case .checkbox: .checkbox
        case .email: .email
        case .number: .number
        case .url: .url
        case .date: .date
        case .time: .time
        }
    }
}

/// A custom field definition that breaks a rule of SPEC §1; `message` is a sentence for a person.
public struct FieldDefinitionError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}

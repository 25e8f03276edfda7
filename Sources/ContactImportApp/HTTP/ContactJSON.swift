import ContactModel
import ContactStore
import Foundation
import HTTPTypes
import ImportRules
import PhoneNumbers

/// A validated set of changes from a contact body (POST or PATCH), checked with the shared value rules.
///
/// In a body, a key left out keeps the stored value; `null` (or an empty string) clears it.
struct ContactPatch: Sendable {
    var firstName: String?
    var standard: [StandardField: String?] = [:]
    var tags: [String]?
    var custom: [String: FieldValue?] = [:]

    /// Parses and validates a JSON object; every broken value is reported at once, each naming its field. With
    /// `phones` (a workspace set to E.164, SPEC §10) the phone is normalised before it is checked and stored.
    init(json: JSONValue, customFields: [CustomField], creating: Bool, phones: PhoneNormalizer? = nil)
        throws(APIError)
    {
        guard case .object(let object) = json else {
            throw APIError(.badRequest, "invalid_json", "The body must be a JSON object describing a contact.")
        }
        var problems: [APIError.Detail] = []
        func problem(_ field: String, _ message: String) { problems.append(.init(field: field, message: message)) }

        for (key, value) in object.sorted(by: { $0.key < $1.key }) {
            switch key {
            case "firstName", "lastName", "phone", "email", "language", "country":
                let field = StandardField(rawValue: key)!
                guard let text = Self.scalarText(value) else {
                    problem(key, "\(field.name) must be a string.")
                    continue
                }
                if field == .phone, let phones {
                    let trimmed = TextRules.trimmed(text ?? "")
                    guard !trimmed.isEmpty else {
                        standard[field] = .some(nil)
                        continue
                    }
                    switch phones.check(trimmed) {
                    case .success(let checked): standard[field] = .some(checked.value)
                    case .failure(let violation): problem(key, "\(field.name) is \(violation.message).")
                    }
                    continue
                }
                switch field.rule.normalize(text ?? "") {
                case .failure(let violation):
                    problem(key, "\(field.name) \(violation.message).")
                case .success(let normalized):
                    let string = normalized.flatMap(\.stringValue)
                    if field == .firstName {
                        if let string {
                            firstName = string
                        } else {
                            problem(key, "First Name is required and cannot be empty.")
                        }
                    } else {
                        standard[field] = .some(string)
                    }
                }
            case "tags":
                guard case .array(let items) = value else {
                    if value == .null { tags = [] } else { problem(key, "Tags must be an array of strings.") }
                    continue
                }
                var parsed: [String] = []
                var seen = Set<String>()
                for item in items {
                    guard case .string(let text) = item else {
                        problem(key, "Tags must be an array of strings.")
                        break
                    }
                    switch Tags.validate(text) {
                    case .success(let tag): if seen.insert(tag).inserted { parsed.append(tag) }
                    case .failure(let violation):
                        problem(key, "Tag “\(TextRules.excerpt(text))” \(violation.message).")
                    }
                }
                if parsed.count > Tags.maxPerContact {
                    problem(key, "A contact can have at most \(Tags.maxPerContact) tags.")
                }
                tags = parsed
            case "custom":
                guard case .object(let values) = value else {
                    problem(key, "custom must be an object of field id to value.")
                    continue
                }
                for (fieldId, item) in values.sorted(by: { $0.key < $1.key }) {
                    guard let field = customFields.first(where: { $0.fieldId == fieldId }) else {
                        let echoed = TextRules.excerpt(fieldId)
                        problem("custom.\(echoed)", "There is no custom contact field with the id “\(echoed)”.")
                        continue
                    }
                    guard let text = Self.scalarText(item) else {
                        problem("custom.\(fieldId)", "\(field.name) must be a single value, not \(item.kindName).")
                        continue
                    }
                    switch field.rule.normalize(text ?? "") {
                    case .failure(let violation): problem("custom.\(fieldId)", "\(field.name) \(violation.message).")
                    case .success(let normalized): custom[fieldId] = .some(normalized)
                    }
                }
            case "id", "contactId", "createdAt", "updatedAt":
                problem(key, "\(key) is set by the system and cannot be written.")
            default:
                let echoed = TextRules.excerpt(key)
                problem(echoed, "“\(echoed)” is not a contact field.")
            }
        }
        if creating && firstName == nil && !problems.contains(where: { $0.field == "firstName" }) {
            problem("firstName", "First Name is required.")
        }
        if !problems.isEmpty {
            // The message joins the problems `APIError` lists (the first 20); it adds how many more there are.
            throw APIError(
                .unprocessableContent, "invalid_value",
                problems.prefix(APIError.maxDetails).map(\.message).joined(separator: " "), details: problems)
        }
    }

    /// The text of a scalar JSON value (`nil` inside for null); nil for arrays and objects.
    private static func scalarText(_ value: JSONValue) -> String?? {
        switch value {
        case .null: return .some(nil)
        case .string(let text): return text
        case .integer(let number): return String(number)
        case .number(let number): return String(number)
        case .bool(let flag): return flag ? "true" : "false"
        case .array, .object: return nil
        }
    }

    func apply(to draft: inout ContactDraft) {
        if let firstName { draft.firstName = firstName }
        for (field, value) in standard {
            switch field {
            case .lastName: draft.lastName = value
            case .phone: draft.phone = value
            case .email: draft.email = value
            case .language: draft.language = value
            case .country: draft.country = value
            case .firstName, .tags, .contactId: break
            }
        }
        if let tags { draft.tags = tags }
        for (fieldId, value) in custom { draft.custom[fieldId] = value }
    }
}

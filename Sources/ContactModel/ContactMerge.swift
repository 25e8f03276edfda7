/// Merging duplicate contacts into one (SPEC §14): pure, so the rules are tested without a database.
///
/// The kept contact takes, field by field, the value of the contact `take` names for it (even an empty one: choosing
/// an empty value clears the field, except First Name, which is never empty); for a field `take` does not name, its own
/// value, or when it has none the first non-empty value of `others` in their order. Tags are the union, the kept
/// contact's first, then each other's in order. Custom values follow the field rule, field by field.
public enum ContactMerge {
    /// The fields a merge chooses a value for: every standard field except Tags (a union) and Contact ID (the
    /// kept contact's).
    public static let choosableFields: [StandardField] = [.firstName, .lastName, .phone, .email, .language, .country]

    /// Contacts merged into the kept one at most, per merge.
    public static let maxOthers = 100

    /// Whether `key` names a field whose value a merge can take from another contact.
    public static func isChoosable(_ key: FieldKey) -> Bool {
        switch key {
        case .standard(let field): choosableFields.contains(field)
        case .custom: true
        }
    }

    /// The kept contact's values after the merge. `take` maps a field to the id of the contact (`keep` or one of
    /// `others`) whose value it takes; entries naming any other contact, or a field that is not choosable, are ignored
    /// (the caller refuses them first, `problems`).
    public static func merged(keep: Contact, others: [Contact], take: [FieldKey: Int64]) -> ContactDraft {
        let everyone = [keep] + others
        func source(_ id: Int64?) -> Contact? { id.flatMap { id in everyone.first { $0.id == id } } }
        func value(_ field: FieldKey) -> FieldValue? {
            if let chosen = source(take[field]) { return chosen.value(for: field) }
            return everyone.lazy.compactMap { $0.value(for: field) }.first
        }
        var draft = ContactDraft(keep)
        draft.firstName = source(take[.standard(.firstName)])?.firstName ?? keep.firstName
        draft.lastName = value(.standard(.lastName))?.stringValue
        draft.phone = value(.standard(.phone))?.stringValue
        draft.email = value(.standard(.email))?.stringValue
        draft.language = value(.standard(.language))?.stringValue
        draft.country = value(.standard(.country))?.stringValue
        var tags: [String] = []
        var seen = Set<String>()
        for contact in everyone { for tag in contact.tags where seen.insert(tag).inserted { tags.append(tag) } }
        draft.tags = tags
        var custom: [String: FieldValue] = [:]
        let fieldIds = Set(everyone.flatMap(\.custom.keys)).union(take.keys.compactMap(\.customFieldId))
        for fieldId in fieldIds { custom[fieldId] = value(.custom(fieldId)) }
        draft.custom = custom
        return draft
    }

    /// What is wrong with a merge request, in words naming the field or contact: the kept contact among the others,
    /// an id twice, no other contact, a field that cannot be chosen, or a choice naming a contact outside the merge.
    public static func problems(keep: Int64, others: [Int64], take: [FieldKey: Int64]) -> [String] {
        var problems: [String] = []
        if others.isEmpty { problems.append("others must name at least one contact to merge into the kept one.") }
        if others.count > maxOthers {
            problems.append("others names \(others.count) contacts; a merge takes at most \(maxOthers).")
        }
        if others.contains(keep) { problems.append("The kept contact #\(keep) cannot also be one of the others.") }
        if Set(others).count != others.count { problems.append("others names a contact more than once.") }
        let ids = Set(others).union([keep])
        for (field, id) in take.sorted(by: { $0.key.key < $1.key.key }) {
            if !isChoosable(field) {
                problems.append("take.\(field.key): this field's value cannot be chosen (tags are combined).")
            } else if !ids.contains(id) {
                problems.append("take.\(field.key): contact #\(id) is not one of the contacts being merged.")
            }
        }
        return problems
    }
}

extension FieldKey {
    /// The custom field id of a custom field's key; nil for a standard field.
    public var customFieldId: String? {
        if case .custom(let fieldId) = self { return fieldId }
        return nil
    }
}

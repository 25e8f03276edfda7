import ContactModel

/// Email addresses of people signing in, checked by the same rule as a contact's email (SPEC §1).
enum EmailAddresses {
    /// The address trimmed, or nil when it is not an email address.
    static func normalized(_ text: String) -> String? {
        guard text.utf8.count <= 254, case .success(let value?) = StandardField.email.rule.normalize(text) else {
            return nil
        }
        return value.stringValue
    }

    static func problem(_ key: String) -> String { "“\(key)” must be an email address like name@example.com." }
}

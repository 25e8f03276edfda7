import ContactModel

/// Email addresses of people (the API and the command line), checked by the same rule as a contact's email (SPEC §1),
/// which also bounds their length.
public enum EmailAddresses {
    /// The address trimmed, or nil when it is not an email address.
    public static func normalized(_ text: String) -> String? {
        guard case .success(let value?) = StandardField.email.rule.normalize(text) else { return nil }
        return value.stringValue
    }

    static func problem(_ key: String) -> String { "“\(key)” must be an email address like name@example.com." }
}

import ContactModel
import Foundation

/// Workspace time zones are IANA names (`Asia/Kuala_Lumpur`), or `UTC`.
enum TimeZoneNames {
    private static let known = Set(TimeZone.knownTimeZoneIdentifiers)

    /// Whether `name` is a time zone this server knows by that exact name.
    static func isValid(_ name: String) -> Bool {
        (name == "UTC" || known.contains(name)) && TimeZone(identifier: name) != nil
    }

    /// The sentence naming a bad zone.
    static func problem(_ name: String) -> String {
        "“\(TextRules.excerpt(name))” is not a time zone: use an IANA name such as Europe/London, Asia/Kuala_Lumpur or UTC."
    }
}

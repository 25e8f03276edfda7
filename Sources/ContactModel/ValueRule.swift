import Foundation

/// The rule a field's values follow (SPEC §1, "Value rules").
public indirect enum ValueRule: Sendable, Equatable {
    /// First Name, Last Name: text of at most 100 characters.
    case personName
    /// Text of at most 2,000 characters.
    case text
    /// One `local@domain.tld` address of at most 254 characters.
    case email
    /// An optional leading `+`, then 7–15 digits with optional spaces, `-`, `.`, `(`, `)`.
    case phone
    /// A decimal number with optional sign and fraction.
    case number
    /// `true/false`, `yes/no`, `1/0`, ignoring case.
    case checkbox
    /// One of the options, ignoring case; stored with the option's own spelling.
    case list([String])
    /// An absolute `http`/`https` URL with a host.
    case url
    /// `YYYY-MM-DD`, a real calendar date.
    case date
    /// `HH:MM`, 24-hour.
    case time
    /// An ISO 639-1 code, stored in lower case.
    case language
    /// An ISO 3166-1 alpha-2 code, stored in upper case.
    case country
    /// Comma-separated tags in one cell.
    case tags
    /// A positive whole number that fits in 64 bits.
    case contactId
}

/// A value that breaks its field's rule. `message` is a sentence fragment naming the rule, meant to follow
/// the field's name: "Email: must be an email address like name@example.com".
public struct ValueRuleViolation: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}

extension ValueRule {
    public static let maxPersonNameLength = 100
    public static let maxTextLength = 2000
    public static let maxEmailLength = 254
    public static let minPhoneDigits = 7
    public static let maxPhoneDigits = 15
    public static let maxNumberDigits = 38
    public static let maxURLLength = 2048

    /// Trims the raw cell; an empty result is `nil` (never an error). Otherwise the normalised value or the
    /// broken rule.
    ///
    /// Every rule refuses control characters, and line breaks outside `.text` (`TextRules.characterViolation`), with
    /// the same message on every field. Names and text are scanned for them; `.tags` scans each tag of the cell. The
    /// other rules' syntax admits no control character or line break, so only a refused value is scanned, to say so.
    public func normalize(_ raw: String) -> Result<FieldValue?, ValueRuleViolation> {
        let value = TextRules.trimmed(raw)
        if value.isEmpty { return .success(nil) }
        switch self {
        case .personName, .text:
            if let violation = TextRules.characterViolation(in: value, allowsLineBreaks: allowsLineBreaks) {
                return .failure(violation)
            }
            return check(value)
        case .tags:
            return check(value)
        default:
            let result = check(value)
            if case .failure = result,
                let violation = TextRules.characterViolation(in: value, allowsLineBreaks: false)
            {
                return .failure(violation)
            }
            return result
        }
    }

    /// The rule's own check of a trimmed, non-empty value.
    @inline(__always)
    private func check(_ value: String) -> Result<FieldValue?, ValueRuleViolation> {
        switch self {
        case .personName:
            return TextRules.fits(value, maxCharacters: Self.maxPersonNameLength)
                ? .success(.string(value)) : .failure(Violations.personNameTooLong)
        case .text:
            return TextRules.fits(value, maxCharacters: Self.maxTextLength)
                ? .success(.string(value)) : .failure(Violations.textTooLong)
        case .email:
            if value.utf8.count > Self.maxEmailLength, Syntax.isEmail(value, ignoringLength: true) {
                return .failure(Violations.emailTooLong)
            }
            return Syntax.isEmail(value) ? .success(.string(value)) : .failure(Violations.email)
        case .phone:
            return Syntax.checkPhone(value).map { .string(value) }
        case .number:
            return Syntax.parseNumber(value).map { .number($0) }
        case .checkbox:
            guard let flag = Syntax.parseCheckbox(value) else { return .failure(Violations.checkbox) }
            return .success(.bool(flag))
        case .list(let options):
            for option in options where ASCII.equalsIgnoringCase(option, value) {
                return .success(.string(option))
            }
            return .failure(Violations.list(options))
        case .url:
            guard value.utf8.count <= Self.maxURLLength || TextRules.fits(value, maxCharacters: Self.maxURLLength)
            else { return .failure(Violations.urlTooLong) }
            return Syntax.isHTTPURL(value) ? .success(.string(value)) : .failure(Violations.url)
        case .date:
            return Syntax.checkDate(value).map { .string(value) }
        case .time:
            guard let time = Syntax.normalizedTime(value) else { return .failure(Violations.time) }
            return .success(.string(time))
        case .language:
            return ISOCodes.isLanguage(value)
                ? .success(.string(ASCII.lowercased(value))) : .failure(Violations.language)
        case .country:
            return ISOCodes.isCountry(value) ? .success(.string(ASCII.uppercased(value))) : .failure(Violations.country)
        case .tags:
            return Tags.parseCell(value).map { $0.isEmpty ? nil : .tags($0) }
        case .contactId:
            guard let id = Syntax.parseContactId(value) else { return .failure(Violations.contactId) }
            return .success(.contactId(id))
        }
    }

    /// Whether values may hold line breaks (LF, CR): multi-line text only. Every other value is one line.
    public var allowsLineBreaks: Bool {
        if case .text = self { return true }
        return false
    }

    /// A short description of the rule for people, e.g. for field lists and docs.
    public var summary: String {
        switch self {
        case .personName: "text, at most 100 characters"
        case .text: "text, at most 2000 characters"
        case .email: "an email address like name@example.com"
        case .phone: "a phone number of 7 to 15 digits, optionally starting with +"
        case .number: "a number like 1234.50 or -3"
        case .checkbox: "true/false, yes/no or 1/0"
        case .list(let options): "one of: " + options.joined(separator: ", ")
        case .url: "an http or https URL"
        case .date: "a date as YYYY-MM-DD"
        case .time: "a time as HH:MM (24-hour)"
        case .language: "a 2-letter ISO 639-1 language code"
        case .country: "a 2-letter ISO 3166-1 country code"
        case .tags: "comma-separated tags"
        case .contactId: "a positive whole number"
        }
    }
}

/// The rule messages, built once.
enum Violations {
    static let personNameTooLong = ValueRuleViolation("must be at most 100 characters")
    static let textTooLong = ValueRuleViolation("must be at most 2000 characters")
    static let email = ValueRuleViolation("must be an email address like name@example.com")
    static let emailTooLong = ValueRuleViolation("must be at most 254 characters")
    static let phoneCharacters = ValueRuleViolation(
        "must be a phone number like +60189988776: an optional +, then digits with optional spaces, -, ., ( and )")
    static let phoneDigits = ValueRuleViolation("must have 7 to 15 digits")
    static let number = ValueRuleViolation("must be a number like 1234.50 or -3")
    static let numberDigits = ValueRuleViolation("must have at most 38 digits")
    static let checkbox = ValueRuleViolation("must be true/false, yes/no or 1/0")
    static let url = ValueRuleViolation("must be an absolute http or https URL like https://example.com")
    static let urlTooLong = ValueRuleViolation("must be at most 2048 characters")
    static let date = ValueRuleViolation("must be a date as YYYY-MM-DD")
    static let realDate = ValueRuleViolation("must be a real calendar date")
    static let time = ValueRuleViolation("must be a time as HH:MM, from 00:00 to 23:59")
    static let language = ValueRuleViolation("must be a 2-letter ISO 639-1 language code like en")
    static let country = ValueRuleViolation("must be a 2-letter ISO 3166-1 country code like MY")
    static let contactId = ValueRuleViolation("must be a positive whole number")
    static let tagTooLong = ValueRuleViolation("each tag must be at most 255 characters")
    static let tagEmpty = ValueRuleViolation("must not be empty")
    static let tagComma = ValueRuleViolation("must not contain a comma")
    static let tagLength = ValueRuleViolation("must be at most 255 characters")
    static let tagLineBreak = ValueRuleViolation("each tag must be one line: separate tags with commas")
    static let tooManyTags = ValueRuleViolation(
        "must list at most \(Tags.maxPerContact) different tags, the most a contact can have")
    static let lineBreak = ValueRuleViolation("must be one line: line breaks are not allowed")

    /// A control character the value rules refuse, named by its code point: "(found U+0000)".
    static func controlCharacter(_ byte: UInt8) -> ValueRuleViolation {
        let hex = String(byte, radix: 16, uppercase: true)
        return ValueRuleViolation(
            "must not contain control characters (found U+\(String(repeating: "0", count: 4 - hex.count))\(hex))")
    }

    /// At most this many options are spelled out in a list message.
    static let listedOptions = 10

    static func list(_ options: [String]) -> ValueRuleViolation {
        if options.isEmpty { return ValueRuleViolation("must be empty: the list field has no options") }
        var text = "must be one of: " + options.prefix(listedOptions).joined(separator: ", ")
        if options.count > listedOptions { text += " (and \(options.count - listedOptions) more)" }
        return ValueRuleViolation(text)
    }
}

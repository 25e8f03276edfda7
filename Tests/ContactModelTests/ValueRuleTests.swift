import ContactModel
import Foundation
import Testing

/// Runs a rule and returns the stored value, or `nil` for "no value"; records a failure on a violation.
private func accepted(_ rule: ValueRule, _ raw: String, sourceLocation: SourceLocation = #_sourceLocation)
    -> FieldValue?
{
    switch rule.normalize(raw) {
    case .success(let value): return value
    case .failure(let violation):
        Issue.record("\(rule) refused \(raw.debugDescription): \(violation.message)", sourceLocation: sourceLocation)
        return nil
    }
}

/// Runs a rule and returns the violation message; records a failure when the value is accepted.
private func refused(_ rule: ValueRule, _ raw: String, sourceLocation: SourceLocation = #_sourceLocation) -> String? {
    switch rule.normalize(raw) {
    case .success(let value):
        Issue.record(
            "\(rule) accepted \(raw.debugDescription) as \(String(describing: value))", sourceLocation: sourceLocation)
        return nil
    case .failure(let violation): return violation.message
    }
}

private let everyRule: [ValueRule] = [
    .personName, .text, .email, .phone, .number, .checkbox, .list(["A"]), .url, .date, .time, .language, .country,
    .tags, .contactId,
]

@Suite("Empty cells")
struct EmptyCellTests {
    @Test("an empty or blank cell is no value for every rule, never an error", arguments: everyRule)
    func emptyIsNoValue(rule: ValueRule) {
        for raw in ["", " ", "\t", "  \u{00A0} "] {
            #expect(rule.normalize(raw) == .success(nil))
        }
    }

    @Test("a tags cell of only commas and spaces is no value")
    func onlyCommasIsNoValue() {
        #expect(ValueRule.tags.normalize(" , ,, ") == .success(nil))
    }
}

@Suite("First Name and Last Name")
struct PersonNameTests {
    @Test("names are stored trimmed")
    func trimmed() {
        #expect(accepted(.personName, "  Ana Lim \t") == .string("Ana Lim"))
    }

    @Test("a name of 100 characters is accepted, 101 refused")
    func lengthBoundary() {
        let hundred = String(repeating: "a", count: 100)
        #expect(accepted(.personName, hundred) == .string(hundred))
        #expect(refused(.personName, hundred + "a") == "must be at most 100 characters")
    }

    @Test("length counts characters, not bytes")
    func countsCharacters() {
        let hundredAccented = String(repeating: "é", count: 100)
        let hundredEmoji = String(repeating: "👨‍👩‍👧", count: 100)
        #expect(accepted(.personName, hundredAccented) == .string(hundredAccented))
        #expect(accepted(.personName, hundredEmoji) == .string(hundredEmoji))
        #expect(refused(.personName, hundredEmoji + "👍") != nil)
    }

    @Test("surrounding white space does not count towards the length")
    func whiteSpaceNotCounted() {
        let hundred = String(repeating: "b", count: 100)
        #expect(accepted(.personName, "   " + hundred + "  ") == .string(hundred))
    }
}

@Suite("Text")
struct TextTests {
    @Test("text of 2000 characters is accepted, 2001 refused")
    func lengthBoundary() {
        let max = String(repeating: "x", count: 2000)
        #expect(accepted(.text, max) == .string(max))
        #expect(refused(.text, max + "x") == "must be at most 2000 characters")
    }

    @Test("text keeps inner line breaks and is trimmed")
    func innerLineBreaks() {
        #expect(accepted(.text, " line 1\nline 2 ") == .string("line 1\nline 2"))
    }
}

@Suite("Email")
struct EmailTests {
    @Test(
        "valid addresses are stored trimmed with their case",
        arguments: [
            "name@example.com", "Name.Surname@Example.COM", "a@b.co", "first+tag@sub.domain.example.org",
            "o'brien@example.ie", "x_y-z@my-host.example", "123@456.com", "a@xn--p1ai.xn--p1ai",
        ])
    func valid(address: String) {
        #expect(accepted(.email, " \(address) ") == .string(address))
    }

    @Test(
        "malformed addresses are refused",
        arguments: [
            "plainaddress", "@example.com", "name@", "name@example", "name@@example.com", "a@b@example.com",
            "name@.example.com", "name@example..com", "name@example.com.", "name@-example.com", "name@example-.com",
            ".name@example.com", "name.@example.com", "na..me@example.com", "na me@example.com",
            "name@exa mple.com", "name@example.c", "name@example.123", "name@exam_ple.com", "náme@example.com",
            "name@example.com, other@example.com", "<name@example.com>", "Name <name@example.com>",
        ])
    func malformed(address: String) {
        #expect(refused(.email, address) == "must be an email address like name@example.com")
    }

    @Test("an address of 254 characters is accepted, 255 refused for its length")
    func lengthBoundary() {
        let domain = "@example.com"  // 12 characters
        let max = String(repeating: "a", count: 254 - domain.count) + domain
        #expect(max.count == 254)
        #expect(accepted(.email, max) == .string(max))
        #expect(refused(.email, "a" + max) == "must be at most 254 characters")
    }

    @Test("the match key is the address in lower case")
    func matchKey() {
        #expect(ValueRule.emailMatchKey("Ana.Lim@Example.COM") == "ana.lim@example.com")
        #expect(ValueRule.emailMatchKey("ana@example.com") == "ana@example.com")
    }
}

@Suite("Phone Number")
struct PhoneTests {
    @Test(
        "phone numbers with an optional + and separators are stored trimmed as given",
        arguments: [
            "+60189988776", "60101010101", "1234567", "123456789012345", "+1 (555) 123-4567", "+44 20.7946.0958",
            "(03) 1234 5678", "+123456789012345",
        ])
    func valid(phone: String) {
        #expect(accepted(.phone, "  \(phone) ") == .string(phone))
    }

    @Test("7 digits are enough and 15 the most; 6 and 16 are refused")
    func digitBoundaries() {
        #expect(accepted(.phone, "1234567") == .string("1234567"))
        #expect(refused(.phone, "123456") == "must have 7 to 15 digits")
        #expect(accepted(.phone, "+1-234-567-890-123-45") == .string("+1-234-567-890-123-45"))
        #expect(refused(.phone, "1234567890123456") == "must have 7 to 15 digits")
        #expect(refused(.phone, "+ (12) 34-5") == "must have 7 to 15 digits")
    }

    @Test(
        "letters, a + that is not leading, and other signs are refused",
        arguments: [
            "+60 12 ABC 4567", "60+1234567", "++601234567", "1234567 ext 8", "#1234567", "12345678/9", "１２３４５６７",
        ])
    func badCharacters(phone: String) {
        #expect(refused(.phone, phone)?.hasPrefix("must be a phone number like +60189988776") == true)
    }
}

@Suite("Number")
struct NumberTests {
    @Test(
        "decimal numbers with optional sign and fraction are stored as numbers",
        arguments: [
            ("1234.50", "1234.5"), ("-3", "-3"), ("+2", "2"), ("0", "0"), ("-0.001", "-0.001"), (".5", "0.5"),
            ("007", "7"), ("99999999999999999999999999999999999999", "99999999999999999999999999999999999999"),
        ])
    func valid(raw: String, expected: String) {
        #expect(accepted(.number, raw) == .number(Decimal(string: expected)!))
    }

    @Test(
        "anything else is refused",
        arguments: [
            "1,234.50", "12e3", "1.", "-", "+", ".", "1.2.3", "--3", "3-", "1 000", "NaN", "Infinity", "0x10", "$5",
            "5%",
        ])
    func invalid(raw: String) {
        #expect(refused(.number, raw) == "must be a number like 1234.50 or -3")
    }

    @Test("at most 38 digits are accepted")
    func digitLimit() {
        #expect(refused(.number, String(repeating: "9", count: 39)) == "must have at most 38 digits")
        #expect(accepted(.number, "1." + String(repeating: "1", count: 37)) != nil)
        #expect(refused(.number, "1." + String(repeating: "1", count: 38)) == "must have at most 38 digits")
    }
}

@Suite("Checkbox")
struct CheckboxTests {
    @Test(
        "true/false, yes/no and 1/0 in any case are booleans",
        arguments: [
            ("true", true), ("TRUE", true), ("True", true), ("yes", true), ("YES", true), ("Yes", true), ("1", true),
            ("false", false), ("FALSE", false), ("no", false), ("No", false), ("NO", false), ("0", false),
        ])
    func valid(raw: String, expected: Bool) {
        #expect(accepted(.checkbox, raw) == .bool(expected))
    }

    @Test("other words are refused", arguments: ["y", "n", "on", "off", "2", "01", "t", "f", "truee", "checked", "-1"])
    func invalid(raw: String) {
        #expect(refused(.checkbox, raw) == "must be true/false, yes/no or 1/0")
    }
}

@Suite("List")
struct ListTests {
    let plans = ValueRule.list(["Free", "Basic", "Pro"])

    @Test("a value matches an option ignoring case and is stored with the option's spelling")
    func caseInsensitive() {
        #expect(accepted(plans, "pro") == .string("Pro"))
        #expect(accepted(plans, " BASIC ") == .string("Basic"))
        #expect(accepted(plans, "Free") == .string("Free"))
    }

    @Test("non-ASCII options match ignoring case too")
    func nonASCII() {
        let rule = ValueRule.list(["Ärzte", "Café"])
        #expect(accepted(rule, "ärzte") == .string("Ärzte"))
        #expect(accepted(rule, "CAFÉ") == .string("Café"))
    }

    @Test("a value that is no option is refused with the options named")
    func notAnOption() {
        #expect(refused(plans, "Premium") == "must be one of: Free, Basic, Pro")
        #expect(refused(plans, "Pro, Basic") == "must be one of: Free, Basic, Pro")
    }

    @Test("a long option list is named up to ten options")
    func longList() {
        let rule = ValueRule.list((1...12).map { "O\($0)" })
        #expect(refused(rule, "x") == "must be one of: O1, O2, O3, O4, O5, O6, O7, O8, O9, O10 (and 2 more)")
    }
}

@Suite("URL")
struct URLRuleTests {
    @Test(
        "absolute http and https URLs with a host are accepted",
        arguments: [
            "https://example.com", "http://example.com/path?q=1#top", "HTTPS://Example.com", "https://localhost:8080/",
            "http://192.168.0.1", "https://[2001:db8::1]:443/x", "https://user:pw@example.com",
            "https://münchen.de/straße",
            "https://example.com:65535",
        ])
    func valid(url: String) {
        #expect(accepted(.url, url) == .string(url))
    }

    @Test(
        "relative, other-scheme and hostless URLs are refused",
        arguments: [
            "example.com", "www.example.com", "/path", "ftp://example.com", "mailto:a@example.com", "https://",
            "https:///path", "https://exa mple.com", "http://example.com/a b", "https://.example.com",
            "https://example..com", "https://example.com:", "https://example.com:0", "https://example.com:65536",
            "https://example.com:80a", "http:/example.com", "javascript:alert(1)", "https://[]", "https://ex<ample.com",
        ])
    func invalid(url: String) {
        #expect(refused(.url, url) == "must be an absolute http or https URL like https://example.com")
    }

    @Test("a URL of 2048 characters is accepted, 2049 refused")
    func length() {
        let base = "https://example.com/"
        let max = base + String(repeating: "a", count: 2048 - base.count)
        #expect(accepted(.url, max) == .string(max))
        #expect(refused(.url, max + "a") == "must be at most 2048 characters")
    }
}

@Suite("Date")
struct DateRuleTests {
    @Test(
        "real calendar dates as YYYY-MM-DD are accepted",
        arguments: ["2024-02-29", "2000-02-29", "2023-12-31", "2023-01-01", "1999-04-30", "0001-01-01", "9999-12-31"])
    func valid(date: String) {
        #expect(accepted(.date, date) == .string(date))
    }

    @Test(
        "dates that do not exist are refused",
        arguments: [
            "2023-02-29", "1900-02-29", "2100-02-29", "2024-02-30", "2023-04-31", "2023-13-01", "2023-00-10",
            "2023-01-00", "2023-01-32", "0000-01-01",
        ])
    func notReal(date: String) {
        #expect(refused(.date, date) == "must be a real calendar date")
    }

    @Test(
        "other shapes are refused",
        arguments: [
            "2023-1-05", "05/01/2023", "2023/01/05", "20230105", "2023-01-05T10:00", "23-01-05", "2023-01-0a",
            "２０２３-01-05",
        ])
    func wrongShape(date: String) {
        #expect(refused(.date, date) == "must be a date as YYYY-MM-DD")
    }
}

@Suite("Time")
struct TimeRuleTests {
    @Test("times from 00:00 to 23:59 are accepted", arguments: ["00:00", "23:59", "12:30", "09:05"])
    func valid(time: String) {
        #expect(accepted(.time, time) == .string(time))
    }

    @Test("a one-digit hour is stored with a leading zero")
    func oneDigitHour() {
        #expect(accepted(.time, "9:30") == .string("09:30"))
        #expect(accepted(.time, "0:00") == .string("00:00"))
    }

    @Test(
        "times outside the 24-hour day or in other shapes are refused",
        arguments: [
            "24:00", "23:60", "25:00", "12:5", "1230", "12:30:00", "12.30", "12:30 PM", "-1:00", "123:00", "ab:cd",
        ])
    func invalid(time: String) {
        #expect(refused(.time, time) == "must be a time as HH:MM, from 00:00 to 23:59")
    }
}

@Suite("Language")
struct LanguageTests {
    @Test("every ISO 639-1 code is accepted in any case and stored in lower case")
    func everyCode() {
        #expect(ISOCodes.languageCodes.count == 184)
        for code in ISOCodes.languageCodes {
            #expect(accepted(.language, code.uppercased()) == .string(code))
            #expect(accepted(.language, code) == .string(code))
        }
        #expect(accepted(.language, "Ms") == .string("ms"))
    }

    @Test("other codes are refused", arguments: ["eng", "english", "xx", "qq", "e", "en-US", "e1", "zz", "sh"])
    func invalid(code: String) {
        #expect(refused(.language, code) == "must be a 2-letter ISO 639-1 language code like en")
    }
}

@Suite("Country")
struct CountryTests {
    @Test("every ISO 3166-1 alpha-2 code is accepted in any case and stored in upper case")
    func everyCode() {
        #expect(ISOCodes.countryCodes.count == 249)
        for code in ISOCodes.countryCodes {
            #expect(accepted(.country, code.lowercased()) == .string(code))
            #expect(accepted(.country, code) == .string(code))
        }
        #expect(accepted(.country, "mY") == .string("MY"))
    }

    @Test("other codes are refused", arguments: ["MYS", "Malaysia", "UK", "XK", "EU", "ZZ", "M", "1A", "AA"])
    func invalid(code: String) {
        #expect(refused(.country, code) == "must be a 2-letter ISO 3166-1 country code like MY")
    }
}

@Suite("Contact ID")
struct ContactIdTests {
    @Test("positive whole numbers fitting in 64 bits are accepted")
    func valid() {
        #expect(accepted(.contactId, "1") == .contactId(1))
        #expect(accepted(.contactId, " 42 ") == .contactId(42))
        #expect(accepted(.contactId, "007") == .contactId(7))
        #expect(accepted(.contactId, "9223372036854775807") == .contactId(Int64.max))
    }

    @Test(
        "zero, negatives, fractions, text and numbers beyond 64 bits are refused",
        arguments: [
            "0", "000", "-1", "+1", "1.0", "1e3", "abc", "12 34", "9223372036854775808", "99999999999999999999",
        ])
    func invalid(raw: String) {
        #expect(refused(.contactId, raw) == "must be a positive whole number")
    }
}

@Suite("Tags column")
struct TagsRuleTests {
    @Test("a cell's comma-separated tags become an ordered set")
    func parses() {
        #expect(accepted(.tags, "vip, lead ,vip,, Lead") == .tags(["vip", "lead", "Lead"]))
    }

    @Test("a tag of 255 characters is accepted, 256 refused")
    func lengthBoundary() {
        let max = String(repeating: "t", count: 255)
        #expect(accepted(.tags, "a, \(max)") == .tags(["a", max]))
        #expect(refused(.tags, "a, \(max)t") == "each tag must be at most 255 characters")
    }
}

import Foundation

/// Byte-level checks of the value rules. Every function reads `utf8` only; none allocates on success
/// except where it must build the stored value.
enum Syntax {
    @inline(__always)
    static func withBytes<R>(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if let result = text.utf8.withContiguousStorageIfAvailable(body) { return result }
        var copy = text
        return copy.withUTF8(body)
    }

    // MARK: Email

    /// `local@domain.tld`: one `@`; the local part is RFC 5322 "atext" characters and dots (no leading,
    /// trailing or doubled dot); the domain is two or more dot-separated labels of letters, digits and
    /// hyphens (no hyphen at either end), the last at least 2 characters and not all digits. ASCII only.
    static func isEmail(_ text: String, ignoringLength: Bool = false) -> Bool {
        withBytes(text) { b in
            let n = b.count
            if !ignoringLength, n > ValueRule.maxEmailLength { return false }
            var at = -1
            for i in 0..<n where b[i] == UInt8(ascii: "@") {
                if at >= 0 { return false }
                at = i
            }
            guard at > 0, at < n - 1 else { return false }
            var afterDot = true
            for i in 0..<at {
                let c = b[i]
                if c == UInt8(ascii: ".") {
                    if afterDot { return false }
                    afterDot = true
                } else if isAtext(c) {
                    afterDot = false
                } else {
                    return false
                }
            }
            if afterDot { return false }
            var labels = 0
            var labelStart = at + 1
            var labelHasLetter = false
            for i in (at + 1)...n {
                if i == n || b[i] == UInt8(ascii: ".") {
                    guard i > labelStart, b[labelStart] != UInt8(ascii: "-"), b[i - 1] != UInt8(ascii: "-") else {
                        return false
                    }
                    labels += 1
                    if i == n {
                        return labels >= 2 && i - labelStart >= 2 && labelHasLetter
                    }
                    labelStart = i + 1
                    labelHasLetter = false
                } else if ASCII.isLetter(b[i]) {
                    labelHasLetter = true
                } else if !(ASCII.isDigit(b[i]) || b[i] == UInt8(ascii: "-")) {
                    return false
                }
            }
            return false
        }
    }

    @inline(__always)
    static func isAtext(_ c: UInt8) -> Bool {
        if ASCII.isAlphanumeric(c) { return true }
        switch c {
        case UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"), UInt8(ascii: "&"),
            UInt8(ascii: "'"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "/"),
            UInt8(ascii: "="), UInt8(ascii: "?"), UInt8(ascii: "^"), UInt8(ascii: "_"), UInt8(ascii: "`"),
            UInt8(ascii: "{"), UInt8(ascii: "|"), UInt8(ascii: "}"), UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }

    // MARK: Phone

    static func checkPhone(_ text: String) -> Result<Void, ValueRuleViolation> {
        withBytes(text) { b in
            var digits = 0
            for i in 0..<b.count {
                let c = b[i]
                if ASCII.isDigit(c) {
                    digits += 1
                } else if c == UInt8(ascii: "+") {
                    if i != 0 { return .failure(Violations.phoneCharacters) }
                } else if c == UInt8(ascii: " ") || c == UInt8(ascii: "-") || c == UInt8(ascii: ".")
                    || c == UInt8(ascii: "(") || c == UInt8(ascii: ")")
                {
                    continue
                } else {
                    return .failure(Violations.phoneCharacters)
                }
            }
            guard digits >= ValueRule.minPhoneDigits, digits <= ValueRule.maxPhoneDigits else {
                return .failure(Violations.phoneDigits)
            }
            return .success(())
        }
    }

    // MARK: Number

    /// `[+-]?digits[.digits]` or `[+-]?.digits`; at most 38 digits in all.
    static func parseNumber(_ text: String) -> Result<Decimal, ValueRuleViolation> {
        enum Shape {
            case small(negative: Bool, significand: UInt64, fractionDigits: Int)
            case large
        }
        let shape: Result<Shape, ValueRuleViolation> = withBytes(text) { b in
            var i = 0
            let n = b.count
            var negative = false
            if n > 0, b[0] == UInt8(ascii: "+") || b[0] == UInt8(ascii: "-") {
                negative = b[0] == UInt8(ascii: "-")
                i = 1
            }
            var significand: UInt64 = 0
            var intDigits = 0
            while i < n, ASCII.isDigit(b[i]) {
                significand = significand &* 10 &+ UInt64(b[i] &- 0x30)
                intDigits += 1
                i += 1
            }
            var fracDigits = 0
            if i < n, b[i] == UInt8(ascii: ".") {
                i += 1
                while i < n, ASCII.isDigit(b[i]) {
                    significand = significand &* 10 &+ UInt64(b[i] &- 0x30)
                    fracDigits += 1
                    i += 1
                }
                if fracDigits == 0 { return .failure(Violations.number) }
            }
            guard i == n, intDigits + fracDigits > 0 else { return .failure(Violations.number) }
            let digits = intDigits + fracDigits
            guard digits <= ValueRule.maxNumberDigits else { return .failure(Violations.numberDigits) }
            // 18 digits always fit in 64 bits; longer numbers go through the general parser.
            if digits > 18 { return .success(.large) }
            return .success(.small(negative: negative, significand: significand, fractionDigits: fracDigits))
        }
        return shape.flatMap { shape in
            switch shape {
            case .small(let negative, let significand, let fractionDigits):
                return .success(
                    Decimal(
                        sign: negative && significand != 0 ? .minus : .plus, exponent: -fractionDigits,
                        significand: Decimal(significand)))
            case .large:
                let unsigned = text.utf8.first == UInt8(ascii: "+") ? String(text.utf8.dropFirst())! : text
                guard let value = Decimal(string: unsigned) else { return .failure(Violations.number) }
                return .success(value)
            }
        }
    }

    // MARK: Checkbox

    static func parseCheckbox(_ text: String) -> Bool? {
        switch text.utf8.count {
        case 1:
            switch text.utf8.first! {
            case UInt8(ascii: "1"): return true
            case UInt8(ascii: "0"): return false
            default: return nil
            }
        case 2: return ASCII.matchesLowercased(text, "no") ? false : nil
        case 3: return ASCII.matchesLowercased(text, "yes") ? true : nil
        case 4: return ASCII.matchesLowercased(text, "true") ? true : nil
        case 5: return ASCII.matchesLowercased(text, "false") ? false : nil
        default: return nil
        }
    }

    // MARK: URL

    /// `http://` or `https://` (any case), then an authority with a non-empty host, then anything without
    /// white space or control characters. The host is a name (letters, digits, `-`, `_`, non-ASCII, dots
    /// between non-empty labels), an IPv4 address in the same shape, or `[IPv6]`; an optional `:port` is 1–65535.
    static func isHTTPURL(_ text: String) -> Bool {
        withBytes(text) { b in
            let n = b.count
            for c in b
            where c <= 0x20 || c == 0x7F || c == UInt8(ascii: "\"") || c == UInt8(ascii: "<")
                || c == UInt8(ascii: ">") || c == UInt8(ascii: "\\")
            {
                return false
            }
            var i: Int
            if n >= 7, prefixMatches(b, "http://") {
                i = 7
            } else if n >= 8, prefixMatches(b, "https://") {
                i = 8
            } else {
                return false
            }
            var end = i
            while end < n, b[end] != UInt8(ascii: "/"), b[end] != UInt8(ascii: "?"), b[end] != UInt8(ascii: "#") {
                end += 1
            }
            // Skip user information.
            var hostStart = i
            for j in i..<end where b[j] == UInt8(ascii: "@") { hostStart = j + 1 }
            i = hostStart
            guard i < end else { return false }
            if b[i] == UInt8(ascii: "[") {
                var j = i + 1
                while j < end, b[j] != UInt8(ascii: "]") {
                    let c = b[j]
                    guard
                        ASCII.isDigit(c) || (ASCII.lower(c) &- 0x61 < 6) || c == UInt8(ascii: ":")
                            || c == UInt8(ascii: ".")
                    else { return false }
                    j += 1
                }
                guard j < end, j > i + 1 else { return false }
                i = j + 1
            } else {
                var labelLength = 0
                while i < end, b[i] != UInt8(ascii: ":") {
                    let c = b[i]
                    if c == UInt8(ascii: ".") {
                        if labelLength == 0 { return false }
                        labelLength = 0
                    } else if ASCII.isAlphanumeric(c) || c == UInt8(ascii: "-") || c == UInt8(ascii: "_") || c >= 0x80 {
                        labelLength += 1
                    } else {
                        return false
                    }
                    i += 1
                }
                if labelLength == 0 { return false }
            }
            if i == end { return true }
            guard b[i] == UInt8(ascii: ":") else { return false }
            i += 1
            var port = 0
            var portDigits = 0
            while i < end {
                guard ASCII.isDigit(b[i]), portDigits < 5 else { return false }
                port = port * 10 + Int(b[i] &- 0x30)
                portDigits += 1
                i += 1
            }
            return portDigits > 0 && port >= 1 && port <= 65535
        }
    }

    private static func prefixMatches(_ b: UnsafeBufferPointer<UInt8>, _ lowercasePrefix: StaticString) -> Bool {
        let p = lowercasePrefix.utf8Start
        for k in 0..<lowercasePrefix.utf8CodeUnitCount where ASCII.lower(b[k]) != p[k] { return false }
        return true
    }

    // MARK: Date and time

    static func checkDate(_ text: String) -> Result<Void, ValueRuleViolation> {
        withBytes(text) { b in
            guard b.count == 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-") else {
                return .failure(Violations.date)
            }
            for k in 0..<10 where k != 4 && k != 7 && !ASCII.isDigit(b[k]) { return .failure(Violations.date) }
            func number(_ from: Int, _ count: Int) -> Int {
                var value = 0
                for k in from..<(from + count) { value = value * 10 + Int(b[k] &- 0x30) }
                return value
            }
            let year = number(0, 4)
            let month = number(5, 2)
            let day = number(8, 2)
            guard year >= 1, month >= 1, month <= 12, day >= 1, day <= daysIn(month: month, year: year) else {
                return .failure(Violations.realDate)
            }
            return .success(())
        }
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// `HH:MM` or `H:MM`, 00:00–23:59; returns the `HH:MM` spelling.
    static func normalizedTime(_ text: String) -> String? {
        let parsed: (Int, Int)? = withBytes(text) { b in
            let n = b.count
            guard n == 4 || n == 5, b[n - 3] == UInt8(ascii: ":") else { return nil }
            for k in 0..<n where k != n - 3 && !ASCII.isDigit(b[k]) { return nil }
            let hour = n == 5 ? Int(b[0] &- 0x30) * 10 + Int(b[1] &- 0x30) : Int(b[0] &- 0x30)
            let minute = Int(b[n - 2] &- 0x30) * 10 + Int(b[n - 1] &- 0x30)
            guard hour < 24, minute < 60 else { return nil }
            return (hour, minute)
        }
        guard let (hour, minute) = parsed else { return nil }
        if text.utf8.count == 5 { return text }
        return "0\(hour):" + (minute < 10 ? "0\(minute)" : "\(minute)")
    }

    // MARK: Contact ID

    /// Digits only, at least 1, fitting in `Int64`.
    static func parseContactId(_ text: String) -> Int64? {
        var value: Int64 = 0
        for c in text.utf8 {
            guard ASCII.isDigit(c) else { return nil }
            let (times, o1) = value.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times.addingReportingOverflow(Int64(c &- 0x30))
            if o1 || o2 { return nil }
            value = sum
        }
        return value > 0 ? value : nil
    }
}

/// How a file writes the dates of a column mapped to a date field (SPEC §9). Dates are stored as `YYYY-MM-DD`
/// whatever the file's format. Years have four digits (a two-digit year is refused, never guessed); days and months
/// one or two.
public enum DateFormat: String, Sendable, Codable, CaseIterable {
    case iso = "YYYY-MM-DD"
    case dayMonthYearSlash = "DD/MM/YYYY"
    case monthDayYearSlash = "MM/DD/YYYY"
    case dayMonthYearDot = "DD.MM.YYYY"
    case dayMonthYearDash = "DD-MM-YYYY"
    case monthDayYearDash = "MM-DD-YYYY"
    case yearMonthDaySlash = "YYYY/MM/DD"

    private var separator: UInt8 {
        switch self {
        case .iso, .dayMonthYearDash, .monthDayYearDash: UInt8(ascii: "-")
        case .dayMonthYearSlash, .monthDayYearSlash, .yearMonthDaySlash: UInt8(ascii: "/")
        case .dayMonthYearDot: UInt8(ascii: ".")
        }
    }

    /// The positions of year, month and day among the three parts.
    private var order: (year: Int, month: Int, day: Int) {
        switch self {
        case .iso, .yearMonthDaySlash: (0, 1, 2)
        case .dayMonthYearSlash, .dayMonthYearDot, .dayMonthYearDash: (2, 1, 0)
        case .monthDayYearSlash, .monthDayYearDash: (2, 0, 1)
        }
    }

    /// The date as `YYYY-MM-DD` when `text` (trimmed) is a real calendar date written in this format; nil otherwise.
    public func isoDate(_ text: String) -> String? {
        var parts: [Int] = []
        var digits: [Int] = []
        var value = 0
        var count = 0
        for byte in TextRules.trimmed(text).utf8 {
            if byte == separator {
                guard count > 0, parts.count < 2 else { return nil }
                parts.append(value)
                digits.append(count)
                value = 0
                count = 0
            } else {
                guard (0x30...0x39).contains(byte), count < 4 else { return nil }
                value = value * 10 + Int(byte - 0x30)
                count += 1
            }
        }
        guard count > 0, parts.count == 2 else { return nil }
        parts.append(value)
        digits.append(count)
        let (y, m, d) = order
        guard digits[y] == 4, digits[m] <= 2, digits[d] <= 2 else { return nil }
        let (year, month, day) = (parts[y], parts[m], parts[d])
        guard year >= 1, (1...12).contains(month), day >= 1, day <= Syntax.daysIn(month: month, year: year) else {
            return nil
        }
        func padded(_ number: Int, _ width: Int) -> String {
            let text = String(number)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(padded(year, 4))-\(padded(month, 2))-\(padded(day, 2))"
    }

    /// The formats under which every one of `values` (non-empty) is a real date; none for no values.
    public static func fitting(_ values: [String]) -> [DateFormat] {
        guard !values.isEmpty else { return [] }
        return allCases.filter { format in values.allSatisfy { format.isoDate($0) != nil } }
    }

    /// The row error for a value that is not a real date in this format.
    public var violation: ValueRuleViolation { ValueRuleViolation("must be a real date written as \(rawValue)") }
}

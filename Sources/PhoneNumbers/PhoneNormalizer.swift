/// Why a number could not be written in E.164, in words for the user ("not a valid number for MY (+60)").
public struct PhoneNumberProblem: Error, Sendable, Equatable {
    public let message: String
    public init(message: String) { self.message = message }
}

/// Turns phone numbers as people type them into E.164, for one workspace's default country (SPEC §10).
///
/// The rule is libphonenumber's `parse`, `is_valid_number` and `format_number(E164)`, over its metadata, on the
/// numbers accepted here: digits (ASCII, Arabic-Indic, Extended Arabic-Indic, fullwidth), the separators space,
/// no-break space, `-`, `.`, `/`, `(` and `)`, and one `+` (or `＋`) before the first digit. Extensions and letters
/// are refused. A leading `+`, the default country's international prefix, or `00` mean international; anything
/// else is national in the default country.
public struct PhoneNormalizer: Sendable {
    /// The default country, ISO 3166-1 alpha-2 in upper case ("MY").
    public let defaultCountry: String
    /// Its country calling code (60 for MY).
    public let callingCode: Int
    /// The default country's plan in `NumberingPlan.tables`.
    private let home: Int

    /// `nil` when the numbering plan has no such country (compare in upper case).
    public init?(defaultCountry: String) {
        let code = defaultCountry.uppercased()
        guard let home = NumberingPlan.tables.regionIndex[code] else { return nil }
        self.defaultCountry = code
        self.callingCode = NumberingPlan.tables.plans[home].callingCode
        self.home = home
    }

    /// `text` (trimmed, not empty) in E.164 ("+60123456789"), or why it is not a valid number.
    public func normalize(_ text: String) -> Result<String, PhoneNumberProblem> {
        let reader = NumberReader(tables: NumberingPlan.tables, home: home)
        guard let input = TypedNumber(text) else { return .failure(reader.problem(.invalid(judgedBy: home))) }
        switch reader.read(input) {
        case .valid(let e164): return .success(e164)
        case let verdict: return .failure(reader.problem(verdict))
        }
    }
}

/// The digits of a number as typed, and whether it started with `+`.
struct TypedNumber {
    /// Each digit's value, 0–9.
    var digits: [UInt8]
    var hasPlus: Bool

    /// libphonenumber refuses longer input outright (`_MAX_INPUT_STRING_LENGTH`).
    static let maximumLength = 250

    /// `nil` for a character outside the accepted set, a `+` after a digit or a second `+`, or for text
    /// libphonenumber does not consider a possible number (`_is_viable_phone_number`: at least three digits, or
    /// exactly two with nothing else).
    init?(_ text: String) {
        digits = []
        digits.reserveCapacity(24)
        hasPlus = false
        var length = 0
        var gapAfterFirstDigit = false
        for scalar in text.unicodeScalars {
            length += 1
            let value = scalar.value
            switch value {
            case 0x30...0x39: digits.append(UInt8(value - 0x30))
            case 0x660...0x669: digits.append(UInt8(value - 0x660))  // Arabic-Indic
            case 0x6F0...0x6F9: digits.append(UInt8(value - 0x6F0))  // Extended Arabic-Indic
            case 0xFF10...0xFF19: digits.append(UInt8(value - 0xFF10))  // fullwidth
            case 0x2B, 0xFF0B:  // + and fullwidth +
                guard !hasPlus, digits.isEmpty else { return nil }
                hasPlus = true
            case 0x20, 0xA0, 0x2D, 0x2E, 0x2F, 0x28, 0x29:  // space, no-break space, - . / ( )
                if digits.count == 1 { gapAfterFirstDigit = true }
            default:
                return nil
            }
        }
        guard length <= Self.maximumLength else { return nil }
        guard digits.count >= 3 || (digits.count == 2 && !hasPlus && !gapAfterFirstDigit) else { return nil }
    }
}

/// What became of a number.
enum Verdict: Equatable {
    case valid(String)
    /// Not a valid number for the plan at `judgedBy` (an index in `NumberingPlan.tables.plans`).
    case invalid(judgedBy: Int)
    /// An international number whose calling code (these first digits) no country has.
    case unknownCallingCode([UInt8])
}

/// libphonenumber's `parse` followed by `is_valid_number`, for numbers dialled in the home region.
struct NumberReader {
    let tables: NumberingPlan.Tables
    let home: Int

    /// The longest and shortest national significant numbers `parse` accepts.
    static let maximumNationalLength = 17
    static let minimumNationalLength = 2

    func read(_ number: TypedNumber) -> Verdict {
        let digits = number.digits[...]
        guard number.hasPlus else { return dialled(digits) }
        let verdict = international(digits)
        guard case .unknownCallingCode = verdict else { return verdict }
        // libphonenumber tries once more without the plus, for the home international prefix ("+011 44…" in US).
        return afterInternationalPrefix(digits).map(international) ?? verdict
    }

    func problem(_ verdict: Verdict) -> PhoneNumberProblem {
        switch verdict {
        case .valid: preconditionFailure("a valid number has no problem")
        case .invalid(let index):
            let plan = tables.plans[index]
            if plan.isNonGeographic {
                return PhoneNumberProblem(message: "not a valid number for +\(plan.callingCode)")
            }
            return PhoneNumberProblem(message: "not a valid number for \(plan.id) (+\(plan.callingCode))")
        case .unknownCallingCode(let digits):
            let code = String(decoding: digits.map { $0 + UInt8(ascii: "0") }, as: UTF8.self)
            return PhoneNumberProblem(message: "not a valid number: no country has calling code +\(code)")
        }
    }

    /// A number without `+`: international after the home region's international prefix or `00`, else national.
    private func dialled(_ digits: ArraySlice<UInt8>) -> Verdict {
        if let rest = afterInternationalPrefix(digits) { return international(rest) }
        // SPEC §10: 00 means international in every country, whatever its own international prefix.
        if Self.starts(digits, with: [0, 0]), digits.count == 2 || digits[digits.startIndex + 2] != 0 {
            return international(digits.dropFirst(2))
        }
        return national(digits)
    }

    /// The digits after the home region's international prefix (`_parse_prefix_as_idd`), which counts only when
    /// no 0 follows it: no calling code starts with 0.
    private func afterInternationalPrefix(_ digits: ArraySlice<UInt8>) -> ArraySlice<UInt8>? {
        guard let prefix = tables.plans[home].internationalPrefix?.match(digits),
            prefix.end == digits.endIndex || digits[prefix.end] != 0
        else { return nil }
        return digits[prefix.end...]
    }

    /// The digits after `+` or an international prefix: the calling code, then the national number.
    private func international(_ digits: ArraySlice<UInt8>) -> Verdict {
        let found = callingCode(at: digits)
        guard digits.count > Self.minimumNationalLength, let (code, rest) = found else {
            if let (code, _) = found { return .invalid(judgedBy: tables.regionsByCode[code][0]) }
            return digits.isEmpty ? .invalid(judgedBy: home) : .unknownCallingCode(Array(digits.prefix(3)))
        }
        let main = tables.regionsByCode[code][0]
        return verdict(code: code, national: rest, plan: main, judgedBy: main)
    }

    /// A number without an international prefix, in the home region. As libphonenumber, one that starts with the
    /// home calling code is read as international when that makes a better number (`_maybe_extract_country_code`).
    private func national(_ digits: ArraySlice<UInt8>) -> Verdict {
        let plan = tables.plans[home]
        if Self.starts(digits, with: plan.callingCodeDigits) {
            let rest = digits.dropFirst(plan.callingCodeDigits.count)
            let stripped = stripNationalPrefix(rest, plan: plan)
            if (!plan.matchesGeneralPattern(digits) && plan.matchesGeneralPattern(stripped))
                || plan.checkLength(digits.count) == .tooLong
            {
                let main = tables.regionsByCode[plan.callingCode][0]
                return verdict(code: plan.callingCode, national: stripped, plan: main, judgedBy: home)
            }
        }
        return verdict(code: plan.callingCode, national: digits, plan: home, judgedBy: home)
    }

    /// The end of `parse` (national prefix, lengths), then `is_valid_number`.
    private func verdict(code: Int, national: ArraySlice<UInt8>, plan index: Int, judgedBy: Int) -> Verdict {
        guard national.count >= Self.minimumNationalLength else { return .invalid(judgedBy: judgedBy) }
        let plan = tables.plans[index]
        var number = national
        let stripped = stripNationalPrefix(national, plan: plan)
        // Only when what is left may be a whole number: otherwise the original could be a short number.
        switch plan.checkLength(stripped.count) {
        case .possible, .tooLong: number = stripped
        case .tooShort, .possibleLocalOnly, .invalidLength: break
        }
        guard (Self.minimumNationalLength...Self.maximumNationalLength).contains(number.count),
            let region = region(code: code, number: number), tables.plans[region].isValid(number)
        else { return .invalid(judgedBy: judgedBy) }
        return .valid(Self.e164(code: code, number: number))
    }

    /// libphonenumber's `_maybe_strip_national_prefix_carrier_code`: drops (or transforms) the national prefix and
    /// carrier code, unless a number that fitted the general pattern would no longer fit it.
    private func stripNationalPrefix(_ digits: ArraySlice<UInt8>, plan: RegionPlan) -> ArraySlice<UInt8> {
        guard !digits.isEmpty, let prefix = plan.nationalPrefix, let match = prefix.match(digits) else {
            return digits
        }
        let result: ArraySlice<UInt8>
        if let transform = plan.nationalPrefixTransform, let last = match.groups.last, last != nil {
            var transformed: [UInt8] = []
            for part in transform {
                switch part {
                case .digits(let written): transformed += written
                case .group(let group): if let range = match.groups[group - 1] { transformed += digits[range] }
                }
            }
            transformed += digits[match.end...]
            result = transformed[...]
        } else {
            result = digits[match.end...]
        }
        if plan.matchesGeneralPattern(digits) && !plan.matchesGeneralPattern(result) { return digits }
        return result
    }

    /// The region of a number with this calling code (`region_code_for_number`): the only one, or the first
    /// whose leading digits start the number, or without leading digits, for which it is valid.
    private func region(code: Int, number: ArraySlice<UInt8>) -> Int? {
        let regions = tables.regionsByCode[code]
        if regions.count == 1 { return regions[0] }
        return regions.first { index in
            let plan = tables.plans[index]
            if let leading = plan.leadingDigits { return leading.matchesStart(of: number) }
            return plan.isValid(number)
        }
    }

    /// The calling code at the start of `digits` (`_extract_country_code`) and the digits after it.
    private func callingCode(at digits: ArraySlice<UInt8>) -> (Int, ArraySlice<UInt8>)? {
        guard let first = digits.first, first != 0 else { return nil }
        var code = 0
        for index in digits.startIndex..<min(digits.startIndex + 3, digits.endIndex) {
            code = code * 10 + Int(digits[index])
            if !tables.regionsByCode[code].isEmpty { return (code, digits[(index + 1)...]) }
        }
        return nil
    }

    private static func starts(_ digits: ArraySlice<UInt8>, with prefix: [UInt8]) -> Bool {
        guard digits.count >= prefix.count else { return false }
        for offset in 0..<prefix.count where digits[digits.startIndex + offset] != prefix[offset] { return false }
        return true
    }

    /// "+" and the calling code and national number's digits.
    private static func e164(code: Int, number: ArraySlice<UInt8>) -> String {
        String(unsafeUninitializedCapacity: 4 + number.count) { text in
            text[0] = UInt8(ascii: "+")
            var length = 1
            for divisor in [100, 10, 1] where code >= divisor {
                text[length] = UInt8(ascii: "0") + UInt8(code / divisor % 10)
                length += 1
            }
            for digit in number {
                text[length] = UInt8(ascii: "0") + digit
                length += 1
            }
            return length
        }
    }
}

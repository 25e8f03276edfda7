import ContactModel

/// A correction of many rows at once during review (SPEC §11).
public enum BulkFix: Sendable, Equatable {
    /// Every cell of a file column whose text is exactly `from` becomes `to`.
    case replace(column: Int, from: String, to: String)
    /// Every phone of a file column mapped to Phone Number that lacks a country code gets `code` (`+60`) in front:
    /// the number becomes the code then its digits, without a leading trunk `0` (`012-345 6789` → `+60123456789`),
    /// the page's recommended format.
    case prefixCountryCode(column: Int, code: String)
    /// Every row still in error is skipped: it counts as Skipped and writes nothing.
    case skipErrors

    /// The column the fix changes; nil for `skipErrors`.
    public var column: Int? {
        switch self {
        case .replace(let column, _, _), .prefixCountryCode(let column, _): column
        case .skipErrors: nil
        }
    }

    /// Checks the fix against the reviewed plan; the error names the column or rule.
    public func validate(_ plan: ImportPlan, columnNames: [String]) throws(ImportError) {
        if let column, !(0..<plan.columnCount).contains(column) {
            throw .invalidCorrection(
                "The file has no column \(column) (its columns are 0 to \(plan.columnCount - 1)).", field: "column")
        }
        switch self {
        case .replace(_, let from, let to):
            if from == to { throw .invalidCorrection("\"from\" and \"to\" are the same text.", field: "to") }
        case .prefixCountryCode(let column, let code):
            guard plan.columns.contains(where: { $0.index == column && $0.slot == .phone }) else {
                throw .invalidCorrection(
                    "Column \"\(columnNames[column])\" is not mapped to Phone Number.", field: "column")
            }
            guard Self.countryCode(code) != nil else {
                throw .invalidCorrection(
                    "\"\(code)\" is not a country calling code: write + and 1 to 3 digits, like +60.", field: "code")
            }
        case .skipErrors:
            break
        }
    }

    /// `+60`, `60` or ` +60 ` as `+60`; nil unless it is + and 1 to 3 digits not starting with 0.
    static func countryCode(_ text: String) -> String? {
        var digits = Substring(TextRules.trimmed(text))
        if digits.first == "+" { digits = digits.dropFirst() }
        guard (1...3).contains(digits.count), digits.allSatisfy({ $0.isASCII && $0.isNumber }), digits.first != "0"
        else { return nil }
        return "+" + digits
    }

    /// The new text of a cell of the fixed column; nil when the fix leaves it as it is.
    public func fixed(_ text: String) -> String? {
        switch self {
        case .replace(_, let from, let to):
            return text == from ? to : nil
        case .prefixCountryCode(_, let code):
            guard let code = Self.countryCode(code) else { return nil }
            let trimmed = TextRules.trimmed(text)
            guard !trimmed.isEmpty, !trimmed.hasPrefix("+"), !trimmed.hasPrefix("00") else { return nil }
            var digits = ""
            for character in trimmed {
                if character.isASCII, character.isNumber {
                    digits.append(character)
                } else if !" -.()/".contains(character) {
                    return nil  // Letters or other marks: not a number the fix can read.
                }
            }
            if digits.hasPrefix("0") { digits.removeFirst() }
            guard digits.count >= 4 else { return nil }
            return code + digits
        case .skipErrors:
            return nil
        }
    }
}

/// The value separator of a file (SPEC §2): comma by default, semicolon or tab when the file splits better on it.
public enum CSVDelimiter: UInt8, Sendable, Equatable, CaseIterable {
    /// `,`
    case comma = 0x2C
    /// `;` (LibreOffice and Excel in locales that write decimal commas)
    case semicolon = 0x3B
    /// Tab (Excel's "Unicode text")
    case tab = 0x09

    /// The delimiter as a character.
    public var character: Character { Character(Unicode.Scalar(rawValue)) }

    /// The name to show a person: "comma", "semicolon" or "tab".
    public var name: String {
        switch self {
        case .comma: "comma"
        case .semicolon: "semicolon"
        case .tab: "tab"
        }
    }
}

/// Picks the delimiter from the header and the first data rows.
///
/// For each candidate the sample (the header and up to 20 rows, within the first 64 KiB) is split
/// quote-aware; a candidate counts only if it splits the header into at least two values. The winner is,
/// in this order: clean (no quote inside an unquoted value, no text after a closing quote — splitting on
/// the wrong delimiter breaks quoted values apart), the most rows with exactly the header's number of
/// values, the most header values; ties go to comma, then semicolon, then tab. Nothing splits: comma.
func detectDelimiter(_ text: UnsafeBufferPointer<UInt8>) -> CSVDelimiter {
    let window = 64 * 1024
    let sampleRows = 20
    let truncated = text.count > window
    let sample = truncated ? UnsafeBufferPointer(rebasing: text[0..<window]) : text
    var best = CSVDelimiter.comma
    var bestScore = (clean: false, matches: -1, columns: 1)
    for candidate in CSVDelimiter.allCases {
        var parser = RecordParser(sample, delimiter: candidate.rawValue, offset: 0, line: 1)
        var sink = DiscardingSink()
        var columns = 0
        var matches = 0
        var seen = 0
        var clean = true
        while seen <= sampleRows {
            guard let record = try? parser.next(into: &sink) else { break }
            if truncated && parser.atEnd { break }  // the last record may be cut off by the window
            if record.isBlank { continue }
            clean = clean && record.isClean
            if columns == 0 {
                columns = record.fieldCount
            } else if record.fieldCount == columns {
                matches += 1
            }
            seen += 1
        }
        guard columns >= 2 else { continue }
        let better =
            if clean != bestScore.clean { clean } else if matches != bestScore.matches {
                matches > bestScore.matches
            } else {
                columns > bestScore.columns
            }
        if better {
            best = candidate
            bestScore = (clean, matches, columns)
        }
    }
    return best
}

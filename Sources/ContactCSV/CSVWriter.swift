/// Writes CSV the system hands back (SPEC §8): UTF-8, a header, RFC 4180 quoting, CRLF line ends,
/// and cells neutralised against spreadsheet formula injection.
///
/// Choices: a UTF-8 BOM is written first by default, because Excel on Windows reads a CSV without one as
/// the ANSI code page and garbles every non-ASCII name; the BOM is still UTF-8 and this library, Google
/// Sheets, LibreOffice and Numbers all read it. Lines end with CRLF, as RFC 4180 says. Values are quoted
/// when they hold a comma, quote, CR, LF, semicolon or tab (the last two so that the delimiter detection
/// of a reader can never mistake the file for a semicolon or tab file).
public struct CSVWriter: Sendable {
    /// The CSV written so far (or since the last `takeBytes()`).
    public private(set) var bytes: [UInt8] = []

    /// Starts a file and writes its header row.
    public init(header: [String], byteOrderMark: Bool = true) {
        if byteOrderMark { bytes.append(contentsOf: [0xEF, 0xBB, 0xBF]) }
        append(row: header)
    }

    /// Continues a file whose header was written elsewhere: rows only (a results file written batch by batch).
    public init() {}

    /// Appends one row, neutralising and quoting each value as needed.
    public mutating func append(row values: [String]) {
        for (index, value) in values.enumerated() {
            if index > 0 { bytes.append(0x2C) }
            appendValue(value)
        }
        bytes.append(0x0D)
        bytes.append(0x0A)
    }

    /// Hands over the bytes written so far and starts an empty buffer (to stream a big file out in chunks).
    public mutating func takeBytes() -> [UInt8] {
        defer { bytes = [] }
        return bytes
    }

    /// The value as it will be read back: with a leading apostrophe when it would start a formula
    /// (`=`, `+`, `-`, `@`, tab, CR), unless it is a safe number or phone number such as "+60189988776" or "-3.5".
    public static func neutralised(_ value: String) -> String {
        needsNeutralising(value) ? "'" + value : value
    }

    /// Whether `value` starts like a formula and is not a safe number or phone number.
    public static func needsNeutralising(_ value: String) -> Bool {
        var utf8 = value.utf8.makeIterator()
        guard let first = utf8.next() else { return false }
        switch first {
        case UInt8(ascii: "="), UInt8(ascii: "@"), 0x09, 0x0D:
            return true
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            // Safe: a sign followed only by digits and separators (space - . ( )), with at least one digit.
            var digits = 0
            while let c = utf8.next() {
                switch c {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digits += 1
                case UInt8(ascii: " "), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "("), UInt8(ascii: ")"):
                    break
                default: return true
                }
            }
            return digits == 0
        default:
            return false
        }
    }

    private mutating func appendValue(_ value: String) {
        let neutralise = CSVWriter.needsNeutralising(value)
        var quoteIt = false
        var quotes = 0
        for c in value.utf8 {
            switch c {
            case 0x22: quoteIt = true; quotes += 1
            case 0x2C, 0x0D, 0x0A, 0x3B, 0x09: quoteIt = true
            default: break
            }
        }
        if quoteIt { bytes.append(0x22) }
        if neutralise { bytes.append(UInt8(ascii: "'")) }
        if quotes == 0 {
            bytes.append(contentsOf: value.utf8)
        } else {
            for c in value.utf8 {
                bytes.append(c)
                if c == 0x22 { bytes.append(0x22) }
            }
        }
        if quoteIt { bytes.append(0x22) }
    }
}

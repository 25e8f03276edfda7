/// Why a file was refused: a machine code, a sentence for a person, and the line when one applies.
public struct CSVError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of refusal, stable for programs (HTTP mapping, logs, tests).
    public enum Code: String, Sendable, Equatable, CaseIterable {
        /// The upload reached the byte limit (20,971,520 bytes by default); answer 413.
        case tooLarge
        /// Binary content or NUL bytes: not a text CSV file.
        case notCSV
        /// A quoted field opens and is never closed.
        case unterminatedQuote
        /// The file is empty or holds only empty lines.
        case noHeader
        /// There is a header but no data row.
        case noDataRows
        /// More data rows than the limit (200,000 by default).
        case tooManyRows
        /// A saved row position does not point at a row of this file.
        case invalidPosition
    }

    /// The kind of refusal.
    public let code: Code
    /// A sentence for the person who uploaded the file; names the line when there is one.
    public let message: String
    /// The 1-based physical line the message is about, if any.
    public let line: Int?

    /// Makes an error; prefer the factory methods below.
    public init(code: Code, message: String, line: Int? = nil) {
        self.code = code
        self.message = message
        self.line = line
    }

    public var description: String { message }

    /// A file of `limit` bytes or more: the sentence names the limit.
    public static func tooLarge(limit: Int) -> CSVError {
        CSVError(
            code: .tooLarge,
            message: "The file is too large: it must be smaller than \(megabytes(limit)) (\(grouped(limit)) bytes).")
    }

    static func notCSV(_ reason: String, line: Int? = nil) -> CSVError {
        let prefix = line.map { "Line \($0): " } ?? ""
        return CSVError(code: .notCSV, message: prefix + reason, line: line)
    }

    static func unterminatedQuote(line: Int) -> CSVError {
        CSVError(
            code: .unterminatedQuote,
            message: "Line \(line): a quoted field starts here and is never closed.",
            line: line)
    }

    static let noHeader = CSVError(
        code: .noHeader, message: "The file is empty: there is no header line.")

    static func noDataRows(headerLine: Int) -> CSVError {
        CSVError(
            code: .noDataRows,
            message: "The file has a header (line \(headerLine)) but no data rows.",
            line: headerLine)
    }

    static func tooManyRows(limit: Int, line: Int) -> CSVError {
        CSVError(
            code: .tooManyRows,
            message:
                "The file has more than \(grouped(limit)) data rows (line \(line) holds row \(grouped(limit + 1))). "
                + "Split it into smaller files.",
            line: line)
    }

    static func invalidPosition(_ offset: Int) -> CSVError {
        CSVError(
            code: .invalidPosition,
            message: "The saved row position (byte \(offset)) does not point at a row of this file.")
    }
}

/// 20971520 -> "20,971,520".
func grouped(_ n: Int) -> String {
    let digits = String(n.magnitude)
    var out = ""
    for (i, ch) in digits.enumerated() {
        if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
        out.append(ch)
    }
    return n < 0 ? "-" + out : out
}

/// 20971520 -> "20 MB"; other sizes in bytes.
func megabytes(_ n: Int) -> String {
    n % (1024 * 1024) == 0 ? "\(n / (1024 * 1024)) MB" : "\(grouped(n)) bytes"
}

// ContactCSV — reading real-world CSV uploads and writing safe CSV (SPEC §2 and §8).
//
// API overview (the decisions are in ContactCSV.docc/ContactCSV.md, next to this file):
//
//   Upload:  var upload = CSVUploadBuffer()                 // limit 20,971,520 bytes
//            try upload.append(contentsOf: chunk)            // throws CSVError(.tooLarge) at the limit
//   Open:    let file = try CSVFile(bytes: upload.take())    // encoding, delimiter, header, full validation
//            file.encoding.name, file.delimiter.name, file.header, file.columnNames, file.rowCount
//   Rows:    try file.forEachRow { row in row.number; row.line; row.values; row.hasTooManyValues }
//            var cursor = try file.rows(from: savedPosition)  // resume a batch job
//            while let row = try cursor.next() { … }; save(cursor.position)
//   Write:   var out = CSVWriter(header: names); out.append(row: values); out.bytes / out.takeBytes()
//   Errors:  CSVError { code, message, line } — message is a sentence for a person.

/// An uploaded CSV file, checked and ready to be read row by row without holding all rows.
///
/// Opening it detects the encoding (UTF-16 and Windows-1252 are transcoded to UTF-8 once), the
/// delimiter and the header, and validates the whole file: NUL bytes, binary content, unterminated
/// quotes, no header, no data row and too many rows are refused with a `CSVError`.
public struct CSVFile: Sendable {
    /// The encoding the file was read with.
    public let encoding: CSVEncoding
    /// The value separator the file was read with.
    public let delimiter: CSVDelimiter
    /// The header values, trimmed, as written (empty ones stay empty).
    public let header: [String]
    /// The header values for people and mapping: an empty one becomes "Column N" (N counts from 1).
    public let columnNames: [String]
    /// The physical line of the header.
    public let headerLine: Int
    /// The number of data rows (empty lines not counted).
    public let rowCount: Int
    /// Where the first data row starts.
    public let firstRow: CSVPosition

    /// The text as UTF-8; `text[textStart...]` is the file after any BOM. Byte offsets index into `text`.
    let text: [UInt8]
    let textStart: Int

    /// The number of columns (values in the header).
    public var columnCount: Int { header.count }

    /// Opens and validates a whole file; throws a `CSVError` that names the line when the file is refused.
    public init(bytes: [UInt8], limits: CSVLimits = .standard) throws(CSVError) {
        if bytes.count >= limits.maxBytes { throw CSVError.tooLarge(limit: limits.maxBytes) }
        if let message = binarySignatureMessage(bytes) { throw CSVError.notCSV(message) }
        let decoded = decodeToUTF8(bytes)
        let start = decoded.start
        let scan = try decoded.bytes.withUnsafeBufferPointer { (buffer) throws(CSVError) -> Scan in
            if let nul = decoded.nul {
                throw CSVError.notCSV(
                    "the file contains a NUL byte, so it is binary data and not a text CSV file.",
                    line: lineNumber(of: nul, in: buffer, from: start))
            }
            if looksBinary(buffer, from: start) {
                throw CSVError.notCSV("The file holds binary data, not text: it is not a CSV file.")
            }
            let delimiter = detectDelimiter(UnsafeBufferPointer(rebasing: buffer[start...]))
            return try Scan(buffer, start: start, delimiter: delimiter, maxRows: limits.maxRows)
        }
        self.encoding = decoded.encoding
        self.delimiter = scan.delimiter
        self.header = scan.header
        self.columnNames = CSVFile.columnNames(for: scan.header)
        self.headerLine = scan.headerLine
        self.rowCount = scan.rowCount
        self.firstRow = scan.firstRow
        self.text = decoded.bytes
        self.textStart = start
    }

    /// Column names for people and mapping: an empty header value becomes "Column N" (N counts from 1);
    /// duplicate names are kept, each column is its own (identify columns by index).
    public static func columnNames(for header: [String]) -> [String] {
        header.enumerated().map { index, name in name.isEmpty ? "Column \(index + 1)" : name }
    }

    /// Calls `body` with every data row in order; rows are not retained.
    public func forEachRow<E: Error>(_ body: (CSVRow) throws(E) -> Void) throws(E) {
        let columns = columnCount
        let delimiter = self.delimiter.rawValue
        let first = firstRow
        try text.withUnsafeBufferPointer { (buffer) throws(E) -> Void in
            var parser = RecordParser(buffer, delimiter: delimiter, offset: first.byteOffset, line: first.line)
            var number = first.row
            while true {
                var sink = StringSink()
                sink.values.reserveCapacity(columns)
                let record: RecordInfo?
                do {
                    record = try parser.next(into: &sink)
                } catch {
                    // Unreachable: the same parser validated these same bytes in `init`.
                    preconditionFailure("CSVFile: validated text failed to parse: \(error)")
                }
                guard let record else { return }
                if record.isBlank { continue }
                let row = CSVRow(
                    position: CSVPosition(byteOffset: record.offset, line: record.line, row: number),
                    values: sink.values, columnCount: columns)
                number += 1
                try body(row)
            }
        }
    }

    /// Calls `body` with every data row's number and its value in `column` ("" when the row has fewer values), in
    /// order, making no String of the other values: a pass that needs one column (the import's duplicate scan)
    /// costs a fraction of `forEachRow`. Its loop repeats `forEachRow`'s on purpose: one shared loop taking the
    /// sink and the row as closures read 122–133 MB/s against 156–163 MB/s (`scripts/bench-csv`).
    public func forEachValue(inColumn column: Int, _ body: (_ rowNumber: Int, _ value: String) -> Void) {
        let delimiter = self.delimiter.rawValue
        let first = firstRow
        text.withUnsafeBufferPointer { buffer in
            var parser = RecordParser(buffer, delimiter: delimiter, offset: first.byteOffset, line: first.line)
            var number = first.row
            while true {
                var sink = ColumnSink(column: column)
                let record: RecordInfo?
                do {
                    record = try parser.next(into: &sink)
                } catch {
                    // Unreachable: the same parser validated these same bytes in `init`.
                    preconditionFailure("CSVFile: validated text failed to parse: \(error)")
                }
                guard let record else { return }
                if record.isBlank { continue }
                body(number, sink.value)
                number += 1
            }
        }
    }

    /// A cursor over the data rows starting at `position` (default: the first data row).
    /// Positions come from `CSVRow.position`, `CSVRowCursor.position` or `position(ofRow:)` of the same bytes.
    public func rows(from position: CSVPosition? = nil) throws(CSVError) -> CSVRowCursor {
        let position = position ?? firstRow
        guard position.byteOffset >= firstRow.byteOffset, position.byteOffset <= text.count,
            position.row >= 1, position.line >= 1
        else { throw CSVError.invalidPosition(position.byteOffset) }
        return CSVRowCursor(file: self, position: position)
    }

    /// The position of data row `number` (1-based); past the last row, the end position.
    /// Skims the rows before it without building values.
    public func position(ofRow number: Int) -> CSVPosition {
        let delimiter = self.delimiter.rawValue
        let first = firstRow
        return text.withUnsafeBufferPointer { buffer in
            var parser = RecordParser(buffer, delimiter: delimiter, offset: first.byteOffset, line: first.line)
            var row = first.row
            var sink = SkippingSink()
            while row < number {
                let before = (parser.offset, parser.line)
                guard let record = try? parser.next(into: &sink) else {
                    return CSVPosition(byteOffset: before.0, line: before.1, row: row)
                }
                if !record.isBlank { row += 1 }
            }
            // Skip empty lines so the position is the row's own start.
            while true {
                let before = (parser.offset, parser.line)
                guard let record = try? parser.next(into: &sink), record.isBlank else {
                    return CSVPosition(byteOffset: before.0, line: before.1, row: row)
                }
            }
        }
    }
}

/// The validation pass: header, row count, refusals.
private struct Scan {
    var delimiter: CSVDelimiter
    var header: [String] = []
    var headerLine = 0
    var rowCount = 0
    var firstRow = CSVPosition(byteOffset: 0, line: 1, row: 1)

    init(_ buffer: UnsafeBufferPointer<UInt8>, start: Int, delimiter: CSVDelimiter, maxRows: Int) throws(CSVError) {
        self.delimiter = delimiter
        var parser = RecordParser(buffer, delimiter: delimiter.rawValue, offset: start, line: 1)
        var headerSink = StringSink()
        while true {
            headerSink.values.removeAll(keepingCapacity: true)
            guard let record = try parser.next(into: &headerSink) else { throw CSVError.noHeader }
            if !record.isBlank {
                header = headerSink.values
                headerLine = record.line
                break
            }
        }
        firstRow = CSVPosition(byteOffset: parser.offset, line: parser.line, row: 1)
        var sink = SkippingSink()
        var firstFound = false
        while true {
            let before = (parser.offset, parser.line)
            guard let record = try parser.next(into: &sink) else { break }
            if record.isBlank { continue }
            if !firstFound {
                firstFound = true
                firstRow = CSVPosition(byteOffset: before.0, line: before.1, row: 1)
            }
            rowCount += 1
            if rowCount > maxRows { throw CSVError.tooManyRows(limit: maxRows, line: record.line) }
        }
        if rowCount == 0 { throw CSVError.noDataRows(headerLine: headerLine) }
    }
}

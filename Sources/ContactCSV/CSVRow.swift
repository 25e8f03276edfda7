/// Where a data row starts in a `CSVFile`: save it to resume reading there later (e.g. a batch job).
public struct CSVPosition: Sendable, Hashable, Codable {
    /// Byte offset of the row in the file's UTF-8 text.
    public let byteOffset: Int
    /// Physical line (1-based) where the row starts.
    public let line: Int
    /// The data row number (1-based) of the row that starts here.
    public let row: Int

    /// Rebuilds a saved position; it is only meaningful for the same file bytes.
    public init(byteOffset: Int, line: Int, row: Int) {
        self.byteOffset = byteOffset
        self.line = line
        self.row = row
    }
}

/// One data row: its values, its number and the line where it starts.
public struct CSVRow: Sendable, Equatable {
    /// Where the row starts.
    public let position: CSVPosition
    /// The trimmed values: padded with "" up to the header's column count; a row with too many values keeps them all.
    public let values: [String]
    /// How many values the row itself holds (before padding).
    public let valueCount: Int
    /// The number of columns of the file's header.
    public let columnCount: Int

    init(position: CSVPosition, values: [String], columnCount: Int) {
        self.position = position
        self.valueCount = values.count
        self.columnCount = columnCount
        if values.count < columnCount {
            var padded = values
            padded.append(contentsOf: repeatElement("", count: columnCount - values.count))
            self.values = padded
        } else {
            self.values = values
        }
    }

    /// The 1-based data row number (the header and empty lines are not counted).
    public var number: Int { position.row }
    /// The 1-based physical line where the row starts.
    public var line: Int { position.line }
    /// The row's byte offset in the file's UTF-8 text.
    public var byteOffset: Int { position.byteOffset }
    /// True when the row has more values than the header has columns (an Error row, SPEC §2).
    public var hasTooManyValues: Bool { valueCount > columnCount }
}

/// Reads data rows one at a time from a position; `position` is always where the next row starts.
public struct CSVRowCursor: Sendable {
    let file: CSVFile
    /// Where reading continues (the next row, or empty lines before it): save it after a batch to resume there.
    public private(set) var position: CSVPosition

    init(file: CSVFile, position: CSVPosition) {
        self.file = file
        self.position = position
    }

    /// The next data row, or nil after the last one; throws only for a position that is not a row start.
    public mutating func next() throws(CSVError) -> CSVRow? {
        let columns = file.columnCount
        let delimiter = file.delimiter.rawValue
        let start = position
        let result = try file.text.withUnsafeBufferPointer { (buffer) throws(CSVError) -> (CSVRow?, CSVPosition) in
            var parser = RecordParser(buffer, delimiter: delimiter, offset: start.byteOffset, line: start.line)
            var sink = StringSink()
            sink.values.reserveCapacity(columns)
            while true {
                sink.values.removeAll(keepingCapacity: true)
                let record: RecordInfo?
                do {
                    record = try parser.next(into: &sink)
                } catch {
                    throw CSVError.invalidPosition(start.byteOffset)
                }
                guard let record else {
                    return (nil, CSVPosition(byteOffset: parser.offset, line: parser.line, row: start.row))
                }
                if record.isBlank { continue }
                let row = CSVRow(
                    position: CSVPosition(byteOffset: record.offset, line: record.line, row: start.row),
                    values: sink.values, columnCount: columns)
                let next = CSVPosition(byteOffset: parser.offset, line: parser.line, row: start.row + 1)
                return (row, next)
            }
        }
        position = result.1
        return result.0
    }
}

// libFuzzer target for the ContactCSV reader and writer. Built by scripts/fuzz-csv together with the
// library's sources (one module, so no import), with -sanitize=fuzzer,address.
//
// For every input: open it (detection and validation); if it is refused, the error must be well formed.
// If it is read: every row (forEachRow and the cursor agree, numbers and lines increase, values are
// trimmed and padded), resuming from a saved position and `position(ofRow:)` agree with a full read,
// and writing the rows back and reading that gives the same values (neutralised cells gain exactly one
// leading apostrophe). Any broken expectation traps, which libFuzzer reports as a crash.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzContactCSV(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    checkReadAndRoundTrip(bytes)
    return 0
}

func expect(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition { fatalError("fuzz expectation failed: \(message())") }
}

func isTrimmed(_ value: String) -> Bool {
    guard let first = value.unicodeScalars.first, let last = value.unicodeScalars.last else { return true }
    func space(_ s: Unicode.Scalar) -> Bool {
        s.value == 0x20 || (0x09...0x0D).contains(s.value) || s.value == 0xA0 || s.value == 0x3000
            || s.value == 0xFEFF || (0x2000...0x200A).contains(s.value)
    }
    return !space(first) && !space(last)
}

func checkReadAndRoundTrip(_ bytes: [UInt8]) {
    // Small limits so that the refusals are reached too.
    let limits = CSVLimits(maxBytes: 1 << 20, maxRows: 300)
    let file: CSVFile
    do {
        file = try CSVFile(bytes: bytes, limits: limits)
    } catch {
        expect(!error.message.isEmpty, "empty message")
        if let line = error.line {
            expect(line >= 1, "line \(line)")
            expect(error.message.contains("\(line)"), "message does not name line \(line): \(error.message)")
        }
        return
    }
    expect(file.columnNames.count == file.header.count, "column names")
    expect(file.header.allSatisfy(isTrimmed), "header not trimmed: \(file.header)")
    expect(file.rowCount >= 1 && file.rowCount <= limits.maxRows, "row count \(file.rowCount)")

    var rows: [CSVRow] = []
    file.forEachRow { rows.append($0) }
    expect(rows.count == file.rowCount, "forEachRow read \(rows.count) rows, validation counted \(file.rowCount)")
    var previousLine = file.headerLine
    for (index, row) in rows.enumerated() {
        expect(row.number == index + 1, "row number \(row.number) at index \(index)")
        expect(row.line > previousLine, "line \(row.line) after \(previousLine)")
        previousLine = row.line
        expect(row.values.count == max(row.valueCount, file.columnCount), "padding")
        expect(row.hasTooManyValues == (row.valueCount > file.columnCount), "too many values flag")
        expect(row.values.allSatisfy(isTrimmed), "values not trimmed: \(row.values)")
        expect(row.values.contains { !$0.isEmpty }, "blank row \(row.number) was not skipped")
    }
    expect(rows.first?.position == file.firstRow, "first row position")

    // The cursor reads the same rows; resuming in the middle gives the same rows again.
    do {
        var cursor = try file.rows()
        var index = 0
        var middle: CSVPosition?
        while let row = try cursor.next() {
            expect(index < rows.count && row == rows[index], "cursor row \(index + 1) differs")
            index += 1
            if index == rows.count / 2 { middle = cursor.position }
        }
        expect(index == rows.count, "cursor read \(index) rows")
        if let middle {
            var resumed = try file.rows(from: middle)
            var k = rows.count / 2
            while let row = try resumed.next() {
                expect(row == rows[k], "resumed row \(k + 1) differs")
                k += 1
            }
            expect(k == rows.count, "resumed cursor stopped at \(k)")
        }
        for number in Set([1, rows.count / 2 + 1, rows.count]) {
            expect(file.position(ofRow: number) == rows[number - 1].position, "position(ofRow: \(number))")
        }
    } catch {
        expect(false, "cursor threw \(error)")
    }

    // Writing the rows and reading them back gives the same values, neutralised.
    var writer = CSVWriter(header: file.header)
    for row in rows { writer.append(row: row.values) }
    let back: CSVFile
    do {
        back = try CSVFile(bytes: writer.bytes, limits: .unlimited)
    } catch {
        // Control characters are kept as they are, so a file that is mostly control characters
        // (but passed as text because of its other content) may be refused when written back compactly.
        let hasControls =
            rows.contains { $0.values.contains { $0.utf8.contains { $0 < 0x20 } } }
            || file.header.contains { $0.utf8.contains { $0 < 0x20 } }
        expect(error.code == .notCSV && hasControls, "reading back what was written failed: \(error)")
        return
    }
    expect(back.encoding == .utf8BOM, "written encoding \(back.encoding)")
    expect(back.delimiter == .comma, "written delimiter \(back.delimiter)")
    expect(back.header == file.header.map(CSVWriter.neutralised), "header round trip: \(back.header) vs \(file.header)")
    expect(back.rowCount == rows.count, "round trip row count \(back.rowCount) vs \(rows.count)")
    var index = 0
    back.forEachRow { row in
        let expected = rows[index].values.map(CSVWriter.neutralised)
        expect(row.values == expected, "round trip row \(index + 1): \(row.values) vs \(expected)")
        index += 1
    }
}

import Testing

@testable import ContactCSV

/// The writer: UTF-8 with BOM, CRLF, RFC 4180 quoting, formula neutralisation (SPEC §8).
@Suite struct WriterTests {
    @Test func writesHeaderAndRowsWithQuotingWhereNeeded() {
        var writer = CSVWriter(header: ["Name", "Notes"])
        writer.append(row: ["Anna", "a, b"])
        writer.append(row: ["Ben \"B\"", "line\nbreak"])
        writer.append(row: ["semi;colon", "tab\there"])
        let text = String(decoding: writer.bytes, as: UTF8.self)
        #expect(writer.bytes.starts(with: [0xEF, 0xBB, 0xBF]))
        #expect(
            text
                == "\u{FEFF}Name,Notes\r\nAnna,\"a, b\"\r\n\"Ben \"\"B\"\"\",\"line\nbreak\"\r\n\"semi;colon\",\"tab\there\"\r\n"
        )
    }

    @Test func theBOMCanBeLeftOut() {
        let writer = CSVWriter(header: ["a"], byteOrderMark: false)
        #expect(writer.bytes == Array("a\r\n".utf8))
    }

    @Test(arguments: [
        "=1+2", "@SUM(A1)", "+cmd|' /C calc'!A0", "-2+3", "=HYPERLINK(\"x\")", "\tx", "\rx", "-", "+", "+()", "-1e5",
    ])
    func formulasAreNeutralised(value: String) {
        #expect(CSVWriter.needsNeutralising(value))
        #expect(CSVWriter.neutralised(value) == "'" + value)
    }

    @Test(arguments: [
        "+60189988776", "-3.5", "+1 (415) 555-0100", "-42", "+60 12-345 6789", "Anna", "", "1+1", "a=b", "'=x",
    ])
    func safeValuesAreLeftIntact(value: String) {
        #expect(!CSVWriter.needsNeutralising(value))
        #expect(CSVWriter.neutralised(value) == value)
    }

    @Test func neutralisedCellsAreWrittenWithTheApostropheInsideTheQuotes() {
        var writer = CSVWriter(header: ["a"], byteOrderMark: false)
        writer.append(row: ["=1,2"])
        #expect(String(decoding: writer.bytes, as: UTF8.self) == "a\r\n\"'=1,2\"\r\n")
    }

    @Test func headerCellsAreNeutralisedToo() throws {
        var writer = CSVWriter(header: ["=cmd", "Phone"])
        writer.append(row: ["Anna", "+60123456789"])
        #expect(try CSVFile(bytes: writer.bytes).header == ["'=cmd", "Phone"])
    }

    @Test func takeBytesStreamsAFileOutInChunks() throws {
        var writer = CSVWriter(header: ["a", "b"])
        var out: [UInt8] = writer.takeBytes()
        for i in 0..<1000 {
            writer.append(row: ["\(i)", "x"])
            if i % 100 == 0 { out += writer.takeBytes() }
        }
        out += writer.takeBytes()
        #expect(try CSVFile(bytes: out).rowCount == 1000)
    }

    @Test func readingBackWhatItWritesGivesTheSameValues() throws {
        let header = ["First Name", "Phone Number", "Notes", "Error"]
        let rows = [
            ["José", "+60189988776", "say \"hi\", then\r\nleave", "Email is invalid; First Name is required"],
            ["王伟", "-3.5", "=1+2", "@x"],
            ["", "+1 (415) 555-0100", "tab\tinside", "semi;colon"],
        ]
        var writer = CSVWriter(header: header)
        for row in rows { writer.append(row: row) }
        let file = try CSVFile(bytes: writer.bytes)
        #expect(file.encoding == .utf8BOM)
        #expect(file.delimiter == .comma)
        #expect(file.header == header)
        #expect(allRows(file).map(\.values) == rows.map { $0.map(CSVWriter.neutralised) })
        #expect(allRows(file)[1].values[2] == "'=1+2")
    }

    /// Property: for random trimmed values from an alphabet rich in CSV-special characters, reading back what the
    /// writer wrote gives the same values, except neutralised cells, which gain exactly one leading apostrophe.
    /// (Values are trimmed on reading, and a row whose values are all empty is skipped as an empty line, so the
    /// generator makes trimmed values and at least one non-empty value per row.)
    @Test func roundTripPropertyOverRandomValues() throws {
        var rng = SplitMix64(seed: 20_240_601)
        let alphabet: [String] = [
            "a", "Z", "0", "9", ",", ";", "\t", "\"", "'", "=", "+", "-", "@", " ", "\r", "\n", "\r\n", ".", "(", ")",
            "é", "王", "😀", "\u{00A0}", "\u{FEFF}", "\u{1A}",
        ]
        for _ in 0..<300 {
            let columns = Int(rng.next() % 6) + 1
            let header = (0..<columns).map { _ in randomValue(&rng, alphabet) }
            var rows: [[String]] = []
            for _ in 0..<Int(rng.next() % 8) + 1 {
                var row = (0..<columns).map { _ in randomValue(&rng, alphabet) }
                if row.allSatisfy(\.isEmpty) { row[0] = "x" }
                rows.append(row)
            }
            if header.allSatisfy(\.isEmpty) { continue }  // an empty header line is skipped, as on upload
            var writer = CSVWriter(header: header)
            for row in rows { writer.append(row: row) }
            let file = try CSVFile(bytes: writer.bytes)
            #expect(file.header == header.map(CSVWriter.neutralised))
            #expect(allRows(file).map(\.values) == rows.map { $0.map(CSVWriter.neutralised) })
        }
    }
}

/// A random value trimmed the way the reader trims (so it survives reading unchanged).
private func randomValue(_ rng: inout SplitMix64, _ alphabet: [String]) -> String {
    let length = Int(rng.next() % 8)
    var value = ""
    for _ in 0..<length { value += alphabet[Int(rng.next() % UInt64(alphabet.count))] }
    return trimmedLikeTheReader(value)
}

private func trimmedLikeTheReader(_ value: String) -> String {
    let bytes = Array(value.utf8)
    return bytes.withUnsafeBufferPointer { buffer in
        guard let base = buffer.baseAddress else { return "" }
        let (a, b) = trimmedRange(base, 0, buffer.count)
        return String(decoding: buffer[a..<b], as: UTF8.self)
    }
}

/// A small deterministic random generator (tests must be reproducible).
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE5_E9B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

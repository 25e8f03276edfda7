import Testing

@testable import ContactCSV

/// Encoding and delimiter detection.
@Suite struct DetectionTests {
    @Test func validUTF8WithoutBOM() throws {
        #expect(try open("a,b\né,ü\n").encoding == .utf8)
    }

    @Test func invalidUTF8IsReadAsWindows1252() throws {
        // 0x80 is € and 0x9F is Ÿ in Windows-1252 (in Latin-1 they would be control characters).
        let bytes: [UInt8] = Array("Name,Note\n".utf8) + [0x80, 0x2C, 0x9F, 0x93, 0x78, 0x94, 0x0A]
        let file = try CSVFile(bytes: bytes)
        #expect(file.encoding == .windows1252)
        #expect(file.encoding.name == "Windows-1252")
        #expect(allRows(file)[0].values == ["€", "Ÿ“x”"])
    }

    @Test func everyWindows1252ByteDecodesToItsCodePoint() throws {
        let high: [UInt8] = Array(0x80...0xFF)
        let file = try CSVFile(bytes: Array("x\n".utf8) + high + [0x0A])
        let value = allRows(file)[0].values[0]
        #expect(value.unicodeScalars.count == 128)
        #expect(value.hasPrefix("€\u{81}‚ƒ„…†‡ˆ‰Š‹Œ\u{8D}Ž\u{8F}\u{90}‘’“”•–—˜™š›œ\u{9D}žŸ"))
        #expect(value.hasSuffix("ýþÿ"))
    }

    @Test func overlongAndSurrogateUTF8IsNotUTF8() throws {
        #expect(try CSVFile(bytes: Array("a\n".utf8) + [0xC0, 0xAF, 0x0A]).encoding == .windows1252)
        #expect(try CSVFile(bytes: Array("a\n".utf8) + [0xED, 0xA0, 0x80, 0x0A]).encoding == .windows1252)
    }

    @Test func utf16WithUnpairedSurrogateIsRepaired() throws {
        var bytes: [UInt8] = [0xFF, 0xFE]
        for unit: UInt16 in [0x61, 0x0A, 0xD800, 0x62, 0x0A] { bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        let file = try CSVFile(bytes: bytes)
        #expect(allRows(file)[0].values == ["\u{FFFD}b"])
    }

    @Test func semicolonWhenTheHeaderSplitsBetterOnIt() throws {
        let file = try open("Name;Phone;Value\nAnna;+60123;3,5\nBen;+60456;-1,25\n")
        #expect(file.delimiter == .semicolon)
        #expect(allRows(file)[0].values == ["Anna", "+60123", "3,5"])
    }

    @Test func tabWhenTheHeaderSplitsOnTabs() throws {
        let file = try open("Name\tPhone\nAnna, the first\t+60123\n")
        #expect(file.delimiter == .tab)
        #expect(file.delimiter.character == "\t")
        #expect(allRows(file)[0].values == ["Anna, the first", "+60123"])
    }

    @Test func commaIsTheDefault() throws {
        #expect(try open("Name\nAnna\n").delimiter == .comma)
        #expect(try open("a,b;c\n1,2;3\n").delimiter == .comma)
    }

    @Test func quotedSemicolonsDoNotFoolTheDetection() throws {
        let file = try open("\"a;b\",\"c;d\",e\n\"1;2\",\"3;4\",5\n")
        #expect(file.delimiter == .comma)
        #expect(file.header == ["a;b", "c;d", "e"])
    }

    @Test func aSemicolonFileWithCommasInsideQuotesIsSemicolon() throws {
        let file = try open("Name;Tags;Phone\nAnna;\"a,b,c\";1\nBen;\"x,y\";2\n")
        #expect(file.delimiter == .semicolon)
        #expect(allRows(file)[1].values == ["Ben", "x,y", "2"])
    }

    @Test func aFuzzFoundFileWrittenBackIsReadWithCommas() throws {
        // Regression (fuzzer): values holding tabs and quotes, written back by CSVWriter, were read as tab-separated.
        let input: [UInt8] = [
            0x71, 0x22, 0x2C, 0x71, 0x71, 0x09, 0x1A, 0x74, 0x1A, 0x0A, 0x09, 0x67, 0x22, 0x2C, 0x71, 0x22, 0x2C,
            0x71, 0x71, 0x09, 0x1A, 0x74, 0x1A, 0x12, 0xE6, 0xE5, 0xE5, 0xED, 0x1A, 0x22, 0x71,
        ]
        let file = try CSVFile(bytes: input)
        var writer = CSVWriter(header: file.header)
        file.forEachRow { writer.append(row: $0.values) }
        let back = try CSVFile(bytes: writer.bytes)
        #expect(back.delimiter == .comma)
        #expect(back.header == file.header.map(CSVWriter.neutralised))
        #expect(allRows(back).map(\.values) == allRows(file).map { $0.values.map(CSVWriter.neutralised) })
    }
}

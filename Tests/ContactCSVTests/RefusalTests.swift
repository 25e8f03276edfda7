import Testing

@testable import ContactCSV

/// Files refused as a whole, each with a clear message (SPEC §2).
@Suite struct RefusalTests {
    @Test func anEmptyFileHasNoHeader() throws {
        let error = refusal { _ = try CSVFile(bytes: try! fixture("refuse-empty.csv")) }
        #expect(error?.code == .noHeader)
        #expect(error?.message == "The file is empty: there is no header line.")
    }

    @Test func onlyBlankLinesHaveNoHeader() throws {
        #expect(refusal { _ = try CSVFile(bytes: try! fixture("refuse-only-blank-lines.csv")) }?.code == .noHeader)
    }

    @Test func aHeaderWithoutDataRowsIsRefused() throws {
        let error = refusal { _ = try CSVFile(bytes: try! fixture("refuse-header-only.csv")) }
        #expect(error?.code == .noDataRows)
        #expect(error?.line == 1)
        #expect(error?.message == "The file has a header (line 1) but no data rows.")
    }

    @Test func aNULByteIsRefusedNamingItsLine() throws {
        let error = refusal { _ = try CSVFile(bytes: try! fixture("refuse-nul-byte.csv")) }
        #expect(error?.code == .notCSV)
        #expect(error?.line == 3)
        #expect(error?.message.hasPrefix("Line 3: ") == true)
    }

    @Test func anUnterminatedQuoteNamesTheLineWhereTheFieldBegan() throws {
        let error = refusal { _ = try CSVFile(bytes: try! fixture("refuse-unterminated-quote.csv")) }
        #expect(error?.code == .unterminatedQuote)
        #expect(error?.line == 3)
        #expect(error?.message == "Line 3: a quoted field starts here and is never closed.")
    }

    @Test func anUnterminatedQuoteAfterManyLinesInsideQuotesNamesTheOpeningLine() throws {
        let text = "a,b\n1,\"two\nlines\"\n3,\"x\n\n"
        let error = refusal { _ = try open(text) }
        #expect(error?.line == 4)
    }

    @Test func aWorkbookIsRefusedWithAHint() throws {
        let error = refusal { _ = try CSVFile(bytes: try! fixture("refuse-xlsx.csv")) }
        #expect(error?.code == .notCSV)
        #expect(error?.message.contains("CSV UTF-8") == true)
    }

    @Test func binaryContentWithoutNULIsRefused() throws {
        let error = refusal { _ = try CSVFile(bytes: try! fixture("refuse-binary.csv")) }
        #expect(error?.code == .notCSV)
    }

    @Test func aFewStrayControlCharactersAreTolerated() throws {
        let file = try open("a,b\n1\u{1A},\u{0B}2\n")
        #expect(allRows(file)[0].values == ["1\u{1A}", "2"])
    }

    @Test func moreThanTheMaximumRowsIsRefusedAtTheFirstRowTooMany() throws {
        var text = "Phone\n"
        for i in 0..<200_001 { text += "\(i)\n" }
        let error = refusal { _ = try open(text) }
        #expect(error?.code == .tooManyRows)
        #expect(error?.line == 200_002)
        #expect(error?.message.contains("200,000") == true)
        // Exactly at the limit is fine.
        let file = try CSVFile(bytes: Array(text.utf8), limits: CSVLimits(maxRows: 200_001))
        #expect(file.rowCount == 200_001)
    }

    @Test func theRowLimitIsConfigurableAndSkipsBlankLines() throws {
        let limits = CSVLimits(maxRows: 2)
        #expect(try open("a\n1\n\n2\n\n", limits: limits).rowCount == 2)
        #expect(refusal { _ = try open("a\n1\n2\n3\n", limits: limits) }?.code == .tooManyRows)
    }

    @Test func aFileOfTheByteLimitOrMoreIsRefused() throws {
        let limits = CSVLimits(maxBytes: 20)
        #expect(try open("a,b\n1,2\n3,4\n5,6\n789", limits: limits).rowCount == 4)  // 19 bytes
        let error = refusal { _ = try open("a,b\n1,2\n3,4\n5,6\n7890", limits: limits) }  // 20 bytes
        #expect(error?.code == .tooLarge)
    }

    @Test func theDefaultByteLimitIs20MB() throws {
        let bytes = [UInt8](repeating: UInt8(ascii: "a"), count: 20_971_520)
        let error = refusal { _ = try CSVFile(bytes: bytes) }
        #expect(error?.code == .tooLarge)
        #expect(error?.message == "The file is too large: it must be smaller than 20 MB (20,971,520 bytes).")
    }
}

import Testing

@testable import ContactCSV

/// The shapes people really upload (fixtures written by Fixtures/make_fixtures.py).
@Suite struct RealWorldFileTests {
    @Test func excelCSVUTF8WithBOMIsReadAsUTF8BOM() throws {
        let file = try openFixture("excel-utf8-bom.csv")
        #expect(file.encoding == .utf8BOM)
        #expect(file.encoding.name == "UTF-8 (BOM)")
        #expect(file.delimiter == .comma)
        #expect(file.header == ["First Name", "Last Name", "Phone Number", "Email", "Tags"])
        let rows = allRows(file)
        #expect(rows.count == 3)
        #expect(rows[0].values == ["José", "García", "+60189988776", "jose@example.com", "vip, kl"])
        #expect(rows[1].values == ["王", "伟", "+8613800138000", "wang.wei@example.cn", ""])
        #expect(rows.map(\.line) == [2, 3, 4])
    }

    @Test func excelWindows1252IsTranscodedWithTheRealMappingOf0x80To0x9F() throws {
        let file = try openFixture("excel-windows1252.csv")
        #expect(file.encoding == .windows1252)
        let rows = allRows(file)
        #expect(rows[0].values == ["Renée", "Lefèvre", "Café “Crème”", "Costs 5€"])
        #expect(rows[1].values == ["Seán", "O’Neil", "Müller & Söhne", "— em dash"])
    }

    @Test func googleSheetsWithoutFinalLineEnd() throws {
        let file = try openFixture("google-sheets.csv")
        #expect(file.encoding == .utf8)
        #expect(file.rowCount == 3)
        let rows = allRows(file)
        #expect(rows[1].values == ["Ahmad", "bin Ali", "+60123456789", "", "ms", "MY"])
        #expect(rows[2].values == ["محمد", "العلي", "+971501234567", "mohammed@example.ae", "ar", "AE"])
    }

    @Test func libreOfficeSemicolonsWithDecimalCommas() throws {
        let file = try openFixture("libreoffice-semicolon.csv")
        #expect(file.delimiter == .semicolon)
        #expect(file.delimiter.name == "semicolon")
        #expect(file.header == ["First Name", "Last Name", "Phone Number", "Lifetime Value", "Notes"])
        let rows = allRows(file)
        #expect(rows[0].values == ["Jürgen", "Schröder", "+4915112345678", "1234,50", "likes; semicolons"])
        #expect(rows[1].values == ["Inês", "Gonçalves", "+351912345678", "-3,5", "say \"olá\""])
    }

    @Test func outlookContactsExport() throws {
        let file = try openFixture("outlook-contacts.csv")
        #expect(file.encoding == .utf8)  // pure ASCII here
        #expect(file.columnCount == 92)
        #expect(file.header.contains("E-mail Address"))
        #expect(file.header.contains("Mobile Phone"))
        let rows = allRows(file)
        #expect(rows.count == 2)
        let email = try #require(file.header.firstIndex(of: "E-mail Address"))
        let notes = try #require(file.header.firstIndex(of: "Notes"))
        let company = try #require(file.header.firstIndex(of: "Company"))
        #expect(rows[0].values[email] == "emily.clarke@example.co.uk")
        #expect(rows[0].values[notes] == "Met at the fair.\r\nCall back in May.")
        #expect(rows[1].values[company] == "Evans, Hall & Co")
        #expect(rows[1].line == 4)  // the notes of row 1 span lines 2 and 3
        #expect(rows.allSatisfy { !$0.hasTooManyValues })
    }

    @Test func excelUnicodeTextIsUTF16LEWithTabs() throws {
        let file = try openFixture("excel-unicode-text-utf16le.txt")
        #expect(file.encoding == .utf16LE)
        #expect(file.delimiter == .tab)
        #expect(file.header == ["First Name", "Last Name", "Phone Number", "Notes"])
        let rows = allRows(file)
        #expect(rows[0].values == ["陈", "嘉欣", "+85291234567", "has\ttab"])
        #expect(rows[1].values == ["Łukasz", "Nowak", "+48501234567", "😀 emoji"])
    }

    @Test func utf16BigEndianWithBOM() throws {
        let file = try openFixture("utf16be.csv")
        #expect(file.encoding == .utf16BE)
        #expect(allRows(file).map(\.values) == [["Αλέξης", "+306912345678"]])
    }

    @Test func crOnlyLineEnds() throws {
        let file = try openFixture("cr-only.csv")
        let rows = allRows(file)
        #expect(rows.map(\.values) == [["Anna", "Smith", "+15551234567"], ["Ben", "Jones", "+15557654321"]])
        #expect(rows.map(\.line) == [2, 3])
    }

    @Test func blankLinesAndLinesOfOnlyDelimitersAreIgnoredAndNotCounted() throws {
        let file = try openFixture("trailing-blank-lines.csv")
        #expect(file.rowCount == 2)
        let rows = allRows(file)
        #expect(rows.map(\.values) == [["Anna", "Smith"], ["Ben", "Jones"]])
        #expect(rows.map(\.number) == [1, 2])
        #expect(rows.map(\.line) == [3, 6])
    }

    @Test func embeddedNewlinesAndQuotes() throws {
        let file = try openFixture("embedded-newlines-quotes.csv")
        let rows = allRows(file)
        #expect(rows[0].values == ["Anna", "Smith, Jones & \"Partners\"", "line one\nline two"])
        #expect(rows[1].values == ["Ben", "Quoted, with spaces", "three\r\nlines\r\nhere"])
        #expect(rows[2].values == ["Chloé", "Plain", "\"quoted at start"])
        #expect(rows.map(\.line) == [2, 4, 7])
    }

    @Test func aTenThousandCharacterField() throws {
        let file = try openFixture("long-field.csv")
        let rows = allRows(file)
        #expect(rows[0].values[1].count == 10_000)
        #expect(rows[0].values[2] == "anna@example.com")
        #expect(rows[1].values == ["Ben", "short", "ben@example.com"])
    }

    @Test func emptyAndDuplicateHeadersStaySeparateColumns() throws {
        let file = try openFixture("empty-duplicate-headers.csv")
        #expect(file.header == ["Email", "", "Phone", "Email", ""])
        #expect(file.columnNames == ["Email", "Column 2", "Phone", "Email", "Column 5"])
        let rows = allRows(file)
        #expect(rows[0].values == ["a@example.com", "x", "+60111111111", "b@example.com", "y"])
        #expect(rows[1].values == ["c@example.com", "z", "", "", ""])
        #expect(rows[1].valueCount == 2)
        #expect(!rows[1].hasTooManyValues)
        #expect(rows[2].hasTooManyValues)
        #expect(rows[2].valueCount == 7)
        #expect(rows[2].line == 4)
        #expect(rows[2].values == ["d@example.com", "1", "2", "3", "4", "5", "6"])
    }

    @Test func theBenchmarkGeneratorsShapeReadsBack() throws {
        // A few rows in the shape of shared/bench/gen_contacts.py output.
        let text = """
            First Name,Last Name,Phone Number,Email,Language,Country,Tags,Company,Plan,VIP,Lifetime Value,Signup Date,Website
            François,Şahin,+19795311127,francoi.sahin48@gmail.com,en,US,"referral, b2b",,Free,false,651,2020-04-30,
            Syafiq,bin Razak,+60196415173,syafiq.razak8@yahoo.com.my,zh,MY,,"Orient ""Group""
            Sdn Bhd",Free,false,222.89,2016-07-22,

            """
        let rows = allRows(try open(text))
        #expect(rows.count == 2)
        #expect(rows[0].values[6] == "referral, b2b")
        #expect(rows[1].values[7] == "Orient \"Group\"\nSdn Bhd")
        #expect(rows[1].values.count == 13)
    }
}

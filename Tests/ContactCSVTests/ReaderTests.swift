/// JSON round trip through Foundation (tests only; the library itself does not use Foundation).
import Foundation
import Testing

@testable import ContactCSV

/// RFC 4180 details, trimming, numbering and resuming.
@Suite struct ReaderTests {
    /// The one-column pass gives each row's number and value exactly as the full rows do: quoted values with
    /// delimiters and line breaks, trimmed values, rows shorter than the header, blank lines not counted.
    @Test func oneColumnPassMatchesTheFullRows() throws {
        let file = try open(
            "Name,Phone,Note\nAnn, +601 ,x\n\n\"Bo, \"\"B\"\"\",\"+60\n2\",y\nCy\n,,\nDee,+603,\"a,b\"\n")
        for column in 0..<3 {
            var values: [(Int, String)] = []
            file.forEachValue(inColumn: column) { values.append(($0, $1)) }
            let expected = allRows(file).map { ($0.number, column < $0.values.count ? $0.values[column] : "") }
            #expect(values.map(\.0) == expected.map(\.0))
            #expect(values.map(\.1) == expected.map(\.1))
        }
        var phones: [String] = []
        file.forEachValue(inColumn: 1) { phones.append($1) }
        #expect(phones == ["+601", "+60\n2", "", "+603"])
    }

    @Test func quotedFieldsHoldDelimitersDoubledQuotesAndLineBreaks() throws {
        let rows = allRows(try open("a,b,c\n\"x,y\",\"say \"\"hi\"\"\",\"l1\r\nl2\"\n"))
        #expect(rows.map(\.values) == [["x,y", "say \"hi\"", "l1\r\nl2"]])
    }

    @Test func crlfLfAndCrLineEndsCanBeMixed() throws {
        let rows = allRows(try open("a,b\r\n1,2\n3,4\r5,6"))
        #expect(rows.map(\.values) == [["1", "2"], ["3", "4"], ["5", "6"]])
        #expect(rows.map(\.line) == [2, 3, 4])
    }

    @Test func valuesAreTrimmedIncludingUnicodeSpaces() throws {
        let rows = allRows(try open("a,b,c\n  x  ,\t\" y \" ,\u{00A0}z\u{3000}\n"))
        #expect(rows[0].values == ["x", "y", "z"])
    }

    @Test func headerValuesAreTrimmed() throws {
        #expect(try open(" First Name , Phone \n1,2\n").header == ["First Name", "Phone"])
    }

    @Test func quotesInsideAnUnquotedValueAreLiteral() throws {
        #expect(allRows(try open("a,b\n5\" screen,x\n"))[0].values == ["5\" screen", "x"])
    }

    @Test func textAfterAClosingQuoteIsKept() throws {
        #expect(allRows(try open("a,b\n\"abc\"def,x\n"))[0].values == ["abcdef", "x"])
    }

    @Test func fewerValuesArePaddedAndMoreAreFlagged() throws {
        let rows = allRows(try open("a,b,c\n1\n1,2,3,4\n"))
        #expect(rows[0].values == ["1", "", ""])
        #expect(rows[0].valueCount == 1)
        #expect(!rows[0].hasTooManyValues)
        #expect(rows[1].hasTooManyValues)
        #expect(rows[1].values == ["1", "2", "3", "4"])
        #expect(rows[1].line == 3)
    }

    @Test func blankLinesBeforeTheHeaderAreSkipped() throws {
        let file = try open("\n\n,,\nName,Phone\n\nAnna,1\n")
        #expect(file.header == ["Name", "Phone"])
        #expect(file.headerLine == 4)
        let rows = allRows(file)
        #expect(rows.map(\.number) == [1])
        #expect(rows.map(\.line) == [6])
    }

    @Test func aTrailingDelimiterMakesAnEmptyLastValue() throws {
        let rows = allRows(try open("a,b\n1,\n"))
        #expect(rows[0].values == ["1", ""])
        #expect(rows[0].valueCount == 2)
    }

    @Test func aSingleColumnFile() throws {
        let file = try open("Phone\n+60123\n+60456")
        #expect(file.delimiter == .comma)
        #expect(allRows(file).map(\.values) == [["+60123"], ["+60456"]])
    }

    @Test func theCursorReadsTheSameRowsAsForEachRow() throws {
        let file = try openFixture("embedded-newlines-quotes.csv")
        var cursor = try file.rows()
        var read: [CSVRow] = []
        while let row = try cursor.next() { read.append(row) }
        #expect(read == allRows(file))
        #expect(try cursor.next() == nil)
    }

    @Test func aBatchJobResumesFromASavedPosition() throws {
        var text = "Name,Notes\n"
        for i in 1...10 { text += "n\(i),\"multi\nline \(i)\"\n\n" }
        let file = try open(text)
        let all = allRows(file)
        // First batch of 4 rows, then save the position.
        var cursor = try file.rows()
        for _ in 0..<4 { _ = try cursor.next() }
        let saved = cursor.position
        #expect(saved.row == 5)
        // Later (another process, same bytes): resume.
        let reopened = try open(text)
        var resumed = try reopened.rows(from: saved)
        var rest: [CSVRow] = []
        while let row = try resumed.next() { rest.append(row) }
        #expect(rest == Array(all[4...]))
        #expect(rest.first?.number == 5)
        #expect(rest.first?.line == 2 + 4 * 3)
    }

    @Test func positionOfRowFindsAnyRow() throws {
        let file = try openFixture("trailing-blank-lines.csv")
        let rows = allRows(file)
        #expect(file.position(ofRow: 1) == rows[0].position)
        #expect(file.position(ofRow: 2) == rows[1].position)
        var cursor = try file.rows(from: file.position(ofRow: 2))
        #expect(try cursor.next()?.values == ["Ben", "Jones"])
        var past = try file.rows(from: file.position(ofRow: 3))
        #expect(try past.next() == nil)
    }

    @Test func positionsCanBeStoredAsJSON() throws {
        let position = CSVPosition(byteOffset: 120, line: 7, row: 5)
        let data = try JSONEncoderShim.roundTrip(position)
        #expect(data == position)
    }

    @Test func aPositionOutsideTheFileIsRefused() throws {
        let file = try open("a\n1\n")
        #expect(
            refusal { _ = try file.rows(from: CSVPosition(byteOffset: 999, line: 1, row: 1)) }?.code == .invalidPosition
        )
        #expect(
            refusal { _ = try file.rows(from: CSVPosition(byteOffset: 0, line: 1, row: 1)) }?.code == .invalidPosition)
    }

    @Test func aPositionInsideAQuotedValueThrowsInsteadOfCrashing() throws {
        let file = try open("a\n\"x\n\"\n")
        // Byte 5 is the closing quote of "x\n": read from there, it opens a quoted value that never closes.
        var cursor = try file.rows(from: CSVPosition(byteOffset: 5, line: 3, row: 1))
        #expect(throws: CSVError.self) {
            while try cursor.next() != nil {}
        }
    }

    @Test func forEachRowPassesThrownErrorsThrough() throws {
        struct Stop: Error {}
        let file = try open("a\n1\n2\n")
        var seen = 0
        #expect(throws: Stop.self) {
            try file.forEachRow { _ in
                seen += 1
                throw Stop()
            }
        }
        #expect(seen == 1)
    }
}

enum JSONEncoderShim {
    static func roundTrip<T: Codable>(_ value: T) throws -> T {
        try JSONDecoder().decode(T.self, from: JSONEncoder().encode(value))
    }
}

import ContactModel
import Foundation
import ImportRules
import Testing

/// SPEC §9's date formats: read in the column's format, stored as YYYY-MM-DD, never guessed.
@Suite("Date formats (SPEC §9)")
struct DateFormatTests {
    @Test(
        "each format reads its own spelling of 17 May 1980",
        arguments: [
            (DateFormat.iso, "1980-05-17"), (.dayMonthYearSlash, "17/05/1980"), (.monthDayYearSlash, "05/17/1980"),
            (.dayMonthYearDot, "17.05.1980"), (.dayMonthYearDash, "17-5-1980"), (.monthDayYearDash, "5-17-1980"),
            (.yearMonthDaySlash, "1980/5/17"),
        ])
    func readsItsFormat(format: DateFormat, text: String) {
        #expect(format.isoDate(text) == "1980-05-17")
        #expect(format.isoDate(" \(text) ") == "1980-05-17")
    }

    @Test("29 February only in leap years; impossible dates, two-digit years and other spellings are refused")
    func realDatesOnly() {
        #expect(DateFormat.dayMonthYearDot.isoDate("29.02.2024") == "2024-02-29")
        #expect(DateFormat.dayMonthYearDot.isoDate("29.02.2023") == nil)
        #expect(DateFormat.dayMonthYearDot.isoDate("29.02.1900") == nil)
        #expect(DateFormat.dayMonthYearDot.isoDate("29.02.2000") == "2000-02-29")
        #expect(DateFormat.dayMonthYearDot.isoDate("31.04.1980") == nil)
        #expect(DateFormat.dayMonthYearDot.isoDate("17.05.80") == nil)
        #expect(DateFormat.dayMonthYearSlash.isoDate("17.05.1980") == nil)
        #expect(DateFormat.dayMonthYearSlash.isoDate("17/05/1980/1") == nil)
        #expect(DateFormat.dayMonthYearSlash.isoDate("117/05/1980") == nil)
        #expect(DateFormat.monthDayYearSlash.isoDate("17/05/1980") == nil)
        #expect(DateFormat.iso.isoDate("1980-5-7") == "1980-05-07")
        #expect(DateFormat.iso.isoDate("1980-05-17T00:00") == nil)
        #expect(DateFormat.iso.isoDate("") == nil)
    }

    @Test("the formats a column fits: exactly one when a day is over 12, several when none is, none for others")
    func fitting() {
        #expect(DateFormat.fitting(["17.05.1980", "01.02.1975"]) == [.dayMonthYearDot])
        #expect(DateFormat.fitting(["05/17/1980", "02/01/1975"]) == [.monthDayYearSlash])
        #expect(DateFormat.fitting(["05/06/1980", "02/01/1975"]) == [.dayMonthYearSlash, .monthDayYearSlash])
        #expect(DateFormat.fitting(["1980-05-17", "17.05.1980"]).isEmpty)
        #expect(DateFormat.fitting(["Aisyah"]).isEmpty)
        #expect(DateFormat.fitting([]).isEmpty)
    }

    static let birthday = CustomField(fieldId: "birthday", name: "Birthday", type: .date)

    @Test("a row's date is stored as YYYY-MM-DD, and one not real in the chosen format is an Error naming the format")
    func rows() throws {
        let configuration = ImportConfiguration(
            purpose: .addNew, identifier: .phone, tags: [], importTag: nil,
            mapping: [
                ColumnMapping(column: 0, field: .standard(.firstName)),
                ColumnMapping(column: 1, field: .standard(.phone)),
                ColumnMapping(column: 2, field: .custom("birthday"), dateFormat: .dayMonthYearDot),
            ])
        let plan = try ImportPlan(configuration: configuration, columnCount: 3, customFields: [Self.birthday])
        let good = plan.parse(ImportRow(number: 1, cells: ["Jürgen", "+49301234567", "17.05.1980"]))
        #expect(good.errors.isEmpty)
        #expect(good.values.last == .string("1980-05-17"))
        let empty = plan.parse(ImportRow(number: 2, cells: ["Özlem", "+49401234567", ""]))
        #expect(empty.errors.isEmpty)
        let bad = plan.parse(ImportRow(number: 3, cells: ["Ben", "+49401234568", "1980-05-17"]))
        #expect(bad.messages == ["Birthday: must be a real date written as DD.MM.YYYY"])
        let impossible = plan.parse(ImportRow(number: 4, cells: ["Cik", "+49401234569", "30.02.1980"]))
        #expect(impossible.messages == ["Birthday: must be a real date written as DD.MM.YYYY"])
    }

    @Test("a date format is refused on a field that is not a date, and an unknown format is named")
    func configuration() throws {
        let wrongField = ImportConfiguration(
            purpose: .addNew, identifier: .phone, tags: [], importTag: nil,
            mapping: [
                ColumnMapping(column: 0, field: .standard(.firstName), dateFormat: .dayMonthYearDot),
                ColumnMapping(column: 1, field: .standard(.phone)),
            ])
        #expect(throws: ConfigurationError.self) {
            try wrongField.validate(columnCount: 2, customFields: [])
        }
        let body: JSONValue = .object([
            "purpose": .string("addNew"), "identifier": .string("phone"),
            "mapping": .array([
                .object(["column": .integer(0), "field": .string("firstName")]),
                .object(["column": .integer(1), "field": .string("phone")]),
                .object(["column": .integer(2), "field": .string("custom.birthday"), "dateFormat": .string("DD.MM.YY")]
                ),
            ]),
        ])
        do {
            _ = try ConfigurationRequest(json: body)
            Issue.record("an unknown date format was accepted")
        } catch {
            #expect(error.message.contains("mapping[2].dateFormat must be one of YYYY-MM-DD, DD/MM/YYYY"))
        }
    }
}

import ContactModel
import Foundation
import ImportRules
import Testing

/// SPEC §9's remembered choices: per header (trimmed, any case, runs of white space as one), the newest completed
/// import's field or "left out" and its Do Not Overwrite, applied before the name rule, if the field still exists.
@Suite("Remembered choices (SPEC §9)")
struct RememberedChoiceTests {
    @Test("headers compare trimmed, case-insensitively, with runs of white space as one")
    func keys() {
        #expect(RememberedChoice.key("  Mobile \t  Phone ") == "mobile phone")
        #expect(RememberedChoice.key("E-MAIL") == RememberedChoice.key("e-mail"))
    }

    @Test("the newest import that had a header wins; a column it left out is remembered as left out")
    func newestWins() {
        let newest = (
            headers: ["Name", "Handphone", "Notes", "Born"],
            mapping: [
                ColumnMapping(column: 0, field: .standard(.firstName)),
                ColumnMapping(column: 1, field: .standard(.phone), doNotOverwrite: true),
                ColumnMapping(column: 3, field: .custom("birthday"), dateFormat: .monthDayYearSlash),
            ]
        )
        let older = (
            headers: ["handphone", "Notes", "Plan"],
            mapping: [
                ColumnMapping(column: 0, field: .standard(.email)), ColumnMapping(column: 1, field: .custom("notes")),
                ColumnMapping(column: 2, field: .custom("plan")),
            ]
        )
        let choices = RememberedChoice.latest(from: [newest, older])
        #expect(choices["handphone"] == RememberedChoice(field: .standard(.phone), doNotOverwrite: true))
        #expect(choices["notes"] == RememberedChoice(field: nil))
        #expect(choices["plan"] == RememberedChoice(field: .custom("plan")))
        #expect(choices["name"] == RememberedChoice(field: .standard(.firstName)))
        #expect(choices["born"] == RememberedChoice(field: .custom("birthday"), dateFormat: .monthDayYearSlash))
    }

    @Test("a remembered choice comes before the name rule and the suggestions, and is applied with Do Not Overwrite")
    func precedence() {
        let remembered: [String: RememberedChoice] = [
            "first name": RememberedChoice(field: nil),
            "handphone": RememberedChoice(field: .standard(.phone), doNotOverwrite: true),
            "given": RememberedChoice(field: .standard(.firstName)),
            "plan": RememberedChoice(field: .custom("plan")),
            "born": RememberedChoice(field: .custom("birthday"), dateFormat: .dayMonthYearSlash),
        ]
        let matches = ColumnMatcher.match(
            headers: ["First Name", "HANDPHONE ", "Given", "Email", "Plan", "Mobile", "Born"],
            customFields: [CustomField(fieldId: "birthday", name: "Birthday", type: .date)],
            remembered: remembered)
        #expect(matches[0].field == nil)
        #expect(matches[0].matchedBy == .remembered)
        #expect(matches[0].suggestion == nil)
        #expect(matches[1].field == .standard(.phone))
        #expect(matches[1].doNotOverwrite)
        #expect(matches[1].matchedBy == .remembered)
        #expect(matches[2].field == .standard(.firstName))
        #expect(matches[3].field == .standard(.email))
        #expect(matches[3].matchedBy == .name)
        // The custom field no longer exists: the choice is dropped and nothing else claims the column.
        #expect(matches[4].field == nil)
        #expect(matches[4].matchedBy == nil)
        // Phone is taken by the remembered column: no suggestion for Mobile.
        #expect(matches[5].suggestion == nil)
        // A date column keeps its format, so dates that read both ways need no new choice.
        #expect(matches[6].field == .custom("birthday"))
        #expect(matches[6].dateFormat == .dayMonthYearSlash)
    }

    @Test("a remembered date format is kept only where the new file's dates fit it")
    func rememberedDateFormatMustFit() {
        let remembered = ["born": RememberedChoice(field: .custom("birthday"), dateFormat: .dayMonthYearDot)]
        let fields = [CustomField(fieldId: "birthday", name: "Birthday", type: .date)]
        let fits = ColumnMatcher.match(
            headers: ["Born"], customFields: fields,
            profiles: [ColumnProfile(hasValue: true, values: ["17.05.1980", "01.02.1975"])], remembered: remembered)
        let other = ColumnMatcher.match(
            headers: ["Born"], customFields: fields,
            profiles: [ColumnProfile(hasValue: true, values: ["01/02/1985"])], remembered: remembered)
        #expect(fits[0].dateFormat == .dayMonthYearDot)
        #expect(other[0].field == .custom("birthday"))
        #expect(other[0].dateFormat == nil)
    }
}

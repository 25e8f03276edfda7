import ContactModel
import Foundation
import ImportRules
import Testing

private let plan = CustomField(fieldId: "plan", name: "Plan", type: .list, options: ["Free", "Pro"])
private let since = CustomField(fieldId: "since", name: "Customer Since", type: .date)

@Suite("Automatic mapping (SPEC §4)")
struct ColumnMatcherTests {
    @Test("headers equal to a field's name are mapped, ignoring case and white space; close ones are suggested")
    func matches() {
        let matches = ColumnMatcher.match(
            headers: [
                " first name ", "E-mail", "Phone Number", "Surname", "PLAN", "Notes", "Mobile", "", "Contact ID",
            ],
            customFields: [plan])
        #expect(
            matches == [
                ColumnMatch(column: 0, field: .standard(.firstName)),
                ColumnMatch(column: 1, suggestion: .standard(.email), suggestionReason: .synonym),
                ColumnMatch(column: 2, field: .standard(.phone)),
                ColumnMatch(column: 3, suggestion: .standard(.lastName), suggestionReason: .synonym),
                ColumnMatch(column: 4, field: .custom("plan")),
                ColumnMatch(column: 5),
                ColumnMatch(column: 6),
                ColumnMatch(column: 7),
                ColumnMatch(column: 8, field: .standard(.contactId)),
            ])
    }

    @Test("when two columns share a field's name only the first is mapped")
    func sharedHeader() {
        let matches = ColumnMatcher.match(headers: ["Email", "email"], customFields: [])
        #expect(matches == [ColumnMatch(column: 0, field: .standard(.email)), ColumnMatch(column: 1)])
    }

    @Test("a custom field is suggested by a close spelling of its name or by its id")
    func customById() {
        let matches = ColumnMatcher.match(headers: ["customer_since"], customFields: [since])
        #expect(matches == [ColumnMatch(column: 0, suggestion: .custom("since"), suggestionReason: .synonym)])
        #expect(
            ColumnMatcher.match(headers: ["since"], customFields: [since]) == [
                ColumnMatch(column: 0, suggestion: .custom("since"), suggestionReason: .synonym)
            ])
        #expect(
            ColumnMatcher.match(headers: ["Customer-Since"], customFields: [since]) == [
                ColumnMatch(column: 0, suggestion: .custom("since"), suggestionReason: .synonym)
            ])
    }
}

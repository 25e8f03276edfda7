import ContactModel
import Foundation
import ImportRules
import Testing

@Suite("Summary")
struct SummaryTests {
    @Test("the summary counts rows per status")
    func counts() throws {
        let outcomes = try runImport(
            config(.addAndUpdate, .phone),
            rows: [
                ["A", "", "+6011111111", "", ""], ["B", "", "+6022222222", "", ""], ["", "", "", "", ""],
                ["D", "", "+6033333333", "", ""], ["E", "", "+6033333333", "", ""],
            ],
            workspace: [contact(1, phone: "+6022222222")])
        var summary = ImportSummary()
        for outcome in outcomes { summary.add(outcome) }
        // B replaces the stored contact's First Name, Ana.
        #expect(summary == ImportSummary(imported: 1, updated: 1, skipped: 0, errors: 3, valuesReplaced: 1))
        #expect(summary.total == 5)
        var total = ImportSummary(skipped: 2)
        total.add(summary)
        #expect(total == ImportSummary(imported: 1, updated: 1, skipped: 2, errors: 3, valuesReplaced: 1))
    }

    @Test("statuses read as the results file shows them")
    func labels() {
        #expect(ImportStatus.allCases.map(\.label) == ["Imported", "Updated", "Skipped", "Error"])
        #expect(ImportStatus.allCases.map(\.rawValue) == ["imported", "updated", "skipped", "error"])
    }

    @Test("the summary is JSON with the API's keys")
    func json() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let text = String(
            decoding: try encoder.encode(ImportSummary(imported: 1, updated: 2, skipped: 3, errors: 4)), as: UTF8.self)
        #expect(text == #"{"errors":4,"imported":1,"skipped":3,"updated":2}"#)
    }
}

import ContactModel
import Foundation
import ImportRules
import Testing

private let note = CustomField(fieldId: "note", name: "Note", type: .text)

@Suite("Rows: control characters and tags per contact")
struct RowTextRuleTests {
    @Test("a control character in any mapped cell makes the row an Error naming the column")
    func controlCharacterIsARowError() throws {
        // Setup: First Name, Last Name, Phone Number, Email, Tags, then a custom text column.
        let configuration = config(.addAll, nil, fields: standardColumns + [.custom("note")])
        let rows = [
            ["Ana\u{0}", "", "", "", "", ""],
            ["Ben", "Lim\u{7F}", "", "", "", ""],
            ["Cy", "", "+6011\u{1}1111111", "", "", ""],
            ["Di", "", "", "", "vip,lead\u{1B}[31m", ""],
            ["Ed", "", "", "", "", "first\u{0C}second"],
            ["Flo", "", "", "", "", "line 1\nline 2\tend"],
        ]

        // Act
        let outcomes = try runImport(configuration, rows: rows, customFields: [note])

        // Check
        #expect(outcomes.map(\.status) == [.error, .error, .error, .error, .error, .imported])
        #expect(outcomes[0].messages == ["First Name: must not contain control characters (found U+0000)"])
        #expect(outcomes[1].messages == ["Last Name: must not contain control characters (found U+007F)"])
        #expect(outcomes[2].messages == ["Phone Number: must not contain control characters (found U+0001)"])
        #expect(outcomes[3].messages == ["Tags: must not contain control characters (found U+001B)"])
        #expect(outcomes[4].messages == ["Note: must not contain control characters (found U+000C)"])
        #expect(outcomes[5].added?.custom["note"] == .string("line 1\nline 2\tend"))
    }

    @Test("a line break inside a name or a tag makes the row an Error; around a tag's comma it is trimmed")
    func lineBreaks() throws {
        let outcomes = try runImport(
            config(.addAll, nil),
            rows: [
                ["Ana\nLim", "", "", "", ""],
                ["Ben", "", "", "", "vip\nlead"],
                ["Cy", "", "", "", "vip,\r\nlead"],
            ])
        #expect(outcomes.map(\.status) == [.error, .error, .imported])
        #expect(outcomes[0].messages == ["First Name: must be one line: line breaks are not allowed"])
        #expect(outcomes[1].messages == ["Tags: each tag must be one line: separate tags with commas"])
        #expect(outcomes[2].added?.tags == ["vip", "lead"])
    }

    @Test("a Tags cell of more than 100 different tags makes the row an Error naming the column")
    func tooManyTagsInACell() throws {
        let hundred = (1...100).map { "t\($0)" }
        let outcomes = try runImport(
            config(.addAll, nil, importTag: "import-1"),
            rows: [
                ["Ana", "", "", "", hundred.joined(separator: ",")],
                ["Ben", "", "", "", (hundred + hundred).joined(separator: ", ")],
                ["Cy", "", "", "", (hundred + ["t101"]).joined(separator: ",")],
            ])
        #expect(outcomes.map(\.status) == [.imported, .imported, .error])
        #expect(outcomes[2].messages == ["Tags: must list at most 100 different tags, the most a contact can have"])
        // The import's own tag comes on top of the 100 the cell lists.
        #expect(outcomes[0].added?.tags == hundred + ["import-1"])
    }

    @Test("an import adds its tags to a contact that already has 100 tags, without refusing the row")
    func importTagsAreNotCapped() throws {
        let hundred = (1...100).map { "t\($0)" }
        let outcome = try runOne(
            config(
                .updateExisting, .phone, fields: [.standard(.firstName), .standard(.phone)], tags: ["extra"],
                importTag: "import-2"),
            ["Ana", "+6011111111"],
            workspace: [contact(1, phone: "+6011111111", tags: hundred)])
        #expect(outcome.status == .updated)
        #expect(outcome.changes?.tags == hundred + ["extra", "import-2"])
    }
}

@Suite("Configuration: how many extra tags")
struct ConfigurationTagCountTests {
    private func broken(_ tags: [String]) -> ConfigurationError? {
        do {
            try config(.addAll, nil, tags: tags).validate(columnCount: 5, customFields: [])
            return nil
        } catch {
            return error
        }
    }

    @Test("an import adds at most 20 extra tags")
    func cap() {
        #expect(broken((1...20).map { "t\($0)" }) == nil)
        let error = broken((1...21).map { "t\($0)" })
        #expect(error?.rule == .tooManyTags)
        #expect(error?.message == "An import can add at most 20 tags besides its import tag; this one lists 21.")
    }

    @Test("an extra tag or import tag with a control character or line break is refused")
    func controlCharacters() {
        #expect(broken(["a\u{0}b"])?.message == "Tag \"a\u{0}b\" must not contain control characters (found U+0000).")
        #expect(broken(["a\nb"])?.message == "Tag \"a\nb\" must be one line: line breaks are not allowed.")
        do {
            try config(.addAll, nil, importTag: "import\r1").validate(columnCount: 5, customFields: [])
            Issue.record("an import tag with a line break was accepted")
        } catch {
            #expect(error.rule == .invalidTag)
        }
    }

    @Test("a configuration body's unknown key is quoted cut to 60 characters")
    func longUnknownKey() throws {
        let key = String(repeating: "k", count: 10_000)
        let body = JSONValue.object(["purpose": .string("addAll"), "mapping": .array([]), key: .bool(true)])
        do {
            _ = try ConfigurationRequest(json: body)
            Issue.record("an unknown key was accepted")
        } catch {
            let echoed = String(repeating: "k", count: 59) + "…"
            #expect(error.message == "“\(echoed)” is not part of an import's configuration.")
            #expect(error.problems.map(\.field) == [echoed])
        }
    }
}

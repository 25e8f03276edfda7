import ContactModel
import Foundation
import ImportRules
import Testing

private let plan = CustomField(fieldId: "plan", name: "Plan", type: .list, options: ["Free", "Pro"])
private let since = CustomField(fieldId: "since", name: "Customer Since", type: .date)

@Suite("Adding (SPEC §5.4, §5.6)")
struct AddTests {
    let fields: [FieldKey] =
        standardColumns + [.standard(.language), .standard(.country), .custom("plan"), .custom("since")]

    @Test(
        "a new contact has the row's values, the cell's tags and the import's tags",
        arguments: [ImportPurpose.addNew, .addAndUpdate, .addAll])
    func newContact(purpose: ImportPurpose) throws {
        let outcome = try runOne(
            config(
                purpose, purpose == .addAll ? nil : .phone, fields: fields, tags: ["campaign"], importTag: "import-1"),
            [" Ana ", "Lim", "+60 12-345 6789", "Ana@Example.com", "vip, lead", "EN", "my", "pro", "2024-02-29"],
            customFields: [plan, since])
        #expect(outcome.status == .imported)
        #expect(
            outcome.added
                == NewContact(
                    firstName: "Ana", lastName: "Lim", phone: "+60 12-345 6789", email: "Ana@Example.com",
                    language: "en",
                    country: "MY", tags: ["vip", "lead", "campaign", "import-1"],
                    custom: ["plan": .string("Pro"), "since": .string("2024-02-29")]))
    }

    @Test("empty cells leave the new contact's fields empty")
    func emptyCells() throws {
        let outcome = try runOne(
            config(.addNew, .phone, fields: fields), ["Ana", "", "", "", "", "", "", "", ""],
            customFields: [plan, since])
        #expect(outcome.added == NewContact(firstName: "Ana"))
    }

    @Test(
        "a row that would be added without a First Name is an error",
        arguments: [(ImportPurpose.addNew, IdentifierKind?.some(.phone)), (.addAndUpdate, .phone), (.addAll, nil)])
    func firstNameRequired(purpose: ImportPurpose, identifier: IdentifierKind?) throws {
        let outcome = try runOne(config(purpose, identifier), ["  ", "Lim", "+60101010101", "", ""])
        #expect(outcome.status == .error)
        #expect(outcome.messages == ["First Name is required to add a new contact"])
        #expect(outcome.write == nil)
    }

    @Test("an empty First Name does not matter when the row is skipped or updated")
    func firstNameOnlyForAdds() throws {
        let row = ["", "Lim", "+60101010101", "", ""]
        #expect(
            try runOne(config(.addNew, .phone), row, workspace: [contact(1, phone: "+60101010101")]).status == .skipped)
        #expect(
            try runOne(config(.addAndUpdate, .phone), row, workspace: [contact(1, phone: "+60101010101")]).status
                == .updated)
        #expect(try runOne(config(.updateExisting, .phone), row).status == .skipped)
    }

    @Test("an empty First Name with an empty identifier is an error when adding")
    func emptyIdentifierNoName() throws {
        let outcome = try runOne(config(.addAndUpdate, .email), ["", "Lim", "", "", ""])
        #expect(outcome.messages == ["First Name is required to add a new contact"])
    }

    @Test("a First Name that breaks its rule is named once, not as missing")
    func brokenFirstName() throws {
        let outcome = try runOne(
            config(.addNew, .phone), [String(repeating: "a", count: 101), "", "+60101010101", "", ""])
        #expect(outcome.messages == ["First Name: must be at most 100 characters"])
    }

    @Test("Do Not Overwrite has no effect on added contacts")
    func dnoIgnoredOnAdd() throws {
        let outcome = try runOne(
            config(.addAndUpdate, .phone, dno: [0, 1, 4]), ["Ana", "Lim", "+60101010101", "", "x"])
        #expect(outcome.added == NewContact(firstName: "Ana", lastName: "Lim", phone: "+60101010101", tags: ["x"]))
    }

    @Test("addAll adds rows that share identifiers with each other and with the workspace")
    func addAllAddsEverything() throws {
        let rows = [["Ana", "", "+60101010101", "", ""], ["Ana", "", "+60101010101", "", ""]]
        let outcomes = try runImport(config(.addAll, nil), rows: rows, workspace: [contact(1, phone: "+60101010101")])
        #expect(outcomes.map(\.status) == [.imported, .imported])
    }

    @Test("a new contact becomes a stored contact with its id")
    func toContact() {
        let new = NewContact(firstName: "Ana", tags: ["t"])
        #expect(new.contact(id: 4, createdAt: epoch) == contact(4, "Ana", tags: ["t"]))
    }
}

@Suite("Broken values (SPEC §5.1)")
struct ValueErrorTests {
    let fields: [FieldKey] =
        standardColumns + [.standard(.language), .standard(.country), .custom("plan"), .custom("since")]

    @Test("all broken values of a row are named together, in column order, by field name")
    func allNamed() throws {
        let outcome = try runOne(
            config(.addAndUpdate, .email, fields: fields),
            ["Ana", String(repeating: "x", count: 101), "12", "ana@", "", "english", "Malaysia", "Gold", "2023-02-29"],
            customFields: [plan, since])
        #expect(outcome.status == .error)
        #expect(
            outcome.messages == [
                "Last Name: must be at most 100 characters",
                "Phone Number: must have 7 to 15 digits",
                "Email: must be an email address like name@example.com",
                "Language: must be a 2-letter ISO 639-1 language code like en",
                "Country: must be a 2-letter ISO 3166-1 country code like MY",
                "Plan: must be one of: Free, Pro",
                "Customer Since: must be a real calendar date",
            ])
        #expect(outcome.errorText.contains("; Phone Number: must have 7 to 15 digits; "))
        #expect(outcome.write == nil)
    }

    @Test(
        "a broken value makes the row an error whatever the purpose and match",
        arguments: ImportPurpose.allCases)
    func errorWins(purpose: ImportPurpose) throws {
        let workspace = [contact(1, phone: "+60101010101")]
        let outcome = try runOne(
            config(purpose, purpose == .addAll ? nil : .phone), ["Ana", "", "+60101010101", "bad", ""],
            workspace: workspace)
        #expect(outcome.status == .error)
        #expect(outcome.messages == ["Email: must be an email address like name@example.com"])
    }

    @Test("a broken value with a missing First Name on add names both")
    func brokenAndNoName() throws {
        let outcome = try runOne(config(.addNew, .phone), ["", "", "+60101010101", "bad", ""])
        #expect(
            outcome.messages == [
                "Email: must be an email address like name@example.com", "First Name is required to add a new contact",
            ])
    }

    @Test("two workspace matches and a broken value are both named")
    func brokenAndShared() throws {
        let workspace = [
            contact(1, phone: "+60101010101"), contact(2, phone: "+60101010101"), contact(3, phone: "+60101010101"),
        ]
        let outcome = try runOne(
            config(.addAndUpdate, .phone), ["Ana", "", "+60101010101", "bad", ""], workspace: workspace)
        #expect(
            outcome.messages == [
                "Email: must be an email address like name@example.com",
                "3 contacts in the workspace share this phone number",
            ])
    }

    @Test("a row with more values than the header has columns is an error")
    func extraValues() throws {
        let outcomes = try runImport(
            config(.addAll, nil, fields: [.standard(.firstName)]), rows: [["Ana", "x"]], columnCount: 1)
        #expect(outcomes[0].status == .error)
        #expect(outcomes[0].messages == ["the row has 2 values but the header has 1 columns"])
    }

    @Test("a row with fewer values reads the missing ones as empty")
    func missingValues() throws {
        let outcome = try runOne(config(.addNew, .phone), ["Ana"])
        #expect(outcome.status == .imported)
        #expect(outcome.added == NewContact(firstName: "Ana"))
    }

    @Test("unselected columns are not checked")
    func unselectedColumns() throws {
        let configuration = ImportConfiguration(
            purpose: .addAll, identifier: nil, mapping: [ColumnMapping(column: 1, field: .standard(.firstName))])
        let outcomes = try runImport(configuration, rows: [["not an email at all", "Ana"]], columnCount: 2)
        #expect(outcomes[0].status == .imported)
    }
}

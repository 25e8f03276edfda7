import ContactModel
import Foundation
import ImportRules
import Testing

private let plan = CustomField(fieldId: "plan", name: "Plan", type: .list, options: ["Free", "Pro"])
private let score = CustomField(fieldId: "score", name: "Score", type: .number)

/// First Name, Last Name, Phone Number, Email, Tags, Plan, Score — identified by phone.
private let fields = standardColumns + [.custom("plan"), .custom("score")]

private let stored = contact(
    7, "Ana", lastName: "Lim", phone: "+60101010101", email: "ana@old.com", tags: ["old", "vip"],
    custom: ["plan": .string("Free")])

private func update(
    _ row: [String], dno: Set<Int> = [], tags: [String] = [], importTag: String? = nil,
    purpose: ImportPurpose = .addAndUpdate,
    fields: [FieldKey] = fields, existing: Contact = stored
) throws -> RowOutcome {
    try runOne(
        config(purpose, .phone, fields: fields, dno: dno, tags: tags, importTag: importTag), row, workspace: [existing],
        customFields: [plan, score])
}

@Suite("Updating (SPEC §5.5)")
struct UpdateTests {
    @Test(
        "by default a non-empty value replaces the stored one",
        arguments: [ImportPurpose.updateExisting, .addAndUpdate])
    func replaces(purpose: ImportPurpose) throws {
        let outcome = try update(["Anna", "Tan", "+60101010101", "ana@new.com", "", "pro", "12.5"], purpose: purpose)
        #expect(outcome.status == .updated)
        #expect(outcome.updatedId == 7)
        #expect(
            outcome.changes?.fields == [
                FieldChange(field: .standard(.firstName), value: .string("Anna")),
                FieldChange(field: .standard(.lastName), value: .string("Tan")),
                FieldChange(field: .standard(.email), value: .string("ana@new.com")),
                FieldChange(field: .custom("plan"), value: .string("Pro")),
                FieldChange(field: .custom("score"), value: .number(Decimal(string: "12.5")!)),
            ])
    }

    @Test("by default an empty value clears the stored one, but First Name is never cleared")
    func emptyClears() throws {
        let outcome = try update(["", "", "+60101010101", "", "", "", ""])
        #expect(outcome.status == .updated)
        #expect(
            outcome.changes?.fields == [
                FieldChange(field: .standard(.lastName), value: nil),
                FieldChange(field: .standard(.email), value: nil),
                FieldChange(field: .custom("plan"), value: nil),
            ])
        #expect(outcome.changes?.tags == [])
        let after = try #require(outcome.changes).applied(to: stored)
        #expect(after.firstName == "Ana")
        #expect(after.lastName == nil)
        #expect(after.email == nil)
        #expect(after.custom.isEmpty)
        #expect(after.tags.isEmpty)
    }

    @Test("the FAQ: an email found by phone is overwritten by default and kept with Do Not Overwrite")
    func faqEmail() throws {
        let existing = contact(7, phone: "+60101010101", email: "contactA@email.com")
        let fields: [FieldKey] = [.standard(.phone), .standard(.email)]
        let overwrite = try update(
            ["+60101010101", "contact123@email.com"], purpose: .updateExisting, fields: fields, existing: existing)
        #expect(try #require(overwrite.changes).applied(to: existing).email == "contact123@email.com")
        let keep = try update(
            ["+60101010101", "contact123@email.com"], dno: [1], purpose: .updateExisting, fields: fields,
            existing: existing)
        #expect(keep.status == .updated)
        #expect(try #require(keep.changes).applied(to: existing).email == "contactA@email.com")
    }

    @Test("Do Not Overwrite writes only where the stored value is empty, and never clears")
    func doNotOverwrite() throws {
        let sparse = contact(7, "Ana", phone: "+60101010101", tags: ["old"])
        let all: Set<Int> = [0, 1, 2, 3, 5, 6]
        let filled = try update(
            ["Anna", "Tan", "+60101010101", "ana@new.com", "", "Pro", "3"], dno: all, existing: sparse)
        #expect(
            filled.changes?.fields == [
                FieldChange(field: .standard(.lastName), value: .string("Tan")),
                FieldChange(field: .standard(.email), value: .string("ana@new.com")),
                FieldChange(field: .custom("plan"), value: .string("Pro")),
                FieldChange(field: .custom("score"), value: .number(3)),
            ])
        let kept = try update(["Anna", "", "+60101010101", "", "", "Pro", ""], dno: all)
        #expect(kept.changes?.fields == [])
    }

    @Test("Do Not Overwrite is per column")
    func perColumn() throws {
        let outcome = try update(["Ana", "Tan", "+60101010101", "", "", "", ""], dno: [1, 3])
        #expect(outcome.changes?.fields == [FieldChange(field: .custom("plan"), value: nil)])
    }

    @Test("values equal to the stored ones are not listed; an update that changes nothing is still Updated")
    func noChange() throws {
        let outcome = try update(["Ana", "Lim", "+60101010101", "ana@old.com", "old, vip", "FREE", ""])
        #expect(outcome.status == .updated)
        #expect(outcome.changes == ContactChanges())
        #expect(outcome.changes?.isEmpty == true)
    }

    @Test("an email that differs only in case is written in the file's spelling")
    func emailCase() throws {
        let outcome = try update(["Ana", "Lim", "+60101010101", "Ana@Old.com", "old, vip", "Free", ""])
        #expect(outcome.changes?.fields == [FieldChange(field: .standard(.email), value: .string("Ana@Old.com"))])
    }

    @Test("an empty First Name on update is ignored, not an error")
    func emptyFirstNameOnUpdate() throws {
        let outcome = try update(
            ["", "Lim", "+60101010101", "ana@old.com", "old, vip", "Free", ""], purpose: .updateExisting)
        #expect(outcome.status == .updated)
        #expect(outcome.errors.isEmpty)
        #expect(outcome.changes?.isEmpty == true)
    }
}

@Suite("Tags on update")
struct UpdateTagsTests {
    @Test("a Tags column replaces the contact's tags by default")
    func replaces() throws {
        let outcome = try update(["Ana", "Lim", "+60101010101", "ana@old.com", "new, vip", "Free", ""])
        #expect(outcome.changes?.tags == ["new", "vip"])
    }

    @Test("an empty Tags cell clears the tags by default")
    func emptyClears() throws {
        let outcome = try update(["Ana", "Lim", "+60101010101", "ana@old.com", "", "Free", ""])
        #expect(outcome.changes?.tags == [])
    }

    @Test("with Do Not Overwrite the cell's tags are added to the existing ones")
    func adds() throws {
        let outcome = try update(["Ana", "Lim", "+60101010101", "ana@old.com", "new, vip", "Free", ""], dno: [4])
        #expect(outcome.changes?.tags == ["old", "vip", "new"])
        let empty = try update(["Ana", "Lim", "+60101010101", "ana@old.com", "", "Free", ""], dno: [4])
        #expect(empty.changes?.tags == nil)
    }

    @Test("without a Tags column the existing tags stay")
    func noColumn() throws {
        let fields: [FieldKey] = [.standard(.phone), .standard(.lastName)]
        let outcome = try update(["+60101010101", "Tan"], purpose: .updateExisting, fields: fields)
        #expect(outcome.changes?.tags == nil)
    }

    @Test(
        "the import's tags are added in every case",
        arguments: [
            // (fields has a Tags column, Do Not Overwrite on Tags, cell, expected tags)
            (true, false, "new", ["new", "campaign", "import-1"]),
            (true, false, "", ["campaign", "import-1"]),
            (true, true, "new", ["old", "vip", "new", "campaign", "import-1"]),
            (false, false, "", ["old", "vip", "campaign", "import-1"]),
        ])
    func importTagsAlways(hasTagsColumn: Bool, dno: Bool, cell: String, expected: [String]) throws {
        let fields: [FieldKey] = hasTagsColumn ? [.standard(.phone), .standard(.tags)] : [.standard(.phone)]
        let row = hasTagsColumn ? ["+60101010101", cell] : ["+60101010101"]
        let outcome = try update(
            row, dno: dno ? [1] : [], tags: ["campaign"], importTag: "import-1", purpose: .updateExisting,
            fields: fields)
        #expect(outcome.changes?.tags == expected)
    }

    @Test("with the import tag removed only the chosen tags are added")
    func importTagRemoved() throws {
        let fields: [FieldKey] = [.standard(.phone)]
        let outcome = try update(
            ["+60101010101"], tags: ["campaign"], importTag: nil, purpose: .updateExisting, fields: fields)
        #expect(outcome.changes?.tags == ["old", "vip", "campaign"])
        let none = try update(["+60101010101"], purpose: .updateExisting, fields: fields)
        #expect(none.changes?.tags == nil)
    }

    @Test("import tags already on the contact change nothing")
    func alreadyTagged() throws {
        let fields: [FieldKey] = [.standard(.phone)]
        let outcome = try update(["+60101010101"], tags: ["vip"], purpose: .updateExisting, fields: fields)
        #expect(outcome.changes?.isEmpty == true)
    }

    @Test("changes apply to the stored contact")
    func applied() throws {
        let outcome = try update(["Anna", "", "+60101010101", "ana@old.com", "x", "Pro", "1"], importTag: "import-1")
        let after = try #require(outcome.changes).applied(to: stored)
        #expect(
            after
                == contact(
                    7, "Anna", phone: "+60101010101", email: "ana@old.com", tags: ["x", "import-1"],
                    custom: ["plan": .string("Pro"), "score": .number(1)]))
    }
}

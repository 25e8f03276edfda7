import ContactModel
import Foundation
import ImportRules
import Testing

private let plan = CustomField(fieldId: "plan", name: "Plan", type: .list, options: ["Free", "Pro"])
private let score = CustomField(fieldId: "score", name: "Score", type: .number)

/// First Name, Last Name, Phone Number, Email, Tags, Plan, Score — identified by phone.
private let fields = standardColumns + [.custom("plan"), .custom("score")]

/// A stored contact with a last name, an email, two tags and a plan, but no score.
private let stored = contact(
    7, "Ana", lastName: "Lim", phone: "+60101010101", email: "ana@old.com", tags: ["old", "vip"],
    custom: ["plan": .string("Free")])

/// The row as stored: First Name, Last Name, Phone Number, Email, Tags, Plan, Score.
private let same = ["Ana", "Lim", "+60101010101", "ana@old.com", "old, vip", "Free", ""]

/// `same` with `cells` (column → text) changed.
private func row(_ cells: [Int: String]) -> [String] {
    var row = same
    for (column, text) in cells { row[column] = text }
    return row
}

/// What updating `stored` with `row` overwrites, as the job decides it; the review (no write) must say the same.
private func overwrites(
    _ row: [String], dno: Set<Int> = [], tags: [String] = [], fields: [FieldKey] = fields,
    existing: Contact = stored
) throws -> RowOutcome.Overwrites {
    let configuration = config(.addAndUpdate, .phone, fields: fields, dno: dno, tags: tags, importTag: "import-1")
    let outcome = try runOne(configuration, row, workspace: [existing], customFields: [plan, score])
    #expect(outcome.status == .updated)
    let planned = try ImportPlan(
        configuration: configuration, columnCount: fields.count, customFields: [plan, score])
    let parsed = planned.parse(ImportRow(number: 1, cells: row))
    let duplicates = DuplicateScan(plan: planned).finish()
    let reviewed = planned.decide(
        parsed, duplicates: duplicates,
        existing: FakeWorkspace(contacts: [existing]).lookup(planned.lookupKeys([parsed], duplicates: duplicates)),
        computeWrite: false)
    #expect(reviewed.overwrites == outcome.overwrites, "the review and the job agree")
    return outcome.overwrites
}

@Suite("What an update overwrites (SPEC §5.5)")
struct OverwriteTests {
    @Test("a non-empty stored value becoming another is a value replaced")
    func replaced() throws {
        #expect(try overwrites(row([1: "Tan"])) == .replacesValue)
        #expect(try overwrites(row([0: "Anna"])) == .replacesValue)
        #expect(try overwrites(row([3: "ana@new.com"])) == .replacesValue)
    }

    @Test("a non-empty stored value emptied is a value cleared; an empty First Name is ignored")
    func cleared() throws {
        #expect(try overwrites(row([1: ""])) == .clearsValue)
        #expect(try overwrites(row([3: ""])) == .clearsValue)
        #expect(try overwrites(row([0: ""])) == [])
        #expect(try overwrites(row([1: "", 3: "ana@new.com"])) == [.clearsValue, .replacesValue])
    }

    @Test("writing the value already stored overwrites nothing")
    func sameValue() throws {
        #expect(try overwrites(same) == [])
        // The email matches ignoring case, but its text is replaced as written.
        #expect(try overwrites(row([3: "Ana@Old.com"])) == .replacesValue)
    }

    @Test("filling an empty stored value overwrites nothing")
    func filled() throws {
        let sparse = contact(7, "Ana", phone: "+60101010101", tags: ["old", "vip"])
        #expect(try overwrites(row([1: "Tan", 3: "ana@new.com", 5: "Pro", 6: "3"]), existing: sparse) == [])
        // Clearing what is empty already is no change at all.
        #expect(try overwrites(row([1: "", 3: "", 5: ""]), existing: sparse) == [])
    }

    @Test("custom fields: replaced, cleared, and filled")
    func customFields() throws {
        #expect(try overwrites(row([5: "Pro"])) == .replacesValue)
        #expect(try overwrites(row([5: ""])) == .clearsValue)
        #expect(try overwrites(row([6: "12.5"])) == [])
    }

    @Test("Do Not Overwrite writes only into empty fields: nothing is overwritten")
    func doNotOverwrite() throws {
        #expect(try overwrites(row([1: "Tan", 3: "", 5: "Pro"]), dno: [1, 3, 5]) == [])
    }

    @Test("a Tags cell replaces the contact's tags by default: a tag left out is removed")
    func tagsReplaced() throws {
        #expect(try overwrites(row([4: "new"])) == .removesTags)
        #expect(try overwrites(row([4: ""])) == .removesTags)
        #expect(try overwrites(row([4: "vip"])) == .removesTags)
        // Every tag kept, in any order, with more added: none removed.
        #expect(try overwrites(row([4: "vip, old, new"])) == [])
    }

    @Test("tags only added overwrite nothing: Do Not Overwrite on Tags, no Tags column, the import's tags")
    func tagsAdded() throws {
        #expect(try overwrites(row([4: "new"]), dno: [4]) == [])
        let noTags: [FieldKey] = [.standard(.firstName), .standard(.phone)]
        #expect(try overwrites(["Ana", "+60101010101"], tags: ["spring"], fields: noTags) == [])
    }

    @Test("rows in error, skipped or added overwrite nothing")
    func otherStatuses() throws {
        let configuration = config(.addAndUpdate, .phone, fields: fields)
        let outcomes = try runImport(
            configuration,
            rows: [
                row([1: "Tan", 3: "not an email"]), ["Bea", "", "+60102020202", "", "", "", ""],
                row([1: ""]), row([1: ""]),
            ],
            workspace: [stored], customFields: [plan, score])
        #expect(outcomes.map(\.status) == [.error, .imported, .error, .error])
        #expect(outcomes.allSatisfy { $0.overwrites.isEmpty })
        let addNew = try runOne(
            config(.addNew, .phone, fields: fields), row([1: ""]), workspace: [stored],
            customFields: [plan, score])
        #expect(addNew.status == .skipped)
        #expect(addNew.overwrites.isEmpty)
    }

    @Test("the overwrites are read from the changes and the stored contact alone")
    func fromChanges() {
        let changes = ContactChanges(
            fields: [
                FieldChange(field: .standard(.lastName), value: .string("Tan")),
                FieldChange(field: .standard(.language), value: .string("ms")),
                FieldChange(field: .custom("plan"), value: nil),
            ],
            tags: ["old", "import-1"])
        #expect(RowOutcome.Overwrites(changes, on: stored) == [.replacesValue, .clearsValue, .removesTags])
        #expect(RowOutcome.Overwrites(ContactChanges(tags: ["old", "vip", "x"]), on: stored) == [])
        #expect(RowOutcome.Overwrites(ContactChanges(), on: stored) == [])
    }

    @Test("the summary counts contacts per kind of overwrite, and takes a row back")
    func summary() throws {
        let outcomes = try runImport(
            config(.addAndUpdate, .phone, fields: fields),
            rows: [
                row([1: "Tan", 4: "new"]), ["Bea", "", "+60102020202", "", "", "", ""],
                ["Cai", "", "+60103030303", "", "", "", ""],
                same.replacingPhone("+60104040404"),
            ],
            workspace: [
                stored, contact(8, "Cai", lastName: "Ong", phone: "+60103030303", email: "cai@x.com"),
                contact(9, "Ana", lastName: "Lim", phone: "+60104040404", email: "ana@old.com", tags: ["old", "vip"]),
            ],
            customFields: [plan, score])
        var summary = ImportSummary()
        for outcome in outcomes { summary.add(outcome) }
        #expect(summary.updated == 3)
        #expect(summary.valuesReplaced == 1)
        #expect(summary.valuesCleared == 1)
        #expect(summary.tagsRemoved == 1)
        summary.remove(.updated, phoneNormalized: false, overwrites: outcomes[0].overwrites)
        #expect(summary == ImportSummary(imported: 1, updated: 2, valuesCleared: 1))
    }

    @Test("the summary's JSON has the overwrite counts only when one is not 0")
    func json() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let plain = ImportSummary(imported: 1, updated: 2)
        #expect(
            String(decoding: try encoder.encode(plain), as: UTF8.self)
                == #"{"errors":0,"imported":1,"skipped":0,"updated":2}"#)
        let overwriting = ImportSummary(updated: 2, valuesCleared: 1)
        let text = String(decoding: try encoder.encode(overwriting), as: UTF8.self)
        #expect(
            text
                == #"{"errors":0,"imported":0,"skipped":0,"tagsRemoved":0,"updated":2,"valuesCleared":1,"valuesReplaced":0}"#
        )
        #expect(try JSONDecoder().decode(ImportSummary.self, from: Data(text.utf8)) == overwriting)
        #expect(try JSONDecoder().decode(ImportSummary.self, from: try encoder.encode(plain)) == plain)
    }

    @Test("a correction that turns an overwriting row into an error takes its counts back, and gives them again")
    func correction() async throws {
        let configuration = config(.addAndUpdate, .phone, fields: fields)
        let rows = [row([1: "Tan", 4: "new"]), ["Cai", "", "+60103030303", "", "", "", ""]]
        let workspace = [stored, contact(8, "Cai", phone: "+60103030303", email: "cai@x.com")]
        let importPlan = try ImportPlan(
            configuration: configuration, columnCount: fields.count, customFields: [plan, score])
        var reviewed = review(importPlan, rows: rows, workspace: workspace)
        #expect(reviewed.summary == ImportSummary(updated: 2, valuesReplaced: 1, valuesCleared: 1, tagsRemoved: 1))
        let lookup = { (keys: [IdentifierKey]) in FakeWorkspace(contacts: workspace).lookup(keys) }
        // A broken email makes row 1 an Error: it overwrites nothing any more.
        var toDecide = reviewed.change(cells: [1: [3: "broken"]]) { rows[$0 - 1] }
        await reviewed.decideAgain(toDecide, existing: lookup)
        #expect(reviewed.statuses[0] == .error)
        #expect(reviewed.summary == ImportSummary(updated: 1, errors: 1, valuesCleared: 1))
        // Fixed again, it overwrites the email too.
        toDecide = reviewed.change(cells: [1: [3: "ana@new.com"]]) { rows[$0 - 1] }
        await reviewed.decideAgain(toDecide, existing: lookup)
        #expect(reviewed.outcome(ofRow: 1).overwrites == [.replacesValue, .removesTags])
        #expect(reviewed.summary == ImportSummary(updated: 2, valuesReplaced: 1, valuesCleared: 1, tagsRemoved: 1))
        // Skipped by the user, it counts as Skipped and overwrites nothing.
        toDecide = reviewed.change(cells: [:], skip: [1]) { rows[$0 - 1] }
        await reviewed.decideAgain(toDecide, existing: lookup)
        #expect(reviewed.summary == ImportSummary(updated: 1, skipped: 1, valuesCleared: 1))
    }

    /// A review of `rows` as the server keeps it: each row's status and overwrites.
    private func review(_ plan: ImportPlan, rows: [[String]], workspace: [Contact]) -> ReviewedRows {
        var index = IdentifierIndex()
        let numbered = rows.enumerated().map { ImportRow(number: $0.offset + 1, cells: $0.element) }
        for row in numbered { index.add(plan.identifierKey(of: row), row: row.number) }
        let parsed = numbered.map(plan.parse)
        let existing = FakeWorkspace(contacts: workspace).lookup(
            plan.lookupKeys(parsed, duplicates: index.duplicates))
        let outcomes = parsed.map {
            plan.decide($0, duplicates: index.duplicates, existing: existing, computeWrite: false)
        }
        return ReviewedRows(
            plan: plan, index: index, corrections: RowCorrections(), statuses: outcomes.map(\.status), errors: [:],
            phoneNormalized: outcomes.map(\.phoneNormalized), overwrites: outcomes.map(\.overwrites))
    }
}

extension [String] {
    /// The row with another Phone Number (column 2).
    fileprivate func replacingPhone(_ phone: String) -> [String] {
        var row = self
        row[2] = phone
        return row
    }
}

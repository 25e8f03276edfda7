import ContactModel
import Foundation
import ImportRules
import Testing

@Suite("Review and job pipeline")
struct PipelineTests {
    let rows = [
        ["Ana", "", "+6011111111", "", "a"], ["Ben", "", "+6022222222", "", ""], ["", "", "", "", ""],
        ["Di", "", "+6033333333", "bad", ""],
    ]
    let workspace = [contact(1, phone: "+6022222222", tags: ["x"])]

    @Test("without writes the review gets the same statuses and errors as the job")
    func reviewMatchesJob() throws {
        // Setup
        let plan = try ImportPlan(
            configuration: config(.addAndUpdate, .phone, importTag: "import-1"), columnCount: 5, customFields: [])
        let importRows = rows.enumerated().map { ImportRow(number: $0.offset + 1, cells: $0.element) }
        var scan = DuplicateScan(plan: plan)
        for row in importRows { scan.add(row) }
        let duplicates = scan.finish()
        let parsed = importRows.map(plan.parse)
        let existing = FakeWorkspace(contacts: workspace).lookup(plan.lookupKeys(parsed, duplicates: duplicates))

        // Act
        let job = plan.decide(importRows, duplicates: duplicates, existing: existing)
        let review = plan.decide(importRows, duplicates: duplicates, existing: existing, computeWrite: false)

        // Check
        #expect(job.map(\.status) == [.imported, .updated, .error, .error])
        #expect(review.map(\.status) == job.map(\.status))
        #expect(review.map(\.errors) == job.map(\.errors))
        #expect(review.allSatisfy { $0.write == nil })
        #expect(job[0].added?.tags == ["a", "import-1"])
        #expect(job[1].changes?.tags == ["import-1"])  // the empty Tags cell clears, then the import tag is added
    }

    @Test("an addAll plan's scan finds no duplicates")
    func addAllScan() throws {
        let plan = try ImportPlan(configuration: config(.addAll, nil), columnCount: 5, customFields: [])
        var scan = DuplicateScan(plan: plan, expectedRows: 2)
        scan.add(ImportRow(number: 1, cells: ["A", "", "+6011111111", "", ""]))
        scan.add(ImportRow(number: 2, cells: ["A", "", "+6011111111", "", ""]))
        #expect(scan.finish() == .none)
    }

    @Test("the outcome joins its errors with a semicolon for files")
    func errorText() {
        let outcome = RowOutcome(
            rowNumber: 3, status: .error,
            errors: [
                RowError(.value, "Email: must be an email address like name@example.com"),
                RowError(.firstNameRequired, "First Name is required to add a new contact"),
            ])
        #expect(
            outcome.errorText
                == "Email: must be an email address like name@example.com; First Name is required to add a new contact")
        #expect(RowOutcome(rowNumber: 1, status: .imported).errorText == "")
    }

    @Test("identifier keys read as the text the store compares with")
    func keyText() {
        #expect(IdentifierKey.phone("+60 1").text == "+60 1")
        #expect(IdentifierKey.email("a@b.co").text == "a@b.co")
        #expect(IdentifierKey.contactId(42).text == "42")
    }

    @Test("custom values of every type are added as normalised values")
    func customTypes() throws {
        let fields = [
            CustomField(fieldId: "vip", name: "VIP", type: .checkbox),
            CustomField(fieldId: "ltv", name: "LTV", type: .number),
            CustomField(fieldId: "site", name: "Site", type: .url), CustomField(fieldId: "at", name: "At", type: .time),
            CustomField(fieldId: "mail2", name: "Other Email", type: .email),
            CustomField(fieldId: "note", name: "Note", type: .text),
        ]
        let keys: [FieldKey] = [.standard(.firstName)] + fields.map(\.key)
        let outcome = try runOne(
            config(.addAll, nil, fields: keys),
            ["Ana", "Yes", "-12.50", "https://example.com", "9:05", "X@Y.com", " hi "],
            customFields: fields)
        #expect(
            outcome.added?.custom == [
                "vip": .bool(true), "ltv": .number(Decimal(string: "-12.5")!), "site": .string("https://example.com"),
                "at": .string("09:05"), "mail2": .string("X@Y.com"), "note": .string("hi"),
            ])
    }
}

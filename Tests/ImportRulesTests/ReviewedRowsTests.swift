import ContactModel
import ImportRules
import Testing

/// Deciding rows again after corrections in review (SPEC §11): the result must always be what a fresh review of the
/// corrected file decides.
@Suite("Rows corrected in review")
struct ReviewedRowsTests {
    /// A review of `rows` read through `corrections`, built as the server builds it: the identifier index over the
    /// whole file first, then every row decided with its duplicates and the workspace's contacts.
    static func review(
        _ configuration: ImportConfiguration, rows: [[String]], corrections: RowCorrections = RowCorrections(),
        workspace: [Contact] = []
    ) throws -> ReviewedRows {
        let plan = try ImportPlan(
            configuration: configuration, columnCount: configuration.mapping.count, customFields: [])
        let corrected = rows.enumerated().map {
            corrections.apply(to: ImportRow(number: $0.offset + 1, cells: $0.element))
        }
        var index = IdentifierIndex()
        for row in corrected {
            index.add(corrections.skipped.contains(row.number) ? nil : plan.identifierKey(of: row), row: row.number)
        }
        let duplicates = index.duplicates
        let parsed = corrected.map(plan.parse)
        let existing = FakeWorkspace(contacts: workspace).lookup(plan.lookupKeys(parsed, duplicates: duplicates))
        var statuses: [ImportStatus] = []
        var errors: [Int: [RowError]] = [:]
        var overwrites: [RowOutcome.Overwrites] = []
        for row in parsed {
            if corrections.skipped.contains(row.number) {
                statuses.append(.skipped)
                overwrites.append([])
                continue
            }
            let outcome = plan.decide(row, duplicates: duplicates, existing: existing, computeWrite: false)
            statuses.append(outcome.status)
            overwrites.append(outcome.overwrites)
            if outcome.status == .error { errors[row.number] = outcome.errors }
        }
        return ReviewedRows(
            plan: plan, index: index, corrections: corrections, statuses: statuses, errors: errors,
            phoneNormalized: Array(repeating: false, count: rows.count), overwrites: overwrites)
    }

    static func correct(
        _ reviewed: inout ReviewedRows, rows: [[String]], cells: [Int: [Int: String]] = [:], skip: [Int] = [],
        workspace: [Contact] = []
    ) async -> [Int] {
        let toDecide = reviewed.change(cells: cells, skip: skip) { rows[$0 - 1] }
        let store = FakeWorkspace(contacts: workspace)
        return await reviewed.decideAgain(toDecide) { store.lookup($0) }.map(\.rowNumber)
    }

    static func same(_ a: ReviewedRows, _ b: ReviewedRows) -> Bool {
        a.statuses == b.statuses && a.summary == b.summary
            && (1...a.rowCount).allSatisfy { a.outcome(ofRow: $0).messages == b.outcome(ofRow: $0).messages }
    }

    static let rows: [[String]] = [
        ["Ann", "", "+60111111111", "ann@example.com", ""],
        ["Bob", "", "+60122222222", "bob-at-example", ""],
        ["Cat", "", "+60133333333", "", ""],
        ["", "", "+60144444444", "", ""],
        ["Eve", "", "+60133333333", "", ""],
        ["Fay", "", "+60133333333", "", ""],
    ]

    @Test("fixing one of two duplicates clears both; the counts follow")
    func duplicateRescan() async throws {
        let configuration = config(.addAndUpdate, .phone)
        var reviewed = try Self.review(configuration, rows: Self.rows)
        #expect(reviewed.summary == ImportSummary(imported: 1, errors: 5))
        // Three rows share +60133333333: fixing one leaves two, still duplicates, named anew.
        let first = await Self.correct(&reviewed, rows: Self.rows, cells: [6: [2: "+60166666666"]])
        #expect(first == [3, 5, 6])
        #expect(reviewed.outcome(ofRow: 3).messages == ["duplicate identifier in file, rows 3, 5"])
        #expect(reviewed.statuses[5] == .imported)
        // Fixing the second clears the first as well.
        await Self.correct(&reviewed, rows: Self.rows, cells: [5: [2: "+60155555555"]])
        #expect(reviewed.statuses[2] == .imported)
        #expect(reviewed.statuses[4] == .imported)
        #expect(reviewed.summary == ImportSummary(imported: 4, errors: 2))
        let fresh = try Self.review(configuration, rows: Self.rows, corrections: reviewed.corrections)
        #expect(Self.same(reviewed, fresh))
    }

    @Test("a row joining another's identifier makes both errors, and a contact found in the workspace updates")
    func joiningAValue() async throws {
        let configuration = config(.addAndUpdate, .phone)
        let workspace = [contact(7, phone: "+60177777777")]
        var reviewed = try Self.review(configuration, rows: Self.rows, workspace: workspace)
        await Self.correct(&reviewed, rows: Self.rows, cells: [1: [2: "+60122222222"]], workspace: workspace)
        #expect(reviewed.statuses[0] == .error)
        #expect(reviewed.outcome(ofRow: 2).messages.contains("duplicate identifier in file, rows 1, 2"))
        await Self.correct(&reviewed, rows: Self.rows, cells: [1: [2: "+60177777777"]], workspace: workspace)
        #expect(reviewed.statuses[0] == .updated)
        #expect(reviewed.outcome(ofRow: 2).messages == ["Email: must be an email address like name@example.com"])
    }

    @Test("skipped rows count as Skipped and leave the duplicate scan; a correction takes a row back")
    func skipping() async throws {
        let configuration = config(.addAndUpdate, .phone)
        var reviewed = try Self.review(configuration, rows: Self.rows)
        await Self.correct(&reviewed, rows: Self.rows, skip: [3, 5])
        #expect(reviewed.statuses[5] == .imported)  // Row 6's duplicates are skipped.
        #expect(reviewed.summary == ImportSummary(imported: 2, skipped: 2, errors: 2))
        #expect(reviewed.isSkippedByUser(3))
        await Self.correct(&reviewed, rows: Self.rows, cells: [3: [0: "Cat"]])
        #expect(!reviewed.isSkippedByUser(3))
        #expect(reviewed.statuses[2] == .error)
        #expect(reviewed.statuses[5] == .error)
        let fresh = try Self.review(configuration, rows: Self.rows, corrections: reviewed.corrections)
        #expect(Self.same(reviewed, fresh))
    }

    @Test("any sequence of corrections ends where a fresh review of the corrected file does")
    func randomCorrections() async throws {
        var generator = SplitMix(seed: 20_261_203)
        let phones = ["+60111111111", "+60122222222", "+60133333333", "", "not a phone"]
        let emails = ["a@example.com", "B@example.com", "b@example.com", "", "nope"]
        let rows = (0..<40).map { _ in
            [
                ["Ann", "", "Cat"][Int(generator.next() % 3)], "", phones[Int(generator.next() % 5)],
                emails[Int(generator.next() % 5)], "",
            ]
        }
        for (purpose, identifier) in [(ImportPurpose.addAndUpdate, IdentifierKind.phone), (.addNew, .email)] {
            let configuration = config(purpose, identifier)
            let workspace = [contact(1, phone: "+60122222222", email: "b@example.com")]
            var reviewed = try Self.review(configuration, rows: rows, workspace: workspace)
            for _ in 0..<60 {
                let row = Int(generator.next() % 40) + 1
                switch generator.next() % 4 {
                case 0:
                    await Self.correct(&reviewed, rows: rows, skip: [row], workspace: workspace)
                case 1:
                    await Self.correct(
                        &reviewed, rows: rows, cells: [row: [0: ["", "Dan"][Int(generator.next() % 2)]]],
                        workspace: workspace)
                default:
                    let column = generator.next() % 2 == 0 ? 2 : 3
                    let values = column == 2 ? phones : emails
                    await Self.correct(
                        &reviewed, rows: rows, cells: [row: [column: values[Int(generator.next() % 5)]]],
                        workspace: workspace)
                }
                let fresh = try Self.review(
                    configuration, rows: rows, corrections: reviewed.corrections, workspace: workspace)
                #expect(Self.same(reviewed, fresh), "after a correction of row \(row)")
            }
        }
    }

    @Test("errors are grouped by rule, most rows first, and a group filters the rows")
    func groups() throws {
        let reviewed = try Self.review(config(.addAndUpdate, .phone), rows: Self.rows)
        let groups = reviewed.errorGroups()
        #expect(
            groups.map(\.group.message) == [
                "Duplicate phone number in the file", "Email: must be an email address like name@example.com",
                ImportPlan.firstNameRequired,
            ])
        #expect(groups.map(\.group.rows) == [3, 1, 1])
        #expect(groups[1].group.field == "email")
        #expect(groups[1].group.column == 3)
        #expect(reviewed.rows(status: .error, group: groups[0].key, after: 0, limit: 10).rows == [3, 5, 6])
        let page = reviewed.rows(status: .error, after: 0, limit: 2)
        #expect(page.rows == [2, 3])
        #expect(page.more)
        #expect(reviewed.rows(status: .error, after: 3, limit: 10).rows == [4, 5, 6])
    }

    @Test("bulk fixes: exact replace, and a country code in front of phones that lack one")
    func bulkFixes() {
        #expect(BulkFix.replace(column: 0, from: "Malaysia", to: "MY").fixed("Malaysia") == "MY")
        #expect(BulkFix.replace(column: 0, from: "Malaysia", to: "MY").fixed("malaysia") == nil)
        let prefix = BulkFix.prefixCountryCode(column: 0, code: "+60")
        #expect(prefix.fixed("012-345 6789") == "+60123456789")
        #expect(prefix.fixed("(12) 345.6789") == "+60123456789")
        #expect(prefix.fixed("+60123456789") == nil)
        #expect(prefix.fixed("0060123456789") == nil)
        #expect(prefix.fixed("n/a") == nil)
        #expect(prefix.fixed("") == nil)
        #expect(BulkFix.prefixCountryCode(column: 0, code: "44").fixed("07911 123456") == "+447911123456")
        #expect(BulkFix.prefixCountryCode(column: 0, code: "sixty").fixed("0123456789") == nil)
    }
}

/// A small seeded generator, so the random test is the same on every run.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

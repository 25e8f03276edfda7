import ContactModel
import Foundation
import ImportRules
import Testing

/// The situation of one row with respect to its identifier.
enum Situation: String, CaseIterable, Sendable {
    case noMatch, oneMatch, twoMatches, emptyIdentifier, duplicateInFile
}

@Suite("Purpose × identifier situation (SPEC §5.2–§5.3)")
struct PurposeMatrixTests {
    static let expected: [ImportPurpose: [Situation: ImportStatus]] = [
        .addNew: [
            .noMatch: .imported, .oneMatch: .skipped, .twoMatches: .error, .emptyIdentifier: .imported,
            .duplicateInFile: .error,
        ],
        .updateExisting: [
            .noMatch: .skipped, .oneMatch: .updated, .twoMatches: .error, .emptyIdentifier: .skipped,
            .duplicateInFile: .error,
        ],
        .addAndUpdate: [
            .noMatch: .imported, .oneMatch: .updated, .twoMatches: .error, .emptyIdentifier: .imported,
            .duplicateInFile: .error,
        ],
        .addAll: [
            .noMatch: .imported, .oneMatch: .imported, .twoMatches: .imported, .emptyIdentifier: .imported,
            .duplicateInFile: .imported,
        ],
    ]

    static let cases: [(ImportPurpose, IdentifierKind, Situation)] = ImportPurpose.allCases.flatMap { purpose in
        [IdentifierKind.phone, .email].flatMap { kind in Situation.allCases.map { (purpose, kind, $0) } }
    }

    @Test("each purpose gives the status of SPEC §5.3 in each situation", arguments: cases)
    func status(purpose: ImportPurpose, kind: IdentifierKind, situation: Situation) throws {
        // Setup
        let phone = "+60101010101"
        let email = "ana@example.com"
        let value = kind == .phone ? phone : email
        let row = ["Ana", "Lim", kind == .phone ? value : "", kind == .email ? value : "", ""]
        var rows = [row]
        var workspace: [Contact] = []
        switch situation {
        case .noMatch:
            workspace = [contact(9, phone: "+60999999999", email: "other@example.com")]
        case .oneMatch:
            workspace = [contact(9, phone: phone, email: email)]
        case .twoMatches:
            workspace = [contact(9, phone: phone, email: email), contact(10, phone: phone, email: email)]
        case .emptyIdentifier:
            rows = [["Ana", "Lim", "", "", ""]]
            workspace = [contact(9, phone: phone, email: email)]
        case .duplicateInFile:
            rows = [row, row]
        }
        let identifier: IdentifierKind? = purpose == .addAll ? nil : kind

        // Act
        let outcomes = try runImport(config(purpose, identifier), rows: rows, workspace: workspace)

        // Check
        let want = try #require(Self.expected[purpose]?[situation])
        for outcome in outcomes {
            #expect(outcome.status == want)
            switch want {
            case .imported: #expect(outcome.added != nil)
            case .updated: #expect(outcome.updatedId == 9)
            case .skipped, .error: #expect(outcome.write == nil)
            }
            #expect(outcome.errors.isEmpty == (want != .error))
        }
        if want == .error {
            let message =
                situation == .twoMatches
                ? "2 contacts in the workspace share this \(kind.noun)" : "duplicate identifier in file, rows 1, 2"
            #expect(outcomes.allSatisfy { $0.messages == [message] })
        }
    }

    @Test("Contact ID as identifier updates the contact with that id, and skips ids not in the workspace")
    func contactIdIdentifier() throws {
        let fields: [FieldKey] = [.standard(.contactId), .standard(.firstName), .standard(.lastName)]
        let outcomes = try runImport(
            config(.updateExisting, .contactId, fields: fields),
            rows: [["007", "", "Tan"], ["8", "Ben", ""], ["", "Cy", ""], ["7", "", ""]],
            workspace: [contact(7, lastName: "Lim")])
        #expect(outcomes.map(\.status) == [.error, .skipped, .skipped, .error])
        #expect(outcomes[0].messages == ["duplicate identifier in file, rows 1, 4"])
    }

    @Test("a Contact ID that is not a positive whole number is an error")
    func badContactId() throws {
        let fields: [FieldKey] = [.standard(.contactId), .standard(.firstName)]
        let outcome = try runOne(
            config(.updateExisting, .contactId, fields: fields), ["x7", "Ana"], workspace: [contact(7)])
        #expect(outcome.status == .error)
        #expect(outcome.messages == ["Contact ID: must be a positive whole number"])
    }

    @Test("Contact ID matches update the contact and never write its id")
    func contactIdUpdate() throws {
        let fields: [FieldKey] = [.standard(.contactId), .standard(.lastName)]
        let outcome = try runOne(
            config(.updateExisting, .contactId, fields: fields), ["7", "Tan"], workspace: [contact(7, lastName: "Lim")])
        #expect(outcome.status == .updated)
        #expect(
            outcome.changes == ContactChanges(fields: [FieldChange(field: .standard(.lastName), value: .string("Tan"))])
        )
    }
}

@Suite("Identifier matching")
struct IdentifierMatchingTests {
    @Test("emails match ignoring case")
    func emailIgnoresCase() throws {
        let outcome = try runOne(
            config(.addAndUpdate, .email), ["Ana", "", "", " ANA@Example.COM ", ""],
            workspace: [contact(3, email: "ana@example.com")])
        #expect(outcome.status == .updated)
        #expect(outcome.updatedId == 3)
    }

    @Test(
        "phone numbers match only as identical text after trimming",
        arguments: [
            (" +60101010101 ", true), ("+60101010101", true), ("60101010101", false), ("+60 10 1010 101", false),
            ("+60-10-101-0101", false), ("0101010101", false),
        ])
    func phoneExactText(cell: String, matches: Bool) throws {
        let outcome = try runOne(
            config(.addAndUpdate, .phone), ["Ana", "", cell, "", ""], workspace: [contact(3, phone: "+60101010101")])
        #expect(outcome.status == (matches ? .updated : .imported))
    }

    @Test("the FAQ: a phone number missing its area code is a new contact, or skipped when only updating")
    func missingAreaCode() throws {
        let workspace = [contact(3, phone: "+60101010101")]
        let row = ["Ana", "", "60101010101", "", ""]
        #expect(try runOne(config(.addNew, .phone), row, workspace: workspace).status == .imported)
        #expect(try runOne(config(.addAndUpdate, .phone), row, workspace: workspace).status == .imported)
        #expect(try runOne(config(.updateExisting, .phone), row, workspace: workspace).status == .skipped)
    }

    @Test("a broken identifier value is an error, not a match and not a duplicate")
    func brokenIdentifier() throws {
        let outcomes = try runImport(
            config(.addAndUpdate, .email),
            rows: [["Ana", "", "", "not-an-email", ""], ["Ben", "", "", "not-an-email", ""]],
            workspace: [contact(3, email: "not-an-email")])
        #expect(outcomes.map(\.status) == [.error, .error])
        #expect(outcomes[0].messages == ["Email: must be an email address like name@example.com"])
    }

    @Test("the keys the store must look up are each identifier once, without duplicated or empty ones")
    func lookupKeys() throws {
        let plan = try ImportPlan(configuration: config(.addAndUpdate, .email), columnCount: 5, customFields: [])
        let rows = [
            ["A", "", "", "a@x.com", ""], ["B", "", "", "B@x.com", ""], ["C", "", "", "b@X.com", ""],
            ["D", "", "", "", ""],
            ["E", "", "", "E@x.com", ""], ["F", "", "", "bad", ""],
        ].enumerated().map { ImportRow(number: $0.offset + 1, cells: $0.element) }
        var scan = DuplicateScan(plan: plan)
        for row in rows { scan.add(row) }
        let keys = plan.lookupKeys(rows.map(plan.parse), duplicates: scan.finish())
        #expect(keys == [.email("a@x.com"), .email("e@x.com")])
    }

    @Test("addAll matches nothing: it asks the store for no keys")
    func addAllNoLookup() throws {
        let plan = try ImportPlan(
            configuration: config(.addAll, nil), columnCount: 5, customFields: [])
        let row = ImportRow(number: 1, cells: ["Ana", "", "+60101010101", "ana@x.com", ""])
        #expect(plan.identifierKey(of: row) == nil)
        #expect(plan.lookupKeys([plan.parse(row)], duplicates: .none).isEmpty)
    }
}

@Suite("Duplicates in the file")
struct DuplicateTests {
    @Test("all rows sharing an identifier are errors that name every row; others go on")
    func allFlagged() throws {
        let outcomes = try runImport(
            config(.addNew, .phone),
            rows: [
                ["A", "", "+6011111111", "", ""], ["B", "", "+6022222222", "", ""], ["C", "", "+6011111111", "", ""],
                ["D", "", "", "", ""], ["E", "", "", "", ""], ["F", "", " +6011111111", "", ""],
            ])
        #expect(outcomes.map(\.status) == [.error, .imported, .error, .imported, .imported, .error])
        #expect(outcomes[0].messages == ["duplicate identifier in file, rows 1, 3, 6"])
        #expect(outcomes[5].messages == outcomes[0].messages)
    }

    @Test("emails are duplicates ignoring case; phones only as identical text")
    func duplicateKeys() throws {
        let emails = try runImport(
            config(.addNew, .email), rows: [["A", "", "", "a@x.com", ""], ["B", "", "", "A@X.COM", ""]])
        #expect(emails.map(\.status) == [.error, .error])
        let phones = try runImport(
            config(.addNew, .phone), rows: [["A", "", "+60101010101", "", ""], ["B", "", "60101010101", "", ""]])
        #expect(phones.map(\.status) == [.imported, .imported])
    }

    @Test("duplicates are found across batches")
    func acrossBatches() throws {
        let rows = (1...7).map { ["N\($0)", "", "+60\(1_000_000 + $0)", "", ""] } + [["Z", "", "+601000001", "", ""]]
        let outcomes = try runImport(config(.addAndUpdate, .phone), rows: rows, batchSize: 3)
        #expect(outcomes.map(\.status) == [.error] + Array(repeating: .imported, count: 6) + [.error])
        #expect(outcomes[7].messages == ["duplicate identifier in file, rows 1, 8"])
    }

    @Test("a big group names its first 10 rows and counts the rest")
    func capped() throws {
        let rows = Array(repeating: ["A", "", "+60101010101", "", ""], count: 13)
        let outcomes = try runImport(config(.addNew, .phone), rows: rows)
        #expect(outcomes.allSatisfy { $0.status == .error })
        #expect(
            outcomes[12].messages == ["duplicate identifier in file, rows 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 and 3 more"])
    }

    @Test("a duplicate row with broken values names both problems")
    func withValueErrors() throws {
        let outcomes = try runImport(
            config(.addNew, .phone), rows: [["A", "", "+60101010101", "bad", ""], ["B", "", "+60101010101", "", ""]])
        #expect(
            outcomes[0].messages == [
                "Email: must be an email address like name@example.com", "duplicate identifier in file, rows 1, 2",
            ])
        #expect(outcomes[1].messages == ["duplicate identifier in file, rows 1, 2"])
    }

    @Test("the scan can be fed keys directly and keeps only shared ones")
    func scanKeys() {
        var scan = DuplicateScan()
        scan.add(.phone("1"), rowNumber: 5)
        scan.add(.phone("2"), rowNumber: 6)
        scan.add(nil, rowNumber: 7)
        scan.add(.phone("1"), rowNumber: 9)
        let duplicates = scan.finish()
        #expect(duplicates.count == 1)
        #expect(duplicates.group(for: .phone("1"))?.rows == [5, 9])
        #expect(duplicates.group(for: .phone("1"))?.count == 2)
        #expect(!duplicates.contains(.phone("2")))
    }

    @Test("empty identifiers are never duplicates")
    func emptyNeverDuplicate() throws {
        let outcomes = try runImport(config(.addNew, .email), rows: [["A", "", "", "", ""], ["B", "", "", " ", ""]])
        #expect(outcomes.map(\.status) == [.imported, .imported])
    }
}

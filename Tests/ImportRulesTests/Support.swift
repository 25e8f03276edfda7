import ContactModel
import Foundation
import ImportRules
import Testing

let epoch = Date(timeIntervalSince1970: 1_700_000_000)

func contact(
    _ id: Int64, _ firstName: String = "Ana", lastName: String? = nil, phone: String? = nil, email: String? = nil,
    language: String? = nil, country: String? = nil, tags: [String] = [], custom: [String: FieldValue] = [:]
) -> Contact {
    Contact(
        id: id, firstName: firstName, lastName: lastName, phone: phone, email: email, language: language,
        country: country, tags: tags, custom: custom, createdAt: epoch, updatedAt: epoch)
}

/// Maps column i to fields[i]; `dno` lists the columns with Do Not Overwrite.
func mapping(_ fields: [FieldKey], dno: Set<Int> = []) -> [ColumnMapping] {
    fields.enumerated().map {
        ColumnMapping(column: $0.offset, field: $0.element, doNotOverwrite: dno.contains($0.offset))
    }
}

/// The usual file: First Name, Last Name, Phone Number, Email, Tags.
let standardColumns: [FieldKey] = [
    .standard(.firstName), .standard(.lastName), .standard(.phone), .standard(.email), .standard(.tags),
]

func config(
    _ purpose: ImportPurpose, _ identifier: IdentifierKind?, fields: [FieldKey] = standardColumns, dno: Set<Int> = [],
    tags: [String] = [], importTag: String? = nil
) -> ImportConfiguration {
    ImportConfiguration(
        purpose: purpose, identifier: identifier, tags: tags, importTag: importTag, mapping: mapping(fields, dno: dno))
}

/// A stand-in for the store's identifier lookup, matching as SPEC §5.2 says.
struct FakeWorkspace {
    var contacts: [Contact]

    func lookup(_ keys: [IdentifierKey]) -> [IdentifierKey: [Contact]] {
        var result: [IdentifierKey: [Contact]] = [:]
        for key in keys {
            let found = contacts.filter { contact in
                switch key {
                case .phone(let phone): contact.phone == phone
                case .email(let email): contact.email.map(ValueRule.emailMatchKey) == email
                case .contactId(let id): contact.id == id
                }
            }
            if !found.isEmpty { result[key] = found }
        }
        return result
    }
}

/// Runs an import as the job does: a first pass for duplicates, then batches of parse → lookup → decide.
/// Rows are numbered from 1.
func runImport(
    _ configuration: ImportConfiguration, rows: [[String]], workspace: [Contact] = [], columnCount: Int? = nil,
    customFields: [CustomField] = [], batchSize: Int = 1000, phones: PhoneRule = .asGiven
) throws -> [RowOutcome] {
    let plan = try ImportPlan(
        configuration: configuration, columnCount: columnCount ?? configuration.mapping.count,
        customFields: customFields, phones: phones)
    let importRows = rows.enumerated().map { ImportRow(number: $0.offset + 1, cells: $0.element) }
    var scan = DuplicateScan(plan: plan, expectedRows: importRows.count)
    for row in importRows { scan.add(row) }
    let duplicates = scan.finish()
    let store = FakeWorkspace(contacts: workspace)
    var outcomes: [RowOutcome] = []
    for start in stride(from: 0, to: importRows.count, by: batchSize) {
        let parsed = importRows[start..<min(start + batchSize, importRows.count)].map(plan.parse)
        let existing = store.lookup(plan.lookupKeys(parsed, duplicates: duplicates))
        outcomes += parsed.map { plan.decide($0, duplicates: duplicates, existing: existing) }
    }
    return outcomes
}

/// Runs a one-row import and returns its outcome.
func runOne(
    _ configuration: ImportConfiguration, _ row: [String], workspace: [Contact] = [], customFields: [CustomField] = []
) throws -> RowOutcome {
    try #require(try runImport(configuration, rows: [row], workspace: workspace, customFields: customFields).first)
}

extension RowOutcome {
    var added: NewContact? {
        if case .add(let contact) = write { return contact }
        return nil
    }

    var changes: ContactChanges? {
        if case .update(_, let changes) = write { return changes }
        return nil
    }

    var updatedId: Int64? {
        if case .update(let id, _) = write { return id }
        return nil
    }
}

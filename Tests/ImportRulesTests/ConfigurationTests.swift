import ContactModel
import Foundation
import ImportRules
import Testing

private let plan = CustomField(fieldId: "plan", name: "Plan", type: .list, options: ["Free", "Pro"])

/// The broken rule, or `nil` when the configuration is valid.
private func brokenRule(
    _ configuration: ImportConfiguration, columnCount: Int = 5, customFields: [CustomField] = [plan]
) -> ConfigurationError? {
    do {
        try configuration.validate(columnCount: columnCount, customFields: customFields)
        return nil
    } catch {
        return error
    }
}

@Suite("Configuration: purpose and identifier")
struct IdentifierRuleTests {
    @Test(
        "each purpose takes the identifiers SPEC §3 allows",
        arguments: [
            (ImportPurpose.addNew, IdentifierKind?.some(.phone), ConfigurationError.Rule?.none),
            (.addNew, .email, nil),
            (.addNew, .contactId, .contactIdIdentifierNeedsUpdateOnly),
            (.addNew, nil, .identifierRequired),
            (.updateExisting, .phone, nil),
            (.updateExisting, .email, nil),
            (.updateExisting, .contactId, nil),
            (.updateExisting, nil, .identifierRequired),
            (.addAndUpdate, .phone, nil),
            (.addAndUpdate, .email, nil),
            (.addAndUpdate, .contactId, .contactIdIdentifierNeedsUpdateOnly),
            (.addAndUpdate, nil, .identifierRequired),
            (.addAll, nil, nil),
            (.addAll, .phone, .identifierNotAllowed),
            (.addAll, .email, .identifierNotAllowed),
            (.addAll, .contactId, .identifierNotAllowed),
        ])
    func identifierPerPurpose(purpose: ImportPurpose, identifier: IdentifierKind?, expected: ConfigurationError.Rule?) {
        var fields = standardColumns
        if identifier == .contactId { fields.append(.standard(.contactId)) }
        let configuration = config(purpose, identifier, fields: fields)
        #expect(brokenRule(configuration, columnCount: fields.count)?.rule == expected)
        #expect(purpose.allowedIdentifiers.contains { $0 == identifier } == (expected == nil && identifier != nil))
    }

    @Test("the messages name the rule")
    func messages() {
        #expect(
            brokenRule(config(.addAll, .phone))?.message == "Add All Contacts Despite Duplicates takes no identifier.")
        #expect(
            brokenRule(config(.addNew, nil))?.message
                == "Select an identifier for Add New Contacts Only: phone number or email.")
        #expect(
            brokenRule(config(.updateExisting, nil))?.message
                == "Select an identifier for Update Existing Contacts Only: phone number, email or Contact ID.")
        #expect(
            brokenRule(config(.addNew, .contactId, fields: standardColumns + [.standard(.contactId)]), columnCount: 6)?
                .message == "Contact ID can be the identifier only for Update Existing Contacts Only.")
    }
}

@Suite("Configuration: mapping")
struct MappingRuleTests {
    @Test("at least one column must be selected")
    func noColumns() {
        let error = brokenRule(config(.addAll, nil, fields: []))
        #expect(error?.rule == .noColumnSelected)
        #expect(error?.message == "Select at least one column to import.")
    }

    @Test("a mapped column must exist in the file")
    func columnInRange() {
        var configuration = config(.addAll, nil, fields: [.standard(.firstName)])
        configuration.mapping = [ColumnMapping(column: 3, field: .standard(.firstName))]
        #expect(brokenRule(configuration, columnCount: 4) == nil)
        #expect(brokenRule(configuration, columnCount: 3)?.rule == .columnOutOfRange)
        #expect(
            brokenRule(configuration, columnCount: 3)?.message
                == "Column 3 does not exist: the file's columns are numbered 0 to 2.")
        configuration.mapping = [ColumnMapping(column: -1, field: .standard(.firstName))]
        #expect(brokenRule(configuration)?.rule == .columnOutOfRange)
    }

    @Test("each column maps to one field")
    func columnOnce() {
        var configuration = config(.addAll, nil, fields: [.standard(.firstName)])
        configuration.mapping.append(ColumnMapping(column: 0, field: .standard(.lastName)))
        let error = brokenRule(configuration)
        #expect(error?.rule == .columnMappedTwice)
        #expect(error?.message == "Column 0 is mapped more than once; a column maps to one field.")
    }

    @Test("each field is mapped by one column")
    func fieldOnce() {
        let error = brokenRule(
            config(.addAll, nil, fields: [.standard(.firstName), .standard(.phone), .standard(.phone)]))
        #expect(error?.rule == .fieldMappedTwice)
        #expect(error?.message == "Phone Number is mapped by more than one column; each field can only be mapped once.")
        let custom = brokenRule(
            config(.addAll, nil, fields: [.standard(.firstName), .custom("plan"), .custom("plan")]))
        #expect(custom?.message == "Plan is mapped by more than one column; each field can only be mapped once.")
    }

    @Test("a custom field must exist in the workspace")
    func customFieldExists() {
        #expect(brokenRule(config(.addAll, nil, fields: [.standard(.firstName), .custom("plan")])) == nil)
        let error = brokenRule(config(.addAll, nil, fields: [.standard(.firstName), .custom("tier")]))
        #expect(error?.rule == .unknownField)
        #expect(error?.message == "There is no contact field \"custom.tier\".")
    }

    @Test(
        "the identifier must be mapped, except for addAll",
        arguments: [
            (ImportPurpose.addNew, IdentifierKind?.some(.phone)), (.addNew, .email), (.updateExisting, .phone),
            (.updateExisting, .email), (.updateExisting, .contactId), (.addAndUpdate, .phone), (.addAndUpdate, .email),
        ])
    func identifierMapped(purpose: ImportPurpose, identifier: IdentifierKind?) throws {
        let kind = try #require(identifier)
        let fields = standardColumns.filter { $0 != .standard(kind.field) }
        let error = brokenRule(config(purpose, identifier, fields: fields))
        #expect(error?.rule == .identifierNotMapped)
        #expect(error?.message == "The identifier, \(kind.field.name), must be mapped to a column.")
    }

    @Test("addAll needs no identifier column")
    func addAllWithoutIdentifierColumn() {
        #expect(brokenRule(config(.addAll, nil, fields: [.standard(.firstName)])) == nil)
    }

    @Test(
        "First Name must be mapped when the purpose can add contacts",
        arguments: [
            (ImportPurpose.addNew, IdentifierKind?.some(.phone), true), (.addAndUpdate, .phone, true),
            (.addAll, nil, true),
            (.updateExisting, .phone, false),
        ])
    func firstNameMapped(purpose: ImportPurpose, identifier: IdentifierKind?, required: Bool) {
        let error = brokenRule(
            config(purpose, identifier, fields: [.standard(.phone), .standard(.email)]), columnCount: 2)
        if required {
            #expect(error?.rule == .firstNameNotMapped)
            #expect(error?.message == "First Name must be mapped to a column to add new contacts.")
        } else {
            #expect(error == nil)
        }
    }

    @Test("Contact ID may only be mapped as the identifier")
    func contactIdOnlyAsIdentifier() {
        let withId = standardColumns + [.standard(.contactId)]
        #expect(brokenRule(config(.updateExisting, .contactId, fields: withId), columnCount: 6) == nil)
        for (purpose, identifier) in [(ImportPurpose.updateExisting, IdentifierKind?.some(.phone)), (.addAll, nil)] {
            let error = brokenRule(config(purpose, identifier, fields: withId), columnCount: 6)
            #expect(error?.rule == .contactIdNotIdentifier)
            #expect(
                error?.message
                    == "Contact ID can only be mapped when it is the identifier; leave that column unselected.")
        }
    }

    @Test("Do Not Overwrite is accepted with every purpose and only used where the purpose updates")
    func doNotOverwriteAnywhere() {
        #expect(brokenRule(config(.addNew, .phone, dno: [0, 1, 2])) == nil)
        #expect(brokenRule(config(.addAll, nil, dno: [0])) == nil)
    }
}

@Suite("Configuration: tags")
struct TagRuleTests {
    @Test("tags must be valid tags")
    func invalidTags() {
        #expect(brokenRule(config(.addAll, nil, tags: ["vip", " lead "])) == nil)
        let comma = brokenRule(config(.addAll, nil, tags: ["a,b"]))
        #expect(comma?.rule == .invalidTag)
        #expect(comma?.message == "Tag \"a,b\" must not contain a comma.")
        #expect(brokenRule(config(.addAll, nil, tags: [" "]))?.message == "Tag \" \" must not be empty.")
        let long = String(repeating: "t", count: 256)
        // A long tag is quoted cut to 60 characters.
        #expect(
            brokenRule(config(.addAll, nil, tags: [long]))?.message
                == "Tag \"\(String(repeating: "t", count: 59))…\" must be at most 255 characters.")
        #expect(brokenRule(config(.addAll, nil, tags: [String(repeating: "t", count: 255)])) == nil)
    }

    @Test("the import tag must be a valid tag")
    func invalidImportTag() {
        #expect(brokenRule(config(.addAll, nil, importTag: "import-2024-05-01-0930")) == nil)
        let error = brokenRule(config(.addAll, nil, importTag: ""))
        #expect(error?.rule == .invalidTag)
        #expect(error?.message == "Import tag \"\" must not be empty.")
    }

    @Test("the import's tags are the tags then the import tag, trimmed, each once")
    func importTags() {
        #expect(
            config(.addAll, nil, tags: [" vip", "lead", "vip"], importTag: "import-1").importTags == [
                "vip", "lead", "import-1",
            ])
        #expect(config(.addAll, nil, tags: [], importTag: nil).importTags == [])
        #expect(config(.addAll, nil, tags: ["import-1"], importTag: "import-1").importTags == ["import-1"])
    }
}

@Suite("Configuration as JSON")
struct ConfigurationCodingTests {
    @Test("a stored configuration reads back, with defaults for optional keys")
    func decodesStoredSetup() throws {
        let json = """
            {"purpose": "addAndUpdate", "identifier": "email", "tags": ["vip"], "importTag": null,
             "mapping": [{"column": 0, "field": "firstName"}, {"column": 2, "field": "custom.plan", "doNotOverwrite": true}]}
            """
        let setup = try JSONDecoder().decode(ImportSetup.self, from: Data(json.utf8))
        let configuration = try #require(setup.configuration)
        #expect(configuration.purpose == .addAndUpdate)
        #expect(configuration.identifier == .email)
        #expect(configuration.tags == ["vip"])
        #expect(configuration.importTag == nil)
        #expect(
            configuration.mapping == [
                ColumnMapping(column: 0, field: .standard(.firstName)),
                ColumnMapping(column: 2, field: .custom("plan"), doNotOverwrite: true),
            ])
    }

    @Test("a configuration round-trips, writing null for an absent identifier")
    func roundTrip() throws {
        let configuration = config(.addAll, nil, tags: ["a"], importTag: "import-x")
        let data = try JSONEncoder().encode(ImportSetup.configured(configuration))
        #expect(String(decoding: data, as: UTF8.self).contains(#""identifier":null"#))
        #expect(try JSONDecoder().decode(ImportSetup.self, from: data) == .configured(configuration))
    }

    @Test("purposes and identifiers use the API's words")
    func rawValues() {
        #expect(ImportPurpose.allCases.map(\.rawValue) == ["addNew", "updateExisting", "addAndUpdate", "addAll"])
        #expect(IdentifierKind.allCases.map(\.rawValue) == ["phone", "email", "contactId"])
        #expect(
            ImportPurpose.allCases.map(\.title) == [
                "Add New Contacts Only", "Update Existing Contacts Only", "Add and Update Contacts",
                "Add All Contacts Despite Duplicates",
            ])
    }

    @Test("an invalid configuration cannot become a plan")
    func planValidates() {
        #expect(throws: ConfigurationError.self) {
            try ImportPlan(configuration: config(.addNew, nil), columnCount: 5, customFields: [])
        }
    }
}

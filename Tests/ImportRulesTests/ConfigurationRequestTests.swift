import ContactModel
import Foundation
import ImportRules
import Testing

private func request(_ json: String) throws -> ConfigurationRequest {
    try ConfigurationRequest(json: try JSONDecoder().decode(JSONValue.self, from: Data(json.utf8)))
}

/// The refusal for a body: its code and the one key it names.
private func refusal(_ json: String) throws -> (ImportError.Code, String?)? {
    do {
        _ = try request(json)
        return nil
    } catch let error as ImportError {
        return (error.code, error.problems.first?.field)
    }
}

@Suite("Configuration request: the PUT …/config body, read once")
struct ConfigurationRequestTests {
    @Test("a whole body reads into the configuration, tags trimmed and once each")
    func reads() throws {
        let read = try request(
            """
            {"purpose": "addAndUpdate", "identifier": "phone", "tags": [" vip ", "vip", "new"], "importTag": " t ",
             "mapping": [{"column": 0, "field": "firstName"}, {"column": 2, "field": "custom.plan", "doNotOverwrite": true}]}
            """)
        #expect(read.setsImportTag)
        #expect(
            read.configuration
                == ImportConfiguration(
                    purpose: .addAndUpdate, identifier: .phone, tags: ["vip", "new"], importTag: "t",
                    mapping: [
                        ColumnMapping(column: 0, field: .standard(.firstName)),
                        ColumnMapping(column: 2, field: .custom("plan"), doNotOverwrite: true),
                    ]))
    }

    @Test("without an importTag key the import keeps its tag; null removes it")
    func importTag() throws {
        let kept = try request(#"{"purpose": "addAll", "mapping": []}"#)
        #expect(!kept.setsImportTag)
        #expect(kept.resolved(currentTag: "import-1").importTag == "import-1")
        let removed = try request(#"{"purpose": "addAll", "importTag": null, "mapping": []}"#)
        #expect(removed.resolved(currentTag: "import-1").importTag == nil)
    }

    @Test(
        "each wrong key is refused naming it",
        arguments: [
            (#"[1]"#, ImportError.Code.malformedConfiguration, String?.none),
            (#"{"purpose": "addAll", "mapping": [], "extra": 1}"#, .invalidConfiguration, "extra"),
            (#"{"purpose": "merge", "mapping": []}"#, .invalidConfiguration, "purpose"),
            (#"{"purpose": "addNew", "identifier": 3, "mapping": []}"#, .invalidConfiguration, "identifier"),
            (#"{"purpose": "addNew", "tags": [1], "mapping": []}"#, .invalidConfiguration, "tags"),
            (#"{"purpose": "addNew", "importTag": 1, "mapping": []}"#, .invalidConfiguration, "importTag"),
            (#"{"purpose": "addNew"}"#, .invalidConfiguration, "mapping"),
            (
                #"{"purpose": "addNew", "mapping": [{"column": -0.5, "field": "phone"}]}"#, .invalidConfiguration,
                "mapping[0]"
            ),
            (
                #"{"purpose": "addNew", "mapping": [{"column": 0, "field": "nope"}]}"#, .invalidConfiguration,
                "mapping[0]"
            ),
            (
                #"{"purpose": "addNew", "mapping": [{"column": 0, "field": "phone", "doNotOverwrite": true}]}"#,
                .invalidConfiguration, "mapping[0]"
            ),
        ])
    func refusals(body: String, code: ImportError.Code, field: String?) throws {
        let refused = try #require(try refusal(body))
        #expect(refused.0 == code)
        #expect(refused.1 == field)
    }
}

@Suite("Import setup: the stored and shown configuration")
struct ImportSetupTests {
    @Test("a proposal and a configuration survive the stored round trip, every key written")
    func roundTrip() throws {
        let proposal = ImportSetup.proposed(
            mapping: [ColumnMapping(column: 1, field: .standard(.phone))], importTag: "import-2026-01-01-0000")
        let configured = ImportSetup.configured(
            ImportConfiguration(
                purpose: .addAll, identifier: nil, tags: ["a"], importTag: nil,
                mapping: [ColumnMapping(column: 0, field: .standard(.firstName))]))
        for setup in [proposal, configured] {
            let data = try JSONEncoder().encode(setup)
            #expect(try JSONDecoder().decode(ImportSetup.self, from: data) == setup)
            let keys = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any]).keys
            #expect(Set(keys) == ["purpose", "identifier", "tags", "importTag", "mapping"])
        }
        #expect(proposal.configuration == nil)
        #expect(configured.configuration?.purpose == .addAll)
    }

    @Test("a stored setup reads back with sorted keys and no doNotOverwrite keys")
    func storedShape() throws {
        let stored =
            #"{"identifier":null,"importTag":"t","mapping":[{"column":0,"field":"firstName"}],"purpose":null,"tags":[]}"#
        let setup = try JSONDecoder().decode(ImportSetup.self, from: Data(stored.utf8))
        #expect(setup == .proposed(mapping: [ColumnMapping(column: 0, field: .standard(.firstName))], importTag: "t"))
    }
}

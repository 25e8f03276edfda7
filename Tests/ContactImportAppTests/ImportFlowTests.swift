import ContactModel
import ContactStore
import Foundation
import HTTPTypes
import StoreTestSupport
import Testing

/// The whole import over HTTP: upload, configure, review, error file, start, job, results, history, notification.
@Suite struct ImportFlowTests {
    static let header = "First Name,Last Name,Phone Number,Email,Tags,Plan"

    @Test(arguments: StoreEngines.all) func addAndUpdateByPhoneFollowsEveryRuleOfThePage(engine: String) async throws {
        let app = try await TestApp(engine)
        let team = try await app.team()
        let ws = team.workspaceId
        _ = try await app.store.createCustomField(
            workspaceId: ws, field: CustomField(fieldId: "plan", name: "Plan", type: .list, options: ["Free", "Pro"]))
        let existing = try await app.store.createContact(
            workspaceId: ws,
            contact: ContactDraft(
                firstName: "Aisyah", lastName: "Old", phone: "+60101010101", email: "a@x.test", tags: ["old"]))
        _ = try await app.store.createContact(
            workspaceId: ws, contact: ContactDraft(firstName: "Twin1", phone: "+60111111111"))
        _ = try await app.store.createContact(
            workspaceId: ws, contact: ContactDraft(firstName: "Twin2", phone: "+60111111111"))
        let csv = """
            \(Self.header)
            Aisyah,New,+60101010101,,"vip, kl",pro
            Bob,,+60122222222,bob@x.test,,Free
            Cara,,+60133333333,not-an-email,,
            Dup,,+60144444444,,,
            Dup Again,,+60144444444,,,
            Twin,,+60111111111,,,
            ,NoName,+60155555555,,,
            Eve,,0101010101,,,Gold

            """
        try await app.run { client in
            let uploaded = try await client.upload(ws, csv, token: team.owner)
            #expect(uploaded.status == .created)
            #expect(uploaded.json["rowCount"] as? Int == 8)
            #expect(uploaded.json["status"] as? String == "draft")
            #expect(uploaded.json["delimiter"] as? String != nil)
            let columns = try #require(uploaded.json["columns"] as? [[String: Any]])
            #expect(
                columns.map { $0["field"] as? String } == [
                    "firstName", "lastName", "phone", "email", "tags", "custom.plan",
                ])
            #expect((columns[0]["samples"] as? [String])?.prefix(2) == ["Aisyah", "Bob"])
            let importTag = try #require((uploaded.json["config"] as? [String: Any])?["importTag"] as? String)
            #expect(importTag.hasPrefix("import-"))

            let id = try #require(uploaded.json["id"] as? Int)
            let configured = try await client.send(
                .put, "/api/v1/workspaces/\(ws)/imports/\(id)/config", token: team.owner,
                json: [
                    "purpose": "addAndUpdate", "identifier": "phone", "tags": ["campaign"],
                    "mapping": (0..<6).map {
                        [
                            "column": $0,
                            "field": ["firstName", "lastName", "phone", "email", "tags", "custom.plan"][$0],
                        ]
                    },
                ])
            #expect(configured.status == .ok)
            #expect((configured.json["config"] as? [String: Any])?["importTag"] as? String == importTag)
            let review = try await client.send(
                .post, "/api/v1/workspaces/\(ws)/imports/\(id)/review", token: team.owner)
            #expect(review.status == .ok)
            let summary = try #require(review.json["summary"] as? [String: Int])
            // Aisyah's last name is replaced, her email cleared and her tag "old" removed.
            #expect(
                summary == [
                    "imported": 1, "updated": 1, "skipped": 0, "errors": 6, "valuesReplaced": 1, "valuesCleared": 1,
                    "tagsRemoved": 1,
                ])
            #expect(review.json["reviewExpiresAt"] is String)

            let errorFile = try await client.send(
                .get, "/api/v1/workspaces/\(ws)/imports/\(id)/error-file", token: team.owner)
            #expect(errorFile.status == .ok)
            #expect(errorFile.headers[.contentType]?.hasPrefix("text/csv") == true)
            let errorRows = parseCSV(errorFile.text)
            #expect(errorRows.first == Self.header.split(separator: ",").map(String.init) + ["Error"])
            let errorsByName = Dictionary(
                uniqueKeysWithValues: errorRows.dropFirst().map { ($0[0].isEmpty ? $0[1] : $0[0], $0.last ?? "") })
            #expect(errorsByName.count == 6)
            #expect(errorsByName["Cara"]?.contains("Email") == true)
            #expect(errorsByName["Dup"]?.contains("duplicate identifier in file, rows 4, 5") == true)
            #expect(errorsByName["Dup Again"]?.contains("rows 4, 5") == true)
            #expect(errorsByName["Twin"]?.contains("2 contacts in the workspace share this phone number") == true)
            #expect(errorsByName["NoName"]?.contains("First Name is required to add a new contact") == true)
            #expect(errorsByName["Eve"]?.contains("Plan") == true)

            let started = try await client.send(
                .post, "/api/v1/workspaces/\(ws)/imports/\(id)/start", token: team.owner)
            #expect(started.status == .accepted)
            #expect(started.json["status"] as? String == "processing")

            let finished = try await client.waitUntilFinished(ws, id, token: team.owner)
            #expect(finished["status"] as? String == "completed")
            #expect(
                finished["summary"] as? [String: Int] == [
                    "imported": 1, "updated": 1, "skipped": 0, "errors": 6, "valuesReplaced": 1, "valuesCleared": 1,
                    "tagsRemoved": 1,
                ])
            #expect(finished["progress"] as? [String: Int] == ["done": 8, "total": 8])
            #expect(finished["tagsAdded"] as? [String] == ["campaign", importTag])
            #expect(finished["resultsAvailableUntil"] is String)

            let results = try await client.send(
                .get, "/api/v1/workspaces/\(ws)/imports/\(id)/results-file", token: team.owner)
            #expect(results.status == .ok)
            let resultRows = parseCSV(results.text)
            #expect(
                resultRows.first == Self.header.split(separator: ",").map(String.init) + ["Import Status", "Errors"])
            #expect(
                resultRows.dropFirst().map { $0[6] } == [
                    "Updated", "Imported", "Error", "Error", "Error", "Error", "Error", "Error",
                ])
            #expect(resultRows[1][7].isEmpty)
            #expect(resultRows[3][7].contains("Email"))

            let history = try await client.send(.get, "/api/v1/workspaces/\(ws)/imports", token: team.owner).json
            let first = try #require((history["imports"] as? [[String: Any]])?.first)
            #expect(first["id"] as? Int == id)
            #expect((first["uploadedBy"] as? [String: Any])?["email"] as? String == "owner@acme.test")

            let notes = try await client.send(.get, "/api/v1/notifications", token: team.owner).json
            let note = try #require((notes["notifications"] as? [[String: Any]])?.first)
            #expect(note["kind"] as? String == "import.completed")
            #expect((note["link"] as? String)?.hasSuffix("/imports/\(id)") == true)
            #expect((note["message"] as? String)?.contains("1 imported, 1 updated") == true)
        }
        let updated = try #require(try await app.store.contact(workspaceId: ws, id: existing.id))
        #expect(updated.lastName == "New")
        #expect(updated.email == nil)  // an empty cell clears by default
        let importTag = try await importTagOf(app, ws)
        #expect(updated.tags.sorted() == ["campaign", "kl", "vip", importTag].sorted())
        #expect(updated.custom["plan"] == .string("Pro"))
        let bob = try await app.store.listContacts(workspaceId: ws, query: .init(search: "+60122222222")).contacts
        #expect(bob.count == 1)
        #expect(bob.first?.custom["plan"] == .string("Free"))
        #expect(try await app.store.listContacts(workspaceId: ws, query: .init(search: "Dup")).contacts.isEmpty)
    }

    func importTagOf(_ app: TestApp, _ ws: Int64) async throws -> String {
        try await app.store.imports(workspaceId: ws).first?.tagsAdded.last ?? ""
    }

    @Test(arguments: StoreEngines.all) func addNewByEmailSkipsExistingContactsIgnoringCase(engine: String) async throws
    {
        let app = try await TestApp(engine)
        let team = try await app.team()
        let ws = team.workspaceId
        let ann = try await app.store.createContact(
            workspaceId: ws, contact: ContactDraft(firstName: "Ann", email: "Ann@X.test"))
        let csv = "First Name,Email\nAnnie,ann@x.TEST\nBen,ben@x.test\nNoEmail,\n"
        try await app.run { client in
            let (id, review) = try await client.prepare(
                ws, csv, token: team.manager,
                config: [
                    "purpose": "addNew", "identifier": "email", "importTag": NSNull(),
                    "mapping": [["column": 0, "field": "firstName"], ["column": 1, "field": "email"]],
                ])
            #expect(
                review.json["summary"] as? [String: Int] == ["imported": 2, "updated": 0, "skipped": 1, "errors": 0])
            #expect(
                try await client.send(.post, "/api/v1/workspaces/\(ws)/imports/\(id)/start", token: team.manager).status
                    == .accepted)
            let finished = try await client.waitUntilFinished(ws, id, token: team.manager)
            #expect(finished["tagsAdded"] as? [String] == [])
        }
        #expect(try await app.store.contact(workspaceId: ws, id: ann.id)?.firstName == "Ann")
        let all = try await app.store.listContacts(workspaceId: ws, query: .init()).contacts
        #expect(Set(all.map(\.firstName)) == ["Ann", "Ben", "NoEmail"])
        #expect(all.allSatisfy { $0.tags.isEmpty })
    }

    @Test(arguments: StoreEngines.all) func updateExistingByContactIdSkipsUnknownIdsAndNeverAdds(engine: String)
        async throws
    {
        let app = try await TestApp(engine)
        let team = try await app.team()
        let ws = team.workspaceId
        let ann = try await app.store.createContact(
            workspaceId: ws, contact: ContactDraft(firstName: "Ann", country: "MY"))
        let csv = "Contact ID,Country,First Name\n\(ann.id),sg,\n999999,US,Ghost\n,US,Nobody\n"
        try await app.run { client in
            let (id, review) = try await client.prepare(
                ws, csv, token: team.owner,
                config: [
                    "purpose": "updateExisting", "identifier": "contactId",
                    "mapping": [
                        ["column": 0, "field": "contactId"], ["column": 1, "field": "country"],
                        ["column": 2, "field": "firstName"],
                    ],
                ])
            // Ann's country MY becomes SG.
            #expect(
                review.json["summary"] as? [String: Int] == [
                    "imported": 0, "updated": 1, "skipped": 2, "errors": 0, "valuesReplaced": 1, "valuesCleared": 0,
                    "tagsRemoved": 0,
                ])
            _ = try await client.send(.post, "/api/v1/workspaces/\(ws)/imports/\(id)/start", token: team.owner)
            _ = try await client.waitUntilFinished(ws, id, token: team.owner)
        }
        let updated = try #require(try await app.store.contact(workspaceId: ws, id: ann.id))
        #expect(updated.country == "SG")
        #expect(updated.firstName == "Ann")  // an empty First Name never clears
        #expect(try await app.store.listContacts(workspaceId: ws, query: .init()).contacts.count == 1)
    }

    @Test(arguments: StoreEngines.all) func addAllAddsEveryRowDespiteDuplicates(engine: String) async throws {
        let app = try await TestApp(engine)
        let team = try await app.team()
        let ws = team.workspaceId
        _ = try await app.store.createContact(
            workspaceId: ws, contact: ContactDraft(firstName: "Ann", phone: "+60101010101"))
        let csv = "First Name,Phone Number\nAnn,+60101010101\nAnn,+60101010101\nBad,12\n"
        try await app.run { client in
            let (id, review) = try await client.prepare(
                ws, csv, token: team.owner,
                config: [
                    "purpose": "addAll", "identifier": NSNull(),
                    "mapping": [["column": 0, "field": "firstName"], ["column": 1, "field": "phone"]],
                ])
            #expect(
                review.json["summary"] as? [String: Int] == ["imported": 2, "updated": 0, "skipped": 0, "errors": 1])
            _ = try await client.send(.post, "/api/v1/workspaces/\(ws)/imports/\(id)/start", token: team.owner)
            _ = try await client.waitUntilFinished(ws, id, token: team.owner)
        }
        #expect(
            try await app.store.listContacts(workspaceId: ws, query: .init(search: "+60101010101")).contacts.count == 3)
    }

    @Test(arguments: StoreEngines.all) func doNotOverwriteFillsOnlyEmptyFieldsAndKeepsTags(engine: String) async throws
    {
        let app = try await TestApp(engine)
        let team = try await app.team()
        let ws = team.workspaceId
        let ann = try await app.store.createContact(
            workspaceId: ws,
            contact: ContactDraft(firstName: "Ann", phone: "+60101010101", email: "contactA@email.com", tags: ["old"]))
        let csv = "Phone Number,Email,Last Name,Tags\n+60101010101,contact123@email.com,Lee,new\n"
        try await app.run { client in
            let (id, _) = try await client.prepare(
                ws, csv, token: team.owner,
                config: [
                    "purpose": "updateExisting", "identifier": "phone", "importTag": NSNull(),
                    "mapping": [
                        ["column": 0, "field": "phone"],
                        ["column": 1, "field": "email", "doNotOverwrite": true],
                        ["column": 2, "field": "lastName", "doNotOverwrite": true],
                        ["column": 3, "field": "tags", "doNotOverwrite": true],
                    ],
                ])
            _ = try await client.send(.post, "/api/v1/workspaces/\(ws)/imports/\(id)/start", token: team.owner)
            _ = try await client.waitUntilFinished(ws, id, token: team.owner)
        }
        let updated = try #require(try await app.store.contact(workspaceId: ws, id: ann.id))
        #expect(updated.email == "contactA@email.com")
        #expect(updated.lastName == "Lee")
        #expect(updated.tags == ["old", "new"])
    }

    @Test(arguments: StoreEngines.all) func overwriteByDefaultReplacesValuesAndTags(engine: String) async throws {
        let app = try await TestApp(engine)
        let team = try await app.team()
        let ws = team.workspaceId
        let ann = try await app.store.createContact(
            workspaceId: ws,
            contact: ContactDraft(firstName: "Ann", phone: "+60101010101", email: "contactA@email.com", tags: ["old"]))
        let csv = "Phone Number,Email,Tags\n+60101010101,contact123@email.com,new\n"
        // First Name is not mapped, so addAndUpdate is refused; updateExisting runs it.
        try await app.run { client in
            let uploaded = try await client.upload(ws, csv, token: team.owner)
            let id = try #require(uploaded.json["id"] as? Int)
            let refused = try await client.send(
                .put, "/api/v1/workspaces/\(ws)/imports/\(id)/config", token: team.owner,
                json: [
                    "purpose": "addAndUpdate", "identifier": "phone",
                    "mapping": [["column": 0, "field": "phone"], ["column": 1, "field": "email"]],
                ])
            #expect(refused.status == .unprocessableContent)
            #expect((refused.json["message"] as? String)?.contains("First Name") == true)
            let configured = try await client.send(
                .put, "/api/v1/workspaces/\(ws)/imports/\(id)/config", token: team.owner,
                json: [
                    "purpose": "updateExisting", "identifier": "phone", "importTag": NSNull(), "tags": ["t"],
                    "mapping": [
                        ["column": 0, "field": "phone"], ["column": 1, "field": "email"],
                        ["column": 2, "field": "tags"],
                    ],
                ])
            #expect(configured.status == .ok)
            _ = try await client.send(.post, "/api/v1/workspaces/\(ws)/imports/\(id)/review", token: team.owner)
            _ = try await client.send(.post, "/api/v1/workspaces/\(ws)/imports/\(id)/start", token: team.owner)
            _ = try await client.waitUntilFinished(ws, id, token: team.owner)
        }
        let updated = try #require(try await app.store.contact(workspaceId: ws, id: ann.id))
        #expect(updated.email == "contact123@email.com")
        #expect(updated.tags == ["new", "t"])
    }
}

import HTTPTypes
import StoreTestSupport
import Testing

@Suite struct ContactFieldsAPITests {
    @Test(arguments: StoreEngines.all) func standardFieldsAreListedBeforeCustomOnes(engine: String) async throws {
        let app = try await TestApp(engine)
        let team = try await app.team()
        let base = "/api/v1/workspaces/\(team.workspaceId)"
        try await app.run { client in
            let created = try await client.send(
                .post, "\(base)/contact-fields", token: team.manager,
                json: ["name": "VIP", "fieldId": "vip", "type": "checkbox"])
            #expect(created.status == .created)
            #expect(created.json["key"] as? String == "custom.vip")

            let fields =
                try await client.send(.get, "\(base)/contact-fields", token: team.owner).json["fields"]
                as? [[String: Any]]
            let names = fields?.compactMap { $0["name"] as? String }
            #expect(
                names == [
                    "First Name", "Last Name", "Phone Number", "Email", "Language", "Country", "Tags", "Contact ID",
                    "VIP",
                ])
            #expect(fields?.last?["standard"] as? Bool == false)
            #expect(fields?.first?["key"] as? String == "firstName")
        }
    }

    @Test(arguments: StoreEngines.all) func badFieldDefinitionsAre422AndTakenNamesAre409(engine: String) async throws {
        let app = try await TestApp(engine)
        let team = try await app.team()
        let base = "/api/v1/workspaces/\(team.workspaceId)"
        try await app.run { client in
            let bad: [[String: Any]] = [
                ["name": "Plan", "fieldId": "plan", "type": "colour"],
                ["name": "", "fieldId": "plan", "type": "text"],
                ["name": "Plan", "fieldId": "has space", "type": "text"],
                ["name": "Plan", "fieldId": "plan", "type": "list", "options": []],
                ["name": String(repeating: "x", count: 51), "fieldId": "plan", "type": "text"],
            ]
            for body in bad {
                let reply = try await client.send(.post, "\(base)/contact-fields", token: team.owner, json: body)
                #expect(reply.status == .unprocessableContent, "\(body)")
                #expect(reply.errorCode == "invalid_field")
            }
            let missing = try await client.send(
                .post, "\(base)/contact-fields", token: team.owner, json: ["name": "Plan"])
            #expect(missing.status == .badRequest)
            #expect((missing.json["message"] as? String)?.contains("fieldId") == true)

            #expect(
                try await client.send(
                    .post, "\(base)/contact-fields", token: team.owner,
                    json: ["name": "Plan", "fieldId": "plan", "type": "text"]
                ).status == .created)
            let taken = try await client.send(
                .post, "\(base)/contact-fields", token: team.owner,
                json: ["name": "plan", "fieldId": "plan2", "type": "text"])
            #expect(taken.status == .conflict)
            let standard = try await client.send(
                .post, "\(base)/contact-fields", token: team.owner,
                json: ["name": "Email", "fieldId": "mail", "type": "email"])
            #expect(standard.status == .unprocessableContent)
            #expect((standard.json["message"] as? String)?.contains("standard field") == true)
        }
    }
}

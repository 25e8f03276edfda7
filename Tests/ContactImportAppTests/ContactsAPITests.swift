import Foundation
import HTTPTypes
import StoreTestSupport
import Testing

@Suite struct ContactsAPITests {
    @Test(arguments: StoreEngines.all) func aContactWithTagsAndACustomValueIsCreatedAndReadBack(engine: String)
        async throws
    {
        let app = try await TestApp(engine)
        let team = try await app.team()
        let base = "/api/v1/workspaces/\(team.workspaceId)"
        try await app.run { client in
            let field = try await client.send(
                .post, "\(base)/contact-fields", token: team.owner,
                json: ["name": "Plan", "fieldId": "plan", "type": "list", "options": ["Free", "Pro"]])
            #expect(field.status == .created)

            let created = try await client.send(
                .post, "\(base)/contacts", token: team.owner,
                json: [
                    "firstName": "  Aisyah ", "phone": "+60189988776", "email": "aisyah@example.com",
                    "language": "MS", "country": "my", "tags": ["vip", "kl"], "custom": ["plan": "pro"],
                ])
            #expect(created.status == .created)
            let id = try #require(created.json["id"] as? Int)

            let read = try await client.send(.get, "\(base)/contacts/\(id)", token: team.owner).json
            #expect(read["firstName"] as? String == "Aisyah")
            #expect(read["language"] as? String == "ms")
            #expect(read["country"] as? String == "MY")
            #expect(read["tags"] as? [String] == ["vip", "kl"])
            #expect((read["custom"] as? [String: Any])?["plan"] as? String == "Pro")
            #expect(read["lastName"] is NSNull)
            #expect(read["createdAt"] is String)
        }
    }

    @Test(arguments: StoreEngines.all) func brokenValuesAreRefusedTogetherEachNamingItsField(engine: String)
        async throws
    {
        let app = try await TestApp(engine)
        let team = try await app.team()
        let base = "/api/v1/workspaces/\(team.workspaceId)"
        try await app.run { client in
            let reply = try await client.send(
                .post, "\(base)/contacts", token: team.owner,
                json: ["firstName": "Ann", "email": "not-an-email", "phone": "12", "country": "XX", "shoeSize": 42])
            #expect(reply.status == .unprocessableContent)
            #expect(reply.errorCode == "invalid_value")
            let fields = (reply.json["details"] as? [[String: Any]])?.compactMap { $0["field"] as? String }
            #expect(fields?.sorted() == ["country", "email", "phone", "shoeSize"])
            let message = try #require(reply.json["message"] as? String)
            #expect(message.contains("Email"))
            #expect(message.contains("Phone Number"))
            #expect(message.contains("Country"))
        }
    }

    @Test(arguments: StoreEngines.all) func firstNameIsRequiredToCreateAndCannotBeCleared(engine: String) async throws {
        let app = try await TestApp(engine)
        let team = try await app.team()
        let base = "/api/v1/workspaces/\(team.workspaceId)"
        try await app.run { client in
            let missing = try await client.send(.post, "\(base)/contacts", token: team.owner, json: ["lastName": "Lee"])
            #expect(missing.status == .unprocessableContent)
            #expect((missing.json["message"] as? String)?.contains("First Name") == true)

            let created = try await client.send(
                .post, "\(base)/contacts", token: team.owner, json: ["firstName": "Ann"])
            let id = try #require(created.json["id"] as? Int)
            for value in [NSNull(), "  "] as [Any] {
                let cleared = try await client.send(
                    .patch, "\(base)/contacts/\(id)", token: team.owner, json: ["firstName": value])
                #expect(cleared.status == .unprocessableContent)
            }
        }
    }

    @Test(arguments: StoreEngines.all) func patchChangesOnlyTheKeysGivenAndNullClears(engine: String) async throws {
        let app = try await TestApp(engine)
        let team = try await app.team()
        let base = "/api/v1/workspaces/\(team.workspaceId)"
        try await app.run { client in
            _ = try await client.send(
                .post, "\(base)/contact-fields", token: team.owner,
                json: ["name": "Lifetime Value", "fieldId": "ltv", "type": "number"])
            let created = try await client.send(
                .post, "\(base)/contacts", token: team.owner,
                json: [
                    "firstName": "Ann", "lastName": "Lee", "email": "ann@x.test", "tags": ["a"],
                    "custom": ["ltv": "10.5"],
                ])
            let id = try #require(created.json["id"] as? Int)

            let patched = try await client.send(
                .patch, "\(base)/contacts/\(id)", token: team.owner,
                json: ["email": NSNull(), "tags": ["b", "c"], "custom": ["ltv": 99]])
            #expect(patched.status == .ok)
            let body = patched.json
            #expect(body["lastName"] as? String == "Lee")
            #expect(body["email"] is NSNull)
            #expect(body["tags"] as? [String] == ["b", "c"])
            #expect((body["custom"] as? [String: Any])?["ltv"] as? Double == 99)
        }
    }

    @Test(arguments: StoreEngines.all) func unknownContactsAnswer404AndDeleteRemoves(engine: String) async throws {
        let app = try await TestApp(engine)
        let team = try await app.team()
        let base = "/api/v1/workspaces/\(team.workspaceId)"
        try await app.run { client in
            #expect(try await client.send(.get, "\(base)/contacts/424242", token: team.owner).status == .notFound)
            #expect(try await client.send(.get, "\(base)/contacts/abc", token: team.owner).status == .notFound)
            let created = try await client.send(
                .post, "\(base)/contacts", token: team.owner, json: ["firstName": "Ann"])
            let id = try #require(created.json["id"] as? Int)
            #expect(try await client.send(.delete, "\(base)/contacts/\(id)", token: team.owner).status == .noContent)
            #expect(try await client.send(.get, "\(base)/contacts/\(id)", token: team.owner).status == .notFound)
            #expect(try await client.send(.delete, "\(base)/contacts/\(id)", token: team.owner).status == .notFound)
        }
    }

    @Test(arguments: StoreEngines.all) func listSearchesFiltersByTagAndPages(engine: String) async throws {
        let app = try await TestApp(engine)
        let team = try await app.team()
        let base = "/api/v1/workspaces/\(team.workspaceId)"
        try await app.run { client in
            for index in 0..<7 {
                _ = try await client.send(
                    .post, "\(base)/contacts", token: team.owner,
                    json: ["firstName": "Person\(index)", "tags": index.isMultiple(of: 2) ? ["even"] : ["odd"]])
            }
            let search = try await client.send(.get, "\(base)/contacts?search=person3", token: team.owner).json
            #expect((search["contacts"] as? [[String: Any]])?.map { $0["firstName"] as? String } == ["Person3"])

            let evens = try await client.send(.get, "\(base)/contacts?tag=even", token: team.owner).json
            #expect((evens["contacts"] as? [Any])?.count == 4)

            var names: [String] = []
            var next: String? = nil
            repeat {
                let query = next.map { "&cursor=\($0)" } ?? ""
                let page = try await client.send(.get, "\(base)/contacts?limit=3\(query)", token: team.owner).json
                names += ((page["contacts"] as? [[String: Any]]) ?? []).compactMap { $0["firstName"] as? String }
                next = page["nextCursor"] as? String
            } while next != nil
            #expect(names == (0..<7).reversed().map { "Person\($0)" })

            #expect(try await client.send(.get, "\(base)/contacts?limit=0", token: team.owner).status == .badRequest)
            #expect(
                try await client.send(.get, "\(base)/contacts?cursor=bogus", token: team.owner).status == .badRequest)
        }
    }

    @Test(arguments: StoreEngines.all) func malformedJSONIsA400NamingTheProblem(engine: String) async throws {
        let app = try await TestApp(engine)
        let team = try await app.team()
        let base = "/api/v1/workspaces/\(team.workspaceId)"
        try await app.run { client in
            let broken = try await client.send(.post, "\(base)/contacts", token: team.owner, raw: "{\"firstName\": ")
            #expect(broken.status == .badRequest)
            #expect(broken.errorCode == "invalid_json")
            let array = try await client.send(.post, "\(base)/contacts", token: team.owner, raw: "[1,2]")
            #expect(array.status == .badRequest)
        }
    }
}

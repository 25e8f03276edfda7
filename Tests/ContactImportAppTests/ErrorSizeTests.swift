import Foundation
import HTTPTypes
import NIOCore
import StoreTestSupport
import Testing

/// An error reply lists at most 20 problems and says how many more there are; it never echoes a huge key.
@Suite struct ErrorSizeTests {
    @Test(arguments: StoreEngines.all) func tenThousandUnknownKeysGetASmallReplyWith20Details(engine: String)
        async throws
    {
        let app = try await TestApp(engine)
        let team = try await app.team()
        let base = "/api/v1/workspaces/\(team.workspaceId)"
        try await app.run { client in
            var body: [String: Any] = ["firstName": "Ann"]
            for k in 0..<10_000 { body[String(format: "unknown%05d", k)] = k }
            let reply = try await client.send(.post, "\(base)/contacts", token: team.owner, json: body)
            #expect(reply.status == .unprocessableContent)
            #expect(reply.body.readableBytes < 8 * 1024, "\(reply.body.readableBytes) bytes")
            let details = try #require(reply.json["details"] as? [[String: Any]])
            #expect(details.count == 20)
            #expect(details.first?["field"] as? String == "unknown00000")
            #expect(details.last?["field"] as? String == "unknown00019")
            let message = try #require(reply.json["message"] as? String)
            #expect(message.hasPrefix("“unknown00000” is not a contact field. “unknown00001” is not a contact field."))
            #expect(message.hasSuffix("“unknown00019” is not a contact field. …and 9,980 more problems."))
        }
    }

    @Test(arguments: StoreEngines.all) func twentyOneProblemsSayOneMore(engine: String) async throws {
        let app = try await TestApp(engine)
        let team = try await app.team()
        let base = "/api/v1/workspaces/\(team.workspaceId)"
        try await app.run { client in
            var body: [String: Any] = ["firstName": "Ann"]
            for k in 0..<20 { body["x\(k)"] = k }
            let twenty = try await client.send(.post, "\(base)/contacts", token: team.owner, json: body)
            #expect((twenty.json["details"] as? [Any])?.count == 20)
            #expect((twenty.json["message"] as? String)?.contains("more problem") == false)
            body["x20"] = 20
            let more = try await client.send(.post, "\(base)/contacts", token: team.owner, json: body)
            #expect((more.json["details"] as? [Any])?.count == 20)
            #expect((more.json["message"] as? String)?.hasSuffix(" …and 1 more problem.") == true)
        }
    }

    @Test(arguments: StoreEngines.all) func aHugeKeyOrTagIsQuotedCutTo60Characters(engine: String) async throws {
        let app = try await TestApp(engine)
        let team = try await app.team()
        let ws = team.workspaceId
        let huge = String(repeating: "k", count: 200_000)
        let echoed = String(repeating: "k", count: 59) + "…"
        try await app.run { client in
            let contact = try await client.send(
                .post, "/api/v1/workspaces/\(ws)/contacts", token: team.owner,
                json: ["firstName": "Ann", huge: 1, "custom": [huge: 1], "tags": [huge]])
            #expect(contact.status == .unprocessableContent)
            #expect(contact.body.readableBytes < 2 * 1024, "\(contact.body.readableBytes) bytes")
            #expect(
                ControlCharacterAPITests.fields(contact).sorted() == ["custom.\(echoed)", echoed, "tags"].sorted())
            let message = try #require(contact.json["message"] as? String)
            #expect(message.contains("“\(echoed)” is not a contact field."))
            #expect(message.contains("There is no custom contact field with the id “\(echoed)”."))
            #expect(message.contains("Tag “\(echoed)” must be at most 255 characters."))

            let uploaded = try await client.upload(ws, "First Name\nAnn\n", token: team.owner)
            let id = try #require(uploaded.json["id"] as? Int)
            let config = try await client.send(
                .put, "/api/v1/workspaces/\(ws)/imports/\(id)/config", token: team.owner,
                json: ["purpose": "addAll", "mapping": [["column": 0, "field": "firstName"]], huge: true])
            #expect(config.status == .unprocessableContent)
            #expect(config.body.readableBytes < 1024, "\(config.body.readableBytes) bytes")
            #expect(config.json["message"] as? String == "“\(echoed)” is not part of an import's configuration.")
            #expect(ControlCharacterAPITests.fields(config) == [echoed])
        }
    }
}

import Foundation
import HTTPTypes
import StoreTestSupport
import Testing

/// At most 100 tags on a contact as a body or a Tags cell sets them; at most 20 extra tags on an import.
@Suite struct TagLimitTests {
    static func tags(_ count: Int) -> [String] { (1...count).map { "t\($0)" } }

    @Test(arguments: StoreEngines.all) func aContactBodyTakesAtMost100Tags(engine: String) async throws {
        let app = try await TestApp(engine)
        let team = try await app.team()
        let base = "/api/v1/workspaces/\(team.workspaceId)"
        try await app.run { client in
            let hundred = try await client.send(
                .post, "\(base)/contacts", token: team.owner, json: ["firstName": "Ann", "tags": Self.tags(100)])
            #expect(hundred.status == .created)
            let id = try #require(hundred.json["id"] as? Int)
            // Repeats count once.
            let repeated = try await client.send(
                .post, "\(base)/contacts", token: team.owner,
                json: ["firstName": "Ben", "tags": Self.tags(100) + Self.tags(100)])
            #expect(repeated.status == .created)

            for (method, path) in [(HTTPRequest.Method.post, "\(base)/contacts"), (.patch, "\(base)/contacts/\(id)")] {
                let reply = try await client.send(
                    method, path, token: team.owner, json: ["firstName": "Cy", "tags": Self.tags(10_000)])
                #expect(reply.status == .unprocessableContent, "\(method)")
                #expect(ControlCharacterAPITests.fields(reply) == ["tags"])
                #expect(reply.json["message"] as? String == "A contact can have at most 100 tags.")
            }
            let read = try await client.send(.get, "\(base)/contacts/\(id)", token: team.owner)
            #expect(read.json["tags"] as? [String] == Self.tags(100))
            #expect(read.json["firstName"] as? String == "Ann")
        }
    }

    @Test(arguments: StoreEngines.all) func anImportAddsItsTagsOnTopOf100AndRefusesACellOfMore(engine: String)
        async throws
    {
        let app = try await TestApp(engine)
        let team = try await app.team()
        let ws = team.workspaceId
        try await app.run { client in
            let existing = try await client.send(
                .post, "/api/v1/workspaces/\(ws)/contacts", token: team.owner,
                json: ["firstName": "Ann", "phone": "+60121111111", "tags": Self.tags(100)])
            #expect(existing.status == .created)
            let id = try #require(existing.json["id"] as? Int)
            let csv =
                "First Name,Phone,Tags\nAnn,+60121111111,\nBen,+60122222222,\"\(Self.tags(101).joined(separator: ","))\"\n"
            let config: [String: Any] = [
                "purpose": "addAndUpdate", "identifier": "phone", "tags": ["extra"], "importTag": "import-x",
                "mapping": [
                    ["column": 0, "field": "firstName"], ["column": 1, "field": "phone"],
                    ["column": 2, "field": "tags", "doNotOverwrite": true],
                ],
            ]
            let (importId, review) = try await client.prepare(ws, csv, token: team.owner, config: config)
            #expect(review.status == .ok, "\(review.text)")
            let summary = review.json["summary"] as? [String: Int]
            #expect(summary?["updated"] == 1)
            #expect(summary?["errors"] == 1)
            let errorFile = try await client.send(
                .get, "/api/v1/workspaces/\(ws)/imports/\(importId)/error-file", token: team.owner)
            #expect(
                parseCSV(errorFile.text).dropFirst().map { $0.last ?? "" } == [
                    "Tags: must list at most 100 different tags, the most a contact can have"
                ])
            let started = try await client.send(
                .post, "/api/v1/workspaces/\(ws)/imports/\(importId)/start", token: team.owner)
            #expect(started.status == .accepted)
            let finished = try await client.waitUntilFinished(ws, importId, token: team.owner)
            #expect(finished["status"] as? String == "completed")
            let read = try await client.send(.get, "/api/v1/workspaces/\(ws)/contacts/\(id)", token: team.owner)
            #expect(read.json["tags"] as? [String] == Self.tags(100) + ["extra", "import-x"])
        }
    }

    @Test(arguments: StoreEngines.all) func anImportConfigurationAddsAtMost20Tags(engine: String) async throws {
        let app = try await TestApp(engine)
        let team = try await app.team()
        let ws = team.workspaceId
        try await app.run { client in
            let uploaded = try await client.upload(ws, "First Name\nAnn\n", token: team.owner)
            let id = try #require(uploaded.json["id"] as? Int)
            let path = "/api/v1/workspaces/\(ws)/imports/\(id)/config"
            let mapping = [["column": 0, "field": "firstName"]]
            let twenty = try await client.send(
                .put, path, token: team.owner, json: ["purpose": "addAll", "tags": Self.tags(20), "mapping": mapping])
            #expect(twenty.status == .ok)
            let more = try await client.send(
                .put, path, token: team.owner, json: ["purpose": "addAll", "tags": Self.tags(21), "mapping": mapping])
            #expect(more.status == .unprocessableContent)
            #expect(more.errorCode == "invalid_config")
            #expect(
                more.json["message"] as? String
                    == "An import can add at most 20 tags besides its import tag; this one lists 21.")
        }
    }
}

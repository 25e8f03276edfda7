import ContactStore
import Foundation
import HTTPTypes
import StoreTestSupport
import Testing

/// SPEC §9's "Import again with these settings": `like` carries an earlier import's settings to a new file, columns
/// found by header text; `warnings` name the mapped headers the new file lacks.
@Suite struct ImportAgainAPITests {
    static var config: [String: Any] {
        [
            "purpose": "addAndUpdate", "identifier": "phone", "tags": ["weekly", "list"],
            "mapping": [
                ["column": 0, "field": "firstName"], ["column": 1, "field": "phone"],
                ["column": 2, "field": "lastName", "doNotOverwrite": true], ["column": 3, "field": "email"],
            ],
        ]
    }

    @Test(arguments: StoreEngines.all)
    func anUploadLikeAnEarlierImportTakesItsSettings(engine: String) async throws {
        let app = try await TestApp(engine)
        let team = try await app.team()
        let ws = team.workspaceId
        let first = "Name,Handphone,Surname,Mail\nAisyah,+60123456789,Rahman,a@example.com\n"
        try await app.run { client in
            let (earlier, _) = try await client.prepare(ws, first, token: team.owner, config: Self.config)
            // Other order, other case, and no Mail column.
            let next = "SURNAME,handphone , Name\nTan,+60123456780,Ben\n"
            let uploaded = try await client.send(
                .post, "/api/v1/workspaces/\(ws)/imports?fileName=next.csv&like=\(earlier)", token: team.owner,
                raw: next, contentType: "text/csv")
            #expect(uploaded.status == .created)
            let config = try #require(uploaded.json["config"] as? [String: Any])
            #expect(config["purpose"] as? String == "addAndUpdate")
            #expect(config["identifier"] as? String == "phone")
            #expect(config["tags"] as? [String] == ["weekly", "list"])
            #expect((config["importTag"] as? String)?.hasPrefix("import-") == true)
            let mapping = try #require(config["mapping"] as? [[String: Any]])
            #expect(mapping.map { $0["column"] as? Int } == [2, 1, 0])
            #expect(mapping.map { $0["field"] as? String } == ["firstName", "phone", "lastName"])
            #expect(mapping.map { $0["doNotOverwrite"] as? Bool } == [false, false, true])
            let warnings = try #require(uploaded.json["warnings"] as? [String])
            #expect(
                warnings == [
                    "This file has no column “Mail”, which the earlier import mapped to email: it is left out."
                ])

            // Configured already: it goes straight to review.
            let id = try #require(uploaded.json["id"] as? Int)
            let review = try await client.send(
                .post, "/api/v1/workspaces/\(ws)/imports/\(id)/review", token: team.owner)
            #expect(review.status == .ok)
            #expect((review.json["summary"] as? [String: Any])?["imported"] as? Int == 1)
        }
    }

    @Test(arguments: StoreEngines.all)
    func settingsThatNoLongerFitAreLeftToTheUserAndBadReferencesAreRefused(engine: String) async throws {
        let app = try await TestApp(engine)
        let team = try await app.team()
        let ws = team.workspaceId
        try await app.run { client in
            let (earlier, _) = try await client.prepare(
                ws, "Name,Handphone,Surname,Mail\nA,+60123456789,B,a@example.com\n", token: team.owner,
                config: Self.config)
            // No Handphone: the identifier's column is gone.
            let uploaded = try await client.send(
                .post, "/api/v1/workspaces/\(ws)/imports?fileName=x.csv&like=\(earlier)", token: team.owner,
                raw: "Name,Mail\nC,c@example.com\n", contentType: "text/csv")
            #expect(uploaded.status == .created)
            #expect((uploaded.json["config"] as? [String: Any])?["purpose"] is NSNull)
            let warnings = try #require(uploaded.json["warnings"] as? [String])
            #expect(warnings.count == 3)
            #expect(warnings.last?.hasPrefix("The earlier import's settings do not fit this file as they are:") == true)

            let missing = try await client.send(
                .post, "/api/v1/workspaces/\(ws)/imports?fileName=x.csv&like=999999", token: team.owner,
                raw: "Name\nC\n", contentType: "text/csv")
            #expect(missing.status == .notFound)
            let malformed = try await client.send(
                .post, "/api/v1/workspaces/\(ws)/imports?fileName=x.csv&like=abc", token: team.owner,
                raw: "Name\nC\n", contentType: "text/csv")
            #expect(malformed.status == .unprocessableContent)
            #expect((malformed.json["message"] as? String)?.contains("“like”") == true)
            // A draft never configured has no settings to carry.
            let draft = try #require(
                try await client.upload(ws, "Name\nD\n", token: team.owner).json["id"] as? Int)
            _ = try await client.send(.delete, "/api/v1/workspaces/\(ws)/imports/\(draft)", token: team.owner)
            let unconfigured = try await client.send(
                .post, "/api/v1/workspaces/\(ws)/imports?fileName=x.csv&like=\(draft)", token: team.owner,
                raw: "Name\nC\n", contentType: "text/csv")
            #expect(unconfigured.status == .unprocessableContent)
        }
    }
}

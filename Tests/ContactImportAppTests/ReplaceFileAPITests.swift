import ContactStore
import Foundation
import HTTPTypes
import StoreTestSupport
import Testing

@testable import ContactImportApp

/// "Upload a corrected file" (SPEC §11): a draft or reviewed import takes a new file and keeps its configuration.
@Suite struct ReplaceFileAPITests {
    static var config: [String: Any] {
        [
            "purpose": "addAndUpdate", "identifier": "email", "tags": ["fair"],
            "mapping": [
                ["column": 0, "field": "firstName"], ["column": 1, "field": "email", "doNotOverwrite": true],
                ["column": 2, "field": "phone"],
            ],
        ]
    }

    @Test(arguments: StoreEngines.all)
    func aCorrectedFileKeepsTheSettingsOfEveryHeaderStillPresent(engine: String) async throws {
        let app = try await TestApp(engine)
        let team = try await app.team()
        try await app.run { client in
            let ws = team.workspaceId
            let (id, review) = try await client.prepare(
                ws, "First Name,Email,Phone\nAnn,not-an-email,+60123456789\nBob,bob@example.com,+60129876543\n",
                token: team.owner, config: Self.config)
            #expect((review.json["summary"] as? [String: Int])?["errors"] == 1)
            let before = try await client.send(.get, "/api/v1/workspaces/\(ws)/imports/\(id)", token: team.owner)
            let tag = (before.json["config"] as? [String: Any])?["importTag"] as? String

            // The corrected file has its columns in another order and no Phone column.
            let replaced = try await client.send(
                .put, "/api/v1/workspaces/\(ws)/imports/\(id)/file?fileName=fixed.csv", token: team.manager,
                raw: "Email,First Name\nann@example.com,Ann\nbob@example.com,Bob\n", contentType: "text/csv")
            #expect(replaced.status == .ok, "\(replaced.text)")
            #expect(replaced.json["id"] as? Int == id)
            #expect(replaced.json["status"] as? String == "draft")
            #expect(replaced.json["fileName"] as? String == "fixed.csv")
            #expect(replaced.json["rowCount"] as? Int == 2)
            #expect(replaced.json["errorFileAvailable"] as? Bool == false)
            let config = try #require(replaced.json["config"] as? [String: Any])
            #expect(config["purpose"] as? String == "addAndUpdate")
            #expect(config["identifier"] as? String == "email")
            #expect(config["tags"] as? [String] == ["fair"])
            #expect(config["importTag"] as? String == tag)
            let mapping = try #require(config["mapping"] as? [[String: Any]])
            #expect(mapping.map { $0["column"] as? Int } == [1, 0])
            #expect(mapping.map { $0["field"] as? String } == ["firstName", "email"])
            #expect(mapping.last?["doNotOverwrite"] as? Bool == true)
            #expect(
                replaced.json["warnings"] as? [String]
                    == ["This file has no column “Phone”, which this import mapped to phone: it is left out."])
            // The old review's error file is gone; the new file reviews and runs as it is.
            #expect(
                try await client.send(.get, "/api/v1/workspaces/\(ws)/imports/\(id)/error-file", token: team.owner)
                    .status == .notFound)
            let again = try await client.send(.post, "/api/v1/workspaces/\(ws)/imports/\(id)/review", token: team.owner)
            #expect(
                again.json["summary"] as? [String: Int] == ["imported": 2, "updated": 0, "skipped": 0, "errors": 0])
            _ = try await client.send(.post, "/api/v1/workspaces/\(ws)/imports/\(id)/start", token: team.owner)
            let finished = try await client.waitUntilFinished(ws, id, token: team.owner)
            #expect(finished["status"] as? String == "completed")
            let list = try await client.send(.get, "/api/v1/workspaces/\(ws)/contacts", token: team.owner)
            let emails = ((list.json["contacts"] as? [[String: Any]]) ?? []).compactMap { $0["email"] as? String }
            #expect(Set(emails) == ["ann@example.com", "bob@example.com"])
        }
    }

    @Test(arguments: StoreEngines.all)
    func settingsThatNoLongerFitAreKeptAndTheReviewNamesTheRule(engine: String) async throws {
        let app = try await TestApp(engine)
        let team = try await app.team()
        try await app.run { client in
            let ws = team.workspaceId
            let (id, _) = try await client.prepare(
                ws, "First Name,Email,Phone\nAnn,ann@example.com,\n", token: team.owner, config: Self.config)
            // The identifier's column is gone.
            let replaced = try await client.send(
                .put, "/api/v1/workspaces/\(ws)/imports/\(id)/file", token: team.owner,
                raw: "First Name,Phone\nAnn,+60123456789\n", contentType: "text/csv")
            #expect(replaced.status == .ok)
            let warnings = try #require(replaced.json["warnings"] as? [String])
            #expect(warnings.count == 2)
            #expect(warnings.last?.contains("The identifier, Email, must be mapped to a column.") == true)
            #expect((replaced.json["config"] as? [String: Any])?["purpose"] as? String == "addAndUpdate")
            let review = try await client.send(
                .post, "/api/v1/workspaces/\(ws)/imports/\(id)/review", token: team.owner)
            #expect(review.status == .unprocessableContent)
            #expect((review.json["message"] as? String)?.contains("The identifier, Email, must be mapped") == true)
        }
    }

    @Test(arguments: StoreEngines.all)
    func anUnconfiguredImportTakesTheNewFilesProposalAndStartedImportsAreRefused(engine: String) async throws {
        let app = try await TestApp(engine)
        let team = try await app.team()
        try await app.run { client in
            let ws = team.workspaceId
            let uploaded = try await client.upload(ws, "Name\nAnn\n", token: team.owner)
            let id = try #require(uploaded.json["id"] as? Int)
            let replaced = try await client.send(
                .put, "/api/v1/workspaces/\(ws)/imports/\(id)/file", token: team.owner,
                raw: "First Name,Email\nAnn,ann@example.com\n", contentType: "text/csv")
            let config = try #require(replaced.json["config"] as? [String: Any])
            #expect(config["purpose"] is NSNull)
            #expect(
                (config["mapping"] as? [[String: Any]])?.compactMap { $0["field"] as? String } == [
                    "firstName", "email",
                ])
            #expect((replaced.json["warnings"] as? [String]) == [])

            // Not a CSV file: refused naming why, and the import keeps its file.
            let refused = try await client.send(
                .put, "/api/v1/workspaces/\(ws)/imports/\(id)/file", token: team.owner, raw: "", contentType: "text/csv"
            )
            #expect(refused.status == .unprocessableContent)
            #expect(
                try await client.send(.get, "/api/v1/workspaces/\(ws)/imports/\(id)", token: team.owner)
                    .json["rowCount"] as? Int == 1)

            // A started import keeps its file.
            let (started, _) = try await client.prepare(
                ws, "First Name,Email,Phone\nCat,cat@example.com,\n", token: team.owner, config: Self.config)
            _ = try await client.send(.post, "/api/v1/workspaces/\(ws)/imports/\(started)/start", token: team.owner)
            _ = try await client.waitUntilFinished(ws, started, token: team.owner)
            let late = try await client.send(
                .put, "/api/v1/workspaces/\(ws)/imports/\(started)/file", token: team.owner,
                raw: "First Name\nDan\n", contentType: "text/csv")
            #expect(late.status == .conflict)
            #expect(late.errorCode == "wrong_state")
            #expect(
                try await client.send(
                    .put, "/api/v1/workspaces/\(ws)/imports/999/file", token: team.owner, raw: "a\n1\n",
                    contentType: "text/csv"
                )
                .status == .notFound)
        }
    }
}

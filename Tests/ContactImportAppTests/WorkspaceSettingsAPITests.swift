import ContactStore
import Foundation
import HTTPTypes
import StoreTestSupport
import Testing

@testable import ContactImportApp

/// Settings › Workspace (SPEC §13): name and time zone; the import tag reads the workspace's clock.
@Suite struct WorkspaceSettingsAPITests {
    @Test(arguments: StoreEngines.all)
    func membersReadTheSettingsAndOnlyOwnersChangeThem(engine: String) async throws {
        let app = try await TestApp(engine)
        let team = try await app.team()
        let path = "/api/v1/workspaces/\(team.workspaceId)/settings"
        try await app.run { client in
            let shown = try await client.send(.get, path, token: team.agent)
            #expect(shown.status == .ok)
            #expect(shown.json["name"] as? String == "Acme")
            #expect(shown.json["timeZone"] as? String == "UTC")
            #expect(shown.json["phoneNumbers"] as? String == "asGiven")
            #expect(shown.json["defaultCountry"] is NSNull)

            for token in [team.manager, team.agent] {
                #expect(
                    try await client.send(.patch, path, token: token, json: ["name": "Hacked"]).status == .forbidden)
            }
            let changed = try await client.send(
                .patch, path, token: team.owner, json: ["name": " Acme Sdn Bhd ", "timeZone": "Asia/Kuala_Lumpur"])
            #expect(changed.status == .ok)
            #expect(changed.json["name"] as? String == "Acme Sdn Bhd")
            #expect(changed.json["timeZone"] as? String == "Asia/Kuala_Lumpur")
            #expect(
                try await client.send(.get, path, token: team.manager).json["timeZone"] as? String
                    == "Asia/Kuala_Lumpur")
            // The session's workspace list shows the new name.
            #expect(try await app.store.memberships(userId: 1).first?.workspace.name == "Acme Sdn Bhd")
        }
    }

    @Test(
        arguments: [
            (#"{"timeZone": "Mars/Olympus"}"#, "“Mars/Olympus” is not a time zone"),
            (#"{"timeZone": "GMT+5"}"#, "“GMT+5” is not a time zone"),
            (#"{"timeZone": null}"#, "“timeZone” must be a string, not null."),
            (#"{"name": ""}"#, "“name” must be 1 to 200 characters"),
            (#"{"name": "Tab\u0007Bell"}"#, "without control characters"),
            (#"{"phoneNumbers": "e164"}"#, "needs a “defaultCountry”"),
            (#"{"defaultCountry": "ZZ"}"#, "“defaultCountry” must be an ISO 3166-1 alpha-2 country code"),
            (#"{"colour": "red"}"#, "“colour” is not a field here"),
        ] as [(String, String)])
    func aBadSettingIsRefusedNamingItAndNothingChanges(json: String, message: String) async throws {
        let app = try await TestApp()
        let team = try await app.team()
        let path = "/api/v1/workspaces/\(team.workspaceId)/settings"
        try await app.run { client in
            var body = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
            if body["name"] == nil { body["name"] = "Renamed" }
            let reply = try await client.send(.patch, path, token: team.owner, json: body)
            #expect(reply.status == .unprocessableContent)
            #expect(reply.errorCode == "invalid_settings" || reply.errorCode == "invalid_request")
            #expect((reply.json["message"] as? String)?.contains(message) == true, "\(reply.text)")
            #expect(try await app.store.workspaceSettings(workspaceId: team.workspaceId)?.name == "Acme")
        }
    }

    @Test(arguments: StoreEngines.all)
    func theImportTagReadsTheWorkspaceTimeZone(engine: String) async throws {
        let clock = TestClock()
        let app = try await TestApp(engine) { $0.now = clock.now }
        let team = try await app.team()
        try await app.run { client in
            _ = try await client.send(
                .patch, "/api/v1/workspaces/\(team.workspaceId)/settings", token: team.owner,
                json: ["timeZone": "Asia/Kuala_Lumpur"])
            let uploaded = try await client.upload(team.workspaceId, "First Name\nAnn\n", token: team.owner)
            let tag = try #require((uploaded.json["config"] as? [String: Any])?["importTag"] as? String)

            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(identifier: "Asia/Kuala_Lumpur")!
            let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: clock.now())
            let expected = String(
                format: "import-%04d-%02d-%02d-%02d%02d", parts.year!, parts.month!, parts.day!, parts.hour!,
                parts.minute!)
            #expect(tag == expected)
        }
    }
}

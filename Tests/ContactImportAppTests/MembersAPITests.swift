import ContactStore
import Foundation
import HTTPTypes
import StoreTestSupport
import Testing

@testable import ContactImportApp

/// Settings › Members (SPEC §13): owners manage, managers see, agents get nothing; the last owner stays.
@Suite struct MembersAPITests {
    @Test(arguments: StoreEngines.all)
    func ownersManageManagersSeeAgentsAreRefused(engine: String) async throws {
        let app = try await TestApp(engine)
        let team = try await app.team()
        let path = "/api/v1/workspaces/\(team.workspaceId)/members"
        try await app.run { client in
            let list = try await client.send(.get, path, token: team.manager)
            #expect(list.status == .ok)
            let members = try #require(list.json["members"] as? [[String: Any]])
            #expect(
                members.map { $0["email"] as? String } == ["owner@acme.test", "manager@acme.test", "agent@acme.test"])
            #expect(members.map { $0["role"] as? String } == ["owner", "manager", "agent"])
            #expect(Set(members.first?.keys.map { $0 } ?? []) == ["userId", "email", "role"])

            #expect(try await client.send(.get, path, token: team.agent).status == .forbidden)
            let byManager = try await client.send(
                .post, path, token: team.manager, json: ["email": "x@acme.test", "role": "agent"])
            #expect(byManager.status == .forbidden)
            #expect(byManager.json["message"] as? String == "Only workspace owners can do this.")
            for (method, suffix) in [(HTTPRequest.Method.patch, "/2"), (.delete, "/2"), (.post, "/2/password-reset")] {
                let reply = try await client.send(method, path + suffix, token: team.manager, json: ["role": "agent"])
                #expect(reply.status == .forbidden, "\(method) \(suffix)")
            }
            #expect(try await client.send(.get, path, token: team.agent).errorCode == "forbidden")
        }
    }

    @Test(arguments: StoreEngines.all)
    func anOwnerAddsChangesAndRemovesAMemberWhoSignsInThroughTheirLink(engine: String) async throws {
        let app = try await TestApp(engine)
        let team = try await app.team()
        let path = "/api/v1/workspaces/\(team.workspaceId)/members"
        try await app.run { client in
            let added = try await client.send(
                .post, path, token: team.owner, json: ["email": " New@Acme.test ", "role": "manager"])
            #expect(added.status == .created)
            #expect(added.json["email"] as? String == "New@Acme.test")
            #expect(added.json["role"] as? String == "manager")
            let reset = try #require(added.json["passwordReset"] as? [String: Any])
            let link = try #require(reset["link"] as? String)
            #expect(link.hasPrefix("http://127.0.0.1:8080/reset-password?code="))
            let userId = try #require(added.json["userId"] as? Int)

            // The new member chooses a password with the link and signs in.
            let code = String(link.split(separator: "=").last!)
            let chosen = try await client.request(
                .post, "/api/v1/password-reset", json: ["code": code, "newPassword": "their own password"])
            #expect(chosen.status == .noContent)
            #expect(try await client.signIn("new@acme.test", "their own password").status == .ok)

            let twice = try await client.send(
                .post, path, token: team.owner, json: ["email": "new@acme.test", "role": "agent"])
            #expect(twice.status == .conflict)
            #expect(twice.errorCode == "already_member")
            let badRole = try await client.send(
                .post, path, token: team.owner, json: ["email": "z@acme.test", "role": "admin"])
            #expect(badRole.status == .unprocessableContent)
            #expect(badRole.json["message"] as? String == "“role” must be owner, manager or agent.")
            let badEmail = try await client.send(
                .post, path, token: team.owner, json: ["email": "nope", "role": "agent"])
            #expect(badEmail.status == .unprocessableContent)

            let changed = try await client.send(.patch, "\(path)/\(userId)", token: team.owner, json: ["role": "agent"])
            #expect(changed.status == .ok)
            #expect(changed.json["role"] as? String == "agent")
            #expect(try await app.store.role(userId: Int64(userId), workspaceId: team.workspaceId) == .agent)

            #expect(try await client.send(.delete, "\(path)/\(userId)", token: team.owner).status == .noContent)
            #expect(try await client.send(.delete, "\(path)/\(userId)", token: team.owner).status == .notFound)
            #expect(try await app.store.role(userId: Int64(userId), workspaceId: team.workspaceId) == nil)
        }
    }

    @Test(arguments: StoreEngines.all)
    func theLastOwnerCanBeNeitherDemotedNorRemoved(engine: String) async throws {
        let app = try await TestApp(engine)
        let team = try await app.team()
        let path = "/api/v1/workspaces/\(team.workspaceId)/members"
        try await app.run { client in
            let members = try #require(
                try await client.send(.get, path, token: team.owner).json["members"] as? [[String: Any]])
            let ownerId = try #require(members.first?["userId"] as? Int)
            let managerId = try #require(members.dropFirst().first?["userId"] as? Int)

            let demote = try await client.send(
                .patch, "\(path)/\(ownerId)", token: team.owner, json: ["role": "manager"])
            #expect(demote.status == .conflict)
            #expect(demote.errorCode == "last_owner")
            let remove = try await client.send(.delete, "\(path)/\(ownerId)", token: team.owner)
            #expect(remove.status == .conflict)
            #expect(remove.errorCode == "last_owner")

            // Another owner first; then the first may step down.
            #expect(
                try await client.send(.patch, "\(path)/\(managerId)", token: team.owner, json: ["role": "owner"]).status
                    == .ok)
            #expect(
                try await client.send(.patch, "\(path)/\(ownerId)", token: team.owner, json: ["role": "agent"]).status
                    == .ok)
            #expect(try await client.send(.get, path, token: team.owner).status == .forbidden)
        }
    }

    @Test(arguments: StoreEngines.all)
    func aResetLinkIsIssuedOnlyForSomeoneWhoseEveryWorkspaceTheOwnerOwns(engine: String) async throws {
        let app = try await TestApp(engine)
        let mine = try await app.team("Mine")
        let theirs = try await app.team("Theirs")
        try await app.run { client in
            let path = "/api/v1/workspaces/\(mine.workspaceId)/members"
            // theirs' owner joins mine as an agent: mine's owner must not take over their account.
            let joined = try await client.send(
                .post, path, token: mine.owner, json: ["email": "owner@theirs.test", "role": "agent"])
            #expect(joined.status == .created)
            #expect(joined.json["passwordReset"] is NSNull)
            let outsiderId = try #require(joined.json["userId"] as? Int)
            let refused = try await client.send(.post, "\(path)/\(outsiderId)/password-reset", token: mine.owner)
            #expect(refused.status == .forbidden)
            #expect((refused.json["message"] as? String)?.contains("a workspace you do not own") == true)

            let members = try #require(
                try await client.send(.get, path, token: mine.owner).json["members"] as? [[String: Any]])
            let agentId = try #require(members.first { $0["email"] as? String == "agent@mine.test" }?["userId"] as? Int)
            let issued = try await client.send(.post, "\(path)/\(agentId)/password-reset", token: mine.owner)
            #expect(issued.status == .created)
            #expect((issued.json["link"] as? String)?.contains("/reset-password?code=") == true)
            #expect(issued.json["expiresAt"] is String)

            // Someone not in the workspace, and another workspace's members, are not found.
            #expect(
                try await client.send(.post, "\(path)/999999/password-reset", token: mine.owner).status == .notFound)
            let otherPath = "/api/v1/workspaces/\(theirs.workspaceId)/members"
            #expect(try await client.send(.get, otherPath, token: mine.owner).status == .notFound)
        }
    }
}

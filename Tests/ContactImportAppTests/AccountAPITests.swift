import ContactStore
import Foundation
import HTTPTypes
import StoreTestSupport
import Testing

@testable import ContactImportApp

/// Each user's own account (SPEC §13): changing the password ends their other sessions; personal API tokens are
/// created with a name and shown once, listed, and refused at once when revoked, on every server.
@Suite struct AccountAPITests {
    @Test(arguments: StoreEngines.all)
    func changingThePasswordNeedsTheCurrentOneAndEndsTheOtherSessions(engine: String) async throws {
        let app = try await TestApp(engine)
        _ = try await WebUITests.team(app)
        try await app.run { client in
            let here = try await client.session("owner@acme.test")
            let elsewhere = try await client.session("owner@acme.test")

            let wrong = try await client.request(
                .post, "/api/v1/me/password", json: ["currentPassword": "not it", "newPassword": "a new password"],
                cookie: here.cookie, csrf: here.csrf)
            #expect(wrong.status == .unprocessableContent)
            #expect(wrong.errorCode == "wrong_password")
            let short = try await client.request(
                .post, "/api/v1/me/password", json: ["currentPassword": WebUITests.password, "newPassword": "short"],
                cookie: here.cookie, csrf: here.csrf)
            #expect(short.status == .unprocessableContent)
            #expect((short.json["message"] as? String)?.contains("The new password must be 8 to 72 characters") == true)
            let noCSRF = try await client.request(
                .post, "/api/v1/me/password",
                json: ["currentPassword": WebUITests.password, "newPassword": "a new password"], cookie: here.cookie)
            #expect(noCSRF.status == .forbidden)

            let changed = try await client.request(
                .post, "/api/v1/me/password",
                json: ["currentPassword": WebUITests.password, "newPassword": "a new password"],
                cookie: here.cookie, csrf: here.csrf)
            #expect(changed.status == .noContent)

            #expect(try await client.request(.get, "/api/v1/session", cookie: here.cookie).status == .ok)
            #expect(try await client.request(.get, "/api/v1/session", cookie: elsewhere.cookie).status == .unauthorized)
            #expect(try await client.signIn("owner@acme.test", WebUITests.password).status == .unauthorized)
            #expect(try await client.signIn("owner@acme.test", "a new password").status == .ok)
        }
    }

    @Test(arguments: StoreEngines.all)
    func aTokenIsShownOnceListedByNameAndRefusedAtOnceOnEveryServerWhenRevoked(engine: String) async throws {
        let app = try await TestApp(engine)
        let other = try await TestApp(engine, store: app.store)
        let team = try await app.team()
        try await app.run { client in
            let created = try await client.send(
                .post, "/api/v1/me/tokens", token: team.manager, json: ["name": " CI deploys "])
            #expect(created.status == .created)
            #expect(created.json["name"] as? String == "CI deploys")
            let token = try #require(created.json["token"] as? String)
            let id = try #require(created.json["id"] as? Int)
            #expect(try await client.send(.get, "/api/v1/notifications", token: token).status == .ok)

            let listed = try await client.send(.get, "/api/v1/me/tokens", token: token)
            let tokens = try #require(listed.json["tokens"] as? [[String: Any]])
            #expect(tokens.count == 2)
            #expect(tokens.first?["name"] is NSNull)  // made by the command line
            #expect(tokens.last?["name"] as? String == "CI deploys")
            #expect(!listed.text.contains(token))
            #expect(tokens.allSatisfy { Set($0.keys) == ["id", "name", "createdAt"] })

            // Someone else's token is not theirs to revoke.
            #expect(try await client.send(.delete, "/api/v1/me/tokens/\(id)", token: team.owner).status == .notFound)
            #expect(try await client.send(.delete, "/api/v1/me/tokens/\(id)", token: team.manager).status == .noContent)
            #expect(try await client.send(.get, "/api/v1/notifications", token: token).status == .unauthorized)
            #expect(try await client.send(.get, "/api/v1/notifications", token: team.manager).status == .ok)
        }
        try await other.run { client in
            let reply = try await client.send(.get, "/api/v1/me/tokens", token: team.manager)
            #expect(reply.status == .ok)
        }
    }

    @Test(
        arguments: [
            (#"{"name": ""}"#, "“name” must be 1 to 100 characters"),
            (
                #"{"name": "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"}"#,
                "“name” must be 1 to 100 characters"
            ),
            (#"{"name": "a\u0000b"}"#, "without control characters"),
            ("{}", "“name” is required."),
        ] as [(String, String)])
    func aTokenNeedsAGoodName(json: String, message: String) async throws {
        let app = try await TestApp()
        let team = try await app.team()
        try await app.run { client in
            let body = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
            let reply = try await client.send(.post, "/api/v1/me/tokens", token: team.owner, json: body)
            #expect(reply.status == .unprocessableContent)
            #expect((reply.json["message"] as? String)?.contains(message) == true, "\(reply.text)")
        }
    }
}

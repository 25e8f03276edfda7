import ContactStore
import Foundation
import HTTPTypes
import StoreTestSupport
import Testing

@testable import ContactImportApp

/// SPEC §13's first run: while no user exists, the setup link's page creates the first workspace and its owner and
/// signs them in; afterwards (or with a wrong code) the page and its form answer 404.
@Suite struct FirstRunSetupTests {
    static let code = FirstRun.newCode()

    static func setupBody(_ changes: [String: Any] = [:]) -> [String: Any] {
        var body: [String: Any] = [
            "code": code, "workspaceName": "Acme Sdn Bhd", "timeZone": "Asia/Kuala_Lumpur",
            "email": "Founder@Acme.test", "password": "a long password",
        ]
        for (key, value) in changes { body[key] = value }
        return body
    }

    @Test(arguments: StoreEngines.all)
    func theSetupLinkCreatesTheFirstOwnerAndThenIsGone(engine: String) async throws {
        let app = try await TestApp(engine) { $0.setupCode = Self.code }
        try await app.run { client in
            let options = try await client.request(.get, "/api/v1/sign-in-options")
            #expect(options.json["setupRequired"] as? Bool == true)
            #expect(options.json["passwordResetByEmail"] as? Bool == false)

            let page = try await client.request(.get, "/setup?code=\(Self.code)")
            #expect(page.status == .ok)
            #expect(page.text.contains("/ui/app.js"))
            #expect(page.headers[.referrerPolicy] == "no-referrer")
            #expect(try await client.request(.get, "/setup?code=wrong").status == .notFound)
            #expect(try await client.request(.get, "/setup").status == .notFound)
            let wrong = try await client.request(.post, "/api/v1/setup", json: Self.setupBody(["code": "nope"]))
            #expect(wrong.status == .notFound)

            let created = try await client.request(.post, "/api/v1/setup", json: Self.setupBody())
            #expect(created.status == .created)
            #expect(created.headers[.setCookie]?.hasPrefix("ci_session=") == true)
            let workspaces = try #require(created.json["workspaces"] as? [[String: Any]])
            #expect(workspaces.first?["name"] as? String == "Acme Sdn Bhd")
            #expect(workspaces.first?["role"] as? String == "owner")

            // The owner signs in with the password chosen there; the workspace keeps the time zone.
            #expect(try await client.signIn("founder@acme.test", "a long password").status == .ok)
            let workspaceId = try #require(workspaces.first?["id"] as? Int)
            #expect(try await app.store.workspace(id: Int64(workspaceId))?.timeZone == "Asia/Kuala_Lumpur")

            let gone = try await client.request(.get, "/setup?code=\(Self.code)")
            #expect(gone.status == .notFound)
            #expect(gone.headers[.contentType]?.hasPrefix("text/html") == true)
            #expect(gone.text.contains("no longer valid"))
            let again = try await client.request(.post, "/api/v1/setup", json: Self.setupBody(["email": "x@y.test"]))
            #expect(again.status == .notFound)
            #expect(try await client.request(.get, "/api/v1/sign-in-options").json["setupRequired"] as? Bool == false)
        }
    }

    @Test(arguments: StoreEngines.all)
    func aServerWithUsersOrWithoutACodeHasNoSetupPage(engine: String) async throws {
        let withUsers = try await TestApp(engine) { $0.setupCode = Self.code }
        _ = try await withUsers.team()
        try await withUsers.run { client in
            let page = try await client.request(.get, "/setup?code=\(Self.code)")
            #expect(page.status == .notFound)
        }
        let withoutCode = try await TestApp(engine)
        try await withoutCode.run { client in
            let page = try await client.request(.get, "/setup?code=\(Self.code)")
            let form = try await client.request(.post, "/api/v1/setup", json: Self.setupBody())
            #expect(page.status == .notFound)
            #expect(form.status == .notFound)
        }
    }

    @Test(
        arguments: [
            (#"{"timeZone": "Mars/Olympus"}"#, "“Mars/Olympus” is not a time zone"),
            (#"{"password": "short"}"#, "The password must be 8 to 72 characters"),
            (#"{"email": "not an email"}"#, "“email” must be an email address"),
            (#"{"workspaceName": "  "}"#, "“workspaceName” must be 1 to 200 characters"),
            (#"{"workspaceName": "A\u0000B"}"#, "without control characters"),
            (#"{"extra": true}"#, "“extra” is not a field here"),
        ] as [(String, String)])
    func aBadSetupFormIsRefusedNamingTheField(json: String, message: String) async throws {
        let app = try await TestApp { $0.setupCode = Self.code }
        try await app.run { client in
            let change = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
            let reply = try await client.request(.post, "/api/v1/setup", json: Self.setupBody(change))
            #expect(reply.status == .unprocessableContent)
            #expect((reply.json["message"] as? String)?.contains(message) == true, "\(reply.text)")
            #expect(try await app.store.hasUsers() == false)
        }
    }
}

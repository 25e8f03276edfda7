import ContactStore
import Foundation
import HTTPTypes
import Logging
import Mailer
import SMTPTestSupport
import StoreTestSupport
import Testing

@testable import ContactImportApp

/// Password-reset links (SPEC §13): one-time, 24 hours, from an owner or by "Forgot password" with mail configured;
/// a used or expired link answers 410 and changes nothing.
@Suite struct PasswordResetTests {
    /// An owner's link for the team's agent.
    static func link(_ client: TestApp.Client, team: TestApp.Team) async throws -> String {
        let path = "/api/v1/workspaces/\(team.workspaceId)/members"
        let members = try #require(
            try await client.send(.get, path, token: team.owner).json["members"] as? [[String: Any]])
        let agentId = try #require(members.last?["userId"] as? Int)
        let issued = try await client.send(.post, "\(path)/\(agentId)/password-reset", token: team.owner)
        return try #require(issued.json["link"] as? String)
    }

    static func code(_ link: String) -> String { String(link.split(separator: "=").last!) }

    @Test(arguments: StoreEngines.all)
    func aLinkWorksOnceAndThenAnswers410(engine: String) async throws {
        let app = try await TestApp(engine)
        let team = try await app.team()
        try await app.run { client in
            let link = try await Self.link(client, team: team)
            let path = "/reset-password?code=\(Self.code(link))"
            let page = try await client.request(.get, path)
            #expect(page.status == .ok)
            #expect(page.headers[.referrerPolicy] == "no-referrer")
            #expect(page.headers[.contentSecurityPolicy]?.contains("default-src 'self'") == true)

            let body = ["code": Self.code(link), "newPassword": "agent's new password"]
            #expect(try await client.request(.post, "/api/v1/password-reset", json: body).status == .noContent)
            #expect(try await client.signIn("agent@acme.test", "agent's new password").status == .ok)

            let again = try await client.request(
                .post, "/api/v1/password-reset", json: ["code": Self.code(link), "newPassword": "someone else's"])
            #expect(again.status == .gone)
            #expect(again.errorCode == "link_gone")
            #expect(try await client.signIn("agent@acme.test", "agent's new password").status == .ok)
            let gonePage = try await client.request(.get, path)
            #expect(gonePage.status == .gone)
            #expect(gonePage.headers[.contentType]?.hasPrefix("text/html") == true)
            #expect(gonePage.headers[.referrerPolicy] == "no-referrer")

            #expect(
                try await client.request(.get, "/reset-password?code=unknown-code-123456789012").status == .notFound)
            let unknown = try await client.request(
                .post, "/api/v1/password-reset",
                json: ["code": "unknown-code-123456789012", "newPassword": "whatever12"])
            #expect(unknown.status == .notFound)
        }
    }

    @Test(arguments: StoreEngines.all)
    func aLinkExpiresAfter24Hours(engine: String) async throws {
        let clock = TestClock()
        let app = try await TestApp(engine) { $0.now = clock.now }
        let team = try await app.team()
        try await app.run { client in
            let link = try await Self.link(client, team: team)
            clock.advance(by: 24 * 3600 - 1)
            #expect(try await client.request(.get, "/reset-password?code=\(Self.code(link))").status == .ok)
            clock.advance(by: 1)
            #expect(try await client.request(.get, "/reset-password?code=\(Self.code(link))").status == .gone)
            let late = try await client.request(
                .post, "/api/v1/password-reset", json: ["code": Self.code(link), "newPassword": "too late now"])
            #expect(late.status == .gone)
            #expect(try await client.signIn("agent@acme.test", "too late now").status == .unauthorized)
        }
    }

    @Test func forgotPasswordEmailsALinkAndAnswersTheSameForAnUnknownEmail() async throws {
        let sink = try await SMTPSink.start()
        var app = try await TestApp { $0.publicURL = "https://contacts.example.com" }
        app.mailer = SMTPMailer(
            configuration: try SMTPConfiguration(
                url: "smtp://127.0.0.1:\(sink.port)?starttls=off&from=noreply@example.com"),
            logger: Logger(label: "test"))
        _ = try await WebUITests.team(app)
        try await app.run { client in
            #expect(
                try await client.request(.get, "/api/v1/sign-in-options").json["passwordResetByEmail"] as? Bool == true)
            let known = try await client.request(
                .post, "/api/v1/password-reset-requests", json: ["email": "agent@acme.test"])
            let unknown = try await client.request(
                .post, "/api/v1/password-reset-requests", json: ["email": "nobody@acme.test"])
            #expect(known.status == .accepted)
            #expect(unknown.status == .accepted)
            #expect(
                (known.json["message"] as? String)?.replacingOccurrences(of: "agent@acme.test", with: "X")
                    == (unknown.json["message"] as? String)?.replacingOccurrences(of: "nobody@acme.test", with: "X"))

            var messages = sink.messages
            for _ in 0..<200 where messages.isEmpty {
                try await Task.sleep(for: .milliseconds(20))
                messages = sink.messages
            }
            try await Task.sleep(for: .milliseconds(200))
            messages = sink.messages
            #expect(messages.count == 1)
            let message = try #require(messages.first)
            #expect(message.recipients.contains { $0.lowercased().contains("agent@acme.test") })
            let link = try #require(
                message.data.split(whereSeparator: \.isNewline).first {
                    $0.hasPrefix("https://contacts.example.com/reset-password?code=")
                })
            let code = String(link.split(separator: "=").last!)
            let reset = try await client.request(
                .post, "/api/v1/password-reset", json: ["code": code, "newPassword": "emailed password"])
            #expect(reset.status == .noContent)
            #expect(try await client.signIn("agent@acme.test", "emailed password").status == .ok)
        }
        await sink.stop()
    }

    @Test func withoutMailForgotPasswordIsNotOffered() async throws {
        let app = try await TestApp()
        _ = try await app.team()
        try await app.run { client in
            #expect(
                try await client.request(.get, "/api/v1/sign-in-options").json["passwordResetByEmail"] as? Bool == false
            )
            let reply = try await client.request(
                .post, "/api/v1/password-reset-requests", json: ["email": "agent@acme.test"])
            #expect(reply.status == .notFound)
            #expect((reply.json["message"] as? String)?.contains("Ask a workspace owner") == true)
        }
    }
}

import ContactImportApp
import ContactStore
import Foundation
import HTTPTypes
import StoreTestSupport
import Testing

/// Every workspace route, with the access level it needs.
let workspaceRoutes: [(method: String, path: String, managersOnly: Bool)] = [
    ("GET", "contact-fields", true),
    ("POST", "contact-fields", true),
    ("GET", "contacts", false),
    ("POST", "contacts", false),
    ("GET", "contacts/1", false),
    ("PATCH", "contacts/1", false),
    ("DELETE", "contacts/1", false),
    ("GET", "contacts/1/activity", false),
    ("GET", "contacts/duplicates", true),
    ("POST", "contacts/merge", true),
    ("GET", "contacts/export", true),
    ("POST", "imports", true),
    ("GET", "imports", true),
    ("GET", "imports/1", true),
    ("DELETE", "imports/1", true),
    ("PUT", "imports/1/config", true),
    ("PUT", "imports/1/file", true),
    ("GET", "imports/1/rows", true),
    ("PATCH", "imports/1/rows/2", true),
    ("POST", "imports/1/fixes", true),
    ("POST", "imports/1/review", true),
    ("GET", "imports/1/error-file", true),
    ("POST", "imports/1/start", true),
    ("GET", "imports/1/results-file", true),
    ("GET", "imports/1/undo-preview", true),
    ("POST", "imports/1/undo", true),
    ("GET", "imports/1/undo-file", true),
    ("GET", "settings", false),
    // Owners only; an agent gets 403 like any non-owner.
    ("PATCH", "settings", true),
    ("GET", "members", true),
    ("POST", "members", true),
    ("PATCH", "members/1", true),
    ("DELETE", "members/1", true),
    ("POST", "members/1/password-reset", true),
    ("GET", "phone-normalization", true),
    ("POST", "phone-normalization", true),
    ("GET", "phone-normalization/preview", true),
    ("GET", "phone-normalization/1", true),
    ("GET", "phone-normalization/1/results-file", true),
]

@Suite struct AuthAndAccessTests {
    @Test(arguments: StoreEngines.all) func everyAPIRouteNeedsAValidToken(engine: String) async throws {
        let app = try await TestApp(engine)
        let team = try await app.team()
        try await app.run { client in
            for route in workspaceRoutes {
                let path = "/api/v1/workspaces/\(team.workspaceId)/\(route.path)"
                for token in [nil, "garbage", "cit_1_wrong"] as [String?] {
                    let reply = try await client.send(
                        .init(rawValue: route.method)!, path, token: token, json: [:] as [String: Any])
                    #expect(reply.status == .unauthorized, "\(route.method) \(path) with \(token ?? "no token")")
                    #expect(reply.errorCode == "unauthorized")
                }
            }
            let reply = try await client.send(.get, "/api/v1/notifications")
            #expect(reply.status == .unauthorized)
            #expect(reply.headers[.wwwAuthenticate] == "Bearer")
        }
    }

    @Test(arguments: StoreEngines.all) func aStrangerGets404ForEveryRouteOfAnotherWorkspace(engine: String) async throws
    {
        let app = try await TestApp(engine)
        let mine = try await app.team("Mine")
        let theirs = try await app.team("Theirs")
        try await app.run { client in
            for route in workspaceRoutes {
                for workspace in ["\(theirs.workspaceId)", "999999", "abc", "-1"] {
                    let reply = try await client.send(
                        .init(rawValue: route.method)!, "/api/v1/workspaces/\(workspace)/\(route.path)",
                        token: mine.owner, json: ["firstName": "X"])
                    #expect(reply.status == .notFound, "\(route.method) \(route.path) in workspace \(workspace)")
                    #expect(reply.errorCode == "not_found")
                }
            }
        }
    }

    @Test(arguments: StoreEngines.all) func agentsCannotReachContactFieldsSettings(engine: String) async throws {
        let app = try await TestApp(engine)
        let team = try await app.team()
        try await app.run { client in
            for route in workspaceRoutes where route.managersOnly {
                let reply = try await client.send(
                    .init(rawValue: route.method)!, "/api/v1/workspaces/\(team.workspaceId)/\(route.path)",
                    token: team.agent, json: ["name": "Plan", "fieldId": "plan", "type": "text"])
                #expect(reply.status == .forbidden)
                #expect(reply.errorCode == "forbidden")
            }
            let managers = try await client.send(
                .get, "/api/v1/workspaces/\(team.workspaceId)/contact-fields", token: team.manager)
            #expect(managers.status == .ok)
        }
    }

    @Test(arguments: StoreEngines.all) func agentsWorkWithContacts(engine: String) async throws {
        let app = try await TestApp(engine)
        let team = try await app.team()
        try await app.run { client in
            let created = try await client.send(
                .post, "/api/v1/workspaces/\(team.workspaceId)/contacts", token: team.agent, json: ["firstName": "Ann"])
            #expect(created.status == .created)
        }
    }

    @Test(arguments: StoreEngines.all) func unknownAddressesAnswerTheJSONErrorShape(engine: String) async throws {
        let app = try await TestApp(engine)
        try await app.run { client in
            let reply = try await client.send(.get, "/no/such/page")
            #expect(reply.status == .notFound)
            #expect(reply.errorCode == "not_found")
            #expect(reply.json["message"] is String)
        }
    }

    @Test(arguments: StoreEngines.all) func responsesCarrySecurityHeaders(engine: String) async throws {
        let app = try await TestApp(engine)
        try await app.run { client in
            let reply = try await client.send(.get, "/health")
            #expect(reply.status == .ok)
            #expect(reply.headers[.xContentTypeOptions] == "nosniff")
            #expect(reply.headers[.contentSecurityPolicy]?.contains("frame-ancestors 'none'") == true)
            // The setup and password links carry secrets in their address.
            #expect(reply.headers[HTTPField.Name("Referrer-Policy")!] == "no-referrer")
            let page = try await client.send(.get, "/")
            #expect(page.headers[HTTPField.Name("Referrer-Policy")!] == "no-referrer")
            #expect(
                page.headers[.contentSecurityPolicy] == "default-src 'self'; frame-ancestors 'none'; base-uri 'none'")
        }
    }
}

/// Routes outside any workspace, with what a caller without a token gets.
let accountRoutes: [(method: String, path: String, withoutToken: Int)] = [
    ("GET", "/api/v1/notifications", 401),
    ("POST", "/api/v1/notifications/read", 401),
    ("GET", "/api/v1/session", 401),
    // Sign-in itself needs no token: an empty object is 400 (email and password are required); wrong credentials 401.
    ("POST", "/api/v1/session", 400),
    // Signing out without a session has nothing to end: it only clears the cookie.
    ("DELETE", "/api/v1/session", 204),
    ("POST", "/api/v1/me/password", 401),
    ("GET", "/api/v1/me/tokens", 401),
    ("POST", "/api/v1/me/tokens", 401),
    ("DELETE", "/api/v1/me/tokens/1", 401),
    ("GET", "/api/v1/phone-countries", 401),
    // First run and password links need no token: with users and no code, setup is not found; an empty reset body
    // names its missing code; "Forgot password" is not offered without mail.
    ("GET", "/api/v1/sign-in-options", 200),
    ("POST", "/api/v1/setup", 404),
    ("GET", "/setup", 404),
    ("POST", "/api/v1/password-reset", 422),
    ("GET", "/reset-password", 404),
    ("POST", "/api/v1/password-reset-requests", 404),
]

/// Routes served to anyone: the OpenAPI document, liveness and readiness. Metrics have a port of their own.
let publicRoutes: [(method: String, path: String)] = [
    ("GET", "/openapi.json"), ("GET", "/health"), ("GET", "/ready"),
]

@Suite struct EveryRouteAccessTests {
    /// A listed workspace route as the OpenAPI document writes it: `1` is an id, `rows/2` a row number.
    static func template(_ path: String) -> String {
        path.replacingOccurrences(of: "/1", with: "/{id}").replacingOccurrences(of: "rows/2", with: "rows/{row}")
    }

    /// The route lists above are the whole API: every operation of the OpenAPI document is in one of them.
    @Test(arguments: StoreEngines.all) func theRouteListsCoverEveryOperationOfTheOpenAPIDocument(engine: String)
        async throws
    {
        let app = try await TestApp(engine)
        try await app.run { client in
            let paths = try #require(
                try await client.send(.get, "/openapi.json").json["paths"] as? [String: [String: Any]])
            var listed = Set(
                workspaceRoutes.map {
                    "\($0.method) /api/v1/workspaces/{ws}/" + Self.template($0.path)
                })
            listed.formUnion(
                accountRoutes.map { "\($0.method) " + $0.path.replacingOccurrences(of: "/1", with: "/{id}") })
            listed.formUnion(publicRoutes.map { "\($0.method) \($0.path)" })
            var documented = Set<String>()
            for (path, item) in paths {
                for method in item.keys where ["get", "post", "put", "patch", "delete"].contains(method) {
                    documented.insert("\(method.uppercased()) \(path)")
                }
            }
            #expect(documented == listed)
        }
    }

    @Test(arguments: StoreEngines.all) func accountRoutesAnswerWithoutATokenAsListed(engine: String) async throws {
        let app = try await TestApp(engine)
        try await app.run { client in
            for route in accountRoutes {
                let reply = try await client.send(
                    .init(rawValue: route.method)!, route.path, json: [:] as [String: Any])
                #expect(reply.status.code == route.withoutToken, "\(route.method) \(route.path)")
                if route.withoutToken >= 400, route.path.hasPrefix("/api/") { #expect(reply.errorCode != nil) }
                if !route.path.hasPrefix("/api/") {
                    #expect(reply.headers[.contentType]?.hasPrefix("text/html") == true, "\(route.path)")
                }
            }
            for route in publicRoutes {
                #expect(
                    try await client.send(.init(rawValue: route.method)!, route.path).status == .ok, "\(route.path)")
            }
        }
    }

    /// The web UI's session cookie reaches exactly what the same user's token reaches.
    @Test(arguments: StoreEngines.all) func aSessionCookieOfAnotherWorkspaceOrAnAgentIsRefusedOnEveryRoute(
        engine: String
    ) async throws {
        let app = try await TestApp(engine)
        let mine = try await app.team("Mine")
        let theirs = try await app.team("Theirs")
        func cookie(_ token: String) async throws -> HTTPFields {
            let user = try #require(try await app.store.user(forToken: token))
            let session = try await app.store.createWebSession(userId: user.id, lifetime: .seconds(600), now: Date())
            return [.cookie: "ci_session=\(session.id)", HTTPField.Name("X-CSRF-Token")!: session.session.csrfToken]
        }
        let stranger = try await cookie(theirs.owner)
        let agent = try await cookie(mine.agent)
        var withoutToken = try await cookie(mine.owner)
        withoutToken[HTTPField.Name("X-CSRF-Token")!] = nil
        let noCSRF = withoutToken
        try await app.run { client in
            for route in workspaceRoutes {
                let method = HTTPRequest.Method(rawValue: route.method)!
                let path = "/api/v1/workspaces/\(mine.workspaceId)/\(route.path)"
                let strangers = try await client.send(method, path, json: ["firstName": "X"], headers: stranger)
                #expect(strangers.status == .notFound, "stranger \(route.method) \(path)")
                if route.managersOnly {
                    let agents = try await client.send(method, path, json: ["firstName": "X"], headers: agent)
                    #expect(agents.status == .forbidden, "agent \(route.method) \(path)")
                }
                if method != .get {
                    let forged = try await client.send(method, path, json: ["firstName": "X"], headers: noCSRF)
                    #expect(forged.status == .forbidden, "no CSRF \(route.method) \(path)")
                    #expect(forged.errorCode == "csrf_refused")
                }
            }
            // Notifications are the caller's own: marking another user's read changes nothing of theirs.
            let read = try await client.send(
                .post, "/api/v1/notifications/read", json: ["ids": [1, 2, 3]], headers: stranger)
            #expect(read.status == .noContent)
        }
    }
}

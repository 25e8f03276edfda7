import HTTPTypes
import ContactImportApp
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
    ("POST", "imports", true),
    ("GET", "imports", true),
    ("GET", "imports/1", true),
    ("DELETE", "imports/1", true),
    ("PUT", "imports/1/config", true),
    ("POST", "imports/1/review", true),
    ("GET", "imports/1/error-file", true),
    ("POST", "imports/1/start", true),
    ("GET", "imports/1/results-file", true),
]

@Suite struct AuthAndAccessTests {
    @Test func everyAPIRouteNeedsAValidToken() async throws {
        let app = try TestApp()
        let team = try await app.team()
        try await app.run { client in
            for route in workspaceRoutes {
                let path = "/api/v1/workspaces/\(team.workspaceId)/\(route.path)"
                for token in [nil, "garbage", "cit_1_wrong"] as [String?] {
                    let reply = try await client.send(.init(rawValue: route.method)!, path, token: token, json: [:] as [String: Any])
                    #expect(reply.status == .unauthorized, "\(route.method) \(path) with \(token ?? "no token")")
                    #expect(reply.errorCode == "unauthorized")
                }
            }
            let reply = try await client.send(.get, "/api/v1/notifications")
            #expect(reply.status == .unauthorized)
            #expect(reply.headers[.wwwAuthenticate] == "Bearer")
        }
    }

    @Test func aStrangerGets404ForEveryRouteOfAnotherWorkspace() async throws {
        let app = try TestApp()
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

    @Test func agentsCannotReachContactFieldsSettings() async throws {
        let app = try TestApp()
        let team = try await app.team()
        try await app.run { client in
            for route in workspaceRoutes where route.managersOnly {
                let reply = try await client.send(
                    .init(rawValue: route.method)!, "/api/v1/workspaces/\(team.workspaceId)/\(route.path)",
                    token: team.agent, json: ["name": "Plan", "fieldId": "plan", "type": "text"])
                #expect(reply.status == .forbidden)
                #expect(reply.errorCode == "forbidden")
            }
            let managers = try await client.send(.get, "/api/v1/workspaces/\(team.workspaceId)/contact-fields", token: team.manager)
            #expect(managers.status == .ok)
        }
    }

    @Test func agentsWorkWithContacts() async throws {
        let app = try TestApp()
        let team = try await app.team()
        try await app.run { client in
            let created = try await client.send(
                .post, "/api/v1/workspaces/\(team.workspaceId)/contacts", token: team.agent, json: ["firstName": "Ann"])
            #expect(created.status == .created)
        }
    }

    @Test func unknownAddressesAnswerTheJSONErrorShape() async throws {
        let app = try TestApp()
        try await app.run { client in
            let reply = try await client.send(.get, "/no/such/page")
            #expect(reply.status == .notFound)
            #expect(reply.errorCode == "not_found")
            #expect(reply.json["message"] is String)
        }
    }

    @Test func responsesCarrySecurityHeaders() async throws {
        let app = try TestApp()
        try await app.run { client in
            let reply = try await client.send(.get, "/health")
            #expect(reply.status == .ok)
            #expect(reply.headers[.xContentTypeOptions] == "nosniff")
            #expect(reply.headers[.contentSecurityPolicy]?.contains("frame-ancestors 'none'") == true)
        }
    }
}

import ContactStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import StoreTestSupport
import Testing

@testable import ContactImportApp

/// The web UI: sign-in with a password, the session cookie, CSRF, sign-out, the static files.
@Suite struct WebUITests {
    static let password = "correct horse battery"

    /// A workspace whose owner, manager and agent can sign in with `password`.
    static func team(_ app: TestApp) async throws -> (workspaceId: Int64, ownerToken: String) {
        let hash = try await Passwords.hash(password)
        let created = try await app.store.createWorkspace(
            name: "Acme", ownerEmail: "owner@acme.test", passwordHash: hash)
        _ = try await app.store.addUser(
            workspaceId: created.workspace.id, email: "manager@acme.test", role: .manager, passwordHash: hash)
        _ = try await app.store.addUser(
            workspaceId: created.workspace.id, email: "agent@acme.test", role: .agent, passwordHash: hash)
        return (created.workspace.id, created.token)
    }

    @Test(arguments: StoreEngines.all) func signingInWithTheRightPasswordSetsAStrictHttpOnlySessionCookie(
        engine: String
    ) async throws {
        let app = try await TestApp(engine)
        let team = try await Self.team(app)
        try await app.run { client in
            let reply = try await client.signIn("Owner@Acme.test", Self.password)

            #expect(reply.status == .ok)
            let cookie = try #require(reply.headers[.setCookie])
            let attributes = cookie.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            #expect(attributes.contains("HttpOnly"))
            #expect(attributes.contains("SameSite=Strict"))
            #expect(attributes.contains("Path=/"))
            #expect(attributes.contains { $0.hasPrefix("Max-Age=") && Int($0.dropFirst(8))! > 0 })
            #expect(!attributes.contains("Secure"))  // plain http on loopback; Secure behind https (below)
            let id = try #require(sessionId(from: reply))
            #expect(id.count >= 43)  // 256 random bits
            let json = reply.json
            #expect(((json["user"] as? [String: Any])?["email"] as? String) == "owner@acme.test")
            let workspaces = try #require(json["workspaces"] as? [[String: Any]])
            #expect(workspaces.count == 1)
            #expect(workspaces.first?["role"] as? String == "owner")
            #expect(workspaces.first?["id"] as? Int == Int(team.workspaceId))
            #expect((json["csrfToken"] as? String)?.count ?? 0 >= 43)
        }
    }

    /// SQLite only: it reads the database files (on PostgreSQL the same store code keeps only the hash too).
    @Test func theSessionIdIsNeverStoredAsIs() async throws {
        let app = try await TestApp()
        _ = try await Self.team(app)
        try await app.run { client in
            let id = try #require(sessionId(from: try await client.signIn("owner@acme.test", Self.password)))
            let folder = app.configuration.dataDirectory
            for name in try FileManager.default.contentsOfDirectory(atPath: folder) {
                let bytes = try Data(contentsOf: URL(fileURLWithPath: folder).appendingPathComponent(name))
                #expect(bytes.range(of: Data(id.utf8)) == nil, "\(name) holds the raw session id")
            }
        }
    }

    @Test(arguments: StoreEngines.all) func aWrongPasswordAnUnknownEmailOrAUserWithoutPasswordIsRefused(engine: String)
        async throws
    {
        let app = try await TestApp(engine)
        let team = try await Self.team(app)
        _ = try await app.store.addUser(
            workspaceId: team.workspaceId, email: "tokenonly@acme.test", role: .manager, passwordHash: nil)
        try await app.run { client in
            for (email, password) in [
                ("owner@acme.test", "wrong password"), ("owner@acme.test", ""), ("nobody@acme.test", Self.password),
                ("tokenonly@acme.test", Self.password), ("tokenonly@acme.test", ""),
            ] {
                let reply = try await client.signIn(email, password)
                #expect(reply.status == .unauthorized, "\(email)")
                #expect(reply.errorCode == "invalid_credentials")
                #expect(reply.headers[.setCookie] == nil)
            }
            // Sign-in takes JSON only, so a plain cross-site form cannot post it.
            let form = try await client.request(
                .post, "/api/v1/session", body: "email=owner%40acme.test&password=x",
                headers: [.contentType: "application/x-www-form-urlencoded"])
            #expect(form.status == .unsupportedMediaType)
        }
    }

    @Test(arguments: StoreEngines.all) func theCookieAuthenticatesAPICallsAndChangesNeedTheCSRFToken(engine: String)
        async throws
    {
        let app = try await TestApp(engine)
        let team = try await Self.team(app)
        try await app.run { client in
            let session = try await client.session("owner@acme.test")
            let fields = "/api/v1/workspaces/\(team.workspaceId)/contact-fields"
            let field: [String: Any] = ["name": "Company", "fieldId": "company", "type": "text"]

            let read = try await client.request(
                .get, "/api/v1/workspaces/\(team.workspaceId)/contacts", cookie: session.cookie)
            #expect(read.status == .ok)
            let noToken = try await client.request(.post, fields, json: field, cookie: session.cookie)
            #expect(noToken.status == .forbidden)
            #expect(noToken.errorCode == "csrf_refused")
            let wrongToken = try await client.request(
                .post, fields, json: field, cookie: session.cookie, csrf: "x" + session.csrf)
            #expect(wrongToken.status == .forbidden)
            let withToken = try await client.request(
                .post, fields, json: field, cookie: session.cookie, csrf: session.csrf)
            #expect(withToken.status == .created)

            let upload = try await client.request(
                .post, "/api/v1/workspaces/\(team.workspaceId)/imports?fileName=a.csv", body: "First Name\nAisyah\n",
                headers: [.contentType: "text/csv"], cookie: session.cookie)
            #expect(upload.status == .forbidden)
            let uploaded = try await client.request(
                .post, "/api/v1/workspaces/\(team.workspaceId)/imports?fileName=a.csv", body: "First Name\nAisyah\n",
                headers: [.contentType: "text/csv"], cookie: session.cookie, csrf: session.csrf)
            #expect(uploaded.status == .created)

            // A forged or unknown cookie is not a session; API tokens keep working without any cookie or CSRF token.
            let forged = try await client.request(
                .get, "/api/v1/notifications", cookie: "ci_session=forged-session-id-0000000000000000000000")
            #expect(forged.status == .unauthorized)
            let bearer = try await client.send(
                .post, fields, token: team.ownerToken, json: ["name": "Plan", "fieldId": "plan", "type": "text"])
            #expect(bearer.status == .created)
        }
    }

    @Test(arguments: StoreEngines.all) func signingOutNeedsTheCSRFTokenAndEndsTheSession(engine: String) async throws {
        let app = try await TestApp(engine)
        let team = try await Self.team(app)
        try await app.run { client in
            let session = try await client.session("manager@acme.test")

            let forged = try await client.request(.delete, "/api/v1/session", cookie: session.cookie)
            #expect(forged.status == .forbidden)
            #expect(try await client.request(.get, "/api/v1/session", cookie: session.cookie).status == .ok)

            let out = try await client.request(.delete, "/api/v1/session", cookie: session.cookie, csrf: session.csrf)
            #expect(out.status == .noContent)
            let cleared = try #require(out.headers[.setCookie])
            #expect(cleared.hasPrefix("ci_session=;"))
            #expect(cleared.contains("Max-Age=0"))
            #expect(try await client.request(.get, "/api/v1/session", cookie: session.cookie).status == .unauthorized)
            let after = try await client.request(
                .get, "/api/v1/workspaces/\(team.workspaceId)/contacts", cookie: session.cookie)
            #expect(after.status == .unauthorized)
        }
    }

    @Test func aSessionEndsAfterItsLifetime() async throws {
        let clock = TestClock()
        let app = try await TestApp {
            $0.sessionLifetime = .seconds(3600)
            $0.now = clock.now
        }
        _ = try await Self.team(app)
        try await app.run { client in
            let session = try await client.session("owner@acme.test")
            #expect(try await client.request(.get, "/api/v1/session", cookie: session.cookie).status == .ok)
            clock.advance(by: 3601)
            let reply = try await client.request(.get, "/api/v1/notifications", cookie: session.cookie)
            #expect(reply.status == .unauthorized)
        }
    }

    @Test func behindHTTPSTheCookieIsSecure() async throws {
        let app = try await TestApp { $0.publicURL = "https://contacts.example.com" }
        _ = try await Self.team(app)
        try await app.run { client in
            let reply = try await client.signIn("owner@acme.test", Self.password)
            #expect(reply.headers[.setCookie]?.contains("; Secure") == true)
        }
    }

    @Test(arguments: StoreEngines.all) func agentsSignedInAreRefusedImportsAndSettings(engine: String) async throws {
        let app = try await TestApp(engine)
        let team = try await Self.team(app)
        try await app.run { client in
            let agent = try await client.session("agent@acme.test")
            let base = "/api/v1/workspaces/\(team.workspaceId)"
            #expect(try await client.request(.get, "\(base)/contacts", cookie: agent.cookie).status == .ok)
            #expect(try await client.request(.get, "\(base)/imports", cookie: agent.cookie).status == .forbidden)
            #expect(try await client.request(.get, "\(base)/contact-fields", cookie: agent.cookie).status == .forbidden)
            let upload = try await client.request(
                .post, "\(base)/imports?fileName=a.csv", body: "First Name\nA\n", headers: [.contentType: "text/csv"],
                cookie: agent.cookie, csrf: agent.csrf)
            #expect(upload.status == .forbidden)
            let field = try await client.request(
                .post, "\(base)/contact-fields", json: ["name": "X", "fieldId": "x", "type": "text"],
                cookie: agent.cookie, csrf: agent.csrf)
            #expect(field.status == .forbidden)
            let described = try await client.request(.get, "/api/v1/session", cookie: agent.cookie).json
            #expect(((described["workspaces"] as? [[String: Any]])?.first?["role"] as? String) == "agent")
        }
    }

    @Test(arguments: StoreEngines.all) func aUserOfSeveralWorkspacesSeesThemAllAndIsOnlyLetIntoTheirs(engine: String)
        async throws
    {
        let app = try await TestApp(engine)
        let acme = try await Self.team(app)
        let other = try await app.store.createWorkspace(name: "Beta", ownerEmail: "boss@beta.test", passwordHash: nil)
        _ = try await app.store.addUser(
            workspaceId: other.workspace.id, email: "agent@acme.test", role: .manager, passwordHash: nil)
        let stranger = try await app.store.createWorkspace(name: "Gamma", ownerEmail: "g@gamma.test", passwordHash: nil)
        try await app.run { client in
            let session = try await client.session("agent@acme.test")
            let workspaces = try #require(
                try await client.request(.get, "/api/v1/session", cookie: session.cookie).json["workspaces"]
                    as? [[String: Any]])
            #expect(workspaces.map { $0["name"] as? String } == ["Acme", "Beta"])
            #expect(workspaces.map { $0["role"] as? String } == ["agent", "manager"])
            #expect(
                try await client.request(.get, "/api/v1/workspaces/\(acme.workspaceId)/imports", cookie: session.cookie)
                    .status == .forbidden)
            #expect(
                try await client.request(
                    .get, "/api/v1/workspaces/\(other.workspace.id)/imports", cookie: session.cookie
                ).status == .ok)
            #expect(
                try await client.request(
                    .get, "/api/v1/workspaces/\(stranger.workspace.id)/contacts", cookie: session.cookie
                ).status == .notFound)
        }
    }

    @Test(arguments: StoreEngines.all) func notificationsCanBeMarkedRead(engine: String) async throws {
        let app = try await TestApp(engine)
        let team = try await Self.team(app)
        let owner = try #require(try await app.store.passwordCredential(email: "owner@acme.test")).user
        try await app.store.addNotification(
            NewNotification(userId: owner.id, workspaceId: team.workspaceId, kind: "import", message: "Done", link: nil)
        )
        try await app.run { client in
            let session = try await client.session("owner@acme.test")
            let before = try await client.request(.get, "/api/v1/notifications", cookie: session.cookie).json
            #expect(((before["notifications"] as? [[String: Any]])?.first?["read"] as? Bool) == false)
            let marked = try await client.request(
                .post, "/api/v1/notifications/read", json: [:], cookie: session.cookie, csrf: session.csrf)
            #expect(marked.status == .noContent)
            let after = try await client.request(.get, "/api/v1/notifications", cookie: session.cookie).json
            #expect(((after["notifications"] as? [[String: Any]])?.first?["read"] as? Bool) == true)
        }
    }

    @Test(arguments: StoreEngines.all) func thePageAndItsFilesAreServedWithTheirContentTypesAndHeaders(engine: String)
        async throws
    {
        let app = try await TestApp(engine)
        try await app.run { client in
            let expected = [
                ("/", "text/html; charset=utf-8"), ("/ui/app.js", "text/javascript; charset=utf-8"),
                ("/ui/app.css", "text/css; charset=utf-8"), ("/ui/icon.svg", "image/svg+xml"),
                ("/ui/sample-contacts.csv", "text/csv; charset=utf-8"),
            ]
            for (path, type) in expected {
                let reply = try await client.request(.get, path)
                #expect(reply.status == .ok, "\(path)")
                #expect(reply.headers[.contentType] == type, "\(path)")
                #expect(reply.headers[.xContentTypeOptions] == "nosniff")
                let policy = reply.headers[.contentSecurityPolicy] ?? ""
                #expect(policy.contains("default-src 'self'") && policy.contains("frame-ancestors 'none'"))
                #expect(!reply.body.readableBytesView.isEmpty)
            }
            for path in ["/ui/missing.js", "/ui/..%2FPackage.swift", "/ui/"] {
                #expect(try await client.request(.get, path).status == .notFound, "\(path)")
            }
            let sample = try await client.request(.get, "/ui/sample-contacts.csv")
            #expect(sample.text.hasPrefix("First Name,Last Name,Phone Number,Email"))
            #expect(sample.headers[.contentDisposition]?.hasPrefix("attachment") == true)
        }
    }

    @Test(arguments: StoreEngines.all) func thePageHasNoInlineScriptsStylesOrHandlers(engine: String) async throws {
        let app = try await TestApp(engine)
        try await app.run { client in
            let page = try await client.request(.get, "/").text
            #expect(page.contains(#"<script type="module" src="/ui/app.js"></script>"#))
            #expect(page.components(separatedBy: "<script").count == 2)  // only the entry module
            #expect(!page.contains(" style="))
            #expect(page.range(of: #"\son[a-z]+="#, options: .regularExpression) == nil)
        }
    }

    /// The entry module and, following their `import … from './name.js'` lines, every module it imports: each is served
    /// as JavaScript, imports only the page's own modules, and puts user data into the page only as text; and every
    /// script of the bundle is one of them (none left out, none missing).
    @Test(arguments: StoreEngines.all) func theScriptModulesAreServedAndUseTextOnly(engine: String) async throws {
        let app = try await TestApp(engine)
        let unsafe = ["innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "Function("]
        try await app.run { client in
            let importLine = #/^\s*import\b[^'";]*['"]([^'"]*)['"]/#.anchorsMatchLineEndings()
            var reached: Set<String> = []
            var queue = ["app.js"]
            while let name = queue.popLast() {
                guard reached.insert(name).inserted else { continue }
                let reply = try await client.request(.get, "/ui/\(name)")
                #expect(reply.status == .ok, "\(name)")
                #expect(reply.headers[.contentType] == "text/javascript; charset=utf-8", "\(name)")
                let script = reply.text
                for word in unsafe { #expect(!script.contains(word), "\(name) uses \(word)") }
                for specifier in script.matches(of: importLine).map({ String($0.1) }) {
                    let module = specifier.wholeMatch(of: #/\./([a-z0-9-]+\.js)/#)
                    #expect(module != nil, "\(name) imports \(specifier)")
                    if let module { queue.append(String(module.1)) }
                }
            }
            #expect(reached.isSuperset(of: ["app.js", "api.js", "dom.js", "router.js", "wizard.js"]), "\(reached)")
            let bundled = Set(WebUIController.bundled().assets.keys.filter { $0.hasSuffix(".js") })
            #expect(
                reached == bundled,
                "not imported: \(bundled.subtracting(reached)); not served: \(reached.subtracting(bundled))")
        }
    }

    /// What Part 2 of the import wizard reads from an upload made signed in: a column matched by its name says so, a
    /// suggestion carries its reason (a known export header, or the column's values) and is not applied, and a column
    /// with no value anywhere in the file is marked empty, neither mapped nor suggested.
    @Test(arguments: StoreEngines.all) func anUploadTellsTheMappingHowEachColumnWasMatched(engine: String)
        async throws
    {
        let app = try await TestApp(engine)
        let team = try await Self.team(app)
        try await app.run { client in
            let owner = try await client.session("owner@acme.test")
            let csv = """
                First Name,Middle Name,E-mail 1 - Value,Reach,Notes\r
                Aisyah,,aisyah@example.com,+60123456789,\r
                Ben,,ben@example.com,+60198765432,\r

                """
            let reply = try await client.request(
                .post, "/api/v1/workspaces/\(team.workspaceId)/imports?fileName=contacts.csv", body: csv,
                headers: [.contentType: "text/csv"], cookie: owner.cookie, csrf: owner.csrf)
            #expect(reply.status == .created, "\(reply.text)")
            let columns = try #require(reply.json["columns"] as? [[String: Any]])
            let byHeader = Dictionary(
                uniqueKeysWithValues: columns.compactMap { c in (c["header"] as? String).map { ($0, c) } })
            let first = try #require(byHeader["First Name"])
            #expect(first["field"] as? String == "firstName" && first["matchedBy"] as? String == "name")
            let email = try #require(byHeader["E-mail 1 - Value"])
            #expect(email["suggestion"] as? String == "email" && email["suggestionReason"] as? String == "synonym")
            #expect(email["field"] == nil || email["field"] is NSNull)
            let reach = try #require(byHeader["Reach"])
            #expect(reach["suggestion"] as? String == "phone" && reach["suggestionReason"] as? String == "values")
            for header in ["Middle Name", "Notes"] {
                let empty = try #require(byHeader[header])
                #expect(empty["empty"] as? Bool == true, "\(header)")
                #expect(empty["field"] == nil || empty["field"] is NSNull, "\(header)")
                #expect(empty["suggestion"] == nil || empty["suggestion"] is NSNull, "\(header)")
            }
            #expect(first["empty"] == nil || first["empty"] as? Bool == false)
        }
    }

    /// The self-service screens: their modules are served as JavaScript, and the page has their entries (Members and
    /// Workspace for owners and managers, who see the workspace's settings read-only and may rewrite its stored phones;
    /// the account link beside the sign-out button).
    @Test func theSelfServiceScreensAreServedWithTheirMenuEntries() async throws {
        let app = try await TestApp()
        try await app.run { client in
            for name in [
                "first-run-setup.js", "password-reset.js", "settings-workspace.js", "settings-members.js", "account.js",
                "import-link.js", "time-zone.js", "phone-numbers.js", "settings-phone-cleanup.js",
            ] {
                let reply = try await client.request(.get, "/ui/\(name)")
                #expect(reply.status == .ok, "\(name)")
                #expect(reply.headers[.contentType] == "text/javascript; charset=utf-8", "\(name)")
            }
            let page = try await client.request(.get, "/").text
            #expect(page.contains(##"<a href="#/settings/members" id="nav-members" class="manager-only">"##))
            #expect(page.contains(##"<a href="#/settings/workspace" id="nav-workspace" class="manager-only">"##))
            #expect(page.contains(##"<a href="#/account" id="account-link""##))
        }
    }
}

/// The session cookie's value in a sign-in reply.
private func sessionId(from reply: TestApp.Client.Reply) -> String? {
    guard let cookie = reply.headers[.setCookie], cookie.hasPrefix("ci_session=") else { return nil }
    return cookie.dropFirst("ci_session=".count).split(separator: ";").first.map(String.init)
}

extension TestApp.Client {
    struct Session {
        var cookie: String
        var csrf: String
    }

    func signIn(_ email: String, _ password: String) async throws -> Reply {
        try await request(.post, "/api/v1/session", json: ["email": email, "password": password])
    }

    /// Signs in with the suite's password; the cookie header to send back and the CSRF token.
    func session(_ email: String) async throws -> Session {
        let reply = try await signIn(email, WebUITests.password)
        guard reply.status == .ok, let id = sessionId(from: reply), let csrf = reply.json["csrfToken"] as? String else {
            throw TestFailure("sign-in answered \(reply.status): \(reply.text)")
        }
        return Session(cookie: "ci_session=\(id)", csrf: csrf)
    }

    /// A request with a cookie and CSRF header of the test's choosing.
    func request(
        _ method: HTTPRequest.Method, _ path: String, json: Any? = nil, body: String? = nil,
        headers extra: HTTPFields = [:],
        cookie: String? = nil, csrf: String? = nil
    ) async throws -> Reply {
        var headers = extra
        if let cookie { headers[.cookie] = cookie }
        if let csrf { headers[HTTPField.Name("X-CSRF-Token")!] = csrf }
        var buffer: ByteBuffer?
        if let json {
            headers[.contentType] = "application/json"
            buffer = ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: json))
        } else if let body {
            buffer = ByteBuffer(string: body)
        }
        let response = try await client.executeRequest(uri: path, method: method, headers: headers, body: buffer)
        return Reply(status: response.status, headers: response.headers, body: response.body)
    }
}

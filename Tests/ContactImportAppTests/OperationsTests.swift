import ContactModel
import ContactStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Prometheus
import StoreTestSupport
import Testing

@testable import ContactImportApp

/// `/health`, `/ready` and `/metrics`.
@Suite struct OperationsTests {
    @Test(arguments: StoreEngines.all) func readyAnswers200WhileTheDatabaseAnswers(engine: String) async throws {
        let app = try await TestApp(engine)
        try await app.run { client in
            let reply = try await client.send(.get, "/ready")
            #expect(reply.status == .ok)
            #expect(reply.json["status"] as? String == "ready")
        }
    }

    @Test(arguments: StoreEngines.all) func readyAnswers503WhenTheDatabaseIsGoneButHealthStaysUp(engine: String)
        async throws
    {
        let app = try await TestApp(engine)
        if let sqlite = app.store as? SQLiteStore { try sqlite.close() }
        if let postgres = app.store as? PostgresStore { await postgres.close() }
        try await app.run { client in
            let reply = try await client.send(.get, "/ready")
            #expect(reply.status == .serviceUnavailable)
            #expect(reply.errorCode == "not_ready")
            #expect((reply.json["message"] as? String)?.isEmpty == false)
            #expect(try await client.send(.get, "/health").status == .ok)
        }
    }

    @Test func metricsCountImportsRowsAndRequestLatencies() async throws {
        let metrics = AppMetrics()
        let app = try await TestApp()
        let team = try await app.team()
        let ws = team.workspaceId
        let csv =
            "First Name,Phone Number\n" + (1...25).map { "P\($0),+6012\(1_000_000 + $0)" }.joined(separator: "\n")
            + "\nBad,12\n"
        try await app.run(metrics: metrics) { client in
            let (id, review) = try await client.prepare(
                ws, csv, token: team.owner,
                config: [
                    "purpose": "addNew", "identifier": "phone",
                    "mapping": [["column": 0, "field": "firstName"], ["column": 1, "field": "phone"]],
                ])
            #expect(review.status == .ok)
            #expect(
                try await client.send(.post, "/api/v1/workspaces/\(ws)/imports/\(id)/start", token: team.owner).status
                    == .accepted)
            let finished = try await client.waitUntilFinished(ws, id, token: team.owner)
            #expect(finished["status"] as? String == "completed")
            _ = try await client.send(.get, "/api/v1/workspaces/\(ws)/contacts", token: team.owner)

            // Not on the public port: metrics have a port of their own (`--metrics-port`).
            #expect(try await client.send(.get, "/metrics").status == .notFound)
        }
        let metricsPort = Application(router: buildMetricsRouter(metrics: metrics))
        try await metricsPort.test(.router) { client in
            let response = try await client.executeRequest(uri: "/metrics", method: .get, headers: [:], body: nil)
            let reply = TestApp.Client.Reply(status: response.status, headers: response.headers, body: response.body)
            #expect(reply.status == .ok)
            #expect(reply.headers[.contentType]?.hasPrefix("text/plain") == true)
            let text = reply.text
            #expect(text.contains("contact_import_imports_started_total 1"))
            #expect(text.contains("contact_import_imports_completed_total 1"))
            #expect(text.contains("contact_import_imports_failed_total 0"))
            #expect(text.contains("contact_import_rows_processed_total 26"))
            #expect(
                text.contains(
                    #"http_request_duration_seconds_bucket{method="GET",route="/api/v1/workspaces/{ws}/contacts",status="200",le="0.1"}"#
                ), "\(text)")
            #expect(text.contains("http_request_duration_seconds_count"))
        }
        // The registry is this application's own: another application starts from zero.
        let other = AppMetrics()
        #expect(!other.registry.emitToString().contains("contact_import_imports_started_total 1"))
    }
}

/// Many callers at once.
@Suite struct ConcurrencyTests {
    static var config: [String: Any] {
        [
            "purpose": "addAndUpdate", "identifier": "phone",
            "mapping": [
                ["column": 0, "field": "firstName"], ["column": 1, "field": "phone"], ["column": 2, "field": "email"],
            ],
        ]
    }

    @Test func fiftySimultaneousStartsInOneWorkspaceStartExactlyOneImport() async throws {
        // The job runner looks for work only at start-up here, so the started import stays processing throughout.
        let app = try await TestApp { $0.jobPollInterval = .seconds(3600) }
        let team = try await app.team()
        let ws = team.workspaceId
        try await app.run { client in
            // Several reviewed imports of the same workspace, each started many times at once.
            var ids: [Int] = []
            for n in 0..<5 {
                let (id, review) = try await client.prepare(
                    ws, "First Name,Phone,Email\nA\(n),+601200000\(n)0,\n", token: team.owner, config: Self.config)
                #expect(review.status == .ok)
                ids.append(id)
            }
            let targets = ids
            let statuses = try await withThrowingTaskGroup(of: (HTTPResponse.Status, String?).self) { group in
                for call in 0..<50 {
                    group.addTask {
                        let reply = try await client.send(
                            .post, "/api/v1/workspaces/\(ws)/imports/\(targets[call % targets.count])/start",
                            token: team.owner)
                        return (reply.status, reply.errorCode)
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.filter { $0.0 == .accepted }.count == 1)
            #expect(statuses.filter { $0.0 == .conflict }.count == 49, "\(statuses)")
            #expect(statuses.allSatisfy { $0.0 == .accepted || $0.1 == "import_in_progress" || $0.1 == "wrong_state" })
            let list = try await client.send(.get, "/api/v1/workspaces/\(ws)/imports", token: team.owner).json
            let imports = try #require(list["imports"] as? [[String: Any]])
            #expect(imports.filter { ["processing", "completed"].contains($0["status"] as? String) }.count == 1)
        }
    }

    @Test func tenWorkspacesImportingAtOnceAllCompleteWithTheirOwnContacts() async throws {
        let app = try await TestApp()
        var teams: [TestApp.Team] = []
        for n in 0..<10 {
            let team = try await app.team("Team\(n)")
            // Each workspace already has 20 contacts, 10 of which the file updates.
            for k in 0..<20 {
                _ = try await app.store.createContact(
                    workspaceId: team.workspaceId,
                    contact: .init(
                        firstName: "Old\(k)", phone: "+60130\(n)\(String(format: "%05d", k))",
                        email: "old\(k)@t\(n).test"))
            }
            teams.append(team)
        }
        let allTeams = teams
        try await app.run { client in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (n, team) in allTeams.enumerated() {
                    group.addTask {
                        var lines = ["First Name,Phone,Email"]
                        for k in 10..<20 {
                            lines.append("Upd\(k),+60130\(n)\(String(format: "%05d", k)),new\(k)@t\(n).test")
                        }
                        for k in 0..<200 { lines.append("New\(k),+60140\(n)\(String(format: "%05d", k)),") }
                        lines.append("Broken,12,not-an-email")
                        let (id, review) = try await client.prepare(
                            team.workspaceId, lines.joined(separator: "\n"), token: team.owner, config: Self.config)
                        #expect(review.status == .ok)
                        let started = try await client.send(
                            .post, "/api/v1/workspaces/\(team.workspaceId)/imports/\(id)/start", token: team.owner)
                        #expect(started.status == .accepted)
                        let finished = try await client.waitUntilFinished(team.workspaceId, id, token: team.owner)
                        #expect(finished["status"] as? String == "completed")
                        #expect(
                            finished["summary"] as? [String: Int] == [
                                "imported": 200, "updated": 10, "skipped": 0, "errors": 1, "valuesReplaced": 10,
                                "valuesCleared": 0, "tagsRemoved": 0,
                            ])
                    }
                }
                try await group.waitForAll()
            }
        }
        for (n, team) in allTeams.enumerated() {
            var contacts: [Contact] = []
            var cursor: String?
            repeat {
                let page = try await app.store.listContacts(
                    workspaceId: team.workspaceId, query: .init(limit: 500, cursor: cursor))
                contacts += page.contacts
                cursor = page.nextCursor
            } while cursor != nil
            #expect(contacts.count == 220)
            #expect(Set(contacts.compactMap(\.phone)).count == 220)
            #expect(
                contacts.allSatisfy {
                    $0.phone?.hasPrefix("+6013\(0)\(n)") == true || $0.phone?.hasPrefix("+6014\(0)\(n)") == true
                })
            #expect(contacts.filter { $0.firstName.hasPrefix("Upd") }.count == 10)
            #expect(contacts.filter { $0.email?.hasPrefix("new") == true }.count == 10)
        }
    }
}

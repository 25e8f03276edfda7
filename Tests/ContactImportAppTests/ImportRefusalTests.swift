import ContactImportApp
import ContactStore
import Foundation
import HTTPTypes
import StoreTestSupport
import Testing

/// Bad files, bad configurations and out-of-order steps: each a clear 4xx, nothing imported.
@Suite struct ImportRefusalTests {
    @Test(arguments: StoreEngines.all) func unreadableFilesAreRefusedWithAReason(engine: String) async throws {
        let app = try await TestApp(engine)
        let team = try await app.team()
        let ws = team.workspaceId
        try await app.run { client in
            let cases: [(String, String)] = [
                ("", "empty"),
                ("First Name,Phone Number\n", "no data row"),
                ("First Name\n\"Ann\nBob\n", "unterminated quote"),
                ("First Name\nA\u{0}B\n", "NUL byte"),
            ]
            for (csv, label) in cases {
                let reply = try await client.upload(ws, csv, token: team.owner)
                #expect(reply.status == .unprocessableContent, "\(label)")
                #expect(reply.errorCode == "invalid_file", "\(label)")
                #expect((reply.json["message"] as? String)?.isEmpty == false)
            }
            let unterminated = try await client.upload(ws, "First Name\nAnn\n\"Bob\nCy\n", token: team.owner)
            #expect((unterminated.json["message"] as? String)?.contains("3") == true)
            let notCSV = try await client.upload(ws, "First Name\nAnn\n", token: team.owner, fileName: "contacts.xlsx")
            #expect(notCSV.status == .unprocessableContent)
        }
        #expect(try await app.store.imports(workspaceId: ws).isEmpty)
    }

    @Test(arguments: StoreEngines.all) func aFileOf20MBOrMoreIsRefusedWith413(engine: String) async throws {
        let app = try await TestApp(engine)
        let team = try await app.team()
        let head = Array("First Name\n".utf8)
        let big = head + [UInt8](repeating: UInt8(ascii: "a"), count: 20_971_520 - head.count - 1) + [10]
        #expect(big.count == 20_971_520)
        let ws = team.workspaceId
        try await app.run { client in
            let reply = try await client.send(
                .post, "/api/v1/workspaces/\(ws)/imports?fileName=big.csv", token: team.owner, bytes: big,
                contentType: "text/csv")
            #expect(reply.status == .contentTooLarge)
            #expect(reply.errorCode == "too_large")
            #expect((reply.json["message"] as? String)?.contains("20 MB (20,971,520 bytes)") == true)
        }
    }

    @Test(arguments: StoreEngines.all) func aMultipartUploadWorksLikeARawOne(engine: String) async throws {
        let app = try await TestApp(engine)
        let team = try await app.team()
        let ws = team.workspaceId
        let boundary = "----contactimport7"
        let body =
            "--\(boundary)\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhello\r\n"
            + "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"list.csv\"\r\nContent-Type: text/csv\r\n\r\n"
            + "First Name,Email\r\nAnn,ann@x.test\r\nBob,bob@x.test\r\n"
            + "\r\n--\(boundary)--\r\n"
        try await app.run { client in
            let reply = try await client.send(
                .post, "/api/v1/workspaces/\(ws)/imports", token: team.owner, raw: body,
                contentType: "multipart/form-data; boundary=\(boundary)")
            #expect(reply.status == .created)
            #expect(reply.json["fileName"] as? String == "list.csv")
            #expect(reply.json["rowCount"] as? Int == 2)
        }
    }

    @Test(arguments: StoreEngines.all) func everyConfigurationRuleIsA422NamingIt(engine: String) async throws {
        let app = try await TestApp(engine)
        let team = try await app.team()
        let ws = team.workspaceId
        try await app.run { client in
            let cases: [([String: Any], String)] = [
                (["purpose": "sometimes", "mapping": []], "purpose"),
                (
                    [
                        "purpose": "addNew", "identifier": "contactId",
                        "mapping": [["column": 0, "field": "firstName"], ["column": 2, "field": "contactId"]],
                    ], "Contact ID"
                ),
                (
                    ["purpose": "addNew", "identifier": "phone", "mapping": [["column": 0, "field": "firstName"]]],
                    "Phone Number"
                ),
                (
                    ["purpose": "addNew", "identifier": "phone", "mapping": [["column": 1, "field": "phone"]]],
                    "First Name"
                ),
                (
                    ["purpose": "addAll", "identifier": "email", "mapping": [["column": 0, "field": "firstName"]]],
                    "identifier"
                ),
                (["purpose": "updateExisting", "mapping": [["column": 1, "field": "phone"]]], "identifier"),
                (["purpose": "addNew", "identifier": "phone", "mapping": []], "at least one column"),
                (
                    [
                        "purpose": "addNew", "identifier": "phone",
                        "mapping": [["column": 0, "field": "firstName"], ["column": 9, "field": "phone"]],
                    ], "Column 9"
                ),
                (
                    [
                        "purpose": "addNew", "identifier": "phone",
                        "mapping": [["column": 0, "field": "firstName"], ["column": 0, "field": "phone"]],
                    ], "more than once"
                ),
                (
                    [
                        "purpose": "addNew", "identifier": "phone",
                        "mapping": [
                            ["column": 0, "field": "firstName"], ["column": 1, "field": "phone"],
                            ["column": 2, "field": "phone"],
                        ],
                    ], "Phone Number"
                ),
                (
                    [
                        "purpose": "addNew", "identifier": "phone",
                        "mapping": [["column": 0, "field": "firstName"], ["column": 1, "field": "custom.nope"]],
                    ], "custom.nope"
                ),
                (
                    [
                        "purpose": "addNew", "identifier": "phone",
                        "mapping": [
                            ["column": 0, "field": "firstName"],
                            ["column": 1, "field": "phone", "doNotOverwrite": true],
                        ],
                    ], "Do Not Overwrite"
                ),
                (
                    [
                        "purpose": "addNew", "identifier": "phone", "tags": ["a,b"],
                        "mapping": [["column": 0, "field": "firstName"], ["column": 1, "field": "phone"]],
                    ], "a,b"
                ),
                (
                    ["purpose": "addNew", "identifier": "phone", "mapping": [["column": "0", "field": "firstName"]]],
                    "column"
                ),
                (["purpose": "addNew", "identifier": "phone", "colour": "red", "mapping": []], "colour"),
            ]
            let uploaded = try await client.upload(
                ws, "First Name,Phone Number,Contact ID\nAnn,+60101010101,1\n", token: team.owner)
            let id = try #require(uploaded.json["id"] as? Int)
            for (config, named) in cases {
                let reply = try await client.send(
                    .put, "/api/v1/workspaces/\(ws)/imports/\(id)/config", token: team.owner, json: config)
                #expect(reply.status == .unprocessableContent, "\(config)")
                #expect(reply.errorCode == "invalid_config", "\(config)")
                let message = reply.json["message"] as? String ?? ""
                #expect(message.contains(named), "“\(message)” should name \(named)")
            }
            let review = try await client.send(
                .post, "/api/v1/workspaces/\(ws)/imports/\(id)/review", token: team.owner)
            #expect(review.status == .unprocessableContent)
            let start = try await client.send(.post, "/api/v1/workspaces/\(ws)/imports/\(id)/start", token: team.owner)
            #expect(start.status == .unprocessableContent)
        }
    }

    @Test func aReviewNotStartedInTimeExpires() async throws {
        let clock = TestClock()
        let app = try await TestApp {
            $0.reviewTTL = .seconds(3600)
            $0.now = clock.now
        }
        let team = try await app.team()
        let ws = team.workspaceId
        try await app.run { client in
            let (id, _) = try await client.prepare(
                ws, "First Name,Phone Number\nAnn,+60101010101\n", token: team.owner,
                config: [
                    "purpose": "addNew", "identifier": "phone",
                    "mapping": [["column": 0, "field": "firstName"], ["column": 1, "field": "phone"]],
                ])
            let early = try await client.send(.get, "/api/v1/workspaces/\(ws)/imports/\(id)", token: team.owner).json
            #expect(early["status"] as? String == "review")
            clock.advance(by: 3601)
            let start = try await client.send(.post, "/api/v1/workspaces/\(ws)/imports/\(id)/start", token: team.owner)
            #expect(start.status == .gone)
            #expect(start.errorCode == "session_expired")
            let record = try await client.send(.get, "/api/v1/workspaces/\(ws)/imports/\(id)", token: team.owner).json
            #expect(record["status"] as? String == "canceled")
            #expect((record["message"] as? String)?.contains("Session expired") == true)
        }
        #expect(try await app.store.listContacts(workspaceId: ws, query: .init()).contacts.isEmpty)
    }

    @Test func resultsFilesExpireAfterTheirRetention() async throws {
        let clock = TestClock()
        // A short retention keeps the sweep frequent (a quarter of it); the clock, not the wall, runs it out.
        let app = try await TestApp {
            $0.resultsRetention = .milliseconds(400)
            $0.now = clock.now
        }
        let team = try await app.team()
        let ws = team.workspaceId
        try await app.run { client in
            let (id, _) = try await client.prepare(
                ws, "First Name,Phone Number\nAnn,+60101010101\n", token: team.owner,
                config: [
                    "purpose": "addNew", "identifier": "phone",
                    "mapping": [["column": 0, "field": "firstName"], ["column": 1, "field": "phone"]],
                ])
            _ = try await client.send(.post, "/api/v1/workspaces/\(ws)/imports/\(id)/start", token: team.owner)
            let finished = try await client.waitUntilFinished(ws, id, token: team.owner)
            #expect(finished["status"] as? String == "completed")
            let kept = try await client.send(
                .get, "/api/v1/workspaces/\(ws)/imports/\(id)/results-file", token: team.owner)
            #expect(kept.status == .ok)
            clock.advance(by: 1)
            var status = ""
            for _ in 0..<100 where status != "expired" {
                try await Task.sleep(for: .milliseconds(50))
                status =
                    try await client.send(.get, "/api/v1/workspaces/\(ws)/imports/\(id)", token: team.owner).json[
                        "status"] as? String ?? ""
            }
            #expect(status == "expired")
            let file = try await client.send(
                .get, "/api/v1/workspaces/\(ws)/imports/\(id)/results-file", token: team.owner)
            #expect(file.status == .gone)
        }
        #expect(try await app.store.importFile(importId: 1, kind: .results) == nil)
    }

    @Test func onlyOneOfManySimultaneousStartsWins() async throws {
        let app = try await TestApp { $0.jobPollInterval = .seconds(30) }
        let team = try await app.team()
        let ws = team.workspaceId
        try await app.run { client in
            let config: [String: Any] = [
                "purpose": "addNew", "identifier": "phone",
                "mapping": [["column": 0, "field": "firstName"], ["column": 1, "field": "phone"]],
            ]
            var ids: [Int] = []
            for index in 0..<5 {
                ids.append(
                    try await client.prepare(
                        ws, "First Name,Phone Number\nAnn,+6010101010\(index)\n", token: team.owner, config: config
                    ).id)
            }
            let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for id in ids + ids {
                    group.addTask {
                        try await client.send(.post, "/api/v1/workspaces/\(ws)/imports/\(id)/start", token: team.owner)
                            .status
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == .accepted }.count == 1)
            #expect(statuses.filter { $0 == .conflict }.count == 9)
            let upload = try await client.upload(ws, "First Name\nAnn\n", token: team.owner)
            #expect(upload.status == .conflict)
            #expect(upload.errorCode == "import_in_progress")
        }
    }

    @Test(arguments: StoreEngines.all) func agentsCannotImportAndStrangersSeeNothing(engine: String) async throws {
        let app = try await TestApp(engine)
        let team = try await app.team()
        let other = try await app.team("Other")
        try await app.run { client in
            let agent = try await client.upload(team.workspaceId, "First Name\nAnn\n", token: team.agent)
            #expect(agent.status == .forbidden)
            let uploaded = try await client.upload(team.workspaceId, "First Name\nAnn\n", token: team.owner)
            let id = try #require(uploaded.json["id"] as? Int)
            for path in ["", "/error-file", "/results-file"] {
                let stranger = try await client.send(
                    .get, "/api/v1/workspaces/\(team.workspaceId)/imports/\(id)\(path)", token: other.owner)
                #expect(stranger.status == .notFound)
                let wrongWorkspace = try await client.send(
                    .get, "/api/v1/workspaces/\(other.workspaceId)/imports/\(id)\(path)", token: other.owner)
                #expect(wrongWorkspace.status == .notFound)
            }
            #expect(
                try await client.send(.get, "/api/v1/workspaces/\(team.workspaceId)/imports", token: team.agent).status
                    == .forbidden)
        }
    }

    @Test(arguments: StoreEngines.all) func aDraftCanBeCanceledAndThenNotStarted(engine: String) async throws {
        let app = try await TestApp(engine)
        let team = try await app.team()
        let ws = team.workspaceId
        try await app.run { client in
            let (id, _) = try await client.prepare(
                ws, "First Name,Phone Number\nAnn,+60101010101\n", token: team.owner,
                config: [
                    "purpose": "addNew", "identifier": "phone",
                    "mapping": [["column": 0, "field": "firstName"], ["column": 1, "field": "phone"]],
                ])
            let canceled = try await client.send(.delete, "/api/v1/workspaces/\(ws)/imports/\(id)", token: team.owner)
            #expect(canceled.json["status"] as? String == "canceled")
            let start = try await client.send(.post, "/api/v1/workspaces/\(ws)/imports/\(id)/start", token: team.owner)
            #expect(start.status == .conflict)
        }
    }
}

import ContactImportApp
import ContactStore
import Foundation
import HTTPTypes
import ImportRules
import StoreTestSupport
import Testing

/// The HTTP side of a full disk: requests that write answer 507 `insufficient_storage` in the error shape while reads
/// go on; an import whose job meets it fails saying so, and `POST …/start` starts it again, with the refusals of a
/// start.
@Suite struct DiskFullAPITests {
    static var config: [String: Any] {
        ["purpose": "addAll", "mapping": [["column": 0, "field": "firstName"], ["column": 1, "field": "phone"]]]
    }

    static func csv(rows: Int) -> String {
        "First Name,Phone Number\n" + (1...rows).map { "Person \($0),+6012000\(1000 + $0)\n" }.joined()
    }

    @Test(arguments: StoreEngines.all)
    func writesMeetingAFullDiskAnswer507AndAFailedImportStartsAgainOnceThereIsRoom(engine: String) async throws {
        let app = try await TestApp(engine) { $0.jobBatchSize = 10 }
        let team = try await app.team()
        let ws = team.workspaceId
        let disk = try await SimulatedFullDisk.install(on: app.store)
        try await app.run { client in
            let (id, review) = try await client.prepare(ws, Self.csv(rows: 25), token: team.owner, config: Self.config)
            #expect(review.status == .ok)
            try await disk.fill()

            let added = try await client.send(
                .post, "/api/v1/workspaces/\(ws)/contacts", token: team.owner, json: ["firstName": "Ann"])
            #expect(added.status.code == 507)
            #expect(added.errorCode == "insufficient_storage")
            #expect(
                (added.json["message"] as? String)?.hasPrefix("The server's disk is full, so nothing was saved.")
                    == true)
            let upload = try await client.upload(ws, Self.csv(rows: 2), token: team.owner)
            #expect(upload.status.code == 507)
            #expect(try await client.send(.get, "/health").status == .ok)
            #expect(try await client.send(.get, "/api/v1/workspaces/\(ws)/contacts", token: team.owner).status == .ok)

            // The job meets the full disk at its first batch.
            let start = try await client.send(.post, "/api/v1/workspaces/\(ws)/imports/\(id)/start", token: team.owner)
            #expect(start.status == .accepted)
            let failed = try await client.waitUntilFinished(ws, id, token: team.owner)
            #expect(failed["status"] as? String == "failed")
            #expect(failed["message"] as? String == JobFailure.storageFull(done: 0, total: 25))
            #expect(failed["startAgainUntil"] is String)
            let notifications = try await client.send(.get, "/api/v1/notifications", token: team.owner).json
            let said = (notifications["notifications"] as? [[String: Any]] ?? []).first
            #expect(said?["kind"] as? String == "import.failed")
            #expect((said?["message"] as? String)?.contains("The disk holding the database is full") == true)

            try await disk.free()
            let again = try await client.send(.post, "/api/v1/workspaces/\(ws)/imports/\(id)/start", token: team.owner)
            #expect(again.status == .accepted)
            let completed = try await client.waitUntilFinished(ws, id, token: team.owner)
            #expect(completed["status"] as? String == "completed")
            #expect((completed["summary"] as? [String: Any])?["imported"] as? Int == 25)
            #expect(completed["message"] is NSNull)
            #expect(completed["startAgainUntil"] == nil)
            let results = try await client.send(
                .get, "/api/v1/workspaces/\(ws)/imports/\(id)/results-file", token: team.owner)
            #expect(parseCSV(results.text).count == 26)
        }
    }

    @Test(arguments: StoreEngines.all)
    func startingAFailedImportAgainIsRefusedAsAStartIs(engine: String) async throws {
        // No job runs here (the runner looks once, at its start): started imports stay processing.
        let app = try await TestApp(engine) { $0.jobPollInterval = .seconds(30) }
        let team = try await app.team()
        let other = try await app.team("Other")
        let ws = team.workspaceId
        try await app.run { client in
            func start(_ id: Int, token: String = team.owner) async throws -> TestApp.Client.Reply {
                try await client.send(.post, "/api/v1/workspaces/\(ws)/imports/\(id)/start", token: token)
            }
            let first = try await client.prepare(ws, Self.csv(rows: 3), token: team.owner, config: Self.config).id
            #expect(try await start(first).status == .accepted)
            _ = try await app.store.failImport(
                importId: Int64(first), message: "The disk holding the database is full.",
                keepUntil: Date().addingTimeInterval(60), now: Date())
            let second = try await client.prepare(ws, Self.csv(rows: 3), token: team.owner, config: Self.config).id
            #expect(try await start(second).status == .accepted)

            let busy = try await start(first)
            #expect(busy.status == .conflict)
            #expect(busy.errorCode == "import_in_progress")
            #expect(try await start(first, token: team.agent).status == .forbidden)
            let stranger = try await client.send(
                .post, "/api/v1/workspaces/\(ws)/imports/\(first)/start", token: other.owner)
            #expect(stranger.status == .notFound)

            // The second fails too, kept no longer: it cannot start again; the first can, now that the slot is free.
            _ = try await app.store.failImport(
                importId: Int64(second), message: "stopped", keepUntil: Date().addingTimeInterval(-1), now: Date())
            let gone = try await start(second)
            #expect(gone.status == .gone)
            #expect(gone.errorCode == "file_gone")
            #expect((gone.json["message"] as? String)?.contains("can no longer be started again") == true)

            let resumed = try await start(first)
            #expect(resumed.status == .accepted)
            #expect(resumed.json["status"] as? String == "processing")
            let record = try await client.send(.get, "/api/v1/workspaces/\(ws)/imports/\(first)", token: team.owner)
            #expect(record.json["status"] as? String == "processing")
            #expect(record.json["message"] is NSNull)
            #expect(try await start(first).errorCode == "import_in_progress")
        }
    }
}

import ContactStore
import Foundation
import HTTPTypes
import StoreTestSupport
import Testing

/// SPEC §9: after an import completes, the next upload of a file with the same headers is mapped as that import was,
/// with `matchedBy: "remembered"`: a second import of the same file needs no mapping.
@Suite struct RememberedMappingAPITests {
    @Test(arguments: StoreEngines.all)
    func aSecondImportOfTheSameFileNeedsNoMapping(engine: String) async throws {
        let app = try await TestApp(engine)
        let team = try await app.team()
        let ws = team.workspaceId
        let csv = "Nama,Handphone,Catatan\nAisyah,+60123456789,VIP\nBen,+60123456780,\n"
        try await app.run { client in
            let (id, review) = try await client.prepare(
                ws, csv, token: team.owner,
                config: [
                    "purpose": "addAndUpdate", "identifier": "phone",
                    "mapping": [
                        ["column": 0, "field": "firstName"],
                        ["column": 1, "field": "phone", "doNotOverwrite": true],
                    ],
                ])
            #expect(review.status == .ok)
            // Until it completes, nothing is remembered.
            let early = try await client.upload(ws, csv, token: team.owner)
            #expect((early.json["columns"] as? [[String: Any]])?[1]["matchedBy"] == nil)
            _ = try await client.send(
                .delete, "/api/v1/workspaces/\(ws)/imports/\(early.json["id"] as? Int ?? 0)", token: team.owner)
            _ = try await client.send(.post, "/api/v1/workspaces/\(ws)/imports/\(id)/start", token: team.owner)
            #expect(try await client.waitUntilFinished(ws, id, token: team.owner)["status"] as? String == "completed")

            let again = try await client.upload(
                ws, "  nama ,HANDPHONE,Catatan\nCik,+60123456781,x\n", token: team.owner)
            let columns = try #require(again.json["columns"] as? [[String: Any]])
            #expect(columns.map { $0["matchedBy"] as? String } == ["remembered", "remembered", "remembered"])
            #expect(columns.map { $0["field"] as? String } == ["firstName", "phone", nil])
            let mapping = try #require((again.json["config"] as? [String: Any])?["mapping"] as? [[String: Any]])
            #expect(mapping.map { $0["field"] as? String } == ["firstName", "phone"])
            #expect(mapping.map { $0["doNotOverwrite"] as? Bool } == [false, true])
        }
    }
}

import Foundation
import HTTPTypes
import StoreTestSupport
import Testing

/// A JSON body that is not valid UTF-8 is refused for its bytes, naming where they go wrong.
@Suite struct InvalidUTF8BodyTests {
    @Test(arguments: StoreEngines.all) func aBodyWithAnInvalidByteIsA400NamingTheByte(engine: String) async throws {
        let app = try await TestApp(engine)
        let team = try await app.team()
        let ws = team.workspaceId
        try await app.run { client in
            let uploaded = try await client.upload(ws, "First Name\nAnn\n", token: team.owner)
            let id = try #require(uploaded.json["id"] as? Int)
            let bodies: [(HTTPRequest.Method, String, [UInt8], Int)] = [
                (.post, "contacts", Array(#"{"firstName": "A"#.utf8) + [0xFF] + Array(#""}"#.utf8), 16),
                (.post, "contacts", Array(#"{"firstName": "Zo"#.utf8) + [0xC3] + Array(#""}"#.utf8), 17),
                (.post, "contacts", Array(#"{"firstName": "A"#.utf8) + [0xED, 0xA0, 0x80] + Array(#""}"#.utf8), 16),
                (.put, "imports/\(id)/config", [0x7B, 0x22, 0xFF, 0xFE, 0x22, 0x7D], 2),
            ]
            for (method, path, bytes, offset) in bodies {
                let reply = try await client.send(
                    method, "/api/v1/workspaces/\(ws)/\(path)", token: team.owner, bytes: bytes)
                #expect(reply.status == .badRequest, "\(path): \(reply.text)")
                #expect(reply.errorCode == "invalid_json")
                #expect(reply.json["message"] as? String == "The body is not valid UTF-8 (byte \(offset)).")
            }
            // Valid non-ASCII text is still read.
            let created = try await client.send(
                .post, "/api/v1/workspaces/\(ws)/contacts", token: team.owner,
                bytes: Array(#"{"firstName": "Zoë 李"}"#.utf8))
            #expect(created.status == .created)
            #expect(created.json["firstName"] as? String == "Zoë 李")
        }
    }
}

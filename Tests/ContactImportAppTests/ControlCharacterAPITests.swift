import Foundation
import HTTPTypes
import StoreTestSupport
import Testing

/// One control-character rule for the JSON API and CSV files: every text value of a contact refuses control
/// characters (names and tags line breaks too); the API answers 422 naming the field, an import makes the row an Error.
@Suite struct ControlCharacterAPITests {
    /// The fields a reply's details name.
    static func fields(_ reply: TestApp.Client.Reply) -> [String] {
        (reply.json["details"] as? [[String: Any]])?.compactMap { $0["field"] as? String } ?? []
    }

    @Test(arguments: StoreEngines.all) func aContactBodyWithAControlCharacterIsRefusedNamingTheField(engine: String)
        async throws
    {
        let app = try await TestApp(engine)
        let team = try await app.team()
        let base = "/api/v1/workspaces/\(team.workspaceId)"
        try await app.run { client in
            let field = try await client.send(
                .post, "\(base)/contact-fields", token: team.owner,
                json: ["name": "Note", "fieldId": "note", "type": "text"])
            #expect(field.status == .created)
            let cases: [(String, Any, String, String)] = [
                ("firstName", "A\u{0}", "firstName", "First Name must not contain control characters (found U+0000)."),
                ("lastName", "L\u{7F}", "lastName", "Last Name must not contain control characters (found U+007F)."),
                ("firstName", "Ann\nLim", "firstName", "First Name must be one line: line breaks are not allowed."),
                (
                    "tags", ["ok", "v\u{1}ip"], "tags",
                    "Tag “v\u{1}ip” must not contain control characters (found U+0001)."
                ),
                ("tags", ["new\nline"], "tags", "Tag “new\nline” must be one line: line breaks are not allowed."),
                (
                    "custom", ["note": "bell\u{7}"], "custom.note",
                    "Note must not contain control characters (found U+0007)."
                ),
                ("email", "a\u{0}@example.com", "email", "Email must not contain control characters (found U+0000)."),
            ]
            for (key, value, field, message) in cases {
                var body: [String: Any] = ["firstName": "Ann"]
                body[key] = value
                let reply = try await client.send(.post, "\(base)/contacts", token: team.owner, json: body)
                #expect(reply.status == .unprocessableContent, "\(key): \(reply.text)")
                #expect(reply.errorCode == "invalid_value")
                #expect(Self.fields(reply) == [field], "\(key)")
                #expect(reply.json["message"] as? String == message, "\(key)")
            }

            // Tab stays allowed; multi-line text keeps its line breaks.
            let created = try await client.send(
                .post, "\(base)/contacts", token: team.owner,
                json: ["firstName": "Ann\tLee", "tags": ["a\tb"], "custom": ["note": "line 1\r\nline 2"]])
            #expect(created.status == .created, "\(created.text)")
            let id = try #require(created.json["id"] as? Int)
            #expect(created.json["firstName"] as? String == "Ann\tLee")
            #expect((created.json["custom"] as? [String: Any])?["note"] as? String == "line 1\r\nline 2")

            // PATCH follows the same rule, and leaves the contact as it was.
            let patched = try await client.send(
                .patch, "\(base)/contacts/\(id)", token: team.owner, json: ["lastName": "Lee\u{1B}[2J"])
            #expect(patched.status == .unprocessableContent)
            #expect(Self.fields(patched) == ["lastName"])
            let read = try await client.send(.get, "\(base)/contacts/\(id)", token: team.owner)
            #expect(read.json["lastName"] is NSNull)
        }
    }

    @Test(arguments: StoreEngines.all) func aCSVRowWithAControlCharacterIsAnErrorNamingTheColumn(engine: String)
        async throws
    {
        let app = try await TestApp(engine)
        let team = try await app.team()
        let ws = team.workspaceId
        try await app.run { client in
            let csv = "First Name,Phone,Tags\nAnn,+60121111111,vip\nB\u{1}b,+60122222222,\nCy,+60123333333,\"a\nb\"\n"
            let (id, review) = try await client.prepare(
                ws, csv, token: team.owner,
                config: [
                    "purpose": "addNew", "identifier": "phone",
                    "mapping": [
                        ["column": 0, "field": "firstName"], ["column": 1, "field": "phone"],
                        ["column": 2, "field": "tags"],
                    ],
                ])
            #expect(review.status == .ok, "\(review.text)")
            #expect((review.json["summary"] as? [String: Int])?["errors"] == 2, "\(review.text)")
            let errorFile = try await client.send(
                .get, "/api/v1/workspaces/\(ws)/imports/\(id)/error-file", token: team.owner)
            let rows = parseCSV(errorFile.text)
            #expect(
                rows.dropFirst().map { $0.last ?? "" } == [
                    "First Name: must not contain control characters (found U+0001)",
                    "Tags: each tag must be one line: separate tags with commas",
                ])
        }
    }
}

import ContactStore
import Foundation
import HTTPTypes
import StoreTestSupport
import Testing

/// Malformed and tricky CSV files and requests: each is read or refused with a 4xx in the API's error shape,
/// never a 5xx; the server stays up and nothing is half-imported.
@Suite struct HostileInputTests {
    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    /// At least 40 files a careless or hostile uploader might send.
    static let hostileFiles: [(name: String, bytes: [UInt8])] = {
        var files: [(String, [UInt8])] = [
            ("empty", []),
            ("bom only", [0xEF, 0xBB, 0xBF]),
            ("header only", bytes("First Name,Phone\n")),
            ("blank lines only", bytes("\n\n\r\n\n")),
            ("nul byte", bytes("First Name\nA\u{0}B\n")),
            ("unterminated quote", bytes("First Name,Note\nAnn,\"never closed\nBob,x\n")),
            ("zip", [0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00] + Array(repeating: 0x41, count: 64)),
            ("xlsx-like", [0x50, 0x4B, 0x03, 0x04] + bytes("[Content_Types].xml")),
            ("ole xls", [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + Array(repeating: 0, count: 32)),
            ("pdf", bytes("%PDF-1.4\n%\u{E2}\u{E3}\n1 0 obj\n")),
            ("png", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13]),
            (
                "utf-16le bom",
                [0xFF, 0xFE] + Array("First Name\r\nAnn\r\n".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
            ),
            (
                "utf-16be bom",
                [0xFE, 0xFF] + Array("First Name\nZoë\n".utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] })
            ),
            ("utf-16le without bom", Array("First Name\nAnn\n".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })),
            ("windows-1252", bytes("First Name\nJos") + [0xE9] + bytes("\nFran") + [0xE7, 0x6F, 0x69, 0x73, 0x0A]),
            ("overlong utf-8", bytes("First Name\nA") + [0xC0, 0xAF] + bytes("B\n")),
            ("utf-8 surrogate", bytes("First Name\nA") + [0xED, 0xA0, 0x80] + bytes("B\n")),
            ("truncated utf-8 at end", bytes("First Name\nAnn\nZo") + [0xC3]),
            ("cr line ends", bytes("First Name,Phone\rAnn,+60121111111\rBob,+60122222222\r")),
            ("mixed line ends", bytes("First Name\r\nAnn\nBob\rCy\r\n")),
            ("more values than header", bytes("First Name\nAnn,extra,more\nBob\n")),
            ("fewer values than header", bytes("First Name,Last Name,Phone,Email\nAnn\n")),
            (
                "ten thousand columns",
                bytes(
                    (0..<10_000).map { "c\($0)" }.joined(separator: ",") + "\n"
                        + (0..<10_000).map { "v\($0)" }.joined(separator: ",") + "\n")
            ),
            ("one megabyte cell", bytes("First Name,Note\nAnn," + String(repeating: "x", count: 1 << 20) + "\n")),
            ("quote inside unquoted value", bytes("First Name,Note\nAnn,5\" screen\n")),
            ("quoted line breaks", bytes("First Name,Note\n\"Ann\",\"line 1\nline 2\r\nline 3\"\n")),
            ("doubled quotes", bytes("First Name\n\"Ann \"\"The Hammer\"\"\"\n")),
            ("text after closing quote", bytes("First Name\n\"Ann\"son\n")),
            ("only a quote", bytes("\"")),
            ("quote at end of file", bytes("First Name\nAnn\"")),
            ("many quotes", bytes("First Name\n" + String(repeating: "\"", count: 10_001) + "\n")),
            ("formula cells", bytes("First Name,Note\n=cmd|' /C calc'!A0,@SUM(A1)\n+1+1,-2+3\n")),
            ("semicolon delimiter", bytes("First Name;Phone\nAnn;+60121111111\n")),
            ("tab delimiter", bytes("First Name\tPhone\nAnn\t+60121111111\n")),
            ("empty header names", bytes(",,,\nAnn,b,c,d\n")),
            ("duplicate header names", bytes("First Name,First Name\nAnn,Bea\n")),
            ("over 200000 rows", bytes("First Name\n" + String(repeating: "a\n", count: 200_001))),
            ("a line of delimiters", bytes("First Name\n" + String(repeating: ",", count: 100_000) + "\n")),
            ("control characters", bytes("First Name\n" + String(repeating: "\u{1}\u{2}\u{3}", count: 400) + "\n")),
            ("bidi and zero-width", bytes("First Name\n\u{202E}nnA\u{200B}\nB\u{FEFF}ob\n")),
            ("emoji and combining marks", bytes("First Name\n👩‍👩‍👧‍👦 Fam\nZ\u{0351}\u{0352}\u{0353}algo\n")),
            ("bom in the middle", bytes("First Name\nAnn\n\u{FEFF}Bob\n")),
            ("unicode line separators", bytes("First Name\nAnn\u{2028}Bob\u{2029}Cy\n")),
            ("html", bytes("<!DOCTYPE html><html><body><table><tr><td>Ann</td></tr></table></body></html>")),
            ("json", bytes(#"[{"firstName": "Ann"}, {"firstName": "Bob"}]"#)),
            ("excel empty rows only", bytes("First Name,Phone\n,,\n,\n,,,,\n")),
            ("header of spaces", bytes("   ,  \n Ann , +60121111111 \n")),
            ("carriage return inside quotes", bytes("First Name\n\"A\rB\"\n")),
            ("very long header", bytes(String(repeating: "H", count: 100_000) + "\nAnn\n")),
        ]
        // Exactly 20 MB: refused while it is being received.
        files.append(("exactly 20 MB", Array(repeating: UInt8(ascii: "a"), count: 20_971_520)))
        return files
    }()

    @Test(arguments: StoreEngines.all) func everyHostileFileIsReadOrRefusedWithA4xxAndNeverHalfImported(engine: String)
        async throws
    {
        #expect(Self.hostileFiles.count >= 40)
        let app = try await TestApp(engine)
        let team = try await app.team()
        let ws = team.workspaceId
        try await app.run { client in
            var refused = 0
            for file in Self.hostileFiles {
                let before = try await Self.state(client, ws, team.owner)
                let uploaded = try await client.send(
                    .post, "/api/v1/workspaces/\(ws)/imports?fileName=hostile.csv", token: team.owner,
                    bytes: file.bytes,
                    contentType: "text/csv")
                #expect((200..<500).contains(uploaded.status.code), "\(file.name): \(uploaded.status)")
                guard uploaded.status == .created, let id = uploaded.json["id"] as? Int else {
                    refused += 1
                    #expect(
                        [413, 422].contains(uploaded.status.code),
                        "\(file.name): \(uploaded.status) \(uploaded.text.prefix(200))")
                    #expect(
                        uploaded.errorCode != nil && (uploaded.json["message"] as? String)?.isEmpty == false,
                        "\(file.name)")
                    #expect(
                        try await Self.state(client, ws, team.owner) == before, "\(file.name) left something behind")
                    continue
                }
                // A file that was read goes all the way through, and adds exactly what its results say.
                let configured = try await client.send(
                    .put, "/api/v1/workspaces/\(ws)/imports/\(id)/config", token: team.owner,
                    json: ["purpose": "addAll", "mapping": [["column": 0, "field": "firstName"]]])
                #expect(configured.status == .ok, "\(file.name): \(configured.text.prefix(300))")
                let review = try await client.send(
                    .post, "/api/v1/workspaces/\(ws)/imports/\(id)/review", token: team.owner)
                #expect(review.status == .ok, "\(file.name): \(review.text.prefix(300))")
                let started = try await client.send(
                    .post, "/api/v1/workspaces/\(ws)/imports/\(id)/start", token: team.owner)
                #expect(started.status == .accepted, "\(file.name): \(started.text.prefix(300))")
                let finished = try await client.waitUntilFinished(ws, id, token: team.owner)
                #expect(finished["status"] as? String == "completed", "\(file.name)")
                let imported = (finished["summary"] as? [String: Int])?["imported"] ?? -1
                let after = try await Self.state(client, ws, team.owner)
                #expect(after.contacts == before.contacts + imported, "\(file.name)")
                let results = try await client.send(
                    .get, "/api/v1/workspaces/\(ws)/imports/\(id)/results-file", token: team.owner)
                #expect(results.status == .ok, "\(file.name)")
                #expect(parseCSV(results.text).count - 1 == finished["rowCount"] as? Int, "\(file.name)")
            }
            #expect(refused >= 15)
            #expect(try await client.send(.get, "/health").status == .ok)
        }
    }

    struct State: Equatable {
        var contacts: Int
        var imports: Int
    }

    static func state(_ client: TestApp.Client, _ ws: Int64, _ token: String) async throws -> State {
        var contacts = 0
        var cursor = ""
        repeat {
            let page = try await client.send(.get, "/api/v1/workspaces/\(ws)/contacts?limit=500\(cursor)", token: token)
                .json
            contacts += (page["contacts"] as? [Any])?.count ?? 0
            cursor = (page["nextCursor"] as? String).map { "&cursor=\($0)" } ?? ""
        } while !cursor.isEmpty
        let imports =
            (try await client.send(.get, "/api/v1/workspaces/\(ws)/imports", token: token).json["imports"] as? [Any])?
            .count ?? -1
        return State(contacts: contacts, imports: imports)
    }

    /// A request the server must refuse: method, path (under the workspace unless it starts with /), body, content type.
    struct Bad {
        var name: String
        var method: HTTPRequest.Method
        var path: String
        var body: [UInt8]?
        var contentType = "application/json"
        var expected: Int? = nil

        init(
            _ name: String, _ method: HTTPRequest.Method, _ path: String, _ body: String? = nil,
            contentType: String = "application/json", expected: Int? = nil
        ) {
            self.name = name
            self.method = method
            self.path = path
            self.body = body.map { Array($0.utf8) }
            self.contentType = contentType
            self.expected = expected
        }

        init(
            _ name: String, _ method: HTTPRequest.Method, _ path: String, bytes: [UInt8],
            contentType: String = "application/json", expected: Int? = nil
        ) {
            self.init(name, method, path, nil, contentType: contentType, expected: expected)
            self.body = bytes
        }
    }

    static func badRequests(importId id: Int, contactId: Int) -> [Bad] {
        let config = "imports/\(id)/config"
        let good = #""mapping": [{"column": 0, "field": "firstName"}]"#
        return [
            Bad("config: not JSON", .put, config, "{", expected: 400),
            Bad("config: an array", .put, config, "[]", expected: 400),
            Bad("config: a string", .put, config, #""addNew""#, expected: 400),
            Bad("config: null", .put, config, "null", expected: 400),
            Bad("config: empty body", .put, config, "", expected: 400),
            Bad("config: purpose a number", .put, config, #"{"purpose": 5, \#(good)}"#, expected: 422),
            Bad("config: unknown purpose", .put, config, #"{"purpose": "addSome", \#(good)}"#, expected: 422),
            Bad("config: purpose missing", .put, config, "{\(good)}", expected: 422),
            Bad(
                "config: identifier a number", .put, config, #"{"purpose": "addNew", "identifier": 5, \#(good)}"#,
                expected: 422),
            Bad(
                "config: unknown identifier", .put, config, #"{"purpose": "addNew", "identifier": "fax", \#(good)}"#,
                expected: 422),
            Bad(
                "config: contactId with addNew", .put, config,
                #"{"purpose": "addNew", "identifier": "contactId", \#(good)}"#, expected: 422),
            Bad(
                "config: tags a string", .put, config, #"{"purpose": "addAll", "tags": "vip", \#(good)}"#, expected: 422
            ),
            Bad(
                "config: tags of numbers", .put, config, #"{"purpose": "addAll", "tags": [1, 2], \#(good)}"#,
                expected: 422),
            Bad(
                "config: tag with a comma", .put, config, #"{"purpose": "addAll", "tags": ["a,b"], \#(good)}"#,
                expected: 422),
            Bad(
                "config: importTag a number", .put, config, #"{"purpose": "addAll", "importTag": 5, \#(good)}"#,
                expected: 422),
            Bad(
                "config: unknown field", .put, config, #"{"purpose": "addAll", "extra": true, \#(good)}"#, expected: 422
            ),
            Bad("config: mapping missing", .put, config, #"{"purpose": "addAll"}"#, expected: 422),
            Bad("config: mapping an object", .put, config, #"{"purpose": "addAll", "mapping": {}}"#, expected: 422),
            Bad(
                "config: mapping entry a number", .put, config, #"{"purpose": "addAll", "mapping": [5]}"#, expected: 422
            ),
            Bad(
                "config: column a string", .put, config,
                #"{"purpose": "addAll", "mapping": [{"column": "0", "field": "firstName"}]}"#, expected: 422),
            Bad(
                "config: column negative", .put, config,
                #"{"purpose": "addAll", "mapping": [{"column": -1, "field": "firstName"}]}"#, expected: 422),
            Bad(
                "config: column out of range", .put, config,
                #"{"purpose": "addAll", "mapping": [{"column": 99, "field": "firstName"}]}"#, expected: 422),
            Bad(
                "config: column overflowing Int64", .put, config,
                #"{"purpose": "addAll", "mapping": [{"column": 99999999999999999999999, "field": "firstName"}]}"#,
                expected: 422),
            Bad(
                "config: column a fraction", .put, config,
                #"{"purpose": "addAll", "mapping": [{"column": 0.5, "field": "firstName"}]}"#, expected: 422),
            Bad(
                "config: column 1e308", .put, config,
                #"{"purpose": "addAll", "mapping": [{"column": 1e308, "field": "firstName"}]}"#, expected: 422),
            Bad(
                "config: unknown field key", .put, config,
                #"{"purpose": "addAll", "mapping": [{"column": 0, "field": "fax"}]}"#, expected: 422),
            Bad(
                "config: unknown custom field", .put, config,
                #"{"purpose": "addAll", "mapping": [{"column": 0, "field": "custom.nope"}]}"#, expected: 422),
            Bad(
                "config: doNotOverwrite a string", .put, config,
                #"{"purpose": "addAndUpdate", "identifier": "phone", "mapping": [{"column": 0, "field": "firstName", "doNotOverwrite": "yes"}]}"#,
                expected: 422),
            Bad(
                "config: unknown mapping key", .put, config,
                #"{"purpose": "addAll", "mapping": [{"column": 0, "field": "firstName", "x": 1}]}"#, expected: 422),
            Bad(
                "config: one field twice", .put, config,
                #"{"purpose": "addAll", "mapping": [{"column": 0, "field": "firstName"}, {"column": 1, "field": "firstName"}]}"#,
                expected: 422),
            Bad(
                "config: no First Name to add", .put, config,
                #"{"purpose": "addAll", "mapping": [{"column": 1, "field": "phone"}]}"#, expected: 422),
            Bad(
                "config: 2 MB body", .put, config,
                #"{"purpose": "addAll", "tags": [""# + String(repeating: #""aaaaaaaaaa","#, count: 200_000)
                    + #""a"], \#(good)}"#, expected: 413),
            Bad(
                "config: nested 100000 deep", .put, config,
                String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000), expected: 400),
            Bad("config: XML content", .put, config, "<config/>", contentType: "application/xml", expected: 400),
            Bad("config: invalid UTF-8", .put, config, bytes: [0x7B, 0x22, 0xFF, 0xFE, 0x22, 0x7D], expected: 400),
            Bad(
                "config: unknown import", .put, "imports/999999/config", #"{"purpose": "addAll", \#(good)}"#,
                expected: 404),
            Bad(
                "config: import id not a number", .put, "imports/abc/config", #"{"purpose": "addAll", \#(good)}"#,
                expected: 404),
            Bad("review: not configured", .post, "imports/\(id)/review", expected: 422),
            Bad("start: not reviewed", .post, "imports/\(id)/start", expected: 422),
            Bad("start: overflowing id", .post, "imports/99999999999999999999999/start", expected: 404),
            Bad("error file: not reviewed", .get, "imports/\(id)/error-file", expected: 404),
            Bad("results file: not run", .get, "imports/\(id)/results-file", expected: 404),
            Bad(
                "upload: not a .csv name", .post, "imports?fileName=contacts.exe", "First Name\nAnn\n",
                contentType: "text/csv", expected: 422),
            Bad(
                "upload: a path as name", .post, "imports?fileName=../../etc/passwd", "First Name\nAnn\n",
                contentType: "text/csv", expected: 422),
            Bad(
                "upload: multipart without file part", .post, "imports",
                "--b\r\nContent-Disposition: form-data; name=\"other\"\r\n\r\nx\r\n--b--\r\n",
                contentType: "multipart/form-data; boundary=b", expected: 422),
            Bad(
                "upload: multipart broken", .post, "imports", "this is not multipart at all",
                contentType: "multipart/form-data; boundary=b"),
            Bad("contacts: limit not a number", .get, "contacts?limit=abc", expected: 400),
            Bad("contacts: limit negative", .get, "contacts?limit=-1", expected: 400),
            Bad("contacts: limit overflowing", .get, "contacts?limit=99999999999999999999999", expected: 400),
            Bad("contacts: bad cursor", .get, "contacts?cursor=garbage", expected: 400),
            Bad("contacts: cursor overflowing", .get, "contacts?cursor=99999999999999999999999", expected: 400),
            Bad("contacts: cursor with NUL", .get, "contacts?cursor=%00", expected: 400),
            Bad("contact: id not a number", .get, "contacts/abc", expected: 404),
            Bad("contact: id overflowing", .get, "contacts/99999999999999999999", expected: 404),
            Bad("contact: id negative", .get, "contacts/-5", expected: 404),
            Bad("contact: firstName an array", .post, "contacts", #"{"firstName": ["A"]}"#, expected: 422),
            Bad("contact: unknown field", .post, "contacts", #"{"firstName": "A", "fax": "1"}"#, expected: 422),
            Bad("contact: tags a string", .post, "contacts", #"{"firstName": "A", "tags": "vip"}"#, expected: 422),
            Bad(
                "contact: unknown custom field", .post, "contacts", #"{"firstName": "A", "custom": {"nope": 1}}"#,
                expected: 422),
            Bad("contact: patch with an array", .patch, "contacts/\(contactId)", "[]", expected: 400),
            Bad(
                "contact: patch clears First Name", .patch, "contacts/\(contactId)", #"{"firstName": null}"#,
                expected: 422),
            Bad("contact: delete id 0", .delete, "contacts/0", expected: 404),
            Bad(
                "field: unknown type", .post, "contact-fields", #"{"name": "Blob", "fieldId": "blob", "type": "blob"}"#,
                expected: 422),
            Bad(
                "field: bad id", .post, "contact-fields", #"{"name": "Bad", "fieldId": "bad id!", "type": "text"}"#,
                expected: 422),
            Bad(
                "field: name a number", .post, "contact-fields", #"{"name": 5, "fieldId": "n", "type": "text"}"#,
                expected: 400),
            Bad("notifications: ids a string", .post, "/api/v1/notifications/read", #"{"ids": "x"}"#, expected: 400),
            Bad(
                "notifications: ids overflowing", .post, "/api/v1/notifications/read",
                #"{"ids": [99999999999999999999999]}"#, expected: 400),
            Bad(
                "session: form body", .post, "/api/v1/session", "email=a&password=b",
                contentType: "application/x-www-form-urlencoded", expected: 415),
            Bad("session: email a number", .post, "/api/v1/session", #"{"email": 5, "password": "x"}"#, expected: 400),
            Bad("unknown route", .get, "/api/v1/nothing-here"),
            Bad("method without a route", .put, "contacts", "{}", expected: 404),
        ]
    }

    @Test(arguments: StoreEngines.all) func everyMalformedRequestIsA4xxInTheErrorShapeAndChangesNothing(engine: String)
        async throws
    {
        let app = try await TestApp(engine)
        let team = try await app.team()
        let ws = team.workspaceId
        try await app.run { client in
            let uploaded = try await client.upload(ws, "First Name,Phone\nAnn,+60121111111\n", token: team.owner)
            let id = try #require(uploaded.json["id"] as? Int)
            let contact = try await client.send(
                .post, "/api/v1/workspaces/\(ws)/contacts", token: team.owner, json: ["firstName": "Keep"])
            let contactId = try #require(contact.json["id"] as? Int)
            let before =
                try await client.send(.get, "/api/v1/workspaces/\(ws)/imports/\(id)", token: team.owner).json
                as NSDictionary
            let requests = Self.badRequests(importId: id, contactId: contactId)
            #expect(requests.count >= 40)
            for bad in requests {
                let path = bad.path.hasPrefix("/") ? bad.path : "/api/v1/workspaces/\(ws)/\(bad.path)"
                let reply = try await client.send(
                    bad.method, path, token: team.owner, bytes: bad.body, contentType: bad.contentType)
                #expect(
                    (400..<500).contains(reply.status.code), "\(bad.name): \(reply.status) \(reply.text.prefix(300))")
                if let expected = bad.expected {
                    #expect(reply.status.code == expected, "\(bad.name): \(reply.status) \(reply.text.prefix(300))")
                }
                #expect(reply.errorCode?.isEmpty == false, "\(bad.name): \(reply.text.prefix(300))")
                #expect((reply.json["message"] as? String)?.isEmpty == false, "\(bad.name)")
            }
            #expect(try await client.send(.get, "/health").status == .ok)
            let after =
                try await client.send(.get, "/api/v1/workspaces/\(ws)/imports/\(id)", token: team.owner).json
                as NSDictionary
            #expect(after == before, "\(before)\n\(after)")
            let state = try await Self.state(client, ws, team.owner)
            #expect(state == State(contacts: 1, imports: 1))
        }
    }
}

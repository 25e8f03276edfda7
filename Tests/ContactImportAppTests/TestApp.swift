import ContactImportApp
import ContactStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Mailer
import NIOCore
import StoreTestSupport
import Synchronization

/// One application built by the real `buildApplication`, on a fresh store of the engine asked for (SQLite by
/// default; see `StoreEngines`), with request helpers.
struct TestApp {
    let store: any DataStore
    let configuration: AppConfiguration
    var mailer: (any Mailer)?

    /// `store`: another app's store, for two servers sharing one database.
    init(
        _ engine: String = "sqlite", store shared: (any DataStore)? = nil,
        _ adjust: (inout AppConfiguration) -> Void = { _ in }
    ) async throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("contact-import-app-tests-\(UUID().uuidString)").path
        // SQLite in the configuration's data directory, as `serve` opens it (tests look at the files there).
        if let shared {
            store = shared
        } else {
            store =
                engine == "sqlite"
                ? try SQLiteStore.open(dataDirectory: directory) : try await StoreEngines.make(engine)
        }
        var configuration = AppConfiguration(dataDirectory: directory)
        configuration.jobPollInterval = .milliseconds(20)
        adjust(&configuration)
        self.configuration = configuration
    }

    /// A workspace with an owner, a manager and an agent, each with a token.
    struct Team {
        var workspaceId: Int64
        var owner: String
        var manager: String
        var agent: String
    }

    func team(_ name: String = "Acme") async throws -> Team {
        let created = try await store.createWorkspace(
            name: name, ownerEmail: "owner@\(name.lowercased()).test", passwordHash: nil)
        let manager = try await store.addUser(
            workspaceId: created.workspace.id, email: "manager@\(name.lowercased()).test", role: .manager,
            passwordHash: nil)
        let agent = try await store.addUser(
            workspaceId: created.workspace.id, email: "agent@\(name.lowercased()).test", role: .agent, passwordHash: nil
        )
        return Team(workspaceId: created.workspace.id, owner: created.token, manager: manager.token, agent: agent.token)
    }

    /// Runs `body` with a client talking to the application in-process.
    func run(
        metrics: AppMetrics = AppMetrics(), logger: Logger = Logger(label: "test"),
        _ body: @escaping @Sendable (Client) async throws -> Void
    ) async throws {
        let app = try buildApplication(
            configuration: configuration, store: store, mailer: mailer, metrics: metrics, logger: logger)
        try await app.test(.router) { client in try await body(Client(client: client)) }
    }

    struct Client: Sendable {
        let client: any TestClientProtocol

        struct Reply {
            var status: HTTPResponse.Status
            var headers: HTTPFields
            var body: ByteBuffer

            var json: [String: Any] {
                (try? JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any]) ?? [:]
            }
            var text: String { String(buffer: body) }
            var errorCode: String? { json["error"] as? String }
        }

        func send(
            _ method: HTTPRequest.Method, _ path: String, token: String? = nil, json: Any? = nil, raw: String? = nil,
            bytes: [UInt8]? = nil, contentType: String = "application/json", headers extra: HTTPFields = [:]
        ) async throws -> Reply {
            var headers = extra
            if let token { headers[.authorization] = "Bearer \(token)" }
            var body: ByteBuffer?
            if let json {
                headers[.contentType] = contentType
                body = ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: json))
            } else if let raw {
                headers[.contentType] = contentType
                body = ByteBuffer(string: raw)
            } else if let bytes {
                headers[.contentType] = contentType
                body = ByteBuffer(bytes: bytes)
            }
            let response = try await client.executeRequest(uri: path, method: method, headers: headers, body: body)
            return Reply(status: response.status, headers: response.headers, body: response.body)
        }
    }
}

extension TestApp.Client {
    /// Uploads `csv` as a raw `text/csv` body.
    func upload(_ ws: Int64, _ csv: String, token: String, fileName: String = "contacts.csv") async throws -> Reply {
        try await send(
            .post, "/api/v1/workspaces/\(ws)/imports?fileName=\(fileName)", token: token, raw: csv,
            contentType: "text/csv")
    }

    /// Upload, configure and review; returns the import id and the review reply.
    func prepare(_ ws: Int64, _ csv: String, token: String, config: [String: Any]) async throws -> (
        id: Int, review: Reply
    ) {
        let uploaded = try await upload(ws, csv, token: token)
        guard uploaded.status == .created, let id = uploaded.json["id"] as? Int else {
            throw TestFailure("upload answered \(uploaded.status): \(uploaded.text)")
        }
        let configured = try await send(
            .put, "/api/v1/workspaces/\(ws)/imports/\(id)/config", token: token, json: config)
        guard configured.status == .ok else {
            throw TestFailure("config answered \(configured.status): \(configured.text)")
        }
        let review = try await send(.post, "/api/v1/workspaces/\(ws)/imports/\(id)/review", token: token)
        return (id, review)
    }

    /// Polls the import until it leaves `processing` (at most ~20 s).
    func waitUntilFinished(_ ws: Int64, _ id: Int, token: String) async throws -> [String: Any] {
        for _ in 0..<400 {
            let json = try await send(.get, "/api/v1/workspaces/\(ws)/imports/\(id)", token: token).json
            if let status = json["status"] as? String, status != "processing" { return json }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw TestFailure("import \(id) did not finish")
    }

    /// Upload, configure, review and start `csv`; waits for the job's end and returns the completed import.
    func runImport(_ ws: Int64, _ csv: String, token: String, config: [String: Any]) async throws -> [String: Any] {
        let (id, review) = try await prepare(ws, csv, token: token, config: config)
        guard review.status == .ok else { throw TestFailure("review answered \(review.status): \(review.text)") }
        _ = try await send(.post, "/api/v1/workspaces/\(ws)/imports/\(id)/start", token: token)
        let finished = try await waitUntilFinished(ws, id, token: token)
        guard finished["status"] as? String == "completed" else { throw TestFailure("import ended \(finished)") }
        return finished
    }

    /// Polls the import until it leaves `undoing` (at most ~20 s).
    func waitUntilUndone(_ ws: Int64, _ id: Int, token: String) async throws -> [String: Any] {
        for _ in 0..<400 {
            let json = try await send(.get, "/api/v1/workspaces/\(ws)/imports/\(id)", token: token).json
            if let status = json["status"] as? String, status != "undoing" { return json }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw TestFailure("the undo of import \(id) did not finish")
    }

    /// Adds a contact; returns its id.
    func addContact(_ ws: Int64, token: String, _ body: [String: Any]) async throws -> Int {
        let created = try await send(.post, "/api/v1/workspaces/\(ws)/contacts", token: token, json: body)
        guard created.status == .created, let id = created.json["id"] as? Int else {
            throw TestFailure("contact answered \(created.status): \(created.text)")
        }
        return id
    }

    /// Adds the custom list field Plan (`plan`: Free or Pro).
    func createPlanField(_ ws: Int64, token: String) async throws {
        let field = try await send(
            .post, "/api/v1/workspaces/\(ws)/contact-fields", token: token,
            json: ["name": "Plan", "fieldId": "plan", "type": "list", "options": ["Free", "Pro"]])
        guard field.status == .created else { throw TestFailure("field answered \(field.status): \(field.text)") }
    }

    /// Every contact of the workspace by id, as the API shows it, without `updatedAt` (a write that changes nothing
    /// may still move it).
    func contactsSnapshot(_ ws: Int64, token: String) async throws -> [Int: NSDictionary] {
        var contacts: [Int: NSDictionary] = [:]
        var cursor: String?
        repeat {
            let page = try await send(
                .get, "/api/v1/workspaces/\(ws)/contacts?limit=100" + (cursor.map { "&cursor=\($0)" } ?? ""),
                token: token
            ).json
            for contact in page["contacts"] as? [[String: Any]] ?? [] {
                var kept = contact
                kept["updatedAt"] = nil
                contacts[contact["id"] as? Int ?? -1] = kept as NSDictionary
            }
            cursor = page["nextCursor"] as? String
        } while cursor != nil
        return contacts
    }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Parses CSV text the simple way tests need (RFC 4180 quotes, CRLF or LF); drops a leading BOM.
func parseCSV(_ text: String) -> [[String]] {
    var rows: [[String]] = []
    var row: [String] = []
    var field = ""
    var quoted = false
    var characters = Array(text)
    if characters.first == "\u{FEFF}" { characters.removeFirst() }
    var index = 0
    while index < characters.count {
        let c = characters[index]
        if quoted {
            if c == "\"" {
                if index + 1 < characters.count, characters[index + 1] == "\"" {
                    field.append("\""); index += 1
                } else {
                    quoted = false
                }
            } else {
                field.append(c)
            }
        } else if c == "\"" {
            quoted = true
        } else if c == "," {
            row.append(field); field = ""
        } else if c == "\n" || c == "\r\n" || c == "\r" {
            row.append(field); field = ""
            rows.append(row); row = []
        } else {
            field.append(c)
        }
        index += 1
    }
    if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
    return rows
}

/// A clock the test moves by hand: set as `AppConfiguration.now`, it stands for the wall clock of reviews, results
/// files and sessions, so that expiry tests wait for nothing.
final class TestClock: Sendable {
    /// Starts at a whole second, as stored times are whole milliseconds and waits are told in whole seconds.
    private let time = Mutex(Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down)))

    var now: @Sendable () -> Date { { [self] in time.withLock { $0 } } }

    func advance(by seconds: TimeInterval) { time.withLock { $0 += seconds } }
}

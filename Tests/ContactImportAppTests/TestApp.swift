import ContactImportApp
import ContactStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore

/// One application built by the real `buildApplication`, on a fresh SQLite store, with request helpers.
struct TestApp {
    let store: SQLiteStore
    let configuration: AppConfiguration

    init() throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("contact-import-app-tests-\(UUID().uuidString)").path
        store = try SQLiteStore.open(dataDirectory: directory)
        configuration = AppConfiguration(dataDirectory: directory)
    }

    /// A workspace with an owner, a manager and an agent, each with a token.
    struct Team {
        var workspaceId: Int64
        var owner: String
        var manager: String
        var agent: String
    }

    func team(_ name: String = "Acme") async throws -> Team {
        let created = try await store.createWorkspace(name: name, ownerEmail: "owner@\(name.lowercased()).test", passwordHash: nil)
        let manager = try await store.addUser(
            workspaceId: created.workspace.id, email: "manager@\(name.lowercased()).test", role: .manager, passwordHash: nil)
        let agent = try await store.addUser(
            workspaceId: created.workspace.id, email: "agent@\(name.lowercased()).test", role: .agent, passwordHash: nil)
        return Team(workspaceId: created.workspace.id, owner: created.token, manager: manager.token, agent: agent.token)
    }

    /// Runs `body` with a client talking to the application in-process.
    func run(_ body: @escaping @Sendable (Client) async throws -> Void) async throws {
        let app = try buildApplication(configuration: configuration, store: store, logger: Logger(label: "test"))
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
            _ method: HTTPRequest.Method, _ path: String, token: String? = nil, json: Any? = nil, raw: String? = nil
        ) async throws -> Reply {
            var headers = HTTPFields()
            if let token { headers[.authorization] = "Bearer \(token)" }
            var body: ByteBuffer?
            if let json {
                headers[.contentType] = "application/json"
                body = ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: json))
            } else if let raw {
                headers[.contentType] = "application/json"
                body = ByteBuffer(string: raw)
            }
            let response = try await client.executeRequest(uri: path, method: method, headers: headers, body: body)
            return Reply(status: response.status, headers: response.headers, body: response.body)
        }
    }
}

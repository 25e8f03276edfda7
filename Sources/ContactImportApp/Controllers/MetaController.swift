import ContactStore
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// What is served without signing in: the OpenAPI document, liveness and readiness. Metrics have their own port
/// (`buildMetricsRouter`).
struct MetaController {
    let store: any DataStore

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("openapi.json") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: OpenAPIDocument.json)))
        }
        // Liveness: the process answers HTTP.
        router.get("health") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(string: #"{"status":"ok"}"#)))
        }
        // Readiness: the database answers a trivial query; 503 when it does not.
        router.get("ready") { _, context in
            do {
                try await store.checkReachable()
            } catch {
                context.logger.error("Readiness check failed", metadata: ["error": "\(String(reflecting: error))"])
                throw APIError(.serviceUnavailable, "not_ready", "The database cannot be reached right now.")
            }
            return Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(string: #"{"status":"ready"}"#)))
        }
    }
}

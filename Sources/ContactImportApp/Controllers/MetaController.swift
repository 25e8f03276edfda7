import ContactStore
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// What is served without signing in: the OpenAPI document, liveness, readiness and metrics.
struct MetaController {
    let store: any DataStore
    let metrics: AppMetrics

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
        // Prometheus scrapes: counts and latencies only, nothing of any workspace's data.
        router.get("metrics") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: metrics.exposition())))
        }
    }
}

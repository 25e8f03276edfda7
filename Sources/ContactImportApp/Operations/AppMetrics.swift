import Foundation
import HTTPTypes
import Hummingbird
import Metrics
import Prometheus

/// The server's Prometheus metrics, served at `GET /metrics`.
///
/// Every metric is made through swift-metrics with this value's own factory, so tests each get their own
/// registry and never touch the process-wide `MetricsSystem`; `serve` bootstraps the metrics system once with
/// the same factory, so libraries that report through swift-metrics land in the same registry.
public struct AppMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry
    public let factory: PrometheusMetricsFactory
    let importsStarted: Metrics.Counter
    let importsCompleted: Metrics.Counter
    let importsFailed: Metrics.Counter
    let rowsProcessedCounter: Metrics.Counter

    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        var factory = PrometheusMetricsFactory(registry: registry)
        // Finer buckets at the low end: the contact list's goal is a p99 under 100 ms.
        factory.defaultDurationHistogramBuckets = [
            .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25),
            .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1),
            .milliseconds(2500), .seconds(5), .seconds(10),
        ]
        self.registry = registry
        self.factory = factory
        importsStarted = Metrics.Counter(label: "contact_import_imports_started_total", factory: factory)
        importsCompleted = Metrics.Counter(label: "contact_import_imports_completed_total", factory: factory)
        importsFailed = Metrics.Counter(label: "contact_import_imports_failed_total", factory: factory)
        rowsProcessedCounter = Metrics.Counter(label: "contact_import_rows_processed_total", factory: factory)
    }

    func importStarted() { importsStarted.increment() }
    func importFinished(completed: Bool) { (completed ? importsCompleted : importsFailed).increment() }
    func rowsProcessed(_ count: Int) { rowsProcessedCounter.increment(by: Int64(count)) }

    /// One HTTP request's duration, by route template (not the raw path: ids would explode the label set).
    func requestFinished(method: HTTPRequest.Method, route: String, status: Int, duration: Duration) {
        Metrics.Timer(
            label: "http_request_duration_seconds",
            dimensions: [("method", method.rawValue), ("route", route), ("status", String(status))],
            factory: factory
        ).recordNanoseconds(
            Int64(duration.components.seconds) * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000)
    }

    /// The text exposition format of every metric.
    func exposition() -> String { registry.emitToString() }
}

/// Records every request's latency in `http_request_duration_seconds`, errors included (outermost middleware).
struct MetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: AppMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        let started = ContinuousClock.now
        do {
            let response = try await next(request, context)
            metrics.requestFinished(
                method: request.method, route: context.endpointPath ?? "unmatched", status: response.status.code,
                duration: ContinuousClock.now - started)
            return response
        } catch {
            let status = (error as? any HTTPResponseError)?.status.code ?? 500
            metrics.requestFinished(
                method: request.method, route: context.endpointPath ?? "unmatched", status: status,
                duration: ContinuousClock.now - started)
            throw error
        }
    }
}

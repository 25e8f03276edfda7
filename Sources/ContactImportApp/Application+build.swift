import ContactStore
import HTTPTypes
import Hummingbird
import Logging
import Mailer
import NIOCore
import ServiceLifecycle

/// The composition root: builds the store's dependants, the router and the services.
/// `serve` and the tests call this very function.
/// `metrics` defaults to a registry of its own, so that every test application counts for itself.
public func buildApplication(
    configuration: AppConfiguration, store: any DataStore, mailer: (any Mailer)? = nil,
    metrics: AppMetrics = AppMetrics(), logger: Logger
) throws -> some ApplicationProtocol {
    let pipeline = makePipeline(
        configuration: configuration, store: store, mailer: mailer, metrics: metrics, logger: logger)
    let router = buildRouter(
        configuration: configuration, store: store, pipeline: pipeline, mailer: mailer, metrics: metrics)
    var phoneCleanUp = PhoneCleanUp(store: store, configuration: configuration)
    phoneCleanUp.logger = logger
    var services: [any Service] = [
        ImportRunner(
            pipeline: pipeline, phoneCleanUp: phoneCleanUp, pollInterval: configuration.jobPollInterval,
            lease: configuration.jobLease, metrics: metrics, logger: logger),
        RetentionSweeper(store: store, interval: configuration.sweepInterval, now: configuration.now, logger: logger),
    ]
    if let metricsPort = configuration.metricsPort {
        services.append(
            Application(
                router: buildMetricsRouter(metrics: metrics),
                configuration: .init(address: .hostname(configuration.metricsHost, port: metricsPort), serverName: nil),
                logger: logger))
    }
    return Application(
        router: router,
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: nil),
        services: services,
        logger: logger)
}

/// `/metrics` alone, for the metrics port (`--metrics-port`, loopback by default): Prometheus scrapes counts and
/// latencies there, nothing of any workspace's data, and the public port does not serve them.
func buildMetricsRouter(metrics: AppMetrics) -> Router<AppRequestContext> {
    let router = Router(context: AppRequestContext.self)
    router.add(middleware: ErrorMiddleware())
    router.get("metrics") { _, _ in
        Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: metrics.exposition())))
    }
    return router
}

/// The import pipeline with its notifier, as the server and the command line use it.
func makePipeline(
    configuration: AppConfiguration, store: any DataStore, mailer: (any Mailer)?, metrics: AppMetrics? = nil,
    logger: Logger
) -> ImportPipeline {
    var pipeline = ImportPipeline(store: store, configuration: configuration)
    pipeline.logger = logger
    pipeline.notifier = ImportNotifier(
        store: store, mailer: mailer, publicURL: configuration.resolvedPublicURL,
        resultsRetention: configuration.resultsRetention, metrics: metrics, logger: logger)
    return pipeline
}

/// The router alone, for tests that need no listening socket.
func buildRouter(
    configuration: AppConfiguration, store: any DataStore, pipeline: ImportPipeline, mailer: (any Mailer)? = nil,
    metrics: AppMetrics
) -> Router<AppRequestContext> {
    let router = Router(context: AppRequestContext.self)
    router.add(middleware: MetricsMiddleware(metrics: metrics))
    router.add(
        middleware: ErrorMiddleware(
            databaseUnavailable: { store.isUnavailable($0) }, storageFull: { store.isStorageFull($0) }))
    router.add(middleware: SecurityHeadersMiddleware())

    MetaController(store: store).addRoutes(to: router)
    let webUI = WebUIController.bundled()
    webUI.addRoutes(to: router)
    let sessions = SessionController(
        store: store, throttle: SignInThrottle(store: store),
        clientAddress: ClientAddress(headerName: configuration.clientAddressHeader),
        lifetime: configuration.sessionLifetime, secureCookies: configuration.secureCookies, now: configuration.now)
    sessions.addRoutes(to: router)
    SetupController(
        store: store, webUI: webUI, sessions: sessions, setupCode: configuration.setupCode,
        passwordResetByEmail: mailer != nil, now: configuration.now
    )
    .addRoutes(to: router)
    let links = PasswordResetLinks(
        publicURL: configuration.resolvedPublicURL, lifetime: configuration.passwordResetLifetime)
    PasswordResetController(store: store, webUI: webUI, mailer: mailer, links: links, now: configuration.now)
        .addRoutes(to: router)

    // A bearer token (API clients) or the web UI's session cookie with its CSRF token.
    let api = router.group("api/v1").add(middleware: APIAuthMiddleware(store: store, now: configuration.now))
    let access = WorkspaceAccess(store: store)
    ContactFieldsController(store: store, access: access).addRoutes(to: api)
    ContactsController(store: store, access: access).addRoutes(to: api)
    ContactMergeController(store: store, access: access).addRoutes(to: api)
    NotificationsController(store: store).addRoutes(to: api)
    ImportsController(store: store, access: access, pipeline: pipeline, metrics: metrics).addRoutes(to: api)
    ImportRowsController(access: access, pipeline: pipeline).addRoutes(to: api)
    ImportUndoController(access: access, pipeline: pipeline).addRoutes(to: api)
    WorkspaceSettingsController(store: store, access: access).addRoutes(to: api)
    PhoneNormalizationController(
        store: store, access: access, cleanUp: PhoneCleanUp(store: store, configuration: configuration)
    ).addRoutes(to: api)
    MembersController(store: store, access: access, links: links, now: configuration.now).addRoutes(to: api)
    AccountController(store: store, now: configuration.now).addRoutes(to: api)
    return router
}

/// Headers every response carries.
struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        var response = try await next(request, context)
        response.headers[.xContentTypeOptions] = "nosniff"
        // The setup and password links carry secrets: no page tells another site where it came from.
        response.headers[.referrerPolicy] = "no-referrer"
        response.headers[.contentSecurityPolicy] = "default-src 'self'; frame-ancestors 'none'; base-uri 'none'"
        response.headers[.cacheControl] = response.headers[.cacheControl] ?? "no-store"
        return response
    }
}

/// Builds the application and runs it until SIGTERM or SIGINT, then shuts down gracefully.
public func runServer(
    configuration: AppConfiguration, store: any DataStore, mailer: (any Mailer)?, metrics: AppMetrics, logger: Logger
) async throws {
    let app = try buildApplication(
        configuration: configuration, store: store, mailer: mailer, metrics: metrics, logger: logger)
    try await app.runService()
}

extension HTTPField.Name {
    static let referrerPolicy = HTTPField.Name("Referrer-Policy")!
}

import ContactStore
import HTTPTypes
import Hummingbird
import Logging
import ServiceLifecycle

/// The composition root: builds the store's dependants, the router and the services.
/// `serve` and the tests call this very function.
public func buildApplication(
    configuration: AppConfiguration, store: any DataStore, logger: Logger
) throws -> some ApplicationProtocol {
    let router = buildRouter(configuration: configuration, store: store)
    return Application(
        router: router,
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: nil),
        services: [],
        logger: logger)
}

/// The router alone, for tests that need no listening socket.
public func buildRouter(configuration: AppConfiguration, store: any DataStore) -> Router<AppRequestContext> {
    let router = Router(context: AppRequestContext.self)
    router.add(middleware: ErrorMiddleware())
    router.add(middleware: SecurityHeadersMiddleware())

    MetaController().addRoutes(to: router)

    let api = router.group("api/v1").add(middleware: BearerAuthMiddleware(store: store))
    let access = WorkspaceAccess(store: store)
    ContactFieldsController(store: store, access: access).addRoutes(to: api)
    ContactsController(store: store, access: access).addRoutes(to: api)
    NotificationsController(store: store).addRoutes(to: api)
    return router
}

/// Headers every response carries.
struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        var response = try await next(request, context)
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.contentSecurityPolicy] = "default-src 'self'; frame-ancestors 'none'; base-uri 'none'"
        response.headers[.cacheControl] = response.headers[.cacheControl] ?? "no-store"
        return response
    }
}

/// Builds the application and runs it until SIGTERM or SIGINT, then shuts down gracefully.
public func runServer(configuration: AppConfiguration, store: any DataStore, logger: Logger) async throws {
    let app = try buildApplication(configuration: configuration, store: store, logger: logger)
    try await app.runService()
}

import ContactStore
import Foundation
import HTTPTypes
import Hummingbird

/// The web UI's session cookie: HttpOnly, SameSite=Strict, Path=/, and Secure behind HTTPS.
enum SessionCookie {
    static let name = "ci_session"

    static func value(in request: Request) -> String? {
        request.cookies[name]?.value
    }

    static func set(_ id: String, lifetime: Duration, secure: Bool) -> String {
        "\(name)=\(id); Path=/; Max-Age=\(lifetime.components.seconds); HttpOnly; SameSite=Strict\(secure ? "; Secure" : "")"
    }

    static func clear(secure: Bool) -> String {
        "\(name)=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict\(secure ? "; Secure" : "")"
    }
}

extension HTTPField.Name {
    /// The header the page's script echoes the session's CSRF token in.
    static let csrfToken = HTTPField.Name("X-CSRF-Token")!
}

extension APIError {
    static let sessionEnded = APIError(.unauthorized, "unauthorized", "Your session has ended. Please sign in again.")
    static let csrfRefused = APIError(
        .forbidden, "csrf_refused",
        "This request was refused because it did not come from the app's own page. Reload the page and try again.")
}

/// Authenticates `/api/v1`: an `Authorization: Bearer` token (API clients, unchanged) or, without one, the web
/// session cookie. A cookie-authenticated request that changes anything must echo the session's CSRF token in
/// `X-CSRF-Token`, or it is refused with 403.
struct APIAuthMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let store: any AccountStore
    /// The clock sessions expire by (`AppConfiguration.now`).
    let now: @Sendable () -> Date

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        if request.headers[.authorization] != nil {
            return try await BearerAuthMiddleware(store: store).handle(request, context: context, next: next)
        }
        guard let id = SessionCookie.value(in: request) else { throw APIError.unauthorized }
        guard let session = try await store.webSession(id: id, now: now()) else { throw APIError.sessionEnded }
        try Self.checkCSRF(request, session: session)
        var context = context
        context.user = session.user
        return try await next(request, context)
    }

    /// GET, HEAD and OPTIONS change nothing; every other method needs the session's token.
    static func checkCSRF(_ request: Request, session: WebSession) throws {
        switch request.method {
        case .get, .head, .options: return
        default:
            guard let sent = request.headers[.csrfToken],
                APITokenCompare.equal(Array(sent.utf8), Array(session.csrfToken.utf8))
            else { throw APIError.csrfRefused }
        }
    }
}

/// Constant-time comparison of two byte strings.
enum APITokenCompare {
    static func equal(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for (x, y) in zip(a, b) { difference |= x ^ y }
        return difference == 0
    }
}

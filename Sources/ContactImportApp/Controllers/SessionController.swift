import ContactStore
import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// Web UI sign-in: `POST /api/v1/session` (email + password) sets the session cookie, `GET` describes the
/// session (user, workspaces and roles, CSRF token), `DELETE` signs out. These routes sit outside the
/// authenticated `/api/v1` group: they read the cookie themselves. Failed sign-ins are counted and throttled
/// (`SignInThrottle`), and every refusal is logged with the email and the client's address.
struct SessionController {
    let store: any AccountStore
    let throttle: SignInThrottle
    let clientAddress: ClientAddress
    let lifetime: Duration
    let secureCookies: Bool
    /// The clock sessions start and expire by, and throttling counts by (`AppConfiguration.now`).
    let now: @Sendable () -> Date

    func addRoutes(to router: Router<AppRequestContext>) {
        router.post("api/v1/session", use: signIn)
        router.get("api/v1/session", use: current)
        router.delete("api/v1/session", use: signOut)
    }

    struct SignIn: Decodable {
        var email: String
        var password: String
    }

    struct SessionJSON: Encodable {
        struct UserJSON: Encodable {
            var id: Int64
            var email: String
        }
        struct WorkspaceJSON: Encodable {
            var id: Int64
            var name: String
            var role: String
        }
        var user: UserJSON
        var workspaces: [WorkspaceJSON]
        var csrfToken: String
        var expiresAt: Date
    }

    static let invalidCredentials = APIError(
        .unauthorized, "invalid_credentials", "That email and password do not match. Check them and try again.")

    @Sendable func signIn(_ request: Request, context: AppRequestContext) async throws -> Response {
        // A JSON body cannot be sent cross-site by a plain form, which keeps other sites from signing a
        // browser in to an account of theirs (login CSRF); SameSite=Strict does the rest.
        try Self.requireJSON(request)
        let body = try await JSONBody.decode(SignIn.self, from: request, context: context)
        let email = body.email.trimmingCharacters(in: .whitespacesAndNewlines)
        let address = clientAddress.of(request, context: context)
        let logged: Logger.Metadata = ["email": "\(LogText.safe(email))", "client": "\(address)"]
        let time = now()
        if let refusal = try await throttle.refusal(email: email, address: address, now: time) {
            context.logger.notice(
                "Web sign-in refused: too many failed attempts",
                metadata: logged.merging(["retryAfter": "\(refusal.retryAfter.components.seconds)"]) { $1 })
            return try Self.throttled(refusal, request: request, context: context)
        }
        guard !email.isEmpty, !body.password.isEmpty, body.password.utf8.count <= 200 else {
            context.logger.notice("Web sign-in refused: empty email or password", metadata: logged)
            throw Self.invalidCredentials
        }
        let credential = try await store.passwordCredential(email: email)
        guard try await Passwords.verify(body.password, hash: credential?.passwordHash), let user = credential?.user
        else {
            try await throttle.recordFailure(email: email, address: address, now: time)
            context.logger.notice("Web sign-in refused: wrong email or password", metadata: logged)
            throw Self.invalidCredentials
        }
        try await throttle.recordSuccess(email: email, now: time)
        return try await startSession(for: user, status: .ok)
    }

    /// A new session for `user`: the session's description with the cookie set.
    func startSession(for user: User, status: HTTPResponse.Status) async throws -> Response {
        let created = try await store.createWebSession(userId: user.id, lifetime: lifetime, now: now())
        var response = try JSONBody.response(try await describe(created.session), status: status)
        response.headers[.setCookie] = SessionCookie.set(created.id, lifetime: lifetime, secure: secureCookies)
        return response
    }

    /// Unauthenticated JSON posts must say they are JSON (see `signIn`).
    static func requireJSON(_ request: Request) throws {
        guard request.headers[.contentType]?.lowercased().hasPrefix("application/json") == true else {
            throw APIError(.unsupportedMediaType, "unsupported_media_type", "Send the body as JSON.")
        }
    }

    /// 429 with `Retry-After` in seconds and a sentence saying how long to wait.
    static func throttled(_ refusal: SignInThrottle.Refusal, request: Request, context: AppRequestContext) throws
        -> Response
    {
        let seconds = refusal.retryAfter.components.seconds
        let minutes = max(1, Int((Double(seconds) / 60).rounded(.up)))
        let wait = minutes == 1 ? "a minute" : "\(minutes) minutes"
        let whose =
            switch refusal.reason {
            case .email: "for this email address"
            case .address: "from your network address"
            }
        var response = try APIError.tooManyAttempts(
            "Too many failed sign-ins \(whose). Wait \(wait), then try again (or reset the password)."
        ).response(from: request, context: context)
        response.headers[.retryAfter] = String(seconds)
        return response
    }

    @Sendable func current(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let id = SessionCookie.value(in: request) else { throw APIError.unauthorized }
        guard let session = try await store.webSession(id: id, now: now()) else { throw APIError.sessionEnded }
        return try JSONBody.response(try await describe(session))
    }

    @Sendable func signOut(_ request: Request, context: AppRequestContext) async throws -> Response {
        if let id = SessionCookie.value(in: request), let session = try await store.webSession(id: id, now: now()) {
            try APIAuthMiddleware.checkCSRF(request, session: session)
            try await store.deleteWebSession(id: id)
        }
        var response = Response(status: .noContent)
        response.headers[.setCookie] = SessionCookie.clear(secure: secureCookies)
        return response
    }

    func describe(_ session: WebSession) async throws -> SessionJSON {
        let memberships = try await store.memberships(userId: session.user.id)
        return SessionJSON(
            user: .init(id: session.user.id, email: session.user.email),
            workspaces: memberships.map { .init(id: $0.workspace.id, name: $0.workspace.name, role: $0.role.rawValue) },
            csrfToken: session.csrfToken, expiresAt: session.expiresAt)
    }
}

import ContactStore
import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// Web UI sign-in: `POST /api/v1/session` (email + password) sets the session cookie, `GET` describes the
/// session (user, workspaces and roles, CSRF token), `DELETE` signs out. These routes sit outside the
/// authenticated `/api/v1` group: they read the cookie themselves.
struct SessionController {
    let store: any AccountStore
    let lifetime: Duration
    let secureCookies: Bool
    /// The clock sessions start and expire by (`AppConfiguration.now`).
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
        guard request.headers[.contentType]?.lowercased().hasPrefix("application/json") == true else {
            throw APIError(.unsupportedMediaType, "unsupported_media_type", "Send the email and password as JSON.")
        }
        let body = try await JSONBody.decode(SignIn.self, from: request, context: context)
        let email = body.email.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !email.isEmpty, !body.password.isEmpty, body.password.utf8.count <= 200 else {
            throw Self.invalidCredentials
        }
        let credential = try await store.passwordCredential(email: email)
        guard try await Passwords.verify(body.password, hash: credential?.passwordHash), let user = credential?.user
        else {
            context.logger.info("Web sign-in refused")
            throw Self.invalidCredentials
        }
        let created = try await store.createWebSession(userId: user.id, lifetime: lifetime, now: now())
        var response = try JSONBody.response(try await describe(created.session))
        response.headers[.setCookie] = SessionCookie.set(created.id, lifetime: lifetime, secure: secureCookies)
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

    private func describe(_ session: WebSession) async throws -> SessionJSON {
        let memberships = try await store.memberships(userId: session.user.id)
        return SessionJSON(
            user: .init(id: session.user.id, email: session.user.email),
            workspaces: memberships.map { .init(id: $0.workspace.id, name: $0.workspace.name, role: $0.role.rawValue) },
            csrfToken: session.csrfToken, expiresAt: session.expiresAt)
    }
}

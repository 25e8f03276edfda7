import ContactStore
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Mailer

/// Password-reset links (SPEC §13): one-time, valid for 24 hours, issued by an owner (`MembersController`) or, with
/// mail configured, emailed by "Forgot password". `GET /reset-password?code=…` serves the page (410 once used or
/// expired, 404 when unknown); the page posts `POST /api/v1/password-reset`. A used or expired link changes nothing.
struct PasswordResetController {
    let store: any DataStore
    let webUI: WebUIController
    let mailer: (any Mailer)?
    let links: PasswordResetLinks
    let now: @Sendable () -> Date

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("reset-password", use: page)
        router.post("api/v1/password-reset", use: reset)
        router.post("api/v1/password-reset-requests", use: requestByEmail)
    }

    static let gone = AccountError(
        .linkGone, "This password link was used already or has expired. Ask a workspace owner for a new one.")
    static let unknown = APIError(
        .notFound, "not_found", "This password link is not valid. Check that it was copied whole.")

    @Sendable func page(_ request: Request, context: AppRequestContext) async throws -> Response {
        switch try await store.passwordReset(code: request.uri.queryParameters.get("code") ?? "", now: now()) {
        case .valid: return try webUI.indexPage()
        case .gone:
            return WebUIController.notice(.gone, title: "This password link no longer works", text: Self.gone.message)
        case .unknown:
            return WebUIController.notice(
                .notFound, title: "This password link is not valid", text: Self.unknown.message)
        }
    }

    @Sendable func reset(_ request: Request, context: AppRequestContext) async throws -> Response {
        try SessionController.requireJSON(request)
        let body = try await JSONObjectBody.read(request, context: context, allowed: ["code", "newPassword"])
        let code = try body.requiredString("code")
        let password = try body.requiredString("newPassword")
        // A dead link says so before the password is judged.
        switch try await store.passwordReset(code: code, now: now()) {
        case .valid: break
        case .gone: throw Self.gone
        case .unknown: throw Self.unknown
        }
        if let problem = Passwords.problem(with: password, what: "The new password") {
            throw APIError.invalidRequest(problem)
        }
        let hash = try await Passwords.hash(password)
        switch try await store.usePasswordReset(code: code, passwordHash: hash, now: now()) {
        case .valid(let user, _):
            context.logger.notice("Password reset by link", metadata: ["userId": "\(user.id)"])
            return Response(status: .noContent)
        case .gone: throw Self.gone
        case .unknown: throw Self.unknown
        }
    }

    struct Requested: Encodable { var message: String }

    /// "Forgot password": emails a link when the address belongs to someone, and answers the same either way (the
    /// email is sent after the answer, so the time taken says nothing either). After 3 emails to one address, requests
    /// for it send nothing for a minute, then two, four… at most 15 minutes (`SignInThrottle`'s doubling), and are
    /// answered the same.
    @Sendable func requestByEmail(_ request: Request, context: AppRequestContext) async throws -> Response {
        try SessionController.requireJSON(request)
        guard let mailer else {
            throw APIError(
                .notFound, "not_found",
                "Password reset by email is not set up on this server. Ask a workspace owner for a reset link.")
        }
        let body = try await JSONObjectBody.read(request, context: context, allowed: ["email"])
        guard let email = EmailAddresses.normalized(try body.requiredString("email")) else {
            throw APIError.invalidRequest(EmailAddresses.problem("email"))
        }
        let answer = try JSONBody.response(
            Requested(
                message:
                    "If an account uses \(email), a link to choose a new password is on its way. It works once, for 24 hours."
            ), status: .accepted)
        let time = now()
        let key = "reset:" + email.lowercased()
        let previous = try await store.signInThrottles(keys: [key])[key]
        guard previous.flatMap({ SignInThrottle.waitLeft($0, now: time) }) == nil else { return answer }
        try await store.updateSignInThrottle(key: key, now: time) {
            SignInThrottle.fail(&$0, limit: .init(failures: 3, window: .seconds(15 * 60)), now: time)
        }
        guard let user = try await store.passwordCredential(email: email)?.user else { return answer }
        let reset = try await store.createPasswordReset(
            userId: user.id, createdBy: nil, lifetime: links.lifetime, now: time)
        let message = EmailMessage(
            to: [user.email], subject: "Choose a new password for Contact Import",
            textBody: """
                Someone (we hope you) asked to reset the password of \(user.email) on Contact Import.

                Choose a new password here (the link works once, until \(reset.expiresAt.formatted(.iso8601))):
                \(links.link(for: reset.code))

                If it was not you, ignore this email: your password stays as it is.

                """)
        let logger = context.logger
        Task {
            do {
                try await mailer.send(message)
            } catch {
                logger.error("Could not email a password link", metadata: ["error": "\(error)"])
            }
        }
        return answer
    }
}

/// How password-reset links look and how long they work.
struct PasswordResetLinks: Sendable {
    /// The server's public address (`http://127.0.0.1:8080`).
    let publicURL: String
    let lifetime: Duration

    func link(for code: String) -> String { "\(publicURL)/reset-password?code=\(code)" }
}

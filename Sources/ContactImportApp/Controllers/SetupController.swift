import ContactStore
import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// The first run (SPEC §13): while the database has no user, `GET /setup?code=…` serves the page, whose form posts
/// `POST /api/v1/setup` to create the first workspace and its owner and sign them in. Once a user exists, or with a
/// wrong code, both answer 404. `GET /api/v1/sign-in-options` tells the sign-in page whether setup is still needed
/// and whether "Forgot password" can email a link.
struct SetupController {
    let store: any DataStore
    let webUI: WebUIController
    let sessions: SessionController
    /// The code `serve` printed in the setup link; nil serves no setup page.
    let setupCode: String?
    let passwordResetByEmail: Bool
    let now: @Sendable () -> Date

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("setup", use: page)
        router.post("api/v1/setup", use: setUp)
        router.get("api/v1/sign-in-options", use: options)
    }

    struct Options: Encodable {
        var setupRequired: Bool
        var passwordResetByEmail: Bool
    }

    @Sendable func options(_ request: Request, context: AppRequestContext) async throws -> Response {
        try JSONBody.response(
            Options(setupRequired: try await !store.hasUsers(), passwordResetByEmail: passwordResetByEmail))
    }

    @Sendable func page(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard try await isOpen(code: request.uri.queryParameters.get("code")) else {
            return WebUIController.notice(
                .notFound, title: "This setup link is no longer valid",
                text: "The server is set up already (or the link is not the one it printed). Sign in instead.")
        }
        return try webUI.indexPage()
    }

    /// Whether `code` opens the setup page now: the server's own code, and no user yet.
    private func isOpen(code: String?) async throws -> Bool {
        guard let setupCode, let code, APITokenCompare.equal(Array(code.utf8), Array(setupCode.utf8)) else {
            return false
        }
        return try await !store.hasUsers()
    }

    static let gone = APIError(
        .notFound, "not_found", "This setup link is no longer valid: the server is already set up. Sign in instead.")

    @Sendable func setUp(_ request: Request, context: AppRequestContext) async throws -> Response {
        try SessionController.requireJSON(request)
        let body = try await JSONObjectBody.read(
            request, context: context, allowed: ["code", "workspaceName", "timeZone", "email", "password"])
        guard try await isOpen(code: try body.string("code") ?? nil) else { throw Self.gone }
        let name = try body.requiredString("workspaceName").trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...200).contains(name.count), !name.unicodeScalars.contains(where: Self.isControl) else {
            throw APIError.invalidRequest("“workspaceName” must be 1 to 200 characters, without control characters.")
        }
        let timeZone = (try body.string("timeZone") ?? nil) ?? "UTC"
        guard TimeZoneNames.isValid(timeZone) else { throw APIError.invalidRequest(TimeZoneNames.problem(timeZone)) }
        guard let email = EmailAddresses.normalized(try body.requiredString("email")) else {
            throw APIError.invalidRequest(EmailAddresses.problem("email"))
        }
        let password = try body.requiredString("password")
        if let problem = Passwords.problem(with: password, what: "The password") {
            throw APIError.invalidRequest(problem)
        }
        let hash = try await Passwords.hash(password)
        guard
            let created = try await store.createFirstWorkspace(
                name: name, timeZone: timeZone, ownerEmail: email, passwordHash: hash, now: now())
        else { throw Self.gone }
        context.logger.notice(
            "First-run setup created workspace \(created.workspace.id) and its owner",
            metadata: ["email": "\(LogText.safe(email))"])
        return try await sessions.startSession(for: created.owner, status: .created)
    }

    static func isControl(_ scalar: Unicode.Scalar) -> Bool { scalar.properties.generalCategory == .control }
}

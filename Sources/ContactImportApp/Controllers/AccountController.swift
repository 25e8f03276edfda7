import ContactStore
import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// What each user manages for themselves (SPEC §13): their password (the current one is needed; their other
/// sessions end) and their personal API tokens (created with a name and shown once, listed, revoked; a revoked token
/// is refused at once, on every server, since each request looks its token up).
struct AccountController {
    let store: any DataStore
    let now: @Sendable () -> Date

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("me/password", use: changePassword)
        group.get("me/tokens", use: tokens)
        group.post("me/tokens", use: createToken)
        group.delete("me/tokens/:tokenId", use: revokeToken)
    }

    @Sendable func changePassword(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireUser()
        let body = try await JSONObjectBody.read(
            request, context: context, allowed: ["currentPassword", "newPassword"])
        let current = (try body.string("currentPassword") ?? nil) ?? ""
        let new = try body.requiredString("newPassword")
        guard let credential = try await store.passwordCredential(userId: user.id) else { throw APIError.unauthorized }
        // Someone without a password yet (API token only) sets one without a current one.
        if credential.passwordHash != nil || !current.isEmpty {
            guard current.utf8.count <= 200, try await Passwords.verify(current, hash: credential.passwordHash) else {
                context.logger.notice(
                    "Password change refused: wrong current password", metadata: ["userId": "\(user.id)"])
                throw APIError(.unprocessableContent, "wrong_password", "The current password is not right.")
            }
        }
        if let problem = Passwords.problem(with: new, what: "The new password") {
            throw APIError.invalidRequest(problem)
        }
        try await store.setPassword(
            userId: user.id, passwordHash: try await Passwords.hash(new),
            keepingSession: request.headers[.authorization] == nil ? SessionCookie.value(in: request) : nil)
        context.logger.notice("Password changed", metadata: ["userId": "\(user.id)"])
        return Response(status: .noContent)
    }

    struct TokenJSON: Encodable {
        var id: Int64
        /// Written as null for tokens made on the command line.
        var name: String?
        var createdAt: Date

        init(_ info: APITokenInfo) {
            id = info.id
            name = info.name
            createdAt = info.createdAt
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(id, forKey: .id)
            try container.encode(name, forKey: .name)
            try container.encode(createdAt, forKey: .createdAt)
        }

        enum CodingKeys: String, CodingKey { case id, name, createdAt }
    }

    struct TokenList: Encodable { var tokens: [TokenJSON] }

    struct CreatedToken: Encodable {
        var id: Int64
        var name: String?
        var token: String
        var createdAt: Date
    }

    @Sendable func tokens(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireUser()
        return try JSONBody.response(TokenList(tokens: try await store.apiTokens(userId: user.id).map(TokenJSON.init)))
    }

    /// A user keeps at most this many tokens.
    static let maximumTokens = 50

    @Sendable func createToken(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireUser()
        let body = try await JSONObjectBody.read(request, context: context, allowed: ["name"])
        let name = try body.requiredString("name").trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...100).contains(name.count), !name.unicodeScalars.contains(where: SetupController.isControl) else {
            throw APIError.invalidRequest("“name” must be 1 to 100 characters, without control characters.")
        }
        guard try await store.apiTokens(userId: user.id).count < Self.maximumTokens else {
            throw APIError(
                .conflict, "too_many_tokens",
                "You have \(Self.maximumTokens) API tokens, the most one person can have: revoke one you no longer use first."
            )
        }
        let created = try await store.createAPIToken(userId: user.id, name: name, now: now())
        context.logger.notice("API token created", metadata: ["userId": "\(user.id)", "tokenId": "\(created.info.id)"])
        return try JSONBody.response(
            CreatedToken(
                id: created.info.id, name: created.info.name, token: created.token, createdAt: created.info.createdAt),
            status: .created)
    }

    @Sendable func revokeToken(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireUser()
        let tokenId = try context.id("tokenId", naming: "API token")
        guard try await store.revokeAPIToken(userId: user.id, tokenId: tokenId) else {
            throw APIError.notFound("API token")
        }
        context.logger.notice("API token revoked", metadata: ["userId": "\(user.id)", "tokenId": "\(tokenId)"])
        return Response(status: .noContent)
    }
}

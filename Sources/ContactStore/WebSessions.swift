import Crypto
import Foundation

/// A signed-in browser session as the store hands it back.
public struct WebSession: Sendable, Equatable {
    public var user: User
    /// Sent by the page's script in `X-CSRF-Token` on every state-changing request.
    public var csrfToken: String
    public var expiresAt: Date
}

/// A session just created: the raw id goes into the cookie once and is never stored.
public struct NewWebSession: Sendable {
    public var id: String
    public var session: WebSession
}

/// What signing in needs to know about an email address.
public struct PasswordCredential: Sendable {
    public var user: User
    /// The bcrypt hash, or nil when the user has no password (API token only).
    public var passwordHash: String?
}

/// One of a user's workspaces, with the user's role in it.
public struct WorkspaceMembership: Sendable, Equatable {
    public var workspace: Workspace
    public var role: Role
}

/// Session ids: 256 random bits, base64url; only their SHA-256 is stored (like API tokens).
enum WebSessionIds {
    static func newId() -> String { APITokens.newSecret() }

    static func hash(_ id: String) -> Data { Data(SHA256.hash(data: Data(id.utf8))) }

    /// A malformed cookie value never reaches the database.
    static func isWellFormed(_ id: String) -> Bool {
        (20...128).contains(id.utf8.count)
            && id.utf8.allSatisfy {
                $0 == 0x2D || $0 == 0x5F || (0x30...0x39).contains($0) || (0x41...0x5A).contains($0)
                    || (0x61...0x7A).contains($0)
            }
    }
}

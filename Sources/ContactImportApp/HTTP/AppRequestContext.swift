import ContactStore
import HTTPTypes
import Hummingbird

/// The per-request context: Hummingbird's core storage plus the signed-in user, set by `BearerAuthMiddleware`.
public struct AppRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var user: User?

    public init(source: Source) {
        self.coreContext = .init(source: source)
        self.user = nil
    }

    /// JSON bodies are small; CSV uploads stream past this limit with their own 20 MB check.
    public var maxUploadSize: Int { 1 << 20 }

    /// The signed-in user; only routes behind `BearerAuthMiddleware` call this.
    func requireUser() throws -> User {
        guard let user else { throw APIError.unauthorized }
        return user
    }
}

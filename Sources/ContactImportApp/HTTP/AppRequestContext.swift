import ContactStore
import HTTPTypes
import Hummingbird
import NIOCore

/// The per-request context: Hummingbird's core storage, the connection's peer address, and the signed-in user, set
/// by `APIAuthMiddleware`.
public struct AppRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public var user: User?
    /// The connected peer (nil in tests that run without a socket).
    public let remoteAddress: SocketAddress?

    public init(source: Source) {
        self.coreContext = .init(source: source)
        self.user = nil
        self.remoteAddress = source.channel.remoteAddress
    }

    /// JSON bodies are small; CSV uploads stream past this limit with their own 20 MB check.
    public var maxUploadSize: Int { 1 << 20 }

    /// The signed-in user; only routes behind `BearerAuthMiddleware` call this.
    func requireUser() throws -> User {
        guard let user else { throw APIError.unauthorized }
        return user
    }
}

import ContactStore
import HTTPTypes
import Hummingbird

extension APIError {
    /// An account refusal as HTTP.
    init(_ error: AccountError) {
        switch error.code {
        case .lastOwner: self.init(.conflict, "last_owner", error.message)
        case .alreadyMember: self.init(.conflict, "already_member", error.message)
        case .linkGone: self.init(.gone, "link_gone", error.message)
        }
    }

    static let ownersOnly = APIError(.forbidden, "forbidden", "Only workspace owners can do this.")

    /// A body field broke its rule (422), naming it.
    static func invalidRequest(_ message: String) -> APIError {
        APIError(.unprocessableContent, "invalid_request", message)
    }

    /// Sign-in is throttled (SPEC §13).
    static func tooManyAttempts(_ message: String) -> APIError {
        APIError(.tooManyRequests, "too_many_attempts", message)
    }
}

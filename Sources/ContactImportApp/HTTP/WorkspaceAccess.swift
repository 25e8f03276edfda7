import ContactStore
import HTTPTypes
import Hummingbird

/// Who may touch a workspace: members see it; owners and managers manage it; owners alone manage its settings and
/// members. Everyone else gets 404,
/// so a stranger cannot even learn that a workspace exists.
struct WorkspaceAccess: Sendable {
    let store: any AccountStore

    enum Need { case member, manager, owner }

    /// The workspace id from the path, after checking the caller's membership (404) and role (403).
    func authorize(_ context: AppRequestContext, _ need: Need) async throws -> (
        workspaceId: Int64, user: User, role: Role
    ) {
        let user = try context.requireUser()
        guard let raw = context.parameters.get("ws"), let workspaceId = Int64(raw), workspaceId > 0,
            let role = try await store.role(userId: user.id, workspaceId: workspaceId)
        else { throw APIError.workspaceNotFound }
        if need == .manager, !role.canManage { throw APIError.forbidden }
        if need == .owner, role != .owner { throw APIError.ownersOnly }
        return (workspaceId, user, role)
    }
}

extension AppRequestContext {
    /// A positive integer path parameter, or 404 naming what was looked for.
    func id(_ name: String, naming what: String) throws -> Int64 {
        guard let raw = parameters.get(name), let id = Int64(raw), id > 0 else { throw APIError.notFound(what) }
        return id
    }
}

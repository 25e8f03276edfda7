import ContactStore
import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// Settings › Members (SPEC §13): owners add members by email with a role, change roles, remove members and issue
/// password-reset links; managers see the list; agents get 403. The last owner can be neither demoted nor removed
/// (409 `last_owner`).
///
/// A user may belong to several workspaces, so an owner issues a password link only for someone every one of whose
/// workspaces they own: otherwise the owner of one workspace could take over an account that reaches another.
struct MembersController {
    let store: any DataStore
    let access: WorkspaceAccess
    let links: PasswordResetLinks
    let now: @Sendable () -> Date

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("workspaces/:ws/members", use: list)
        group.post("workspaces/:ws/members", use: add)
        group.patch("workspaces/:ws/members/:userId", use: changeRole)
        group.delete("workspaces/:ws/members/:userId", use: remove)
        group.post("workspaces/:ws/members/:userId/password-reset", use: passwordReset)
    }

    struct MemberJSON: Encodable {
        var userId: Int64
        var email: String
        var role: String

        init(_ member: Member) {
            userId = member.user.id
            email = member.user.email
            role = member.role.rawValue
        }
    }

    struct MemberList: Encodable { var members: [MemberJSON] }

    struct LinkJSON: Encodable {
        var link: String
        var expiresAt: Date
    }

    struct AddedJSON: Encodable {
        var userId: Int64
        var email: String
        var role: String
        /// A link to choose a password, for someone who has none yet (and belongs to no workspace the caller does not
        /// own); written as null otherwise.
        var passwordReset: LinkJSON?

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(userId, forKey: .userId)
            try container.encode(email, forKey: .email)
            try container.encode(role, forKey: .role)
            try container.encode(passwordReset, forKey: .passwordReset)
        }

        enum CodingKeys: String, CodingKey { case userId, email, role, passwordReset }
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (workspaceId, _, _) = try await access.authorize(context, .manager)
        let members = try await store.members(workspaceId: workspaceId)
        return try JSONBody.response(
            MemberList(members: members.map { MemberJSON(Member(user: $0.user, role: $0.role)) }))
    }

    @Sendable func add(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (workspaceId, owner, _) = try await access.authorize(context, .owner)
        let body = try await JSONObjectBody.read(request, context: context, allowed: ["email", "role"])
        guard let email = EmailAddresses.normalized(try body.requiredString("email")) else {
            throw APIError.invalidRequest(EmailAddresses.problem("email"))
        }
        let role = try Self.role(body)
        let added = try await store.addMember(workspaceId: workspaceId, email: email, role: role, now: now())
        var link: LinkJSON?
        if !added.hasPassword, try await ownsEveryWorkspace(of: added.member.user.id, caller: owner.id) {
            let reset = try await store.createPasswordReset(
                userId: added.member.user.id, createdBy: owner.id, lifetime: links.lifetime, now: now())
            link = LinkJSON(link: links.link(for: reset.code), expiresAt: reset.expiresAt)
        }
        return try JSONBody.response(
            AddedJSON(
                userId: added.member.user.id, email: added.member.user.email, role: role.rawValue, passwordReset: link),
            status: .created)
    }

    @Sendable func changeRole(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (workspaceId, _, _) = try await access.authorize(context, .owner)
        let userId = try context.id("userId", naming: "member")
        let body = try await JSONObjectBody.read(request, context: context, allowed: ["role"])
        let role = try Self.role(body)
        guard let member = try await store.changeRole(workspaceId: workspaceId, userId: userId, role: role) else {
            throw APIError.notFound("member")
        }
        return try JSONBody.response(MemberJSON(member))
    }

    @Sendable func remove(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (workspaceId, _, _) = try await access.authorize(context, .owner)
        let userId = try context.id("userId", naming: "member")
        guard try await store.removeMember(workspaceId: workspaceId, userId: userId) else {
            throw APIError.notFound("member")
        }
        return Response(status: .noContent)
    }

    @Sendable func passwordReset(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (workspaceId, owner, _) = try await access.authorize(context, .owner)
        let userId = try context.id("userId", naming: "member")
        guard try await store.role(userId: userId, workspaceId: workspaceId) != nil else {
            throw APIError.notFound("member")
        }
        guard try await ownsEveryWorkspace(of: userId, caller: owner.id) else {
            throw APIError(
                .forbidden, "forbidden",
                "This person also belongs to a workspace you do not own, so only they can reset their password (with “Forgot password” on the sign-in page) or an owner of every one of their workspaces."
            )
        }
        let reset = try await store.createPasswordReset(
            userId: userId, createdBy: owner.id, lifetime: links.lifetime, now: now())
        context.logger.notice(
            "Password link issued",
            metadata: ["userId": "\(userId)", "by": "\(owner.id)", "workspaceId": "\(workspaceId)"])
        return try JSONBody.response(
            LinkJSON(link: links.link(for: reset.code), expiresAt: reset.expiresAt), status: .created)
    }

    /// Whether `caller` owns every workspace `userId` belongs to: only then may they give that user a password link.
    private func ownsEveryWorkspace(of userId: Int64, caller: Int64) async throws -> Bool {
        let owned = Set(try await store.memberships(userId: caller).filter { $0.role == .owner }.map(\.workspace.id))
        return try await store.memberships(userId: userId).allSatisfy { owned.contains($0.workspace.id) }
    }

    static func role(_ body: JSONObjectBody) throws -> Role {
        guard let role = Role(rawValue: try body.requiredString("role")) else {
            throw APIError.invalidRequest("“role” must be owner, manager or agent.")
        }
        return role
    }
}

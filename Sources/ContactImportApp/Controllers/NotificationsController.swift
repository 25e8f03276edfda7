import ContactStore
import Foundation
import HTTPTypes
import Hummingbird

/// The notification centre: the signed-in user's notifications, newest first.
struct NotificationsController {
    let store: any NotificationStore

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("notifications", use: list)
        group.post("notifications/read", use: markRead)
    }

    struct NotificationJSON: Encodable {
        var id: Int64
        var kind: String
        var message: String
        var link: String?
        var createdAt: Date
        var read: Bool

        enum CodingKeys: CodingKey { case id, kind, message, link, createdAt, read }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(id, forKey: .id)
            try container.encode(kind, forKey: .kind)
            try container.encode(message, forKey: .message)
            try container.encode(link, forKey: .link)
            try container.encode(createdAt, forKey: .createdAt)
            try container.encode(read, forKey: .read)
        }
    }

    struct NotificationList: Encodable { var notifications: [NotificationJSON] }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireUser()
        let items = try await store.notifications(userId: user.id).map {
            NotificationJSON(
                id: $0.id, kind: $0.kind, message: $0.message, link: $0.link, createdAt: $0.createdAt, read: $0.read)
        }
        return try JSONBody.response(NotificationList(notifications: items))
    }

    struct MarkRead: Decodable { var ids: [Int64]? }

    /// Marks the listed notifications read (`{"ids": [..]}`), or all of them (`{}`).
    @Sendable func markRead(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireUser()
        let body = try await JSONBody.decode(MarkRead.self, from: request, context: context)
        try await store.markNotificationsRead(userId: user.id, ids: body.ids)
        return Response(status: .noContent)
    }
}

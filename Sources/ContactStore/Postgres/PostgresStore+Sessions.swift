import ContactModel
import Foundation
import PostgresNIO

extension PostgresStore {
    public func passwordCredential(email: String) async throws -> PasswordCredential? {
        try await rows("SELECT id, email, password_hash FROM app_user WHERE email_key = \(email.lowercased())").first
            .map {
                let (id, email, hash) = try $0.decode((Int64, String, String?).self)
                return PasswordCredential(user: User(id: id, email: email), passwordHash: hash)
            }
    }

    public func createWebSession(userId: Int64, lifetime: Duration, now: Date) async throws -> NewWebSession {
        let id = WebSessionIds.newId()
        let csrfToken = APITokens.newSecret()
        let expiresAt = now.addingTimeInterval(Double(lifetime.components.seconds))
        return try await transaction { connection in
            // Sign-ins are rare: a good moment to forget sessions that ended.
            try await connection.query(
                "DELETE FROM web_session WHERE expires_at <= \(now.storedMillis)", logger: logger)
            guard
                let row = try await connection.rows("SELECT email FROM app_user WHERE id = \(userId)", logger: logger)
                    .first
            else { throw StoreError(.notFound, "User \(userId) does not exist.") }
            let email = try row.decode(String.self)
            try await connection.query(
                """
                INSERT INTO web_session (id_hash, user_id, csrf_token, created_at, expires_at)
                VALUES (\(WebSessionIds.hash(id)), \(userId), \(csrfToken), \(now.storedMillis), \(expiresAt.storedMillis))
                """, logger: logger)
            return NewWebSession(
                id: id,
                session: WebSession(user: User(id: userId, email: email), csrfToken: csrfToken, expiresAt: expiresAt))
        }
    }

    public func webSession(id: String, now: Date) async throws -> WebSession? {
        guard WebSessionIds.isWellFormed(id) else { return nil }
        return try await rows(
            """
            SELECT app_user.id, app_user.email, web_session.csrf_token, web_session.expires_at FROM web_session
            JOIN app_user ON app_user.id = web_session.user_id
            WHERE web_session.id_hash = \(WebSessionIds.hash(id)) AND web_session.expires_at > \(now.storedMillis)
            """
        ).first.map {
            let (userId, email, csrf, expires) = try $0.decode((Int64, String, String, Int64).self)
            return WebSession(
                user: User(id: userId, email: email), csrfToken: csrf, expiresAt: Date(storedMillis: expires))
        }
    }

    public func deleteWebSession(id: String) async throws {
        guard WebSessionIds.isWellFormed(id) else { return }
        _ = try await rows("DELETE FROM web_session WHERE id_hash = \(WebSessionIds.hash(id))")
    }

    public func memberships(userId: Int64) async throws -> [WorkspaceMembership] {
        try await rows(
            """
            SELECT workspace.id, workspace.name, workspace.time_zone, workspace.created_at, membership.role
            FROM membership JOIN workspace ON workspace.id = membership.workspace_id
            WHERE membership.user_id = \(userId) ORDER BY workspace.name COLLATE "C", workspace.id
            """
        ).map {
            let (id, name, timeZone, createdAt, role) = try $0.decode((Int64, String, String, Int64, String).self)
            return WorkspaceMembership(
                workspace: Workspace(id: id, name: name, timeZone: timeZone, createdAt: Date(storedMillis: createdAt)),
                role: Role(rawValue: role) ?? .agent)
        }
    }

    public func markNotificationsRead(userId: Int64, ids: [Int64]?) async throws {
        if let ids {
            guard !ids.isEmpty else { return }
            _ = try await rows("UPDATE notification SET read = true WHERE user_id = \(userId) AND id = ANY(\(ids))")
        } else {
            _ = try await rows("UPDATE notification SET read = true WHERE user_id = \(userId) AND NOT read")
        }
    }
}

import ContactModel
import Foundation
import GRDB

extension SQLiteStore {
    public func passwordCredential(email: String) async throws -> PasswordCredential? {
        try await pool.read { db in
            try Row.fetchOne(
                db, sql: "SELECT id, email, passwordHash FROM user WHERE emailKey = ?", arguments: [email.lowercased()]
            ).map { PasswordCredential(user: User(id: $0["id"], email: $0["email"]), passwordHash: $0["passwordHash"]) }
        }
    }

    public func createWebSession(userId: Int64, lifetime: Duration, now: Date) async throws -> NewWebSession {
        let id = WebSessionIds.newId()
        let csrfToken = APITokens.newSecret()
        let expiresAt = now.addingTimeInterval(Double(lifetime.components.seconds))
        return try await pool.write { db in
            // Sign-ins are rare: a good moment to forget sessions that ended.
            try db.execute(sql: "DELETE FROM webSession WHERE expiresAt <= ?", arguments: [now.storedMillis])
            guard let email = try String.fetchOne(db, sql: "SELECT email FROM user WHERE id = ?", arguments: [userId])
            else { throw StoreError(.notFound, "User \(userId) does not exist.") }
            try db.execute(
                sql: "INSERT INTO webSession (idHash, userId, csrfToken, createdAt, expiresAt) VALUES (?, ?, ?, ?, ?)",
                arguments: [WebSessionIds.hash(id), userId, csrfToken, now.storedMillis, expiresAt.storedMillis])
            return NewWebSession(
                id: id,
                session: WebSession(user: User(id: userId, email: email), csrfToken: csrfToken, expiresAt: expiresAt))
        }
    }

    public func webSession(id: String, now: Date) async throws -> WebSession? {
        guard WebSessionIds.isWellFormed(id) else { return nil }
        return try await pool.read { db in
            try Row.fetchOne(
                db,
                sql: """
                    SELECT user.id, user.email, webSession.csrfToken, webSession.expiresAt FROM webSession
                    JOIN user ON user.id = webSession.userId WHERE webSession.idHash = ? AND webSession.expiresAt > ?
                    """,
                arguments: [WebSessionIds.hash(id), now.storedMillis]
            ).map {
                WebSession(
                    user: User(id: $0["id"], email: $0["email"]), csrfToken: $0["csrfToken"],
                    expiresAt: Date(storedMillis: $0["expiresAt"]))
            }
        }
    }

    public func deleteWebSession(id: String) async throws {
        guard WebSessionIds.isWellFormed(id) else { return }
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM webSession WHERE idHash = ?", arguments: [WebSessionIds.hash(id)])
        }
    }

    public func memberships(userId: Int64) async throws -> [WorkspaceMembership] {
        try await pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT workspace.*, membership.role FROM membership JOIN workspace ON workspace.id = membership.workspaceId
                    WHERE membership.userId = ? ORDER BY workspace.name, workspace.id
                    """,
                arguments: [userId]
            ).map {
                WorkspaceMembership(
                    workspace: Workspace(
                        id: $0["id"], name: $0["name"], timeZone: $0["timeZone"],
                        createdAt: Date(storedMillis: $0["createdAt"])),
                    role: Role(rawValue: $0["role"]) ?? .agent)
            }
        }
    }

    public func markNotificationsRead(userId: Int64, ids: [Int64]?) async throws {
        try await pool.write { db in
            if let ids {
                guard !ids.isEmpty else { return }
                let marks = databaseQuestionMarks(count: ids.count)
                try db.execute(
                    sql: "UPDATE notification SET read = 1 WHERE userId = ? AND id IN (\(marks))",
                    arguments: StatementArguments([userId] + ids))
            } else {
                try db.execute(
                    sql: "UPDATE notification SET read = 1 WHERE userId = ? AND read = 0", arguments: [userId])
            }
        }
    }
}

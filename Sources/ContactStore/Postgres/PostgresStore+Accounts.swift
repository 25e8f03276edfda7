import ContactModel
import Foundation
import PostgresNIO

extension PostgresStore {
    public func createWorkspace(name: String, ownerEmail: String, passwordHash: String?) async throws
        -> CreatedWorkspace
    {
        try await transaction { connection in
            let now = Date()
            let rows = try await connection.rows(
                "INSERT INTO workspace (name, created_at) VALUES (\(name), \(now.storedMillis)) RETURNING id",
                logger: logger)
            let id = try rows[0].decode(Int64.self)
            let workspace = Workspace(id: id, name: name, timeZone: "UTC", createdAt: now)
            let issued = try await addMember(
                connection, workspaceId: id, email: ownerEmail, role: .owner, passwordHash: passwordHash)
            return CreatedWorkspace(workspace: workspace, owner: issued.user, token: issued.token)
        }
    }

    public func addUser(workspaceId: Int64, email: String, role: Role, passwordHash: String?) async throws
        -> IssuedToken
    {
        try await transaction { connection in
            guard
                try await !connection.rows("SELECT 1 FROM workspace WHERE id = \(workspaceId)", logger: logger).isEmpty
            else { throw StoreError(.notFound, "Workspace \(workspaceId) does not exist.") }
            return try await addMember(
                connection, workspaceId: workspaceId, email: email, role: role, passwordHash: passwordHash)
        }
    }

    /// Finds or creates the user of `email`, makes them a member with `role`, and issues a new token.
    private func addMember(
        _ connection: PooledConnection, workspaceId: Int64, email: String, role: Role, passwordHash: String?
    ) async throws -> IssuedToken {
        let now = Date().storedMillis
        let emailKey = email.lowercased()
        // Two commands adding the same new email at once: the second waits on the unique key, then finds the row.
        let rows = try await connection.rows(
            """
            INSERT INTO app_user (email, email_key, password_hash, created_at) VALUES (\(email), \(emailKey), \(passwordHash), \(now))
            ON CONFLICT (email_key) DO UPDATE SET password_hash = COALESCE(EXCLUDED.password_hash, app_user.password_hash)
            RETURNING id
            """, logger: logger)
        let userId = try rows[0].decode(Int64.self)
        let inserted = try await connection.rows(
            """
            INSERT INTO membership (workspace_id, user_id, role) VALUES (\(workspaceId), \(userId), \(role.rawValue))
            ON CONFLICT DO NOTHING RETURNING user_id
            """, logger: logger)
        guard !inserted.isEmpty else {
            throw StoreError(.conflict, "\(email) is already a member of workspace \(workspaceId).")
        }
        let secret = APITokens.newSecret()
        let tokenRows = try await connection.rows(
            "INSERT INTO api_token (user_id, secret_hash, created_at) VALUES (\(userId), \(APITokens.hash(secret)), \(now)) RETURNING id",
            logger: logger)
        let token = APITokens.token(id: try tokenRows[0].decode(Int64.self), secret: secret)
        return IssuedToken(user: User(id: userId, email: email), token: token)
    }

    public func user(forToken token: String) async throws -> User? {
        guard let parsed = APITokens.parse(token) else { return nil }
        let rows = try await rows(
            """
            SELECT api_token.secret_hash, app_user.id, app_user.email FROM api_token
            JOIN app_user ON app_user.id = api_token.user_id WHERE api_token.id = \(parsed.id)
            """)
        guard let row = rows.first else { return nil }
        let (stored, id, email) = try row.decode((Data, Int64, String).self)
        guard APITokens.constantTimeEqual(stored, APITokens.hash(parsed.secret)) else { return nil }
        return User(id: id, email: email)
    }

    public func role(userId: Int64, workspaceId: Int64) async throws -> Role? {
        try await rows("SELECT role FROM membership WHERE user_id = \(userId) AND workspace_id = \(workspaceId)")
            .first.flatMap { Role(rawValue: try $0.decode(String.self)) }
    }

    public func workspace(id: Int64) async throws -> Workspace? {
        try await rows("SELECT id, name, time_zone, created_at FROM workspace WHERE id = \(id)").first.map {
            let (id, name, timeZone, createdAt) = try $0.decode((Int64, String, String, Int64).self)
            return Workspace(id: id, name: name, timeZone: timeZone, createdAt: Date(storedMillis: createdAt))
        }
    }

    public func members(workspaceId: Int64) async throws -> [(user: User, role: Role)] {
        try await rows(
            """
            SELECT app_user.id, app_user.email, membership.role FROM membership JOIN app_user ON app_user.id = membership.user_id
            WHERE membership.workspace_id = \(workspaceId)
            ORDER BY CASE membership.role WHEN 'owner' THEN 0 WHEN 'manager' THEN 1 ELSE 2 END, app_user.id
            """
        ).map {
            let (id, email, role) = try $0.decode((Int64, String, String).self)
            return (User(id: id, email: email), Role(rawValue: role) ?? .agent)
        }
    }

    public func notifications(userId: Int64) async throws -> [UserNotification] {
        try await rows(
            """
            SELECT id, kind, message, link, created_at, read FROM notification
            WHERE user_id = \(userId) ORDER BY id DESC LIMIT 200
            """
        ).map {
            let (id, kind, message, link, createdAt, read) = try $0.decode(
                (Int64, String, String, String?, Int64, Bool).self)
            return UserNotification(
                id: id, kind: kind, message: message, link: link, createdAt: Date(storedMillis: createdAt), read: read)
        }
    }

    public func addNotification(_ notification: NewNotification) async throws {
        _ = try await rows(
            """
            INSERT INTO notification (user_id, workspace_id, kind, message, link, created_at)
            VALUES (\(notification.userId), \(notification.workspaceId), \(notification.kind), \(notification.message),
                    \(notification.link), \(Date().storedMillis))
            """)
    }
}

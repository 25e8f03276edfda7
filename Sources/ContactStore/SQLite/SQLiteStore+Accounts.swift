import ContactModel
import Foundation
import GRDB

extension SQLiteStore {
    public func createWorkspace(name: String, ownerEmail: String, passwordHash: String?) async throws
        -> CreatedWorkspace
    {
        try await pool.write { db in
            let now = Date()
            try db.execute(
                sql: "INSERT INTO workspace (name, createdAt) VALUES (?, ?)", arguments: [name, now.storedMillis])
            let workspace = Workspace(id: db.lastInsertedRowID, name: name, timeZone: "UTC", createdAt: now)
            let issued = try Self.addMember(
                db, workspaceId: workspace.id, email: ownerEmail, role: .owner, passwordHash: passwordHash)
            return CreatedWorkspace(workspace: workspace, owner: issued.user, token: issued.token)
        }
    }

    public func addUser(workspaceId: Int64, email: String, role: Role, passwordHash: String?) async throws
        -> IssuedToken
    {
        try await pool.write { db in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM workspace WHERE id = ?", arguments: [workspaceId]) != nil
            else { throw StoreError(.notFound, "Workspace \(workspaceId) does not exist.") }
            return try Self.addMember(
                db, workspaceId: workspaceId, email: email, role: role, passwordHash: passwordHash)
        }
    }

    /// Finds or creates the user of `email`, makes them a member with `role`, and issues a new token.
    private static func addMember(
        _ db: Database, workspaceId: Int64, email: String, role: Role, passwordHash: String?
    ) throws -> IssuedToken {
        let now = Date().storedMillis
        let emailKey = email.lowercased()
        let userId: Int64
        if let existing = try Int64.fetchOne(db, sql: "SELECT id FROM user WHERE emailKey = ?", arguments: [emailKey]) {
            userId = existing
            if let passwordHash {
                try db.execute(sql: "UPDATE user SET passwordHash = ? WHERE id = ?", arguments: [passwordHash, userId])
            }
        } else {
            try db.execute(
                sql: "INSERT INTO user (email, emailKey, passwordHash, createdAt) VALUES (?, ?, ?, ?)",
                arguments: [email, emailKey, passwordHash, now])
            userId = db.lastInsertedRowID
        }
        if try Bool.fetchOne(
            db, sql: "SELECT 1 FROM membership WHERE workspaceId = ? AND userId = ?", arguments: [workspaceId, userId])
            != nil
        {
            throw StoreError(.conflict, "\(email) is already a member of workspace \(workspaceId).")
        }
        try db.execute(
            sql: "INSERT INTO membership (workspaceId, userId, role) VALUES (?, ?, ?)",
            arguments: [workspaceId, userId, role.rawValue])
        let secret = APITokens.newSecret()
        try db.execute(
            sql: "INSERT INTO apiToken (userId, secretHash, createdAt) VALUES (?, ?, ?)",
            arguments: [userId, APITokens.hash(secret), now])
        let token = APITokens.token(id: db.lastInsertedRowID, secret: secret)
        return IssuedToken(user: User(id: userId, email: email), token: token)
    }

    public func user(forToken token: String) async throws -> User? {
        guard let parsed = APITokens.parse(token) else { return nil }
        return try await pool.read { db in
            guard
                let row = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT apiToken.secretHash, user.id, user.email FROM apiToken
                        JOIN user ON user.id = apiToken.userId WHERE apiToken.id = ?
                        """,
                    arguments: [parsed.id])
            else { return nil }
            let stored: Data = row["secretHash"]
            guard APITokens.constantTimeEqual(stored, APITokens.hash(parsed.secret)) else { return nil }
            return User(id: row["id"], email: row["email"])
        }
    }

    public func role(userId: Int64, workspaceId: Int64) async throws -> Role? {
        try await pool.read { db in
            try String.fetchOne(
                db, sql: "SELECT role FROM membership WHERE userId = ? AND workspaceId = ?",
                arguments: [userId, workspaceId]
            ).flatMap(Role.init(rawValue:))
        }
    }

    public func workspace(id: Int64) async throws -> Workspace? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM workspace WHERE id = ?", arguments: [id]).map {
                Workspace(
                    id: $0["id"], name: $0["name"], timeZone: $0["timeZone"],
                    createdAt: Date(storedMillis: $0["createdAt"]))
            }
        }
    }

    public func members(workspaceId: Int64) async throws -> [(user: User, role: Role)] {
        try await pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT user.id, user.email, membership.role FROM membership JOIN user ON user.id = membership.userId
                    WHERE membership.workspaceId = ?
                    ORDER BY CASE membership.role WHEN 'owner' THEN 0 WHEN 'manager' THEN 1 ELSE 2 END, user.id
                    """,
                arguments: [workspaceId]
            ).map { (User(id: $0["id"], email: $0["email"]), Role(rawValue: $0["role"]) ?? .agent) }
        }
    }

    public func notifications(userId: Int64) async throws -> [UserNotification] {
        try await pool.read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM notification WHERE userId = ? ORDER BY id DESC LIMIT 200", arguments: [userId]
            ).map {
                UserNotification(
                    id: $0["id"], kind: $0["kind"], message: $0["message"], link: $0["link"],
                    createdAt: Date(storedMillis: $0["createdAt"]), read: $0["read"])
            }
        }
    }

    public func addNotification(_ notification: NewNotification) async throws {
        try await pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO notification (userId, workspaceId, kind, message, link, createdAt)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    notification.userId, notification.workspaceId, notification.kind, notification.message,
                    notification.link, Date().storedMillis,
                ])
        }
    }
}

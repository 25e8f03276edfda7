import Foundation
import GRDB

extension SQLiteStore {
    public func passwordCredential(userId: Int64) async throws -> PasswordCredential? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT id, email, passwordHash FROM user WHERE id = ?", arguments: [userId])
                .map {
                    PasswordCredential(user: User(id: $0["id"], email: $0["email"]), passwordHash: $0["passwordHash"])
                }
        }
    }

    public func setPassword(userId: Int64, passwordHash: String, keepingSession: String?) async throws {
        try await pool.write { db in
            try Self.setPassword(db, userId: userId, passwordHash: passwordHash, now: nil)
            try db.execute(
                sql: "DELETE FROM webSession WHERE userId = ? AND idHash IS NOT ?",
                arguments: [userId, keepingSession.map(WebSessionIds.hash)])
        }
    }

    /// Sets the password and ends every reset link of the user (marked used at `now`, or at once).
    private static func setPassword(_ db: Database, userId: Int64, passwordHash: String, now: Date?) throws {
        try db.execute(sql: "UPDATE user SET passwordHash = ? WHERE id = ?", arguments: [passwordHash, userId])
        guard db.changesCount == 1 else { throw StoreError(.notFound, "User \(userId) does not exist.") }
        try db.execute(
            sql: "UPDATE passwordReset SET usedAt = ? WHERE userId = ? AND usedAt IS NULL",
            arguments: [(now ?? Date()).storedMillis, userId])
    }

    public func createPasswordReset(userId: Int64, createdBy: Int64?, lifetime: Duration, now: Date) async throws
        -> NewPasswordReset
    {
        let code = WebSessionIds.newId()
        let expiresAt = now.addingTimeInterval(Double(lifetime.components.seconds))
        return try await pool.write { db in
            guard let email = try String.fetchOne(db, sql: "SELECT email FROM user WHERE id = ?", arguments: [userId])
            else { throw StoreError(.notFound, "User \(userId) does not exist.") }
            // Links long past their time are forgotten.
            try db.execute(
                sql: "DELETE FROM passwordReset WHERE expiresAt < ?",
                arguments: [now.addingTimeInterval(-30 * 86_400).storedMillis])
            try db.execute(
                sql: """
                    INSERT INTO passwordReset (codeHash, userId, createdBy, createdAt, expiresAt)
                    VALUES (?, ?, ?, ?, ?)
                    """,
                arguments: [WebSessionIds.hash(code), userId, createdBy, now.storedMillis, expiresAt.storedMillis])
            return NewPasswordReset(code: code, user: User(id: userId, email: email), expiresAt: expiresAt)
        }
    }

    public func passwordReset(code: String, now: Date) async throws -> PasswordResetState {
        guard WebSessionIds.isWellFormed(code) else { return .unknown }
        return try await pool.read { db in try Self.resetState(db, code: code, now: now) }
    }

    public func usePasswordReset(code: String, passwordHash: String, now: Date) async throws -> PasswordResetState {
        guard WebSessionIds.isWellFormed(code) else { return .unknown }
        return try await pool.write { db in
            let state = try Self.resetState(db, code: code, now: now)
            guard case .valid(let user, _) = state else { return state }
            try Self.setPassword(db, userId: user.id, passwordHash: passwordHash, now: now)
            try db.execute(sql: "DELETE FROM webSession WHERE userId = ?", arguments: [user.id])
            return state
        }
    }

    private static func resetState(_ db: Database, code: String, now: Date) throws -> PasswordResetState {
        guard
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT user.id, user.email, passwordReset.expiresAt, passwordReset.usedAt FROM passwordReset
                    JOIN user ON user.id = passwordReset.userId WHERE passwordReset.codeHash = ?
                    """,
                arguments: [WebSessionIds.hash(code)])
        else { return .unknown }
        let expiresAt = Date(storedMillis: row["expiresAt"])
        let usedAt: Int64? = row["usedAt"]
        guard usedAt == nil, expiresAt > now else { return .gone }
        return .valid(user: User(id: row["id"], email: row["email"]), expiresAt: expiresAt)
    }

    public func createAPIToken(userId: Int64, name: String?, now: Date) async throws -> NewAPIToken {
        let secret = APITokens.newSecret()
        return try await pool.write { db in
            try db.execute(
                sql: "INSERT INTO apiToken (userId, secretHash, createdAt, name) VALUES (?, ?, ?, ?)",
                arguments: [userId, APITokens.hash(secret), now.storedMillis, name])
            let id = db.lastInsertedRowID
            return NewAPIToken(
                info: APITokenInfo(id: id, name: name, createdAt: Date(storedMillis: now.storedMillis)),
                token: APITokens.token(id: id, secret: secret))
        }
    }

    public func apiTokens(userId: Int64) async throws -> [APITokenInfo] {
        try await pool.read { db in
            try Row.fetchAll(
                db, sql: "SELECT id, name, createdAt FROM apiToken WHERE userId = ? ORDER BY id", arguments: [userId]
            ).map { APITokenInfo(id: $0["id"], name: $0["name"], createdAt: Date(storedMillis: $0["createdAt"])) }
        }
    }

    public func revokeAPIToken(userId: Int64, tokenId: Int64) async throws -> Bool {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM apiToken WHERE id = ? AND userId = ?", arguments: [tokenId, userId])
            return db.changesCount == 1
        }
    }
}

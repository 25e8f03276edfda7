import Foundation
import PostgresNIO

extension PostgresStore {
    public func passwordCredential(userId: Int64) async throws -> PasswordCredential? {
        try await rows("SELECT id, email, password_hash FROM app_user WHERE id = \(userId)").first.map {
            let (id, email, hash) = try $0.decode((Int64, String, String?).self)
            return PasswordCredential(user: User(id: id, email: email), passwordHash: hash)
        }
    }

    public func setPassword(userId: Int64, passwordHash: String, keepingSession: String?) async throws {
        try await transaction { connection in
            try await setPassword(connection, userId: userId, passwordHash: passwordHash, now: Date())
            if let keepingSession {
                try await connection.query(
                    """
                    DELETE FROM web_session WHERE user_id = \(userId) AND id_hash <> \(WebSessionIds.hash(keepingSession))
                    """, logger: logger)
            } else {
                try await connection.query("DELETE FROM web_session WHERE user_id = \(userId)", logger: logger)
            }
        }
    }

    /// Sets the password and ends every reset link of the user.
    private func setPassword(_ connection: PooledConnection, userId: Int64, passwordHash: String, now: Date)
        async throws
    {
        let updated = try await connection.rows(
            "UPDATE app_user SET password_hash = \(passwordHash) WHERE id = \(userId) RETURNING id", logger: logger)
        guard !updated.isEmpty else { throw StoreError(.notFound, "User \(userId) does not exist.") }
        try await connection.query(
            "UPDATE password_reset SET used_at = \(now.storedMillis) WHERE user_id = \(userId) AND used_at IS NULL",
            logger: logger)
    }

    public func createPasswordReset(userId: Int64, createdBy: Int64?, lifetime: Duration, now: Date) async throws
        -> NewPasswordReset
    {
        let code = WebSessionIds.newId()
        let expiresAt = now.addingTimeInterval(Double(lifetime.components.seconds))
        return try await transaction { connection in
            guard
                let row = try await connection.rows("SELECT email FROM app_user WHERE id = \(userId)", logger: logger)
                    .first
            else { throw StoreError(.notFound, "User \(userId) does not exist.") }
            let email = try row.decode(String.self)
            // Links long past their time are forgotten.
            try await connection.query(
                "DELETE FROM password_reset WHERE expires_at < \(now.addingTimeInterval(-30 * 86_400).storedMillis)",
                logger: logger)
            try await connection.query(
                """
                INSERT INTO password_reset (code_hash, user_id, created_by, created_at, expires_at)
                VALUES (\(WebSessionIds.hash(code)), \(userId), \(createdBy), \(now.storedMillis), \(expiresAt.storedMillis))
                """, logger: logger)
            return NewPasswordReset(code: code, user: User(id: userId, email: email), expiresAt: expiresAt)
        }
    }

    public func passwordReset(code: String, now: Date) async throws -> PasswordResetState {
        guard WebSessionIds.isWellFormed(code) else { return .unknown }
        return try await resetState(code: code, now: now, on: nil)
    }

    public func usePasswordReset(code: String, passwordHash: String, now: Date) async throws -> PasswordResetState {
        guard WebSessionIds.isWellFormed(code) else { return .unknown }
        return try await transaction { connection in
            // FOR UPDATE: two uses of one link at once, and only the first changes anything.
            let state = try await resetState(code: code, now: now, on: connection)
            guard case .valid(let user, _) = state else { return state }
            try await setPassword(connection, userId: user.id, passwordHash: passwordHash, now: now)
            try await connection.query("DELETE FROM web_session WHERE user_id = \(user.id)", logger: logger)
            return state
        }
    }

    private func resetState(code: String, now: Date, on connection: PooledConnection?) async throws
        -> PasswordResetState
    {
        var query: PostgresQuery = try """
        SELECT app_user.id, app_user.email, password_reset.expires_at, password_reset.used_at FROM password_reset
        JOIN app_user ON app_user.id = password_reset.user_id WHERE password_reset.code_hash = \(WebSessionIds.hash(code))
        """
        if connection != nil { query.sql += " FOR UPDATE OF password_reset" }
        guard let row = try await rows(query, on: connection).first else { return .unknown }
        let (id, email, expires, used) = try row.decode((Int64, String, Int64, Int64?).self)
        let expiresAt = Date(storedMillis: expires)
        guard used == nil, expiresAt > now else { return .gone }
        return .valid(user: User(id: id, email: email), expiresAt: expiresAt)
    }

    public func createAPIToken(userId: Int64, name: String?, now: Date) async throws -> NewAPIToken {
        let secret = APITokens.newSecret()
        let rows = try await rows(
            """
            INSERT INTO api_token (user_id, secret_hash, created_at, name)
            VALUES (\(userId), \(APITokens.hash(secret)), \(now.storedMillis), \(name)) RETURNING id
            """)
        let id = try rows[0].decode(Int64.self)
        return NewAPIToken(
            info: APITokenInfo(id: id, name: name, createdAt: Date(storedMillis: now.storedMillis)),
            token: APITokens.token(id: id, secret: secret))
    }

    public func apiTokens(userId: Int64) async throws -> [APITokenInfo] {
        try await rows("SELECT id, name, created_at FROM api_token WHERE user_id = \(userId) ORDER BY id").map {
            let (id, name, createdAt) = try $0.decode((Int64, String?, Int64).self)
            return APITokenInfo(id: id, name: name, createdAt: Date(storedMillis: createdAt))
        }
    }

    public func revokeAPIToken(userId: Int64, tokenId: Int64) async throws -> Bool {
        try await !rows("DELETE FROM api_token WHERE id = \(tokenId) AND user_id = \(userId) RETURNING id").isEmpty
    }
}

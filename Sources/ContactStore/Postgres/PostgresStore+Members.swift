import Foundation
import PostgresNIO

extension PostgresStore {
    /// Serialises first-run setups across servers (a transaction-scoped advisory lock).
    static let firstRunLockKey: Int64 = 0x4349_4649_5253_5452

    public func hasUsers() async throws -> Bool {
        try await rows("SELECT EXISTS (SELECT 1 FROM app_user)").first?.decode(Bool.self) ?? false
    }

    public func createFirstWorkspace(
        name: String, timeZone: String, ownerEmail: String, passwordHash: String, now: Date
    ) async throws -> CreatedWorkspace? {
        try await transaction { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(\(Self.firstRunLockKey))", logger: logger)
            let exists = try await connection.rows("SELECT EXISTS (SELECT 1 FROM app_user)", logger: logger)
            guard try exists.first?.decode(Bool.self) == false else { return nil }
            let workspaceRows = try await connection.rows(
                """
                INSERT INTO workspace (name, time_zone, created_at) VALUES (\(name), \(timeZone), \(now.storedMillis))
                RETURNING id
                """, logger: logger)
            let workspace = Workspace(
                id: try workspaceRows[0].decode(Int64.self), name: name, timeZone: timeZone, createdAt: now)
            let userRows = try await connection.rows(
                """
                INSERT INTO app_user (email, email_key, password_hash, created_at)
                VALUES (\(ownerEmail), \(ownerEmail.lowercased()), \(passwordHash), \(now.storedMillis)) RETURNING id
                """, logger: logger)
            let owner = User(id: try userRows[0].decode(Int64.self), email: ownerEmail)
            try await connection.query(
                "INSERT INTO membership (workspace_id, user_id, role) VALUES (\(workspace.id), \(owner.id), 'owner')",
                logger: logger)
            return CreatedWorkspace(workspace: workspace, owner: owner, token: "")
        }
    }

    public func workspaceSettings(workspaceId: Int64) async throws -> WorkspaceSettings? {
        try await settings(workspaceId: workspaceId, on: nil, forUpdate: false)
    }

    public func updateWorkspaceSettings(
        workspaceId: Int64, change: @Sendable (inout WorkspaceSettings) throws -> Void
    ) async throws -> WorkspaceSettings? {
        try await transaction { connection in
            guard var settings = try await settings(workspaceId: workspaceId, on: connection, forUpdate: true)
            else { return nil }
            try change(&settings)
            try await connection.query(
                """
                UPDATE workspace SET name = \(settings.name), time_zone = \(settings.timeZone),
                    phone_numbers = \(settings.phoneNumbers.rawValue), default_country = \(settings.defaultCountry)
                WHERE id = \(workspaceId)
                """, logger: logger)
            return settings
        }
    }

    private func settings(workspaceId: Int64, on connection: PooledConnection?, forUpdate: Bool) async throws
        -> WorkspaceSettings?
    {
        var query: PostgresQuery =
            "SELECT name, time_zone, phone_numbers, default_country FROM workspace WHERE id = \(workspaceId)"
        if forUpdate { query.sql += " FOR UPDATE" }
        return try await rows(query, on: connection).first.map {
            let (name, timeZone, phoneNumbers, defaultCountry) = try $0.decode((String, String, String, String?).self)
            return WorkspaceSettings(
                name: name, timeZone: timeZone, phoneNumbers: PhoneNumberFormat(rawValue: phoneNumbers) ?? .asGiven,
                defaultCountry: defaultCountry)
        }
    }

    public func addMember(workspaceId: Int64, email: String, role: Role, now: Date) async throws -> AddedMember {
        try await transaction { connection in
            guard
                try await !connection.rows("SELECT 1 FROM workspace WHERE id = \(workspaceId)", logger: logger).isEmpty
            else { throw StoreError(.notFound, "Workspace \(workspaceId) does not exist.") }
            // Two requests adding the same new email at once: the second waits on the unique key, then finds the row.
            let userRows = try await connection.rows(
                """
                INSERT INTO app_user (email, email_key, created_at) VALUES (\(email), \(email.lowercased()), \(now.storedMillis))
                ON CONFLICT (email_key) DO UPDATE SET email_key = EXCLUDED.email_key
                RETURNING id, email, password_hash IS NOT NULL
                """, logger: logger)
            let (userId, storedEmail, hasPassword) = try userRows[0].decode((Int64, String, Bool).self)
            let inserted = try await connection.rows(
                """
                INSERT INTO membership (workspace_id, user_id, role) VALUES (\(workspaceId), \(userId), \(role.rawValue))
                ON CONFLICT DO NOTHING RETURNING user_id
                """, logger: logger)
            guard !inserted.isEmpty else {
                throw AccountError(.alreadyMember, "\(storedEmail) is already a member of this workspace.")
            }
            return AddedMember(
                member: Member(user: User(id: userId, email: storedEmail), role: role), hasPassword: hasPassword)
        }
    }

    public func changeRole(workspaceId: Int64, userId: Int64, role: Role) async throws -> Member? {
        try await transaction { connection in
            guard let member = try await lockedMember(connection, workspaceId: workspaceId, userId: userId) else {
                return nil
            }
            if member.role == .owner, role != .owner {
                try await checkAnotherOwner(connection, workspaceId: workspaceId)
            }
            try await connection.query(
                """
                UPDATE membership SET role = \(role.rawValue) WHERE workspace_id = \(workspaceId) AND user_id = \(userId)
                """, logger: logger)
            return Member(user: member.user, role: role)
        }
    }

    public func removeMember(workspaceId: Int64, userId: Int64) async throws -> Bool {
        try await transaction { connection in
            guard let member = try await lockedMember(connection, workspaceId: workspaceId, userId: userId) else {
                return false
            }
            if member.role == .owner { try await checkAnotherOwner(connection, workspaceId: workspaceId) }
            try await connection.query(
                "DELETE FROM membership WHERE workspace_id = \(workspaceId) AND user_id = \(userId)", logger: logger)
            try await connection.query(
                "DELETE FROM notification WHERE workspace_id = \(workspaceId) AND user_id = \(userId)", logger: logger)
            return true
        }
    }

    /// The member, after locking the workspace's row: role changes and removals of one workspace run one at a time,
    /// so two owners demoting each other at once cannot leave it without one.
    private func lockedMember(_ connection: PooledConnection, workspaceId: Int64, userId: Int64) async throws
        -> Member?
    {
        guard
            try await !connection.rows("SELECT 1 FROM workspace WHERE id = \(workspaceId) FOR UPDATE", logger: logger)
                .isEmpty
        else { return nil }
        return try await connection.rows(
            """
            SELECT app_user.id, app_user.email, membership.role FROM membership JOIN app_user ON app_user.id = membership.user_id
            WHERE membership.workspace_id = \(workspaceId) AND membership.user_id = \(userId)
            """, logger: logger
        ).first.map {
            let (id, email, role) = try $0.decode((Int64, String, String).self)
            return Member(user: User(id: id, email: email), role: Role(rawValue: role) ?? .agent)
        }
    }

    private func checkAnotherOwner(_ connection: PooledConnection, workspaceId: Int64) async throws {
        let rows = try await connection.rows(
            "SELECT count(*) FROM membership WHERE workspace_id = \(workspaceId) AND role = 'owner'", logger: logger)
        guard try rows[0].decode(Int64.self) > 1 else { throw AccountError.lastOwner }
    }
}

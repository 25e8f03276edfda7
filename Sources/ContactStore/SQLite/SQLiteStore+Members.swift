import Foundation
import GRDB

extension SQLiteStore {
    public func hasUsers() async throws -> Bool {
        try await pool.read { db in try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM user)") ?? false }
    }

    public func createFirstWorkspace(
        name: String, timeZone: String, ownerEmail: String, passwordHash: String, now: Date
    ) async throws -> CreatedWorkspace? {
        // Writes are serialised: no other user can appear between the check and the insert.
        try await pool.write { db in
            guard try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM user)") == false else { return nil }
            try db.execute(
                sql: "INSERT INTO workspace (name, timeZone, createdAt) VALUES (?, ?, ?)",
                arguments: [name, timeZone, now.storedMillis])
            let workspace = Workspace(id: db.lastInsertedRowID, name: name, timeZone: timeZone, createdAt: now)
            try db.execute(
                sql: "INSERT INTO user (email, emailKey, passwordHash, createdAt) VALUES (?, ?, ?, ?)",
                arguments: [ownerEmail, ownerEmail.lowercased(), passwordHash, now.storedMillis])
            let owner = User(id: db.lastInsertedRowID, email: ownerEmail)
            try db.execute(
                sql: "INSERT INTO membership (workspaceId, userId, role) VALUES (?, ?, 'owner')",
                arguments: [workspace.id, owner.id])
            return CreatedWorkspace(workspace: workspace, owner: owner, token: "")
        }
    }

    public func workspaceSettings(workspaceId: Int64) async throws -> WorkspaceSettings? {
        try await pool.read { db in try Self.settings(db, workspaceId: workspaceId) }
    }

    public func updateWorkspaceSettings(
        workspaceId: Int64, change: @Sendable (inout WorkspaceSettings) throws -> Void
    ) async throws -> WorkspaceSettings? {
        try await pool.write { db in
            guard var settings = try Self.settings(db, workspaceId: workspaceId) else { return nil }
            try change(&settings)
            try db.execute(
                sql: "UPDATE workspace SET name = ?, timeZone = ?, phoneNumbers = ?, defaultCountry = ? WHERE id = ?",
                arguments: [
                    settings.name, settings.timeZone, settings.phoneNumbers.rawValue, settings.defaultCountry,
                    workspaceId,
                ])
            return settings
        }
    }

    private static func settings(_ db: Database, workspaceId: Int64) throws -> WorkspaceSettings? {
        try Row.fetchOne(
            db, sql: "SELECT name, timeZone, phoneNumbers, defaultCountry FROM workspace WHERE id = ?",
            arguments: [workspaceId]
        ).map {
            WorkspaceSettings(
                name: $0["name"], timeZone: $0["timeZone"],
                phoneNumbers: PhoneNumberFormat(rawValue: $0["phoneNumbers"]) ?? .asGiven,
                defaultCountry: $0["defaultCountry"])
        }
    }

    public func addMember(workspaceId: Int64, email: String, role: Role, now: Date) async throws -> AddedMember {
        try await pool.write { db in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM workspace WHERE id = ?", arguments: [workspaceId]) != nil
            else { throw StoreError(.notFound, "Workspace \(workspaceId) does not exist.") }
            let user: User
            let hasPassword: Bool
            if let row = try Row.fetchOne(
                db, sql: "SELECT id, email, passwordHash IS NOT NULL AS hasPassword FROM user WHERE emailKey = ?",
                arguments: [email.lowercased()])
            {
                user = User(id: row["id"], email: row["email"])
                hasPassword = row["hasPassword"]
            } else {
                try db.execute(
                    sql: "INSERT INTO user (email, emailKey, createdAt) VALUES (?, ?, ?)",
                    arguments: [email, email.lowercased(), now.storedMillis])
                user = User(id: db.lastInsertedRowID, email: email)
                hasPassword = false
            }
            try db.execute(
                sql: "INSERT OR IGNORE INTO membership (workspaceId, userId, role) VALUES (?, ?, ?)",
                arguments: [workspaceId, user.id, role.rawValue])
            guard db.changesCount == 1 else {
                throw AccountError(.alreadyMember, "\(user.email) is already a member of this workspace.")
            }
            return AddedMember(member: Member(user: user, role: role), hasPassword: hasPassword)
        }
    }

    public func changeRole(workspaceId: Int64, userId: Int64, role: Role) async throws -> Member? {
        try await pool.write { db in
            guard let member = try Self.member(db, workspaceId: workspaceId, userId: userId) else { return nil }
            if member.role == .owner, role != .owner { try Self.checkAnotherOwner(db, workspaceId: workspaceId) }
            try db.execute(
                sql: "UPDATE membership SET role = ? WHERE workspaceId = ? AND userId = ?",
                arguments: [role.rawValue, workspaceId, userId])
            return Member(user: member.user, role: role)
        }
    }

    public func removeMember(workspaceId: Int64, userId: Int64) async throws -> Bool {
        try await pool.write { db in
            guard let member = try Self.member(db, workspaceId: workspaceId, userId: userId) else { return false }
            if member.role == .owner { try Self.checkAnotherOwner(db, workspaceId: workspaceId) }
            try db.execute(
                sql: "DELETE FROM membership WHERE workspaceId = ? AND userId = ?", arguments: [workspaceId, userId])
            try db.execute(
                sql: "DELETE FROM notification WHERE workspaceId = ? AND userId = ?", arguments: [workspaceId, userId])
            return true
        }
    }

    private static func member(_ db: Database, workspaceId: Int64, userId: Int64) throws -> Member? {
        try Row.fetchOne(
            db,
            sql: """
                SELECT user.id, user.email, membership.role FROM membership JOIN user ON user.id = membership.userId
                WHERE membership.workspaceId = ? AND membership.userId = ?
                """,
            arguments: [workspaceId, userId]
        ).map { Member(user: User(id: $0["id"], email: $0["email"]), role: Role(rawValue: $0["role"]) ?? .agent) }
    }

    /// Throws `lastOwner` unless the workspace has at least two owners (one of them is about to stop being one).
    private static func checkAnotherOwner(_ db: Database, workspaceId: Int64) throws {
        let owners =
            try Int.fetchOne(
                db, sql: "SELECT count(*) FROM membership WHERE workspaceId = ? AND role = 'owner'",
                arguments: [workspaceId]) ?? 0
        guard owners > 1 else { throw AccountError.lastOwner }
    }
}

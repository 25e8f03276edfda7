import Foundation
import GRDB

extension SQLiteStore {
    public func signInThrottles(keys: [String]) async throws -> [String: SignInThrottleRecord] {
        guard !keys.isEmpty else { return [:] }
        return try await pool.read { db in
            var records: [String: SignInThrottleRecord] = [:]
            let rows = try Row.fetchAll(
                db, sql: "SELECT * FROM signInThrottle WHERE key IN (\(databaseQuestionMarks(count: keys.count)))",
                arguments: StatementArguments(keys))
            for row in rows { records[row["key"]] = Self.throttleRecord(row) }
            return records
        }
    }

    public func updateSignInThrottle(
        key: String, now: Date, change: @Sendable (inout SignInThrottleRecord?) -> Void
    ) async throws {
        try await pool.write { db in
            try db.execute(
                sql: "DELETE FROM signInThrottle WHERE updatedAt < ?",
                arguments: [now.addingTimeInterval(-86_400).storedMillis])
            var record = try Row.fetchOne(db, sql: "SELECT * FROM signInThrottle WHERE key = ?", arguments: [key])
                .map(Self.throttleRecord)
            change(&record)
            guard let record else {
                try db.execute(sql: "DELETE FROM signInThrottle WHERE key = ?", arguments: [key])
                return
            }
            try db.execute(
                sql: """
                    INSERT INTO signInThrottle (key, failures, windowStart, lockouts, lockedUntil, updatedAt)
                    VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT (key) DO UPDATE SET failures = excluded.failures, windowStart = excluded.windowStart,
                        lockouts = excluded.lockouts, lockedUntil = excluded.lockedUntil, updatedAt = excluded.updatedAt
                    """,
                arguments: [
                    key, record.failures, record.windowStart.storedMillis, record.lockouts,
                    record.lockedUntil?.storedMillis, now.storedMillis,
                ])
        }
    }

    private static func throttleRecord(_ row: Row) -> SignInThrottleRecord {
        SignInThrottleRecord(
            failures: row["failures"], windowStart: Date(storedMillis: row["windowStart"]), lockouts: row["lockouts"],
            lockedUntil: (row["lockedUntil"] as Int64?).map { Date(storedMillis: $0) })
    }
}

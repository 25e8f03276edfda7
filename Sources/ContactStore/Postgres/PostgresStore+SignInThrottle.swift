import Foundation
import PostgresNIO

extension PostgresStore {
    public func signInThrottles(keys: [String]) async throws -> [String: SignInThrottleRecord] {
        guard !keys.isEmpty else { return [:] }
        var records: [String: SignInThrottleRecord] = [:]
        for row in try await rows(
            """
            SELECT key, failures, window_start, lockouts, locked_until FROM sign_in_throttle WHERE key = ANY(\(keys))
            """)
        {
            let (key, record) = try Self.throttleRecord(row)
            records[key] = record
        }
        return records
    }

    public func updateSignInThrottle(
        key: String, now: Date, change: @Sendable (inout SignInThrottleRecord?) -> Void
    ) async throws {
        try await transaction { connection in
            try await connection.query(
                "DELETE FROM sign_in_throttle WHERE updated_at < \(now.addingTimeInterval(-86_400).storedMillis)",
                logger: logger)
            // Make sure the row exists, then lock it: servers counting the same key at once take turns.
            try await connection.query(
                """
                INSERT INTO sign_in_throttle (key, failures, window_start, lockouts, updated_at)
                VALUES (\(key), 0, \(now.storedMillis), 0, \(now.storedMillis)) ON CONFLICT (key) DO NOTHING
                """, logger: logger)
            let rows = try await connection.rows(
                """
                SELECT key, failures, window_start, lockouts, locked_until FROM sign_in_throttle
                WHERE key = \(key) FOR UPDATE
                """, logger: logger)
            var record = try rows.first.map { try Self.throttleRecord($0).record }
            // A row made just now stands for "no record".
            if let current = record, current.failures == 0, current.lockouts == 0, current.lockedUntil == nil {
                record = nil
            }
            change(&record)
            if let record {
                try await connection.query(
                    """
                    UPDATE sign_in_throttle SET failures = \(record.failures),
                        window_start = \(record.windowStart.storedMillis), lockouts = \(record.lockouts),
                        locked_until = \(record.lockedUntil?.storedMillis), updated_at = \(now.storedMillis)
                    WHERE key = \(key)
                    """, logger: logger)
            } else {
                try await connection.query("DELETE FROM sign_in_throttle WHERE key = \(key)", logger: logger)
            }
        }
    }

    private static func throttleRecord(_ row: PostgresRow) throws -> (key: String, record: SignInThrottleRecord) {
        let (key, failures, windowStart, lockouts, lockedUntil) = try row.decode(
            (String, Int32, Int64, Int32, Int64?).self)
        return (
            key,
            SignInThrottleRecord(
                failures: Int(failures), windowStart: Date(storedMillis: windowStart), lockouts: Int(lockouts),
                lockedUntil: lockedUntil.map { Date(storedMillis: $0) })
        )
    }
}

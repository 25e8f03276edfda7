import Foundation
import GRDB

// Job leases on SQLite: one writer at a time makes the claim atomic; the process clock is the clock.
extension SQLiteStore {
    public func claimImport(owner: String, lease: Duration) async throws -> Int64? {
        try await pool.write { db in
            let now = Date().storedMillis
            guard
                let id = try Int64.fetchOne(
                    db,
                    sql: """
                        SELECT id FROM import WHERE status = 'processing' AND (leaseOwner IS NULL OR leaseUntil <= ?)
                        ORDER BY id LIMIT 1
                        """,
                    arguments: [now])
            else { return nil }
            try db.execute(
                sql: "UPDATE import SET leaseOwner = ?, leaseUntil = ? WHERE id = ?",
                arguments: [owner, now + lease.storedMillis, id])
            return id
        }
    }

    public func renewImportLease(importId: Int64, owner: String, lease: Duration) async throws -> Bool {
        try await pool.write { db in
            try db.execute(
                sql: "UPDATE import SET leaseUntil = ? WHERE id = ? AND leaseOwner = ? AND status = 'processing'",
                arguments: [Date().storedMillis + lease.storedMillis, importId, owner])
            return db.changesCount == 1
        }
    }

    public func releaseImportLease(importId: Int64, owner: String) async throws {
        try await pool.write { db in
            try db.execute(
                sql: "UPDATE import SET leaseOwner = NULL, leaseUntil = NULL WHERE id = ? AND leaseOwner = ?",
                arguments: [importId, owner])
        }
    }

    public func releaseLeasesOfEarlierRuns() async throws {
        // One server per database file: any lease here was held by an earlier run of this server.
        try await pool.write { db in
            try db.execute(sql: "UPDATE import SET leaseOwner = NULL, leaseUntil = NULL WHERE leaseOwner IS NOT NULL")
            try db.execute(
                sql: "UPDATE phoneNormalization SET leaseOwner = NULL, leaseUntil = NULL WHERE leaseOwner IS NOT NULL")
        }
    }
}

import Foundation
import PostgresNIO

// Jobs across servers: a server claims a processing import with FOR UPDATE SKIP LOCKED and holds a lease on it,
// by the database's clock (servers' clocks may differ), which it renews while it works.
extension PostgresStore {
    public func claimImport(owner: String, lease: Duration) async throws -> Int64? {
        try await rows(
            """
            UPDATE import SET lease_owner = \(owner), lease_until = \(unescaped: Self.nowMillisSQL) + \(lease.storedMillis)
            WHERE id = (
                SELECT id FROM import
                WHERE status = 'processing' AND (lease_owner IS NULL OR lease_until <= \(unescaped: Self.nowMillisSQL))
                ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED)
            RETURNING id
            """
        ).first.map { try $0.decode(Int64.self) }
    }

    public func renewImportLease(importId: Int64, owner: String, lease: Duration) async throws -> Bool {
        try await !rows(
            """
            UPDATE import SET lease_until = \(unescaped: Self.nowMillisSQL) + \(lease.storedMillis)
            WHERE id = \(importId) AND lease_owner = \(owner) AND status = 'processing'
            RETURNING id
            """
        ).isEmpty
    }

    public func releaseImportLease(importId: Int64, owner: String) async throws {
        _ = try await rows(
            "UPDATE import SET lease_owner = NULL, lease_until = NULL WHERE id = \(importId) AND lease_owner = \(owner)"
        )
    }

    public func releaseLeasesOfEarlierRuns() async throws {
        // Other servers may be running jobs on this database: their leases are theirs until they run out.
    }
}

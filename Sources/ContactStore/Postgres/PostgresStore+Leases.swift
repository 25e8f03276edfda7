import Foundation
import PostgresNIO

// Jobs across servers: a server claims a processing import with FOR UPDATE SKIP LOCKED and holds a lease on it,
// by the database's clock (servers' clocks may differ), which it renews while it works.
extension PostgresStore {
    /// The tables of jobs that run under a lease: imports and phone clean-ups are claimed, renewed and released alike.
    enum LeasedJobs {
        case imports, undos, phoneCleanUps

        var table: String { self == .phoneCleanUps ? "phone_normalization" : "import" }
        /// The status in which a job of this kind runs: an undo is the import's row in `undoing`.
        var status: String { self == .undos ? "undoing" : "processing" }
    }

    func claim(_ jobs: LeasedJobs, owner: String, lease: Duration) async throws -> Int64? {
        try await rows(
            """
            UPDATE \(unescaped: jobs.table)
            SET lease_owner = \(owner), lease_until = \(unescaped: Self.nowMillisSQL) + \(lease.storedMillis)
            WHERE id = (
                SELECT id FROM \(unescaped: jobs.table)
                WHERE status = \(jobs.status) AND (lease_owner IS NULL OR lease_until <= \(unescaped: Self.nowMillisSQL))
                ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED)
            RETURNING id
            """
        ).first.map { try $0.decode(Int64.self) }
    }

    func renewLease(_ jobs: LeasedJobs, id: Int64, owner: String, lease: Duration) async throws -> Bool {
        try await !rows(
            """
            UPDATE \(unescaped: jobs.table) SET lease_until = \(unescaped: Self.nowMillisSQL) + \(lease.storedMillis)
            WHERE id = \(id) AND lease_owner = \(owner) AND status = \(jobs.status)
            RETURNING id
            """
        ).isEmpty
    }

    func releaseLease(_ jobs: LeasedJobs, id: Int64, owner: String) async throws {
        _ = try await rows(
            """
            UPDATE \(unescaped: jobs.table) SET lease_owner = NULL, lease_until = NULL
            WHERE id = \(id) AND lease_owner = \(owner)
            """
        )
    }

    public func claimImport(owner: String, lease: Duration) async throws -> Int64? {
        try await claim(.imports, owner: owner, lease: lease)
    }

    public func renewImportLease(importId: Int64, owner: String, lease: Duration) async throws -> Bool {
        try await renewLease(.imports, id: importId, owner: owner, lease: lease)
    }

    public func releaseImportLease(importId: Int64, owner: String) async throws {
        try await releaseLease(.imports, id: importId, owner: owner)
    }

    public func claimPhoneNormalization(owner: String, lease: Duration) async throws -> Int64? {
        try await claim(.phoneCleanUps, owner: owner, lease: lease)
    }

    public func renewPhoneNormalizationLease(id: Int64, owner: String, lease: Duration) async throws -> Bool {
        try await renewLease(.phoneCleanUps, id: id, owner: owner, lease: lease)
    }

    public func releasePhoneNormalizationLease(id: Int64, owner: String) async throws {
        try await releaseLease(.phoneCleanUps, id: id, owner: owner)
    }

    public func releaseLeasesOfEarlierRuns() async throws {
        // Other servers may be running jobs on this database: their leases are theirs until they run out.
    }
}

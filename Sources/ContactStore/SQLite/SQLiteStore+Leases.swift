import Foundation
import GRDB

// Job leases on SQLite: one writer at a time makes the claim atomic; the process clock is the clock.
extension SQLiteStore {
    /// The tables of jobs that run under a lease: imports and phone clean-ups are claimed, renewed and released alike.
    enum LeasedJobs {
        case imports, undos, phoneCleanUps

        var table: String { self == .phoneCleanUps ? "phoneNormalization" : "import" }
        /// The status in which a job of this kind runs: an undo is the import's row in `undoing`.
        var status: String { self == .undos ? "undoing" : "processing" }
    }

    func claim(_ jobs: LeasedJobs, owner: String, lease: Duration) async throws -> Int64? {
        try await pool.write { db in
            let now = Date().storedMillis
            guard
                let id = try Int64.fetchOne(
                    db,
                    sql: """
                        SELECT id FROM \(jobs.table)
                        WHERE status = ? AND (leaseOwner IS NULL OR leaseUntil <= ?)
                        ORDER BY id LIMIT 1
                        """,
                    arguments: [jobs.status, now])
            else { return nil }
            try db.execute(
                sql: "UPDATE \(jobs.table) SET leaseOwner = ?, leaseUntil = ? WHERE id = ?",
                arguments: [owner, now + lease.storedMillis, id])
            return id
        }
    }

    func renewLease(_ jobs: LeasedJobs, id: Int64, owner: String, lease: Duration) async throws -> Bool {
        try await pool.write { db in
            try db.execute(
                sql: """
                    UPDATE \(jobs.table) SET leaseUntil = ? WHERE id = ? AND leaseOwner = ? AND status = ?
                    """,
                arguments: [Date().storedMillis + lease.storedMillis, id, owner, jobs.status])
            return db.changesCount == 1
        }
    }

    func releaseLease(_ jobs: LeasedJobs, id: Int64, owner: String) async throws {
        try await pool.write { db in
            try db.execute(
                sql: "UPDATE \(jobs.table) SET leaseOwner = NULL, leaseUntil = NULL WHERE id = ? AND leaseOwner = ?",
                arguments: [id, owner])
        }
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
        // One server per database file: any lease here was held by an earlier run of this server.
        try await pool.write { db in
            for jobs in [LeasedJobs.imports, .phoneCleanUps] {
                try db.execute(
                    sql: "UPDATE \(jobs.table) SET leaseOwner = NULL, leaseUntil = NULL WHERE leaseOwner IS NOT NULL"
                )
            }
        }
    }
}

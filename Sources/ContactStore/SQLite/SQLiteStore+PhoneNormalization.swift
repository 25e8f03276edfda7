import Foundation
import GRDB
import ImportRules

// The clean-up of stored phones (SPEC §10) on SQLite: one writer at a time makes the job slot, the claim and each
// batch's fence atomic.
extension SQLiteStore {
    static func phoneNormalizationRecord(_ row: Row) -> PhoneNormalizationRecord {
        func date(_ column: String) -> Date? { (row[column] as Int64?).map(Date.init(storedMillis:)) }
        return PhoneNormalizationRecord(
            id: row["id"], workspaceId: row["workspaceId"], startedBy: row["startedBy"],
            defaultCountry: row["defaultCountry"], status: .init(rawValue: row["status"]) ?? .failed,
            total: row["total"], done: row["done"], lastContactId: row["lastContactId"],
            counts: PhoneNormalizationCounts(
                changed: row["changed"], unchanged: row["unchanged"], notValid: row["notValid"],
                conflicts: row["conflicts"]),
            failureMessage: row["failureMessage"], createdAt: Date(storedMillis: row["createdAt"]),
            completedAt: date("completedAt"), resultsAvailableUntil: date("resultsAvailableUntil"))
    }

    static func fetchPhoneNormalization(_ db: Database, id: Int64, workspaceId: Int64? = nil) throws
        -> PhoneNormalizationRecord?
    {
        var sql = "SELECT * FROM phoneNormalization WHERE id = ?"
        var arguments: StatementArguments = [id]
        if let workspaceId {
            sql += " AND workspaceId = ?"
            _ = arguments.append(contentsOf: [workspaceId])
        }
        return try Row.fetchOne(db, sql: sql, arguments: arguments).map(phoneNormalizationRecord)
    }

    public func contactPhones(workspaceId: Int64, afterId: Int64, limit: Int) async throws
        -> [(id: Int64, phone: String)]
    {
        try await pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT id, phone FROM contact WHERE workspaceId = ? AND id > ? AND phone IS NOT NULL
                    ORDER BY id LIMIT ?
                    """,
                arguments: [workspaceId, afterId, limit]
            ).map { (id: $0["id"], phone: $0["phone"]) }
        }
    }

    public func phonesInUse(workspaceId: Int64, phones: [String]) async throws -> Set<String> {
        guard !phones.isEmpty else { return [] }
        return try await pool.read { db in
            var found = Set<String>()
            // At most 500 values per statement, well under SQLite's limit on bound parameters.
            for start in stride(from: 0, to: phones.count, by: 500) {
                let part = Array(phones[start..<min(start + 500, phones.count)])
                let marks = Array(repeating: "?", count: part.count).joined(separator: ",")
                let rows = try String.fetchAll(
                    db, sql: "SELECT DISTINCT phone FROM contact WHERE workspaceId = ? AND phone IN (\(marks))",
                    arguments: StatementArguments([workspaceId] + part))
                found.formUnion(rows)
            }
            return found
        }
    }

    public func startPhoneNormalization(workspaceId: Int64, startedBy: Int64, defaultCountry: String, now: Date)
        async throws -> PhoneNormalizationRecord
    {
        try await pool.write { db in
            if try Self.hasProcessingImport(db, workspaceId: workspaceId) { throw ImportError.importInProgress }
            let total =
                try Int.fetchOne(
                    db, sql: "SELECT count(*) FROM contact WHERE workspaceId = ? AND phone IS NOT NULL",
                    arguments: [workspaceId]) ?? 0
            try db.execute(
                sql: """
                    INSERT INTO phoneNormalization (workspaceId, startedBy, defaultCountry, status, total, createdAt)
                    VALUES (?, ?, ?, 'processing', ?, ?)
                    """,
                arguments: [workspaceId, startedBy, defaultCountry, total, now.storedMillis])
            return try Self.fetchPhoneNormalization(db, id: db.lastInsertedRowID)!
        }
    }

    public func phoneNormalization(workspaceId: Int64, id: Int64) async throws -> PhoneNormalizationRecord? {
        try await pool.read { db in try Self.fetchPhoneNormalization(db, id: id, workspaceId: workspaceId) }
    }

    public func phoneNormalization(id: Int64) async throws -> PhoneNormalizationRecord? {
        try await pool.read { db in try Self.fetchPhoneNormalization(db, id: id) }
    }

    public func phoneNormalizations(workspaceId: Int64, limit: Int) async throws -> [PhoneNormalizationRecord] {
        try await pool.read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM phoneNormalization WHERE workspaceId = ? ORDER BY id DESC LIMIT ?",
                arguments: [workspaceId, limit]
            ).map(Self.phoneNormalizationRecord)
        }
    }

    public func applyPhoneNormalizationBatch(_ batch: PhoneNormalizationBatch) async throws
        -> PhoneNormalizationRecord
    {
        try await pool.write { db in
            guard let job = try Self.fetchPhoneNormalization(db, id: batch.jobId, workspaceId: batch.workspaceId),
                job.status == .processing, job.lastContactId == batch.afterContactId
            else {
                throw ImportError(.wrongState, "The phone clean-up moved on elsewhere.")
            }
            let contacts = try Row.fetchAll(
                db,
                sql: """
                    SELECT id, phone FROM contact WHERE workspaceId = ? AND id > ? AND phone IS NOT NULL
                    ORDER BY id LIMIT ?
                    """,
                arguments: [batch.workspaceId, batch.afterContactId, batch.limit])
            guard let last = contacts.last else { return job }
            let holder = try db.makeStatement(
                sql: "SELECT 1 FROM contact WHERE workspaceId = ? AND phone = ? AND id <> ? LIMIT 1")
            let update = try db.makeStatement(sql: "UPDATE contact SET phone = ?, updatedAt = ? WHERE id = ?")
            var rewrites: [PhoneRewrite] = []
            rewrites.reserveCapacity(contacts.count)
            var counts = PhoneNormalizationCounts()
            for contact in contacts {
                let id: Int64 = contact["id"]
                let rewrite = try batch.decide(contactId: id, phone: contact["phone"]) { e164 in
                    try Bool.fetchOne(holder, arguments: [batch.workspaceId, e164, id]) ?? false
                }
                if rewrite.status == .changed {
                    try update.execute(arguments: [rewrite.newPhone, batch.now.storedMillis, id])
                }
                counts.add(rewrite.status)
                rewrites.append(rewrite)
            }
            let firstId: Int64 = contacts[0]["id"]
            try db.execute(
                sql: "INSERT INTO phoneNormalizationChunk (jobId, firstContactId, bytes) VALUES (?, ?, ?)",
                arguments: [batch.jobId, firstId, Data(batch.render(rewrites))])
            try db.execute(
                sql: """
                    UPDATE phoneNormalization SET done = done + ?, lastContactId = ?, changed = changed + ?,
                        unchanged = unchanged + ?, notValid = notValid + ?, conflicts = conflicts + ?
                    WHERE id = ?
                    """,
                arguments: [
                    contacts.count, last["id"] as Int64, counts.changed, counts.unchanged, counts.notValid,
                    counts.conflicts, batch.jobId,
                ])
            return try Self.fetchPhoneNormalization(db, id: batch.jobId)!
        }
    }

    public func completePhoneNormalization(id: Int64, resultsHeader: [UInt8], availableUntil: Date, now: Date)
        async throws -> PhoneNormalizationRecord
    {
        try await pool.write { db in
            guard let job = try Self.fetchPhoneNormalization(db, id: id), job.status == .processing else {
                throw ImportError(.wrongState, "The phone clean-up is not running.")
            }
            try db.execute(
                sql: "INSERT INTO phoneNormalizationChunk (jobId, firstContactId, bytes) VALUES (?, 0, ?)",
                arguments: [id, Data(resultsHeader)])
            try db.execute(
                sql: """
                    UPDATE phoneNormalization SET status = 'completed', completedAt = ?, resultsAvailableUntil = ?,
                        leaseOwner = NULL, leaseUntil = NULL
                    WHERE id = ?
                    """,
                arguments: [now.storedMillis, availableUntil.storedMillis, id])
            return try Self.fetchPhoneNormalization(db, id: id)!
        }
    }

    public func failPhoneNormalization(id: Int64, message: String, now: Date) async throws {
        try await pool.write { db in
            try db.execute(
                sql: """
                    UPDATE phoneNormalization SET status = 'failed', failureMessage = ?, completedAt = ?,
                        leaseOwner = NULL, leaseUntil = NULL
                    WHERE id = ? AND status = 'processing'
                    """,
                arguments: [message, now.storedMillis, id])
            try db.execute(sql: "DELETE FROM phoneNormalizationChunk WHERE jobId = ?", arguments: [id])
        }
    }

    public func phoneNormalizationResults(id: Int64) async throws -> [UInt8]? {
        try await pool.read { db in
            guard
                try String.fetchOne(db, sql: "SELECT status FROM phoneNormalization WHERE id = ?", arguments: [id])
                    == "completed"
            else { return nil }
            var file: [UInt8] = []
            let chunks = try Data.fetchCursor(
                db, sql: "SELECT bytes FROM phoneNormalizationChunk WHERE jobId = ? ORDER BY firstContactId",
                arguments: [id])
            while let chunk = try chunks.next() { file.append(contentsOf: chunk) }
            return file
        }
    }
}

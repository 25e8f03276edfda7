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

    /// The contacts with a phone after `afterId`, in id order: what the dry count reads and each batch rewrites.
    static func contactPhones(_ db: Database, workspaceId: Int64, afterId: Int64, limit: Int) throws
        -> [(id: Int64, phone: String)]
    {
        try Row.fetchAll(
            db,
            sql: """
                SELECT id, phone FROM contact WHERE workspaceId = ? AND id > ? AND phone IS NOT NULL
                ORDER BY id LIMIT ?
                """,
            arguments: [workspaceId, afterId, limit]
        ).map { (id: $0["id"], phone: $0["phone"]) }
    }

    public func contactPhones(workspaceId: Int64, afterId: Int64, limit: Int) async throws
        -> [(id: Int64, phone: String)]
    {
        try await pool.read { db in
            try Self.contactPhones(db, workspaceId: workspaceId, afterId: afterId, limit: limit)
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
            let contacts = try Self.contactPhones(
                db, workspaceId: batch.workspaceId, afterId: batch.afterContactId, limit: batch.limit)
            guard let last = contacts.last else { return job }
            let holder = try db.makeStatement(
                sql: "SELECT 1 FROM contact WHERE workspaceId = ? AND phone = ? AND id <> ? LIMIT 1")
            let update = try db.makeStatement(
                sql: "UPDATE contact SET phone = ?, updatedAt = ?, version = version + 1 WHERE id = ?")
            var rewrites: [PhoneRewrite] = []
            rewrites.reserveCapacity(contacts.count)
            var counts = PhoneNormalizationCounts()
            for (id, phone) in contacts {
                var rewrite = PhoneRewrite(contactId: id, oldPhone: phone, e164: batch.normalize(phone))
                if rewrite.status == .changed, let e164 = rewrite.newPhone {
                    if try Bool.fetchOne(holder, arguments: [batch.workspaceId, e164, id]) ?? false {
                        rewrite.status = .conflict
                    } else {
                        try update.execute(arguments: [e164, batch.now.storedMillis, id])
                    }
                }
                counts.add(rewrite.status)
                rewrites.append(rewrite)
            }
            try db.execute(
                sql: "INSERT INTO phoneNormalizationChunk (jobId, firstContactId, bytes) VALUES (?, ?, ?)",
                arguments: [batch.jobId, contacts[0].id, Data(batch.render(rewrites))])
            try db.execute(
                sql: """
                    UPDATE phoneNormalization SET done = done + ?, lastContactId = ?, changed = changed + ?,
                        unchanged = unchanged + ?, notValid = notValid + ?, conflicts = conflicts + ?
                    WHERE id = ?
                    """,
                arguments: [
                    contacts.count, last.id, counts.changed, counts.unchanged, counts.notValid,
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

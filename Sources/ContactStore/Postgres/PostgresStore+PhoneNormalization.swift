import Foundation
import ImportRules
import NIOCore
import PostgresNIO

// The clean-up of stored phones (SPEC §10) on PostgreSQL: the job slot is taken under the workspace row's lock, jobs
// are claimed with FOR UPDATE SKIP LOCKED and leased by the database's clock, and each batch locks its job row first.
extension PostgresStore {
    static let phoneNormalizationColumns = """
        id, workspace_id, started_by, default_country, status, total, done, last_contact_id, changed, unchanged,
        not_valid, conflicts, failure_message, created_at, completed_at, results_available_until
        """

    static func phoneNormalizationRecord(_ postgresRow: PostgresRow) throws -> PhoneNormalizationRecord {
        let row = postgresRow.makeRandomAccess()
        func value<T: PostgresDecodable>(_ column: String, _ type: T.Type = T.self) throws -> T {
            try row[column].decode(T.self)
        }
        func date(_ column: String) throws -> Date? { try value(column, Int64?.self).map(Date.init(storedMillis:)) }
        return PhoneNormalizationRecord(
            id: try value("id"), workspaceId: try value("workspace_id"), startedBy: try value("started_by"),
            defaultCountry: try value("default_country"),
            status: .init(rawValue: try value("status", String.self)) ?? .failed, total: try value("total", Int.self),
            done: try value("done", Int.self), lastContactId: try value("last_contact_id"),
            counts: PhoneNormalizationCounts(
                changed: try value("changed", Int.self), unchanged: try value("unchanged", Int.self),
                notValid: try value("not_valid", Int.self), conflicts: try value("conflicts", Int.self)),
            failureMessage: try value("failure_message"), createdAt: Date(storedMillis: try value("created_at")),
            completedAt: try date("completed_at"), resultsAvailableUntil: try date("results_available_until"))
    }

    func fetchPhoneNormalization(
        _ connection: PooledConnection?, id: Int64, workspaceId: Int64? = nil, forUpdate: Bool = false
    ) async throws -> PhoneNormalizationRecord? {
        let lock = forUpdate ? " FOR UPDATE" : ""
        var query: PostgresQuery =
            "SELECT \(unescaped: Self.phoneNormalizationColumns) FROM phone_normalization WHERE id = \(id)\(unescaped: lock)"
        if let workspaceId {
            query = """
                SELECT \(unescaped: Self.phoneNormalizationColumns) FROM phone_normalization
                WHERE id = \(id) AND workspace_id = \(workspaceId)\(unescaped: lock)
                """
        }
        return try await rows(query, on: connection).first.map(Self.phoneNormalizationRecord)
    }

    /// The contacts with a phone after `afterId`, in id order, inside `connection`'s transaction or from the pool:
    /// what the dry count reads and each batch rewrites.
    func contactPhones(_ connection: PooledConnection?, workspaceId: Int64, afterId: Int64, limit: Int)
        async throws -> [(id: Int64, phone: String)]
    {
        try await rows(
            """
            SELECT id, phone FROM contact WHERE workspace_id = \(workspaceId) AND id > \(afterId) AND phone IS NOT NULL
            ORDER BY id LIMIT \(limit)
            """, on: connection
        ).map { row in
            let (id, phone) = try row.decode((Int64, String).self)
            return (id: id, phone: phone)
        }
    }

    public func contactPhones(workspaceId: Int64, afterId: Int64, limit: Int) async throws
        -> [(id: Int64, phone: String)]
    {
        try await contactPhones(nil, workspaceId: workspaceId, afterId: afterId, limit: limit)
    }

    public func startPhoneNormalization(workspaceId: Int64, startedBy: Int64, defaultCountry: String, now: Date)
        async throws -> PhoneNormalizationRecord
    {
        do {
            return try await transaction { connection in
                try await lockJobSlot(connection, workspaceId: workspaceId)
                if try await hasProcessingImport(connection, workspaceId: workspaceId) {
                    throw ImportError.importInProgress
                }
                let id = try await connection.rows(
                    """
                    INSERT INTO phone_normalization (workspace_id, started_by, default_country, status, total, created_at)
                    SELECT \(workspaceId), \(startedBy), \(defaultCountry), 'processing', count(*), \(now.storedMillis)
                    FROM contact WHERE workspace_id = \(workspaceId) AND phone IS NOT NULL
                    RETURNING id
                    """, logger: logger
                )[0].decode(Int64.self)
                return try await fetchPhoneNormalization(connection, id: id)!
            }
        } catch  where Self.isUniqueViolation(error) {
            throw ImportError.importInProgress
        }
    }

    public func phoneNormalization(workspaceId: Int64, id: Int64) async throws -> PhoneNormalizationRecord? {
        try await fetchPhoneNormalization(nil, id: id, workspaceId: workspaceId)
    }

    public func phoneNormalization(id: Int64) async throws -> PhoneNormalizationRecord? {
        try await fetchPhoneNormalization(nil, id: id)
    }

    public func phoneNormalizations(workspaceId: Int64, limit: Int) async throws -> [PhoneNormalizationRecord] {
        try await rows(
            """
            SELECT \(unescaped: Self.phoneNormalizationColumns) FROM phone_normalization
            WHERE workspace_id = \(workspaceId) ORDER BY id DESC LIMIT \(limit)
            """
        ).map(Self.phoneNormalizationRecord)
    }

    public func applyPhoneNormalizationBatch(_ batch: PhoneNormalizationBatch) async throws
        -> PhoneNormalizationRecord
    {
        try await transaction { connection in
            guard
                let job = try await fetchPhoneNormalization(
                    connection, id: batch.jobId, workspaceId: batch.workspaceId, forUpdate: true),
                job.status == .processing, job.lastContactId == batch.afterContactId
            else {
                throw ImportError(.wrongState, "The phone clean-up moved on elsewhere.")
            }
            let contacts = try await contactPhones(
                connection, workspaceId: batch.workspaceId, afterId: batch.afterContactId, limit: batch.limit)
            guard let last = contacts.last else { return job }
            var rewrites: [PhoneRewrite] = []
            rewrites.reserveCapacity(contacts.count)
            var counts = PhoneNormalizationCounts()
            for (id, phone) in contacts {
                var rewrite = PhoneRewrite(contactId: id, oldPhone: phone, e164: batch.normalize(phone))
                if rewrite.status == .changed, let e164 = rewrite.newPhone {
                    let held = try await !connection.rows(
                        """
                        SELECT 1 FROM contact
                        WHERE workspace_id = \(batch.workspaceId) AND phone = \(e164) AND id <> \(id) LIMIT 1
                        """, logger: logger
                    ).isEmpty
                    if held {
                        rewrite.status = .conflict
                    } else {
                        try await connection.query(
                            """
                            UPDATE contact SET phone = \(e164), updated_at = \(batch.now.storedMillis),
                                version = version + 1
                            WHERE id = \(id)
                            """,
                            logger: logger)
                    }
                }
                counts.add(rewrite.status)
                rewrites.append(rewrite)
            }
            try await connection.query(
                """
                INSERT INTO phone_normalization_chunk (job_id, first_contact_id, bytes)
                VALUES (\(batch.jobId), \(contacts[0].id), \(ByteBuffer(bytes: batch.render(rewrites))))
                """, logger: logger)
            try await connection.query(
                """
                UPDATE phone_normalization SET done = done + \(contacts.count), last_contact_id = \(last.id),
                    changed = changed + \(counts.changed), unchanged = unchanged + \(counts.unchanged),
                    not_valid = not_valid + \(counts.notValid), conflicts = conflicts + \(counts.conflicts)
                WHERE id = \(batch.jobId)
                """, logger: logger)
            return try await fetchPhoneNormalization(connection, id: batch.jobId)!
        }
    }

    public func completePhoneNormalization(id: Int64, resultsHeader: [UInt8], availableUntil: Date, now: Date)
        async throws -> PhoneNormalizationRecord
    {
        try await transaction { connection in
            guard let job = try await fetchPhoneNormalization(connection, id: id, forUpdate: true),
                job.status == .processing
            else {
                throw ImportError(.wrongState, "The phone clean-up is not running.")
            }
            try await connection.query(
                """
                INSERT INTO phone_normalization_chunk (job_id, first_contact_id, bytes)
                VALUES (\(id), 0, \(ByteBuffer(bytes: resultsHeader)))
                """, logger: logger)
            try await connection.query(
                """
                UPDATE phone_normalization SET status = 'completed', completed_at = \(now.storedMillis),
                    results_available_until = \(availableUntil.storedMillis), lease_owner = NULL, lease_until = NULL
                WHERE id = \(id)
                """, logger: logger)
            return try await fetchPhoneNormalization(connection, id: id)!
        }
    }

    public func failPhoneNormalization(id: Int64, message: String, now: Date) async throws {
        try await transaction { connection in
            try await connection.query(
                """
                UPDATE phone_normalization SET status = 'failed', failure_message = \(message),
                    completed_at = \(now.storedMillis), lease_owner = NULL, lease_until = NULL
                WHERE id = \(id) AND status = 'processing'
                """, logger: logger)
            try await connection.query("DELETE FROM phone_normalization_chunk WHERE job_id = \(id)", logger: logger)
        }
    }

    public func phoneNormalizationResults(id: Int64) async throws -> [UInt8]? {
        try await transaction { connection in
            guard
                try await connection.rows(
                    "SELECT status FROM phone_normalization WHERE id = \(id)", logger: logger
                ).first?.decode(String.self) == "completed"
            else { return nil }
            var file: [UInt8] = []
            for row in try await connection.rows(
                "SELECT bytes FROM phone_normalization_chunk WHERE job_id = \(id) ORDER BY first_contact_id",
                logger: logger)
            {
                var buffer = try row.decode(ByteBuffer.self)
                file.append(contentsOf: buffer.readBytes(length: buffer.readableBytes) ?? [])
            }
            return file
        }
    }
}

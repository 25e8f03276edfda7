import ContactModel
import Foundation
import ImportRules
import Logging
import NIOCore
import PostgresNIO

extension PostgresStore {
    static let importColumns = """
        import.id, import.workspace_id, import.uploaded_by, app_user.email AS uploaded_by_email, import.file_name,
        import.status, import.canceled_reason, import.row_count, import.encoding, import.delimiter, import.columns,
        import.config, import.imported, import.updated, import.skipped, import.errors, import.progress_done,
        import.tags_added::text AS tags_added, import.failure_message, import.review_expires_at, import.created_at,
        import.started_at, import.completed_at, import.results_available_until, import.phone_numbers,
        import.phones_normalized, import.review_revision, import.corrected_rows, import.error_groups,
        import.values_replaced, import.values_cleared, import.tags_removed, import.undo_records,
        import.undo_after_row, import.undo_deleted, import.undo_restored, import.undo_kept_changed,
        import.undo_kept_deleted, import.undone_by, import.undo_started_at, import.undone_at
        """
    static let importFrom = "import JOIN app_user ON app_user.id = import.uploaded_by"

    static func importRecord(_ postgresRow: PostgresRow) throws -> ImportRecord {
        let row = postgresRow.makeRandomAccess()
        func value<T: PostgresDecodable>(_ column: String, _ type: T.Type = T.self) throws -> T {
            try row[column].decode(T.self)
        }
        func date(_ column: String) throws -> Date? { try value(column, Int64?.self).map(Date.init(storedMillis:)) }
        var record = ImportRecord(
            id: try value("id"), workspaceId: try value("workspace_id"), uploadedBy: try value("uploaded_by"),
            uploadedByEmail: try value("uploaded_by_email"), fileName: try value("file_name"),
            status: ImportState(rawValue: try value("status")) ?? .failed,
            canceledReason: try value("canceled_reason", String?.self).flatMap(CancelReason.init(rawValue:)),
            rowCount: try value("row_count", Int.self), encoding: try value("encoding"),
            delimiter: try value("delimiter"),
            columns: try StoredImportJSON.decode([ImportColumn].self, from: try value("columns")),
            setup: try StoredImportJSON.decode(ImportSetup.self, from: try value("config")),
            summary: ImportSummary(
                imported: try value("imported", Int.self), updated: try value("updated", Int.self),
                skipped: try value("skipped", Int.self), errors: try value("errors", Int.self),
                phonesNormalized: try value("phones_normalized", Int.self),
                valuesReplaced: try value("values_replaced", Int.self),
                valuesCleared: try value("values_cleared", Int.self), tagsRemoved: try value("tags_removed", Int.self)),
            phones: PhoneRule(stored: try value("phone_numbers", String?.self)),
            progressDone: try value("progress_done", Int.self),
            tagsAdded: try StoredJSON.decodeStrings(try value("tags_added")),
            failureMessage: try value("failure_message"), reviewExpiresAt: try date("review_expires_at"),
            createdAt: Date(storedMillis: try value("created_at")), startedAt: try date("started_at"),
            completedAt: try date("completed_at"), resultsAvailableUntil: try date("results_available_until"))
        record.reviewRevision = try value("review_revision", Int.self)
        record.correctedRows = try value("corrected_rows", Int.self)
        if let groups = try value("error_groups", String?.self) {
            record.errorGroups = try StoredImportJSON.decode([ErrorGroup].self, from: groups)
        }
        record.undoRecords = try value("undo_records", Int.self)
        record.undoAfterRow = try value("undo_after_row", Int.self)
        record.undoSummary = UndoSummary(
            deleted: try value("undo_deleted", Int.self), restored: try value("undo_restored", Int.self),
            keptChanged: try value("undo_kept_changed", Int.self),
            keptDeleted: try value("undo_kept_deleted", Int.self))
        record.undoneBy = try value("undone_by", Int64?.self)
        record.undoStartedAt = try date("undo_started_at")
        record.undoneAt = try date("undone_at")
        return record
    }

    func fetchImport(_ connection: PooledConnection?, id: Int64, workspaceId: Int64? = nil) async throws
        -> ImportRecord?
    {
        var query: PostgresQuery =
            "SELECT \(unescaped: Self.importColumns) FROM \(unescaped: Self.importFrom) WHERE import.id = \(id)"
        if let workspaceId {
            query =
                "SELECT \(unescaped: Self.importColumns) FROM \(unescaped: Self.importFrom) WHERE import.id = \(id) AND import.workspace_id = \(workspaceId)"
        }
        let rows = try await rows(query, on: connection)
        return try rows.first.map(Self.importRecord)
    }

    func requireImport(_ connection: PooledConnection, id: Int64, workspaceId: Int64) async throws -> ImportRecord {
        guard let record = try await fetchImport(connection, id: id, workspaceId: workspaceId) else {
            throw ImportError.noSuchImport
        }
        return record
    }

    /// Locks the import's row for the rest of the transaction and reads it; `noSuchImport` when the workspace has no
    /// such import.
    func lockedImport(_ connection: PooledConnection, id: Int64, workspaceId: Int64) async throws -> ImportRecord {
        guard
            try await !connection.rows(
                "SELECT 1 FROM import WHERE id = \(id) AND workspace_id = \(workspaceId) FOR UPDATE", logger: logger
            ).isEmpty
        else { throw ImportError.noSuchImport }
        return try await requireImport(connection, id: id, workspaceId: workspaceId)
    }

    /// Locks the import's row for the rest of the transaction and reads its state (for the job's end steps, which
    /// know the import by id alone); `noSuchImport` when there is no such import.
    func lockedState(_ connection: PooledConnection, importId: Int64) async throws -> ImportState {
        guard
            let status = try await connection.rows(
                "SELECT status FROM import WHERE id = \(importId) FOR UPDATE", logger: logger
            ).first?.decode(String.self)
        else { throw ImportError.noSuchImport }
        return ImportState(rawValue: status) ?? .failed
    }

    /// Whether the workspace's one job slot is taken (an import or a phone clean-up is processing), inside
    /// `connection`'s transaction or from the pool.
    func hasProcessingImport(_ connection: PooledConnection?, workspaceId: Int64) async throws -> Bool {
        try await !rows(
            """
            SELECT 1 FROM import WHERE workspace_id = \(workspaceId) AND status IN ('processing', 'undoing')
            UNION ALL SELECT 1 FROM phone_normalization WHERE workspace_id = \(workspaceId) AND status = 'processing'
            """, on: connection
        ).isEmpty
    }

    /// Locks the workspace's row for the rest of the transaction: starting an import and starting a phone clean-up
    /// take it first, so two servers cannot both fill the one job slot from its two tables.
    func lockJobSlot(_ connection: PooledConnection, workspaceId: Int64) async throws {
        _ = try await connection.rows("SELECT 1 FROM workspace WHERE id = \(workspaceId) FOR UPDATE", logger: logger)
    }

    public func createImport(_ new: NewImport, file: [UInt8]) async throws -> ImportRecord {
        let (columnsJSON, setupJSON) = (
            try StoredImportJSON.encode(new.columns), try StoredImportJSON.encode(new.setup)
        )
        return try await transaction { connection in
            try ImportLifecycle.upload(
                jobSlotTaken: try await hasProcessingImport(connection, workspaceId: new.workspaceId))
            let rows = try await connection.rows(
                """
                INSERT INTO import (workspace_id, uploaded_by, file_name, status, row_count, encoding, delimiter,
                                    columns, config, created_at)
                VALUES (\(new.workspaceId), \(new.uploadedBy), \(new.fileName), 'draft', \(new.rowCount), \(new.encoding),
                        \(new.delimiter), \(columnsJSON), \(setupJSON), \(Date().storedMillis))
                RETURNING id
                """, logger: logger)
            let id = try rows[0].decode(Int64.self)
            try await connection.query(
                "INSERT INTO import_file (import_id, kind, bytes) VALUES (\(id), 'upload', \(ByteBuffer(bytes: file)))",
                logger: logger)
            return try await requireImport(connection, id: id, workspaceId: new.workspaceId)
        }
    }

    public func replaceImportFile(workspaceId: Int64, id: Int64, with new: NewImport, file: [UInt8]) async throws
        -> ImportRecord
    {
        let (columnsJSON, setupJSON) = (
            try StoredImportJSON.encode(new.columns), try StoredImportJSON.encode(new.setup)
        )
        return try await transaction { connection in
            let record = try await lockedImport(connection, id: id, workspaceId: workspaceId)
            try ImportLifecycle.edit(record.lifecycle)
            try await connection.query(
                """
                UPDATE import SET file_name = \(new.fileName), row_count = \(new.rowCount), encoding = \(new.encoding),
                    delimiter = \(new.delimiter), columns = \(columnsJSON), config = \(setupJSON), status = 'draft',
                    review_expires_at = NULL, imported = 0, updated = 0, skipped = 0, errors = 0,
                    phone_numbers = NULL, phones_normalized = 0, review_revision = review_revision + 1,
                    corrected_rows = 0, error_groups = NULL, values_replaced = 0, values_cleared = 0, tags_removed = 0
                WHERE id = \(id)
                """, logger: logger)
            try await connection.query("DELETE FROM import_file WHERE import_id = \(id)", logger: logger)
            try await connection.query("DELETE FROM import_correction WHERE import_id = \(id)", logger: logger)
            try await connection.query(
                "INSERT INTO import_file (import_id, kind, bytes) VALUES (\(id), 'upload', \(ByteBuffer(bytes: file)))",
                logger: logger)
            return try await requireImport(connection, id: id, workspaceId: workspaceId)
        }
    }

    public func importRecord(workspaceId: Int64, id: Int64) async throws -> ImportRecord? {
        try await fetchImport(nil, id: id, workspaceId: workspaceId)
    }

    public func jobSlotTaken(workspaceId: Int64) async throws -> Bool {
        try await hasProcessingImport(nil, workspaceId: workspaceId)
    }

    public func importRecord(id: Int64) async throws -> ImportRecord? {
        try await fetchImport(nil, id: id)
    }

    public func imports(workspaceId: Int64) async throws -> [ImportRecord] {
        try await rows(
            """
            SELECT \(unescaped: Self.importColumns) FROM \(unescaped: Self.importFrom)
            WHERE import.workspace_id = \(workspaceId) ORDER BY import.id DESC
            """
        ).map(Self.importRecord)
    }

    public func importFile(importId: Int64, kind: ImportFileKind) async throws -> [UInt8]? {
        if kind == .results {
            // A completed import's results file is its header and every batch's rows, kept as the job wrote them.
            // One statement: the status and the chunks are read from one snapshot.
            let rows = try await rows(
                """
                SELECT import_result_chunk.bytes FROM import
                JOIN import_result_chunk ON import_result_chunk.import_id = import.id
                WHERE import.id = \(importId) AND import.status IN ('completed', 'undoing', 'undone')
                ORDER BY import_result_chunk.first_row
                """)
            guard !rows.isEmpty else { return nil }
            var file: [UInt8] = []
            for row in rows {
                let chunk = try row.decode(ByteBuffer.self)
                file.append(contentsOf: chunk.readableBytesView)
            }
            return file
        }
        return try await rows("SELECT bytes FROM import_file WHERE import_id = \(importId) AND kind = \(kind.rawValue)")
            .first.map { Array(try $0.decode(ByteBuffer.self).readableBytesView) }
    }

    public func saveImportConfig(workspaceId: Int64, id: Int64, configuration: ImportConfiguration) async throws
        -> ImportRecord
    {
        let configJSON = try StoredImportJSON.encode(ImportSetup.configured(configuration))
        return try await transaction { connection in
            let record = try await lockedImport(connection, id: id, workspaceId: workspaceId)
            try ImportLifecycle.edit(record.lifecycle)
            try await connection.query(
                """
                UPDATE import SET config = \(configJSON), status = 'draft', review_expires_at = NULL,
                    imported = 0, updated = 0, skipped = 0, errors = 0, error_groups = NULL,
                    values_replaced = 0, values_cleared = 0, tags_removed = 0, review_revision = review_revision + 1
                WHERE id = \(id)
                """, logger: logger)
            try await connection.query(
                "DELETE FROM import_file WHERE import_id = \(id) AND kind = 'errors'", logger: logger)
            return try await requireImport(connection, id: id, workspaceId: workspaceId)
        }
    }

    public func saveReview(
        workspaceId: Int64, id: Int64, reviewed: ImportConfiguration, phones: PhoneRule, summary: ImportSummary,
        errorFile: [UInt8], errorGroups: [ErrorGroup], revision: Int?, expiresAt: Date
    ) async throws -> ImportRecord {
        let groupsJSON = try StoredImportJSON.encode(errorGroups)
        return try await transaction { connection in
            let record = try await lockedImport(connection, id: id, workspaceId: workspaceId)
            try ImportLifecycle.edit(record.lifecycle)
            guard record.setup == .configured(reviewed) else { throw ImportError.configurationChanged }
            if let revision, record.reviewRevision != revision { throw StoredCorrections.revisionMoved }
            try await connection.query(
                """
                UPDATE import SET status = 'review', review_expires_at = \(expiresAt.storedMillis),
                    imported = \(summary.imported), updated = \(summary.updated), skipped = \(summary.skipped),
                    errors = \(summary.errors), phone_numbers = \(phones.stored),
                    phones_normalized = \(summary.phonesNormalized), error_groups = \(groupsJSON),
                    values_replaced = \(summary.valuesReplaced), values_cleared = \(summary.valuesCleared),
                    tags_removed = \(summary.tagsRemoved), review_revision = review_revision + 1
                WHERE id = \(id)
                """, logger: logger)
            try await connection.query(
                """
                INSERT INTO import_file (import_id, kind, bytes) VALUES (\(id), 'errors', \(ByteBuffer(bytes: errorFile)))
                ON CONFLICT (import_id, kind) DO UPDATE SET bytes = EXCLUDED.bytes
                """, logger: logger)
            return try await requireImport(connection, id: id, workspaceId: workspaceId)
        }
    }

    public func startImport(workspaceId: Int64, id: Int64, now: Date, leasedTo claim: JobLeaseClaim?) async throws
        -> ImportRecord
    {
        // A review found expired here is canceled in its own committed transaction, then reported.
        enum Outcome: Sendable {
            case started(ImportRecord)
            case expired
        }
        let outcome: Outcome
        do {
            outcome = try await transaction { connection -> Outcome in
                try await lockJobSlot(connection, workspaceId: workspaceId)
                let record = try await lockedImport(connection, id: id, workspaceId: workspaceId)
                let decision = try ImportLifecycle.start(
                    record.lifecycle, now: now,
                    jobSlotTaken: try await hasProcessingImport(connection, workspaceId: workspaceId))
                switch decision {
                case .expire:
                    try await cancel(connection, id: id, reason: .sessionExpired)
                    return .expired
                case .start:
                    try await connection.query(
                        """
                        UPDATE import SET status = 'processing', started_at = \(now.storedMillis), progress_done = 0,
                            imported = 0, updated = 0, skipped = 0, errors = 0, lease_owner = \(claim?.owner),
                            lease_until = \(unescaped: Self.nowMillisSQL) + \(claim?.lease.storedMillis)
                        WHERE id = \(id)
                        """, logger: logger)
                case .resume:
                    // The checkpoint, counts and start time stay; what said it had failed goes.
                    try await connection.query(
                        """
                        UPDATE import SET status = 'processing', failure_message = NULL, completed_at = NULL,
                            results_available_until = NULL, lease_owner = \(claim?.owner),
                            lease_until = \(unescaped: Self.nowMillisSQL) + \(claim?.lease.storedMillis)
                        WHERE id = \(id)
                        """, logger: logger)
                }
                return .started(try await requireImport(connection, id: id, workspaceId: workspaceId))
            }
        } catch  where Self.isUniqueViolation(error) {
            // Another server started an import of this workspace at the same moment.
            throw ImportError.importInProgress
        }
        switch outcome {
        case .started(let record): return record
        case .expired: throw ImportError.sessionExpired
        }
    }

    public func cancelImport(workspaceId: Int64, id: Int64) async throws -> ImportRecord {
        try await transaction { connection in
            let record = try await lockedImport(connection, id: id, workspaceId: workspaceId)
            try ImportLifecycle.cancel(record.lifecycle)
            try await cancel(connection, id: id, reason: .user)
            return try await requireImport(connection, id: id, workspaceId: workspaceId)
        }
    }

    func cancel(_ connection: PooledConnection, id: Int64, reason: CancelReason) async throws {
        try await connection.query(
            "UPDATE import SET status = 'canceled', canceled_reason = \(reason.rawValue) WHERE id = \(id)",
            logger: logger)
        try await connection.query("DELETE FROM import_file WHERE import_id = \(id)", logger: logger)
        try await connection.query("DELETE FROM import_correction WHERE import_id = \(id)", logger: logger)
    }

    public func expireReviews(now: Date) async throws -> Int {
        try await transaction { connection in
            let ids = try await connection.rows(
                """
                UPDATE import SET status = 'canceled', canceled_reason = \(CancelReason.sessionExpired.rawValue)
                WHERE status = 'review' AND review_expires_at <= \(now.storedMillis) RETURNING id
                """, logger: logger
            ).map { try $0.decode(Int64.self) }
            if !ids.isEmpty {
                try await connection.query("DELETE FROM import_file WHERE import_id = ANY(\(ids))", logger: logger)
                try await connection.query(
                    "DELETE FROM import_correction WHERE import_id = ANY(\(ids))", logger: logger)
            }
            return ids.count
        }
    }

    public func expireResults(now: Date) async throws -> Int {
        try await transaction { connection in
            let ids = try await connection.rows(
                """
                UPDATE import SET status = 'expired'
                WHERE status = 'completed' AND results_available_until <= \(now.storedMillis) RETURNING id
                """, logger: logger
            ).map { try $0.decode(Int64.self) }
            // An undone import keeps its status; its results and undo files go at the same time (SPEC §12), and it
            // is kept until nothing more (NULL).
            let undone = try await connection.rows(
                """
                UPDATE import SET results_available_until = NULL
                WHERE status = 'undone' AND results_available_until <= \(now.storedMillis) RETURNING id
                """, logger: logger
            ).map { try $0.decode(Int64.self) }
            // A failed import that was not started again in time stays failed and can no longer be: its upload,
            // checkpoint and rows go (NULL).
            let failed = try await connection.rows(
                """
                UPDATE import SET results_available_until = NULL
                WHERE status = 'failed' AND results_available_until <= \(now.storedMillis) RETURNING id
                """, logger: logger
            ).map { try $0.decode(Int64.self) }
            if !failed.isEmpty {
                try await connection.query(
                    "DELETE FROM import_correction WHERE import_id = ANY(\(failed))", logger: logger)
            }
            let dropped = ids + undone + failed
            if !dropped.isEmpty {
                for table in ["import_file", "import_result_chunk", "import_before_values", "import_undo_chunk"] {
                    try await connection.query(
                        "DELETE FROM \(unescaped: table) WHERE import_id = ANY(\(dropped))", logger: logger)
                }
            }
            // The phone clean-up's results files are kept as long as imports' (SPEC §10).
            let cleanUps = try await connection.rows(
                """
                UPDATE phone_normalization SET status = 'expired'
                WHERE status = 'completed' AND results_available_until <= \(now.storedMillis) RETURNING id
                """, logger: logger
            ).map { try $0.decode(Int64.self) }
            if !cleanUps.isEmpty {
                try await connection.query(
                    "DELETE FROM phone_normalization_chunk WHERE job_id = ANY(\(cleanUps))", logger: logger)
            }
            return dropped.count + cleanUps.count
        }
    }

    public func existingContacts(workspaceId: Int64, keys: [IdentifierKey], withValues: Bool) async throws
        -> [IdentifierKey: [Contact]]
    {
        guard !keys.isEmpty else { return [:] }
        // Each key once: the join below would return a key's contacts once per copy of it. In order, so consecutive
        // probes of the index land on the same or neighbouring pages.
        let (unsortedPhones, unsortedEmails, unsortedIds) = Array(Set(keys)).byKind()
        let (phones, emails, ids) = (unsortedPhones.sorted(), unsortedEmails.sorted(), unsortedIds.sorted())
        // One statement per kind of identifier, each value list one array parameter, joined key by key to the
        // contacts: `column = ANY($1)` over 5,000 keys was planned as anything from index probes to a sequential scan
        // of every contact, by the statistics of the moment (21–270 ms per lookup on 1,000,000 contacts), while a
        // join on `unnest` of the keys is planned as index probes (27–37 ms). docs/POSTGRESQL.md.
        var queries: [(column: String, query: PostgresQuery)] = []
        let columns = withValues ? Self.contactColumns : "id, phone, email_key"
        if !phones.isEmpty {
            queries.append(
                (
                    "phone",
                    """
                    SELECT \(unescaped: columns) FROM unnest(\(phones)::text[]) AS wanted(key)
                    JOIN contact ON contact.workspace_id = \(workspaceId) AND contact.phone = wanted.key
                    """
                ))
        }
        if !emails.isEmpty {
            queries.append(
                (
                    "emailKey",
                    """
                    SELECT \(unescaped: columns) FROM unnest(\(emails)::text[]) AS wanted(key)
                    JOIN contact ON contact.workspace_id = \(workspaceId) AND contact.email_key = wanted.key
                    """
                ))
        }
        if !ids.isEmpty {
            queries.append(
                (
                    "id",
                    """
                    SELECT \(unescaped: columns) FROM unnest(\(ids)::bigint[]) AS wanted(key)
                    JOIN contact ON contact.workspace_id = \(workspaceId) AND contact.id = wanted.key
                    """
                ))
        }
        var result: [IdentifierKey: [Contact]] = [:]
        let epoch = Date(timeIntervalSince1970: 0)
        guard withValues else {
            for (column, query) in queries {
                for row in try await rows(query) {
                    let (id, phone, emailKey) = try row.decode((Int64, String?, String?).self)
                    let key: IdentifierKey
                    switch column {
                    case "phone":
                        guard let phone else { continue }
                        key = .phone(phone)
                    case "emailKey":
                        guard let emailKey else { continue }
                        key = .email(emailKey)
                    default: key = .contactId(id)
                    }
                    result[key, default: []].append(Contact(id: id, firstName: "", createdAt: epoch, updatedAt: epoch))
                }
            }
            return result
        }
        let wanted = Set(keys)
        var seen = Set<Int64>()
        for (_, query) in queries {
            for row in try await rows(query) {
                let contact = try Self.contact(from: row)
                guard seen.insert(contact.id).inserted else { continue }
                var contactKeys: [IdentifierKey] = [.contactId(contact.id)]
                if let phone = contact.phone { contactKeys.append(.phone(phone)) }
                if let email = contact.email { contactKeys.append(.email(ValueRule.emailMatchKey(email))) }
                for key in contactKeys where wanted.contains(key) { result[key, default: []].append(contact) }
            }
        }
        // The same order as SQLite's (by id) for several contacts sharing a value.
        for key in result.keys where result[key]!.count > 1 { result[key]!.sort { $0.id < $1.id } }
        return result
    }

    public func applyImportBatch(importId: Int64, workspaceId: Int64, doneBefore: Int, chunks: any ImportChunkSource)
        async throws -> Int
    {
        try await transaction { connection in
            // The fence: the row lock orders concurrent writers, the checkpoint refuses a batch applied already.
            guard
                let row = try await connection.rows(
                    "SELECT status, progress_done FROM import WHERE id = \(importId) AND workspace_id = \(workspaceId) FOR UPDATE",
                    logger: logger
                ).first
            else { throw ImportError.noSuchImport }
            let (status, progressDone) = try row.decode((String, Int).self)
            try ImportLifecycle.applyBatch(
                state: ImportState(rawValue: status) ?? .failed, progressDone: progressDone, doneBefore: doneBefore)
            var done = doneBefore
            var summary = ImportSummary()
            var undoRecords = 0
            let now = Date()
            while let chunk = try await chunks.next() {
                if chunk.outcomes.isEmpty { continue }
                try chunk.requireFollows(row: done, importId: importId)
                var outcomes = chunk.outcomes
                var undo = UndoRecordBuffer()
                let gone = try await applyUpdates(
                    connection, workspaceId: workspaceId, outcomes: &outcomes, undo: &undo, now: now)
                // The new contacts' values as the job encoded them ahead (an update turned into an error above
                // changes no add).
                var addedRows: [Int] = []
                for outcome in outcomes {
                    if case .add = outcome.write { addedRows.append(outcome.rowNumber) }
                    summary.add(outcome.status)
                }
                let writes = try chunk.writes()
                let ids = try await Self.addContacts(
                    connection, workspaceId: workspaceId, values: writes.newContacts, tags: writes.newContactTags,
                    now: now, logger: logger)
                for (row, id) in zip(addedRows, ids) { undo.added(row: row, contactId: id) }
                let rendered = try chunk.resultRows(final: outcomes, changed: gone > 0)
                try await connection.query(
                    """
                    INSERT INTO import_result_chunk (import_id, first_row, bytes)
                    VALUES (\(importId), \(done + 1), \(ByteBuffer(bytes: rendered)))
                    """, logger: logger)
                if undo.count > 0 {
                    try await connection.query(
                        """
                        INSERT INTO import_before_values (import_id, first_row, bytes)
                        VALUES (\(importId), \(done + 1), \(ByteBuffer(bytes: undo.bytes)))
                        """, logger: logger)
                    undoRecords += undo.count
                    try await connection.query(
                        """
                        INSERT INTO contact_import (contact_id, import_id, added)
                        SELECT unnest(\(undo.contactIds)::bigint[]), \(importId), unnest(\(undo.added)::boolean[])
                        ON CONFLICT DO NOTHING
                        """, logger: logger)
                }
                done += outcomes.count
            }
            try await connection.query(
                """
                UPDATE import SET progress_done = \(done), imported = imported + \(summary.imported),
                    updated = updated + \(summary.updated), skipped = skipped + \(summary.skipped),
                    errors = errors + \(summary.errors), undo_records = undo_records + \(undoRecords)
                WHERE id = \(importId)
                """, logger: logger)
            return done
        }
    }

    /// Applies the batch's updates set-based: COPY into a temporary table (one row per update, with a flag for each
    /// column it writes), then one UPDATE joining it. Each update writes only the columns its row changes (custom
    /// values through one JSON merge), so values changed elsewhere since the lookup are kept. A contact deleted
    /// since the lookup turns its row into an Error rather than a silent no-op; returns how many rows did.
    @discardableResult
    func applyUpdates(
        _ connection: PooledConnection, workspaceId: Int64, outcomes: inout [RowOutcome],
        undo: inout UndoRecordBuffer, now: Date
    ) async throws -> Int {
        var staged = CopyRows()
        var positions: [Int64: Int] = [:]
        var newTags: [Int64: [String]] = [:]
        for index in outcomes.indices {
            guard case .update(let id, let changes) = outcomes[index].write, !changes.isEmpty else { continue }
            positions[id] = index
            if let tags = changes.tags { newTags[id] = tags }
            var firstName: String?
            var set: [StandardField: String?] = [:]
            var customPatch: [(String, FieldValue?)] = []
            for change in changes.fields {
                let text = change.value?.stringValue
                switch change.field {
                case .standard(.firstName):
                    if let text { firstName = text }
                case .standard(.lastName), .standard(.phone), .standard(.email), .standard(.language),
                    .standard(.country):
                    guard case .standard(let field) = change.field else { continue }
                    set[field] = .some(text)
                case .standard(.tags), .standard(.contactId):
                    continue
                case .custom(let fieldId):
                    customPatch.append((fieldId, change.value))
                }
            }
            staged.append(id)
            staged.append(firstName)
            for field in [StandardField.lastName, .phone, .email, .language, .country] {
                if let value = set[field] {
                    staged.append(true)
                    staged.append(value)
                } else {
                    staged.append(false)
                    staged.append(nil)
                }
            }
            staged.append(set[.email].flatMap { $0 }.map(ValueRule.emailMatchKey))
            staged.append(try changes.tags.map { try StoredJSON.encode($0) })
            staged.append(customPatch.isEmpty ? nil : StoredJSON.mergePatch(customPatch))
            staged.endRow()
        }
        guard !positions.isEmpty else { return 0 }
        // What the contacts are just before the updates, read under the rows' locks: recorded for the undo (SPEC §12),
        // and the tags these updates replace, for the tag index. In row order, as the chunk's records go.
        var oldTags: [Int64: [String]] = [:]
        var before: [(row: Int, id: Int64, version: Int64, values: [String?])] = []
        for row in try await connection.rows(
            """
            SELECT id, first_name, last_name, phone, email, language, country, custom::text, tags::text, version
            FROM contact
            WHERE workspace_id = \(workspaceId) AND id = ANY(\(Array(positions.keys))) FOR UPDATE
            """, logger: logger)
        {
            let (id, firstName, lastName, phone, email, language, country, custom, tags, version) = try row.decode(
                (Int64, String, String?, String?, String?, String?, String?, String?, String, Int64).self)
            guard let position = positions[id] else { continue }
            if newTags[id] != nil { oldTags[id] = try StoredJSON.decodeStrings(tags) }
            before.append(
                (
                    outcomes[position].rowNumber, id, version,
                    [firstName, lastName, phone, email, language, country, custom, tags]
                ))
        }
        before.sort { $0.row < $1.row }
        for contact in before {
            undo.updated(row: contact.row, contactId: contact.id, versionAfter: contact.version + 1) { index, bytes in
                UndoRecordCoding.appendText(contact.values[index], to: &bytes)
            }
        }
        try await connection.query(
            """
            CREATE TEMPORARY TABLE batch_update (
                id bigint NOT NULL, first_name text,
                set_last_name boolean NOT NULL, last_name text,
                set_phone boolean NOT NULL, phone text,
                set_email boolean NOT NULL, email text,
                set_language boolean NOT NULL, language text,
                set_country boolean NOT NULL, country text,
                email_key text, tags jsonb, custom_patch jsonb
            ) ON COMMIT DROP
            """, logger: logger)
        let buffer = staged.take()
        try await connection.copy(buffer, into: "batch_update", logger: logger)
        // No ANALYZE of the table: the planner reads its row count from its size, and the join is index probes of
        // the contacts' key either way (checked up to a chunk of 5,694 updates); it cost 10 ms a chunk.
        let updated = try await connection.rows(
            """
            UPDATE contact c SET
                first_name = COALESCE(u.first_name, c.first_name),
                last_name = CASE WHEN u.set_last_name THEN u.last_name ELSE c.last_name END,
                phone = CASE WHEN u.set_phone THEN u.phone ELSE c.phone END,
                email = CASE WHEN u.set_email THEN u.email ELSE c.email END,
                email_key = CASE WHEN u.set_email THEN u.email_key ELSE c.email_key END,
                language = CASE WHEN u.set_language THEN u.language ELSE c.language END,
                country = CASE WHEN u.set_country THEN u.country ELSE c.country END,
                tags = COALESCE(u.tags, c.tags),
                custom = CASE WHEN u.custom_patch IS NULL THEN c.custom
                              ELSE jsonb_strip_nulls(COALESCE(c.custom, '{}'::jsonb) || u.custom_patch) END,
                updated_at = \(now.storedMillis), version = c.version + 1
            FROM batch_update u
            WHERE c.id = u.id AND c.workspace_id = \(workspaceId)
            RETURNING c.id
            """, logger: logger)
        // A batch of several chunks stages each chunk in the same transaction.
        try await connection.query("DROP TABLE batch_update", logger: logger)
        var index = TagIndexChange()
        for row in updated {
            let id = try row.decode(Int64.self)
            positions[id] = nil
            if let tags = newTags[id], let old = oldTags[id] { index.contact(id, from: old, to: tags) }
        }
        try await Self.applyTagIndex(index, connection, workspaceId: workspaceId, logger: logger)
        for index in positions.values {
            outcomes[index] = RowOutcome(
                rowNumber: outcomes[index].rowNumber, status: .error,
                errors: [.contactDeleted])
        }
        return positions.count
    }

    /// An import that added or updated at least this many contacts has the contact tables analysed when it completes.
    static let analyzeAfterImportRows = 10_000

    public func completeImport(
        importId: Int64, resultsHeader: [UInt8], tagsAdded: [String], availableUntil: Date, now: Date
    ) async throws -> ImportRecord {
        let record = try await completeImportRecord(
            importId: importId, resultsHeader: resultsHeader, tagsAdded: tagsAdded, availableUntil: availableUntil,
            now: now)
        if record.summary.imported + record.summary.updated >= Self.analyzeAfterImportRows {
            await analyzeContacts()
        }
        return record
    }

    /// `ANALYZE` of the contact tables after a large import, without waiting for autovacuum: until then the contacts
    /// list's pages were planned from the statistics of before the import (a tag page sorting or hashing every
    /// tagged contact on disk), and the list's p99 under load was 455 ms instead of 37–91 ms (docs/RELIABILITY.md).
    /// It takes no lock that writers wait for; a failure is logged and changes nothing else.
    func analyzeContacts() async {
        do {
            try await withConnection(waitingAtMost: Self.connectionWait) { connection in
                try await connection.query("ANALYZE contact, contact_tag", logger: logger)
            }
        } catch {
            logger.warning(
                "Could not analyse the contact tables after an import",
                metadata: ["error": "\(String(reflecting: error))"])
        }
    }

    private func completeImportRecord(
        importId: Int64, resultsHeader: [UInt8], tagsAdded: [String], availableUntil: Date, now: Date
    ) async throws -> ImportRecord {
        try await transaction { connection in
            try ImportLifecycle.finish(state: try await lockedState(connection, importId: importId))
            try await connection.query(
                """
                UPDATE import SET status = 'completed', completed_at = \(now.storedMillis),
                    results_available_until = \(availableUntil.storedMillis),
                    tags_added = \(try StoredJSON.encode(tagsAdded))::jsonb, lease_owner = NULL, lease_until = NULL
                WHERE id = \(importId)
                """, logger: logger)
            // The batches' rows stay where the job wrote them; the header goes first. Nothing is copied here.
            try await connection.query(
                "INSERT INTO import_result_chunk (import_id, first_row, bytes) VALUES (\(importId), 0, \(ByteBuffer(bytes: resultsHeader)))",
                logger: logger)
            try await connection.query(
                "DELETE FROM import_file WHERE import_id = \(importId) AND kind = 'upload'", logger: logger)
            try await connection.query(
                "DELETE FROM import_correction WHERE import_id = \(importId)", logger: logger)
            guard let record = try await fetchImport(connection, id: importId) else {
                throw ImportError.noSuchImport
            }
            return record
        }
    }

    public func failImport(importId: Int64, message: String, keepUntil: Date, now: Date) async throws -> ImportRecord? {
        // One row changed, nothing deleted: the checkpoint it keeps is what starting the import again carries on from.
        try await transaction { connection in
            try await connection.query(
                """
                UPDATE import SET status = 'failed', failure_message = \(message), completed_at = \(now.storedMillis),
                    results_available_until = \(keepUntil.storedMillis), lease_owner = NULL, lease_until = NULL
                WHERE id = \(importId) AND status = 'processing'
                """, logger: logger)
            return try await fetchImport(connection, id: importId)
        }
    }
}

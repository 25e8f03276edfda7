import ContactModel
import Foundation
import GRDB
import ImportRules

extension SQLiteStore {
    static let importColumns = "import.*, user.email AS uploadedByEmail"
    static let importFrom = "import JOIN user ON user.id = import.uploadedBy"

    static func importRecord(_ row: Row) throws -> ImportRecord {
        func date(_ column: String) -> Date? { (row[column] as Int64?).map(Date.init(storedMillis:)) }
        var record = ImportRecord(
            id: row["id"], workspaceId: row["workspaceId"], uploadedBy: row["uploadedBy"],
            uploadedByEmail: row["uploadedByEmail"], fileName: row["fileName"],
            status: ImportState(rawValue: row["status"]) ?? .failed,
            canceledReason: (row["canceledReason"] as String?).flatMap(CancelReason.init(rawValue:)),
            rowCount: row["rowCount"], encoding: row["encoding"], delimiter: row["delimiter"],
            columns: try StoredImportJSON.decode([ImportColumn].self, from: row["columns"]),
            setup: try StoredImportJSON.decode(ImportSetup.self, from: row["config"]),
            summary: ImportSummary(
                imported: row["imported"], updated: row["updated"], skipped: row["skipped"], errors: row["errors"],
                phonesNormalized: row["phonesNormalized"], valuesReplaced: row["valuesReplaced"],
                valuesCleared: row["valuesCleared"], tagsRemoved: row["tagsRemoved"]),
            phones: PhoneRule(stored: row["phoneNumbers"]),
            progressDone: row["progressDone"], tagsAdded: try StoredJSON.decodeStrings(row["tagsAdded"]),
            failureMessage: row["failureMessage"], reviewExpiresAt: date("reviewExpiresAt"),
            createdAt: Date(storedMillis: row["createdAt"]), startedAt: date("startedAt"),
            completedAt: date("completedAt"), resultsAvailableUntil: date("resultsAvailableUntil"))
        record.reviewRevision = row["reviewRevision"]
        record.correctedRows = row["correctedRows"]
        if let groups = row["errorGroups"] as String? {
            record.errorGroups = try StoredImportJSON.decode([ErrorGroup].self, from: groups)
        }
        record.undoRecords = row["undoRecords"]
        record.undoAfterRow = row["undoAfterRow"]
        record.undoSummary = UndoSummary(
            deleted: row["undoDeleted"], restored: row["undoRestored"], keptChanged: row["undoKeptChanged"],
            keptDeleted: row["undoKeptDeleted"])
        record.undoneBy = row["undoneBy"]
        record.undoStartedAt = date("undoStartedAt")
        record.undoneAt = date("undoneAt")
        return record
    }

    static func fetchImport(_ db: Database, id: Int64, workspaceId: Int64? = nil) throws -> ImportRecord? {
        var sql = "SELECT \(importColumns) FROM \(importFrom) WHERE import.id = ?"
        var arguments: StatementArguments = [id]
        if let workspaceId {
            sql += " AND import.workspaceId = ?"
            _ = arguments.append(contentsOf: [workspaceId])
        }
        return try Row.fetchOne(db, sql: sql, arguments: arguments).map(importRecord)
    }

    static func requireImport(_ db: Database, id: Int64, workspaceId: Int64) throws -> ImportRecord {
        guard let record = try fetchImport(db, id: id, workspaceId: workspaceId) else {
            throw ImportError.noSuchImport
        }
        return record
    }

    /// An import's state; nil when there is no such import.
    static func state(_ db: Database, importId: Int64) throws -> ImportState? {
        try String.fetchOne(db, sql: "SELECT status FROM import WHERE id = ?", arguments: [importId])
            .map { ImportState(rawValue: $0) ?? .failed }
    }

    /// Whether the workspace's one job slot is taken: an import or a phone clean-up is processing.
    static func hasProcessingImport(_ db: Database, workspaceId: Int64) throws -> Bool {
        try Bool.fetchOne(
            db,
            sql: """
                SELECT 1 FROM import WHERE workspaceId = ? AND status IN ('processing', 'undoing')
                UNION ALL SELECT 1 FROM phoneNormalization WHERE workspaceId = ? AND status = 'processing'
                """,
            arguments: [workspaceId, workspaceId])
            ?? false
    }

    public func createImport(_ new: NewImport, file: [UInt8]) async throws -> ImportRecord {
        try await pool.write { db in
            try ImportLifecycle.upload(jobSlotTaken: try Self.hasProcessingImport(db, workspaceId: new.workspaceId))
            try db.execute(
                sql: """
                    INSERT INTO import (workspaceId, uploadedBy, fileName, status, rowCount, encoding, delimiter,
                                        columns, config, createdAt)
                    VALUES (?, ?, ?, 'draft', ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    new.workspaceId, new.uploadedBy, new.fileName, new.rowCount, new.encoding, new.delimiter,
                    try StoredImportJSON.encode(new.columns), try StoredImportJSON.encode(new.setup),
                    Date().storedMillis,
                ])
            let id = db.lastInsertedRowID
            try StoredFileBlob.write(db, importId: id, kind: ImportFileKind.upload.rawValue, bytes: file)
            return try Self.requireImport(db, id: id, workspaceId: new.workspaceId)
        }
    }

    public func replaceImportFile(workspaceId: Int64, id: Int64, with new: NewImport, file: [UInt8]) async throws
        -> ImportRecord
    {
        let (columnsJSON, setupJSON) = (
            try StoredImportJSON.encode(new.columns), try StoredImportJSON.encode(new.setup)
        )
        return try await pool.write { db in
            let record = try Self.requireImport(db, id: id, workspaceId: workspaceId)
            try ImportLifecycle.edit(record.lifecycle)
            try db.execute(
                sql: """
                    UPDATE import SET fileName = ?, rowCount = ?, encoding = ?, delimiter = ?, columns = ?, config = ?,
                        status = 'draft', reviewExpiresAt = NULL, imported = 0, updated = 0, skipped = 0, errors = 0,
                        phoneNumbers = NULL, phonesNormalized = 0, reviewRevision = reviewRevision + 1,
                        correctedRows = 0, errorGroups = NULL, valuesReplaced = 0, valuesCleared = 0, tagsRemoved = 0
                    WHERE id = ?
                    """,
                arguments: [
                    new.fileName, new.rowCount, new.encoding, new.delimiter, columnsJSON, setupJSON, id,
                ])
            try db.execute(sql: "DELETE FROM importFile WHERE importId = ?", arguments: [id])
            try db.execute(sql: "DELETE FROM importCorrection WHERE importId = ?", arguments: [id])
            try StoredFileBlob.write(db, importId: id, kind: ImportFileKind.upload.rawValue, bytes: file)
            return try Self.requireImport(db, id: id, workspaceId: workspaceId)
        }
    }

    public func importRecord(workspaceId: Int64, id: Int64) async throws -> ImportRecord? {
        try await pool.read { db in try Self.fetchImport(db, id: id, workspaceId: workspaceId) }
    }

    public func jobSlotTaken(workspaceId: Int64) async throws -> Bool {
        try await pool.read { db in try Self.hasProcessingImport(db, workspaceId: workspaceId) }
    }

    public func importRecord(id: Int64) async throws -> ImportRecord? {
        try await pool.read { db in try Self.fetchImport(db, id: id) }
    }

    public func imports(workspaceId: Int64) async throws -> [ImportRecord] {
        try await pool.read { db in
            try Row.fetchAll(
                db,
                sql:
                    "SELECT \(Self.importColumns) FROM \(Self.importFrom) WHERE import.workspaceId = ? ORDER BY import.id DESC",
                arguments: [workspaceId]
            ).map(Self.importRecord)
        }
    }

    public func importFile(importId: Int64, kind: ImportFileKind) async throws -> [UInt8]? {
        try await pool.read { db in
            if kind == .results {
                // A completed import's results file is its header and every batch's rows, kept as the job wrote them.
                // It stays while the import is undone, until its retention ends.
                guard let state = try Self.state(db, importId: importId),
                    [.completed, .undoing, .undone].contains(state)
                else { return nil }
                var file: [UInt8] = []
                let chunks = try Data.fetchCursor(
                    db, sql: "SELECT bytes FROM importResultChunk WHERE importId = ? ORDER BY firstRow",
                    arguments: [importId])
                while let chunk = try chunks.next() { file.append(contentsOf: chunk) }
                return file.isEmpty ? nil : file
            }
            return try StoredFileBlob.read(db, importId: importId, kind: kind.rawValue)
        }
    }

    public func saveImportConfig(workspaceId: Int64, id: Int64, configuration: ImportConfiguration) async throws
        -> ImportRecord
    {
        let configJSON = try StoredImportJSON.encode(ImportSetup.configured(configuration))
        return try await pool.write { db in
            let record = try Self.requireImport(db, id: id, workspaceId: workspaceId)
            try ImportLifecycle.edit(record.lifecycle)
            try db.execute(
                sql: """
                    UPDATE import SET config = ?, status = 'draft', reviewExpiresAt = NULL,
                        imported = 0, updated = 0, skipped = 0, errors = 0, errorGroups = NULL,
                        valuesReplaced = 0, valuesCleared = 0, tagsRemoved = 0,
                        reviewRevision = reviewRevision + 1 WHERE id = ?
                    """,
                arguments: [configJSON, id])
            try db.execute(sql: "DELETE FROM importFile WHERE importId = ? AND kind = 'errors'", arguments: [id])
            return try Self.requireImport(db, id: id, workspaceId: workspaceId)
        }
    }

    public func saveReview(
        workspaceId: Int64, id: Int64, reviewed: ImportConfiguration, phones: PhoneRule, summary: ImportSummary,
        errorFile: [UInt8], errorGroups: [ErrorGroup], revision: Int?, expiresAt: Date
    ) async throws -> ImportRecord {
        let groupsJSON = try StoredImportJSON.encode(errorGroups)
        return try await pool.write { db in
            let record = try Self.requireImport(db, id: id, workspaceId: workspaceId)
            try ImportLifecycle.edit(record.lifecycle)
            guard record.setup == .configured(reviewed) else { throw ImportError.configurationChanged }
            if let revision, record.reviewRevision != revision { throw StoredCorrections.revisionMoved }
            try db.execute(
                sql: """
                    UPDATE import SET status = 'review', reviewExpiresAt = ?, phoneNumbers = ?, phonesNormalized = ?,
                        imported = ?, updated = ?, skipped = ?, errors = ?, errorGroups = ?,
                        valuesReplaced = ?, valuesCleared = ?, tagsRemoved = ?,
                        reviewRevision = reviewRevision + 1 WHERE id = ?
                    """,
                arguments: [
                    expiresAt.storedMillis, phones.stored, summary.phonesNormalized, summary.imported, summary.updated,
                    summary.skipped, summary.errors, groupsJSON, summary.valuesReplaced, summary.valuesCleared,
                    summary.tagsRemoved, id,
                ])
            try StoredFileBlob.write(
                db, importId: id, kind: ImportFileKind.errors.rawValue, bytes: errorFile, replacing: true)
            return try Self.requireImport(db, id: id, workspaceId: workspaceId)
        }
    }

    public func startImport(workspaceId: Int64, id: Int64, now: Date, leasedTo claim: JobLeaseClaim?) async throws
        -> ImportRecord
    {
        // A review past its time is canceled and stays canceled: the refusal is thrown after the commit.
        let started: Result<ImportRecord, ImportError> = try await pool.write { db in
            let record = try Self.requireImport(db, id: id, workspaceId: workspaceId)
            let decision = try ImportLifecycle.start(
                record.lifecycle, now: now, jobSlotTaken: try Self.hasProcessingImport(db, workspaceId: workspaceId))
            let leaseUntil = claim.map { Date().storedMillis + $0.lease.storedMillis }
            do {
                switch decision {
                case .expire:
                    try Self.cancel(db, id: id, reason: .sessionExpired)
                    return .failure(.sessionExpired)
                case .start:
                    try db.execute(
                        sql: """
                            UPDATE import SET status = 'processing', startedAt = ?, progressDone = 0,
                                imported = 0, updated = 0, skipped = 0, errors = 0, leaseOwner = ?, leaseUntil = ?
                            WHERE id = ?
                            """,
                        arguments: [now.storedMillis, claim?.owner, leaseUntil, id])
                case .resume:
                    // The checkpoint, counts and start time stay; what said it had failed goes.
                    try db.execute(
                        sql: """
                            UPDATE import SET status = 'processing', failureMessage = NULL, completedAt = NULL,
                                resultsAvailableUntil = NULL, leaseOwner = ?, leaseUntil = ?
                            WHERE id = ?
                            """,
                        arguments: [claim?.owner, leaseUntil, id])
                }
            } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE {
                throw ImportError.importInProgress
            }
            return .success(try Self.requireImport(db, id: id, workspaceId: workspaceId))
        }
        return try started.get()
    }

    public func cancelImport(workspaceId: Int64, id: Int64) async throws -> ImportRecord {
        try await pool.write { db in
            let record = try Self.requireImport(db, id: id, workspaceId: workspaceId)
            try ImportLifecycle.cancel(record.lifecycle)
            try Self.cancel(db, id: id, reason: .user)
            return try Self.requireImport(db, id: id, workspaceId: workspaceId)
        }
    }

    static func cancel(_ db: Database, id: Int64, reason: CancelReason) throws {
        try db.execute(
            sql: "UPDATE import SET status = 'canceled', canceledReason = ? WHERE id = ?",
            arguments: [reason.rawValue, id])
        try db.execute(sql: "DELETE FROM importFile WHERE importId = ?", arguments: [id])
        try db.execute(sql: "DELETE FROM importCorrection WHERE importId = ?", arguments: [id])
    }

    public func expireReviews(now: Date) async throws -> Int {
        try await pool.write { db in
            let ids = try Int64.fetchAll(
                db, sql: "SELECT id FROM import WHERE status = 'review' AND reviewExpiresAt <= ?",
                arguments: [now.storedMillis])
            for id in ids { try Self.cancel(db, id: id, reason: .sessionExpired) }
            return ids.count
        }
    }

    public func expireResults(now: Date) async throws -> Int {
        try await pool.write { db in
            let ids = try Int64.fetchAll(
                db, sql: "SELECT id FROM import WHERE status = 'completed' AND resultsAvailableUntil <= ?",
                arguments: [now.storedMillis])
            for id in ids {
                try db.execute(sql: "UPDATE import SET status = 'expired' WHERE id = ?", arguments: [id])
                try Self.dropResults(db, importId: id)
            }
            // An undone import keeps its status; its results and undo files go at the same time (SPEC §12), and it
            // is kept until nothing more (NULL).
            let undone = try Int64.fetchAll(
                db, sql: "SELECT id FROM import WHERE status = 'undone' AND resultsAvailableUntil <= ?",
                arguments: [now.storedMillis])
            for id in undone {
                try db.execute(sql: "UPDATE import SET resultsAvailableUntil = NULL WHERE id = ?", arguments: [id])
                try Self.dropResults(db, importId: id)
            }
            // A failed import that was not started again in time stays failed and can no longer be: its upload,
            // checkpoint and rows go (NULL).
            let failed = try Int64.fetchAll(
                db, sql: "SELECT id FROM import WHERE status = 'failed' AND resultsAvailableUntil <= ?",
                arguments: [now.storedMillis])
            for id in failed {
                try db.execute(sql: "UPDATE import SET resultsAvailableUntil = NULL WHERE id = ?", arguments: [id])
                try Self.dropResults(db, importId: id)
                try db.execute(sql: "DELETE FROM importCorrection WHERE importId = ?", arguments: [id])
            }
            // The phone clean-up's results files are kept as long as imports' (SPEC §10).
            let cleanUps = try Int64.fetchAll(
                db,
                sql: "SELECT id FROM phoneNormalization WHERE status = 'completed' AND resultsAvailableUntil <= ?",
                arguments: [now.storedMillis])
            for id in cleanUps {
                try db.execute(sql: "UPDATE phoneNormalization SET status = 'expired' WHERE id = ?", arguments: [id])
                try db.execute(sql: "DELETE FROM phoneNormalizationChunk WHERE jobId = ?", arguments: [id])
            }
            return ids.count + undone.count + failed.count + cleanUps.count
        }
    }

    /// Drops an import's files past their retention: what is left of the upload, the results file (or a failed
    /// import's rows of it), the undo's before-values and the undo file.
    static func dropResults(_ db: Database, importId: Int64) throws {
        for table in ["importFile", "importResultChunk", "importBeforeValues", "importUndoChunk"] {
            try db.execute(sql: "DELETE FROM \(table) WHERE importId = ?", arguments: [importId])
        }
    }

    public func existingContacts(workspaceId: Int64, keys: [IdentifierKey], withValues: Bool) async throws
        -> [IdentifierKey: [Contact]]
    {
        guard !keys.isEmpty else { return [:] }
        return try await pool.read { db in
            try Self.existingContacts(db, workspaceId: workspaceId, keys: keys, withValues: withValues)
        }
    }

    static func existingContacts(_ db: Database, workspaceId: Int64, keys: [IdentifierKey], withValues: Bool) throws
        -> [IdentifierKey: [Contact]]
    {
        let (phones, emails, ids) = keys.byKind()
        var matchedIds: [Int64] = []
        var result: [IdentifierKey: [Contact]] = [:]
        let epoch = Date(timeIntervalSince1970: 0)
        // Emails are looked up by their hash (`EmailHash`) and confirmed by the email itself.
        let wantedEmails = Set(emails)
        let lookups: [(column: String, value: String, values: [any DatabaseValueConvertible])] = [
            ("phone", "phone", phones),
            ("emailHash", "email", emails.map { EmailHash.of(matchKey: $0) }),
            ("id", "id", ids),
        ]
        for (column, valueColumn, values) in lookups where !values.isEmpty {
            for chunk in stride(from: 0, to: values.count, by: 5000).map({ values[$0..<min($0 + 5000, values.count)] })
            {
                let rows = try Row.fetchCursor(
                    db,
                    sql: """
                        SELECT id, \(valueColumn) AS value FROM contact
                        WHERE workspaceId = ? AND \(column) IN (\(databaseQuestionMarks(count: chunk.count)))
                        """,
                    arguments: StatementArguments([workspaceId as any DatabaseValueConvertible] + Array(chunk)))
                while let row = try rows.next() {
                    let id: Int64 = row["id"]
                    let key: IdentifierKey
                    switch column {
                    case "phone":
                        key = .phone(row["value"])
                    case "emailHash":
                        let matchKey = ValueRule.emailMatchKey(row["value"])
                        guard wantedEmails.contains(matchKey) else { continue }  // Another email with the same hash.
                        key = .email(matchKey)
                    default:
                        key = .contactId(id)
                    }
                    if withValues {
                        matchedIds.append(id)
                    } else {
                        result[key, default: []].append(
                            Contact(id: id, firstName: "", createdAt: epoch, updatedAt: epoch))
                    }
                }
            }
        }
        guard withValues else { return result }
        let wanted = Set(keys)
        var seen = Set<Int64>()
        matchedIds = matchedIds.filter { seen.insert($0).inserted }
        for chunk in stride(from: 0, to: matchedIds.count, by: 5000).map({
            matchedIds[$0..<min($0 + 5000, matchedIds.count)]
        }) {
            for contact in try fetchContacts(db, workspaceId: workspaceId, ids: Array(chunk)) {
                var contactKeys: [IdentifierKey] = [.contactId(contact.id)]
                if let phone = contact.phone { contactKeys.append(.phone(phone)) }
                if let email = contact.email { contactKeys.append(.email(ValueRule.emailMatchKey(email))) }
                for key in contactKeys where wanted.contains(key) { result[key, default: []].append(contact) }
            }
        }
        return result
    }

    public func applyImportBatch(importId: Int64, workspaceId: Int64, doneBefore: Int, chunks: any ImportChunkSource)
        async throws -> Int
    {
        // The writer's closure runs on GRDB's writer queue, not a Swift concurrency thread: it may wait there for
        // the next chunk while the job decides it.
        try await pool.write { db in
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT status, progressDone FROM import WHERE id = ? AND workspaceId = ?",
                    arguments: [importId, workspaceId])
            else { throw ImportError.noSuchImport }
            try ImportLifecycle.applyBatch(
                state: ImportState(rawValue: row["status"]) ?? .failed, progressDone: row["progressDone"],
                doneBefore: doneBefore)
            var done = doneBefore
            var summary = ImportSummary()
            var undoRecords = 0
            let now = Date()
            let statements = BatchStatements(db)
            while let chunk = try chunks.nextWaiting() {
                if chunk.outcomes.isEmpty { continue }
                try chunk.requireFollows(row: done, importId: importId)
                var outcomes = chunk.outcomes
                let writes = try chunk.writes()
                var undo = UndoRecordBuffer()
                let gone = try Self.applyUpdates(
                    statements, workspaceId: workspaceId, writes.updates, outcomes: &outcomes, undo: &undo, now: now)
                for outcome in outcomes { summary.add(outcome.status) }
                let added = try Self.insertContacts(
                    statements, workspaceId: workspaceId, values: writes.newContacts, tags: writes.newContactTags,
                    now: now)
                if !added.isEmpty {
                    var next = added.makeIterator()
                    for outcome in outcomes {
                        if case .add? = outcome.write, let id = next.next() {
                            undo.added(row: outcome.rowNumber, contactId: id)
                        }
                    }
                }
                try db.execute(
                    sql: "INSERT INTO importResultChunk (importId, firstRow, bytes) VALUES (?, ?, ?)",
                    arguments: [importId, done + 1, Data(try chunk.resultRows(final: outcomes, changed: gone > 0))])
                if undo.count > 0 {
                    try db.execute(
                        sql: "INSERT INTO importBeforeValues (importId, firstRow, bytes) VALUES (?, ?, ?)",
                        arguments: [importId, done + 1, Data(undo.bytes)])
                    undoRecords += undo.count
                    try Self.recordImportActivity(statements, importId: importId, undo)
                }
                done += outcomes.count
            }
            try db.execute(
                sql: """
                    UPDATE import SET progressDone = ?, imported = imported + ?, updated = updated + ?,
                        skipped = skipped + ?, errors = errors + ?, undoRecords = undoRecords + ? WHERE id = ?
                    """,
                arguments: [
                    done, summary.imported, summary.updated, summary.skipped, summary.errors, undoRecords, importId,
                ])
            return done
        }
    }

    public func completeImport(
        importId: Int64, resultsHeader: [UInt8], tagsAdded: [String], availableUntil: Date, now: Date
    ) async throws -> ImportRecord {
        try await pool.write { db in
            guard let state = try Self.state(db, importId: importId) else { throw ImportError.noSuchImport }
            try ImportLifecycle.finish(state: state)
            try db.execute(
                sql: """
                    UPDATE import SET status = 'completed', completedAt = ?, resultsAvailableUntil = ?, tagsAdded = ?
                    WHERE id = ?
                    """,
                arguments: [now.storedMillis, availableUntil.storedMillis, try StoredJSON.encode(tagsAdded), importId])
            // The batches' rows stay where the job wrote them; the header goes first. Nothing is copied here.
            try db.execute(
                sql: "INSERT INTO importResultChunk (importId, firstRow, bytes) VALUES (?, 0, ?)",
                arguments: [importId, Data(resultsHeader)])
            try db.execute(sql: "DELETE FROM importFile WHERE importId = ? AND kind = 'upload'", arguments: [importId])
            try db.execute(sql: "DELETE FROM importCorrection WHERE importId = ?", arguments: [importId])
            guard let record = try Self.fetchImport(db, id: importId) else { throw ImportError.noSuchImport }
            return record
        }
    }

    public func failImport(importId: Int64, message: String, keepUntil: Date, now: Date) async throws -> ImportRecord? {
        // One row changed, nothing deleted: on a full disk the batch just rolled back has left room in the WAL for
        // this, and the checkpoint it keeps is what starting the import again carries on from.
        try await pool.write { db in
            try db.execute(
                sql: """
                    UPDATE import SET status = 'failed', failureMessage = ?, completedAt = ?, resultsAvailableUntil = ?
                    WHERE id = ? AND status = 'processing'
                    """,
                arguments: [message, now.storedMillis, keepUntil.storedMillis, importId])
            return try Self.fetchImport(db, id: importId)
        }
    }
}

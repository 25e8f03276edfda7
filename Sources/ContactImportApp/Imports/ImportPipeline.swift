import ContactCSV
import ContactModel
import ContactStore
import Foundation
import ImportRules
import Logging

/// The import, step by step: upload, configure, review, start, and the background job.
///
/// The HTTP API, the command line and the benchmark all drive this one pipeline. It knows nothing of HTTP: its
/// refusals are `ImportError`s (a sentence for a person that names the row, column or rule), which the HTTP edge
/// turns into statuses in one place (`APIError(_: ImportError)`). Each step asks `ImportLifecycle` whether it may
/// run; the store checks again, and persists the step, in the step's transaction.
public struct ImportPipeline: Sendable {
    public let store: any DataStore
    /// How long a review may wait for its start, and how long results files are kept.
    public var reviewTTL: Duration
    public var resultsRetention: Duration
    /// Rows per job batch at most: each batch and its checkpoint commit in one transaction.
    public var batchSize: Int
    /// A batch also ends at the first chunk boundary after it has been open this long, so progress moves and other
    /// writers (API edits) get their turn at least this often.
    public var batchTime: Duration
    /// Rows decided together (a job's chunk, a review's part): two chunks are in memory at a time.
    public var chunkSize: Int
    /// The clock of reviews' expiry, results' retention and the import tag (`AppConfiguration.now`).
    public var now: @Sendable () -> Date
    /// How long to wait before each further try at recording that a job failed, when recording it fails too (the disk
    /// still full, the database gone). After the last, the job gives up and leaves the import processing.
    public var failureRecordRetries: [Duration] = [1, 2, 4, 8, 15, 30].map { .seconds($0) }
    var notifier: ImportNotifier?
    /// The reviews kept in memory for corrections (SPEC §11), shared by the copies of this pipeline.
    let reviewSessions = ReviewSessions()
    public var logger = Logger(label: "contact-import.imports")

    /// A pipeline with the settings of `configuration` (its defaults are the server's).
    public init(store: any DataStore, configuration: AppConfiguration = AppConfiguration()) {
        self.store = store
        self.reviewTTL = configuration.reviewTTL
        self.resultsRetention = configuration.resultsRetention
        self.batchSize = configuration.jobBatchSize
        self.batchTime = configuration.jobBatchTime
        self.chunkSize = configuration.jobChunkSize
        self.now = configuration.now
    }

    // MARK: Upload

    /// Refuses an upload before a byte of it is read: while another import of the workspace is processing (one job
    /// at a time), or when its announced size is at the limit or over it.
    public func admitUpload(workspaceId: Int64, announcedBytes: Int?) async throws {
        try ImportLifecycle.upload(jobSlotTaken: try await store.jobSlotTaken(workspaceId: workspaceId))
        if let announcedBytes, announcedBytes >= CSVLimits.standard.maxBytes {
            throw ImportError(CSVError.tooLarge(limit: CSVLimits.standard.maxBytes))
        }
    }

    /// A display name for the file: its last path component, without control characters; only `.csv`.
    public static func fileName(_ raw: String?) throws(ImportError) -> String {
        guard let raw, !raw.trimmingCharacters(in: .whitespaces).isEmpty else { return "contacts.csv" }
        var name = String(raw.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last ?? "")
        name = String(name.unicodeScalars.filter { !CharacterSet.controlCharacters.contains($0) }.map(Character.init))
            .trimmingCharacters(in: .whitespaces)
        guard name.lowercased().hasSuffix(".csv"), name.count > 4 else {
            throw ImportError(.invalidFile, "Only CSV files are accepted: the file name must end in .csv.")
        }
        return String(name.prefix(255))
    }

    /// An upload that names an earlier import (`like`): the earlier import's settings are carried to the new file
    /// (`ImportAgain`) and saved as its configuration when they fit it; `warnings` name what could not be carried.
    public func upload(
        workspaceId: Int64, user: User, fileName: String, bytes: [UInt8], like earlierId: Int64
    ) async throws -> (record: ImportRecord, warnings: [String]) {
        let earlier = try await requireImport(workspaceId: workspaceId, id: earlierId)
        guard let settings = earlier.setup.configuration else {
            throw ImportError.invalidConfiguration(
                "Import \(earlierId) was never configured, so it has no settings to import again with.", field: "like")
        }
        let record = try await upload(workspaceId: workspaceId, user: user, fileName: fileName, bytes: bytes)
        var (configuration, warnings) = ImportAgain.carry(
            settings, earlierHeaders: earlier.columns.map(\.header), into: record.columns.map(\.header),
            importTag: record.setup.importTag)
        let fields = try await store.customFields(workspaceId: workspaceId)
        do {
            try configuration.validate(columnCount: record.columns.count, customFields: fields)
        } catch {
            warnings.append(
                "The earlier import's settings do not fit this file as they are: \(error.message) Map its columns below."
            )
            return (record, warnings)
        }
        let saved = try await store.saveImportConfig(
            workspaceId: workspaceId, id: record.id, configuration: configuration)
        return (saved, warnings)
    }

    /// Replaces the file of a draft or reviewed import (SPEC §11: "Upload a corrected file"), which becomes a draft
    /// again. A configured import keeps its purpose, identifier, tags, import tag and the mapping of every header the
    /// new file still has (found by header text, as `ImportAgain` does); `warnings` name the mapped headers it lacks,
    /// and say so when the kept settings no longer fit the file (the review then names the broken rule). An import
    /// not yet configured takes the new file's proposal, keeping its import tag.
    public func replaceFile(workspaceId: Int64, id: Int64, fileName: String, bytes: [UInt8]) async throws
        -> (record: ImportRecord, warnings: [String])
    {
        let record = try await requireImport(workspaceId: workspaceId, id: id)
        try ImportLifecycle.edit(record.lifecycle)
        let (file, columns, proposal, fields) = try await read(
            bytes, workspaceId: workspaceId, importTag: record.setup.importTag)
        var warnings: [String] = []
        var setup = proposal
        if let configuration = record.setup.configuration {
            let carried: ImportConfiguration
            (carried, warnings) = ImportAgain.carry(
                configuration, earlierHeaders: record.columns.map(\.header), into: file.columnNames,
                importTag: configuration.importTag, source: "this import")
            do {
                try carried.validate(columnCount: file.columnCount, customFields: fields)
            } catch {
                warnings.append("The import's settings do not fit this file as they are: \(error.message)")
            }
            setup = .configured(carried)
        }
        let saved = try await store.replaceImportFile(
            workspaceId: workspaceId, id: id,
            with: NewImport(
                workspaceId: workspaceId, uploadedBy: record.uploadedBy, fileName: fileName, rowCount: file.rowCount,
                encoding: file.encoding.name, delimiter: file.delimiter.name, columns: columns, setup: setup),
            file: bytes)
        return (saved, warnings)
    }

    /// Reads an uploaded file, keeps it, and proposes a mapping.
    public func upload(workspaceId: Int64, user: User, fileName: String, bytes: [UInt8]) async throws -> ImportRecord {
        let (file, columns, proposal, _) = try await read(
            bytes, workspaceId: workspaceId, importTag: try await generatedImportTag(workspaceId: workspaceId))
        return try await store.createImport(
            NewImport(
                workspaceId: workspaceId, uploadedBy: user.id, fileName: fileName, rowCount: file.rowCount,
                encoding: file.encoding.name, delimiter: file.delimiter.name, columns: columns, setup: proposal),
            file: bytes)
    }

    /// Reads a file's rows and columns, and proposes a mapping of them (with `importTag`) to the workspace's fields,
    /// which come back too.
    private func read(_ bytes: [UInt8], workspaceId: Int64, importTag: String?) async throws
        -> (file: CSVFile, columns: [ImportColumn], proposal: ImportSetup, fields: [CustomField])
    {
        let file: CSVFile
        do {
            file = try CSVFile(bytes: bytes)
        } catch {
            throw ImportError(error)
        }
        let fields = try await store.customFields(workspaceId: workspaceId)
        let (profiles, samples) = Self.profiles(of: file)
        let matches = ColumnMatcher.match(
            headers: file.columnNames, customFields: fields, profiles: profiles,
            remembered: try await rememberedChoices(workspaceId: workspaceId))
        let columns = Self.columns(of: file, matches: matches, samples: samples, profiles: profiles)
        let proposal = ImportSetup.proposed(
            mapping: matches.compactMap { match in
                match.field.map {
                    ColumnMapping(
                        column: match.column, field: $0, doNotOverwrite: match.doNotOverwrite,
                        dateFormat: match.dateFormat)
                }
            },
            importTag: importTag)
        return (file, columns, proposal, fields)
    }

    /// The workspace's choice for each header in its newest completed import that had it (SPEC §9): what completed
    /// imports were mapped with is what the workspace remembers, so nothing more is written when one completes.
    func rememberedChoices(workspaceId: Int64) async throws -> [String: RememberedChoice] {
        let completed = try await store.imports(workspaceId: workspaceId).filter {
            $0.status == .completed || $0.status == .expired
        }
        return RememberedChoice.latest(
            from: completed.compactMap { record in
                record.setup.configuration.map { (record.columns.map(\.header), $0.mapping) }
            })
    }

    /// One pass over the file: for each column whether it has any value, the non-empty values of the first
    /// `ColumnProfile.sampledRows` rows (for suggestions from values), and up to three samples from the first 50 rows.
    static func profiles(of file: CSVFile) -> (profiles: [ColumnProfile], samples: [[String]]) {
        let count = file.columnCount
        var profiles = Array(repeating: ColumnProfile(hasValue: false, values: []), count: count)
        var samples = Array(repeating: [String](), count: count)
        var rowsSeen = 0
        var columnsWithoutValue = count
        file.forEachRow { row in
            rowsSeen += 1
            // Past the sampled rows, only columns still without a value are looked at.
            if rowsSeen > ColumnProfile.sampledRows && columnsWithoutValue == 0 { return }
            for (index, value) in row.values.prefix(count).enumerated() where !value.isEmpty {
                if !profiles[index].hasValue {
                    profiles[index].hasValue = true
                    columnsWithoutValue -= 1
                }
                guard rowsSeen <= ColumnProfile.sampledRows else { continue }
                let kept = String(value.prefix(200))
                profiles[index].values.append(kept)
                if rowsSeen <= 50 && samples[index].count < 3 { samples[index].append(kept) }
            }
        }
        return (profiles, samples)
    }

    /// Each column with its header, up to three sample values, and the automatic mapping or suggestion.
    static func columns(of file: CSVFile, matches: [ColumnMatch], samples: [[String]], profiles: [ColumnProfile])
        -> [ImportColumn]
    {
        file.columnNames.enumerated().map { index, name in
            let match = matches.first { $0.column == index }
            let dateFormats = DateFormat.fitting(profiles[index].values).map(\.rawValue)
            return ImportColumn(
                index: index, header: name, samples: samples[index], field: match?.field?.key,
                matchedBy: match?.matchedBy?.rawValue, suggestion: match?.suggestion?.key,
                suggestionReason: match?.suggestionReason?.rawValue, empty: match?.empty == true ? true : nil,
                dateFormats: dateFormats.isEmpty ? nil : dateFormats)
        }
    }

    /// `import-YYYY-MM-DD-HHMM` in the workspace's time zone, with `-2`, `-3`… when that tag exists already.
    func generatedImportTag(workspaceId: Int64) async throws -> String {
        let timeZone = try await store.workspace(id: workspaceId).flatMap { TimeZone(identifier: $0.timeZone) }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone ?? TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: now())
        let base = String(
            format: "import-%04d-%02d-%02d-%02d%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0,
            parts.hour ?? 0,
            parts.minute ?? 0)
        let taken = try await store.tagsInUse(workspaceId: workspaceId, prefix: base)
        if !taken.contains(base) { return base }
        var suffix = 2
        while taken.contains("\(base)-\(suffix)") { suffix += 1 }
        return "\(base)-\(suffix)"
    }

    // MARK: Configure

    /// Replaces the configuration (Parts 1 and 2), checking every rule of SPEC §3–§4 against the file and the
    /// workspace's fields. A request without an import tag keeps the import's.
    public func configure(workspaceId: Int64, id: Int64, _ request: ConfigurationRequest) async throws -> ImportRecord {
        let record = try await requireImport(workspaceId: workspaceId, id: id)
        let configuration = request.resolved(currentTag: record.setup.importTag)
        let fields = try await store.customFields(workspaceId: workspaceId)
        do {
            try configuration.validate(columnCount: record.columns.count, customFields: fields)
        } catch {
            throw ImportError(error)
        }
        return try await store.saveImportConfig(workspaceId: workspaceId, id: id, configuration: configuration)
    }

    // MARK: Review

    /// Validates every row against the workspace as it is now, with the rows' corrections: the four counts, the error
    /// file and the groups of rows in error. The decided rows are kept (`reviewSessions`) for paging and corrections.
    public func review(workspaceId: Int64, id: Int64) async throws -> ImportRecord {
        defer { FreedMemory.release() }
        let record = try await requireImport(workspaceId: workspaceId, id: id)
        try ImportLifecycle.review(record.lifecycle)
        // The review reads phones as the workspace says now; the job keeps to what the review read.
        let phones = try await store.workspaceSettings(workspaceId: workspaceId)?.phoneRule ?? .asGiven
        var (session, errorFile) = try await decideAll(record, phones: phones)
        let saved = try await store.saveReview(
            workspaceId: workspaceId, id: id, reviewed: session.rows.plan.configuration, phones: phones,
            summary: session.rows.summary, errorFile: errorFile, errorGroups: session.rows.errorGroups().map(\.group),
            revision: record.reviewRevision, expiresAt: now().addingTimeInterval(reviewTTL.seconds))
        session.revision = saved.reviewRevision
        await reviewSessions.put(session)
        return saved
    }

    /// Decides every row of a configured import's file, read through its corrections, against the workspace as it is
    /// now: the review's rows (at the record's revision) and its error file.
    func decideAll(_ record: ImportRecord, phones: PhoneRule) async throws
        -> (session: ReviewSession, errorFile: [UInt8])
    {
        let (file, plan) = try await open(record, phones: phones)
        let corrections = try await store.rowCorrections(importId: record.id)
        let index = Self.identifierIndex(file, plan: plan, corrections: corrections)
        let duplicates = index.duplicates
        let (rowCount, columnCount, workspaceId) = (file.rowCount, file.columnCount, record.workspaceId)
        var statuses = [ImportStatus](repeating: .skipped, count: rowCount)
        var normalized = [Bool](repeating: false, count: rowCount)
        var overwrites: [RowOutcome.Overwrites] = []
        var errors: [Int: [RowError]] = [:]
        var positions: [CSVPosition] = []
        positions.reserveCapacity(rowCount / ReviewSession.positionStride + 1)
        var errorParts: [Int: [UInt8]] = [:]
        /// A chunk's decisions, kept small: the statuses of its rows from `firstRow`, its rows in error, the rows whose
        /// phone was rewritten, the rows whose update overwrites something, and its rows of the error file.
        struct Decided: Sendable {
            var part: Int
            var firstRow: Int
            var statuses: [ImportStatus]
            var errors: [(Int, [RowError])]
            var normalized: [Int]
            var overwrites: [(Int, RowOutcome.Overwrites)] = []
            var errorRows: [UInt8]
        }
        func keep(_ decided: Decided) {
            errorParts[decided.part] = decided.errorRows
            let offset = decided.firstRow - 1
            for (index, status) in decided.statuses.enumerated() { statuses[offset + index] = status }
            for (row, rowErrors) in decided.errors { errors[row] = rowErrors }
            for row in decided.normalized { normalized[row - 1] = true }
            if !decided.overwrites.isEmpty, overwrites.isEmpty {
                overwrites = Array(repeating: [], count: rowCount)
            }
            for (row, overwrite) in decided.overwrites { overwrites[row - 1] = overwrite }
        }
        // Chunks are independent here (nothing is written): two are decided at a time, one per core, and their
        // error rows are put back in file order.
        var cursor = try file.rows()
        try await withThrowingTaskGroup(of: Decided.self) { group in
            var next = 0
            var finished = 0
            while true {
                let chunk = try Self.nextRows(&cursor, size: chunkSize)
                guard let firstRow = chunk.first?.number else { break }
                for row in chunk where (row.number - 1) % ReviewSession.positionStride == 0 {
                    positions.append(row.position)
                }
                let part = next
                next += 1
                group.addTask {
                    let rows = chunk.map { corrections.apply(to: ImportRow(number: $0.number, cells: $0.values)) }
                    let outcomes = try await self.decide(
                        rows, plan: plan, duplicates: duplicates, skipped: corrections.skipped,
                        workspaceId: workspaceId, writes: false)
                    var decided = Decided(
                        part: part, firstRow: firstRow, statuses: outcomes.map(\.status), errors: [], normalized: [],
                        errorRows: [])
                    var errorRows = CSVWriter()
                    for (row, outcome) in zip(rows, outcomes) {
                        if outcome.phoneNormalized { decided.normalized.append(row.number) }
                        if !outcome.overwrites.isEmpty { decided.overwrites.append((row.number, outcome.overwrites)) }
                        guard outcome.status == .error else { continue }
                        decided.errors.append((row.number, outcome.errors))
                        errorRows.append(row: Self.errorFileRow(row.cells, columnCount: columnCount, outcome: outcome))
                    }
                    decided.errorRows = errorRows.takeBytes()
                    return decided
                }
                if next - finished >= 2, let decided = try await group.next() {
                    finished += 1
                    keep(decided)
                }
            }
            for try await decided in group { keep(decided) }
        }
        var errorHeader = CSVWriter(header: Self.errorFileHeader(file))
        var errorFile = errorHeader.takeBytes()
        for part in errorParts.keys.sorted() { errorFile.append(contentsOf: errorParts[part]!) }
        let rows = ReviewedRows(
            plan: plan, index: index, corrections: corrections, statuses: statuses, errors: errors,
            phoneNormalized: normalized, overwrites: overwrites)
        return (
            ReviewSession(
                importId: record.id, revision: record.reviewRevision, file: file, positions: positions, rows: rows),
            errorFile
        )
    }

    // MARK: Start

    /// review → processing: the background job picks it up.
    public func start(workspaceId: Int64, id: Int64, leasedTo claim: JobLeaseClaim? = nil) async throws
        -> ImportRecord
    {
        let started = try await store.startImport(workspaceId: workspaceId, id: id, now: now(), leasedTo: claim)
        await reviewSessions.drop(importId: id)
        return started
    }

    /// draft or review → canceled.
    public func cancel(workspaceId: Int64, id: Int64) async throws -> ImportRecord {
        let canceled = try await store.cancelImport(workspaceId: workspaceId, id: id)
        await reviewSessions.drop(importId: id)
        return canceled
    }

    // MARK: Files

    /// A file to hand to a person: its download name and bytes.
    public struct DownloadFile: Sendable {
        public var name: String
        public var bytes: [UInt8]
    }

    /// The review's rows in error with an Error column, while the import is in review.
    public func errorFile(workspaceId: Int64, id: Int64) async throws -> DownloadFile {
        let record = try await requireImport(workspaceId: workspaceId, id: id)
        guard record.status == .review else {
            throw ImportError(.notFound, "There is no error file: review the import first.")
        }
        let name = Self.derivedName(record.fileName, suffix: "errors")
        if let bytes = try await store.importFile(importId: record.id, kind: .errors) {
            return DownloadFile(name: name, bytes: bytes)
        }
        // Rows were corrected since the review: the file is written from the corrected rows.
        return DownloadFile(name: name, bytes: try await reviewSession(record).errorFile())
    }

    /// Every row with its Import Status and Errors, once the import has completed and while it is kept.
    public func resultsFile(workspaceId: Int64, id: Int64) async throws -> DownloadFile {
        let record = try await requireImport(workspaceId: workspaceId, id: id)
        switch record.status {
        case .completed, .undoing, .undone:
            guard let bytes = try await store.importFile(importId: record.id, kind: .results) else {
                throw ImportError.resultsExpired(retention: resultsRetention)
            }
            return DownloadFile(name: Self.derivedName(record.fileName, suffix: "results"), bytes: bytes)
        case .expired:
            throw ImportError.resultsExpired(retention: resultsRetention)
        default:
            throw ImportError(
                .notFound, "There is no results file yet: the import is \(record.status.rawValue).")
        }
    }

    /// `contacts.csv` → `contacts-results.csv`, with anything but ASCII letters, digits, `-`, `_`, ` ` and `.` as `_`.
    static func derivedName(_ fileName: String, suffix: String) -> String {
        let base = fileName.lowercased().hasSuffix(".csv") ? String(fileName.dropLast(4)) : fileName
        let safe = base.unicodeScalars.map { scalar -> Character in
            let allowed =
                scalar.properties.isAlphabetic || scalar.properties.numericType != nil
                || "-_ .".unicodeScalars.contains(scalar)
            return scalar.isASCII && allowed ? Character(scalar) : "_"
        }
        return String(safe) + "-\(suffix).csv"
    }

    // MARK: The job

    /// Runs (or resumes) a processing import to its end, batch by batch, each batch committed with its
    /// checkpoint. Returns early, leaving the import to be resumed, when `shouldStop` says so between batches
    /// or when another worker has moved the checkpoint, or the database became unavailable (the job is left
    /// processing, to be resumed). A failure for another reason (a full disk among them) ends the import as failed,
    /// with a sentence naming the cause and the rows committed (`recordFailure`); it can be started again.
    @discardableResult
    public func runJob(
        importId: Int64, shouldStop: @Sendable () -> Bool = { false },
        progress: @Sendable (Int, Int) -> Void = { _, _ in }
    )
        async throws -> ImportRecord?
    {
        guard let record = try await store.importRecord(id: importId), record.status == .processing else { return nil }
        return try await store.runningImportJob { try await runJob(record, shouldStop: shouldStop, progress: progress) }
    }

    /// `runJob(importId:…)` once the store has counted the job in.
    private func runJob(
        _ record: ImportRecord, shouldStop: @Sendable () -> Bool, progress: @Sendable (Int, Int) -> Void
    )
        async throws -> ImportRecord?
    {
        let importId = record.id
        do {
            return try await runBatches(record, shouldStop: shouldStop, progress: progress)
        } catch let error as ImportError where error.code == .wrongState {
            logger.info("Import \(importId) moved on elsewhere; leaving it", metadata: ["reason": "\(error.message)"])
            return try await store.importRecord(id: importId)
        } catch is CancellationError {
            return try await store.importRecord(id: importId)
        } catch  where store.isUnavailable(error) {
            // The batch in flight was rolled back with its checkpoint: the job resumes after the last committed batch
            // once the database answers again (the job runner claims it anew).
            logger.warning(
                "Import \(importId) paused: the database is unavailable; it resumes when the database is back",
                metadata: ["error": "\(String(reflecting: error))"])
            return nil
        } catch {
            // The batch in flight was rolled back with its checkpoint: the import stopped after the last committed one.
            let done = (try? await store.importRecord(id: importId))?.progressDone ?? record.progressDone
            let message: String
            if store.isStorageFull(error) {
                logger.error(
                    "Import \(importId) failed: the disk holding the database is full",
                    metadata: ["error": "\(String(reflecting: error))", "rows-committed": "\(done)"])
                message = JobFailure.storageFull(done: done, total: record.rowCount)
            } else {
                logger.error(
                    "Import \(importId) failed",
                    metadata: ["error": "\(String(reflecting: error))", "rows-committed": "\(done)"])
                message =
                    (error as? ImportError)?.message ?? JobFailure.serverError(done: done, total: record.rowCount)
            }
            return try await recordFailure(importId: importId, message: message, shouldStop: shouldStop)
        }
    }

    /// Ends the import as failed with `message`, and tells whoever started it. Recording it is a write, which may fail
    /// too (the disk still full, the database gone): it is tried again after each of `failureRecordRetries` while the
    /// job may go on (`shouldStop`). If it still fails the error is thrown: the import stays processing with its last
    /// checkpoint, and the job runner's next claim runs the job again, which either records the failure then (a batch
    /// failing the same way) or, with room again, carries on.
    private func recordFailure(importId: Int64, message: String, shouldStop: @Sendable () -> Bool) async throws
        -> ImportRecord?
    {
        var retries = failureRecordRetries[...]
        while true {
            do {
                let failed = try await store.failImport(
                    importId: importId, message: message,
                    keepUntil: now().addingTimeInterval(resultsRetention.seconds), now: now())
                if let failed, failed.status == .failed { await notifier?.importFinished(failed) }
                return failed
            } catch {
                guard let wait = retries.popFirst(), !shouldStop() else {
                    logger.error(
                        "Could not record that import \(importId) failed; it stays processing and is tried again later",
                        metadata: ["error": "\(String(reflecting: error))"])
                    throw error
                }
                logger.warning(
                    "Could not record that import \(importId) failed; trying again in \(wait)",
                    metadata: ["error": "\(String(reflecting: error))"])
                try await Task.sleep(for: wait)
            }
        }
    }

    private func runBatches(
        _ record: ImportRecord, shouldStop: @Sendable () -> Bool, progress: @Sendable (Int, Int) -> Void
    )
        async throws -> ImportRecord?
    {
        let (file, plan) = try await open(record, phones: record.phones)
        // The rows' corrections made in review (SPEC §11) are read once; they stay as they are while the job runs.
        let corrections = try await store.rowCorrections(importId: record.id)
        let duplicates = Self.identifierIndex(file, plan: plan, corrections: corrections).duplicates
        var done = record.progressDone
        let chunkSize = min(self.chunkSize, batchSize)
        let columnCount = file.columnCount
        let chunks = ImportJobChunks(
            from: try file.rows(from: file.position(ofRow: done + 1)), rowsBefore: done, batchRows: batchSize,
            batchTime: batchTime, columnCount: file.columnCount
        ) { cursor in
            var cursor = cursor
            let read = try Self.nextRows(&cursor, size: chunkSize)
            guard !read.isEmpty else { return ImportJobChunks.Decided(cursor: cursor, rows: [], outcomes: []) }
            let rows = read.map { corrections.apply(to: ImportRow(number: $0.number, cells: $0.values)) }
            let outcomes = try await self.decide(
                rows, plan: plan, duplicates: duplicates, skipped: corrections.skipped,
                workspaceId: record.workspaceId, writes: true)
            return ImportJobChunks.Decided(
                cursor: cursor, rows: rows, outcomes: outcomes, writes: try PreparedContactWrites(outcomes),
                results: Self.resultRows(rows, outcomes: outcomes, columnCount: columnCount))
        }
        progress(done, file.rowCount)
        while !chunks.exhausted {
            if shouldStop() { return try await store.importRecord(id: record.id) }
            try Task.checkCancellation()
            chunks.startBatch()
            let after = try await store.applyImportBatch(
                importId: record.id, workspaceId: record.workspaceId, doneBefore: done, chunks: chunks)
            if after == done { break }
            FreedMemory.release()
            done = after
            progress(done, file.rowCount)
        }
        var header = CSVWriter(header: file.header + ["Import Status", "Errors"])
        let completed = try await store.completeImport(
            importId: record.id, resultsHeader: header.takeBytes(),
            tagsAdded: plan.importTags, availableUntil: now().addingTimeInterval(resultsRetention.seconds), now: now())
        await notifier?.importFinished(completed)
        return completed
    }

    /// The error file's header: the file's, then Error.
    static func errorFileHeader(_ file: CSVFile) -> [String] { file.header + ["Error"] }

    /// A row of the error file: the row's values (as many as the header has), then its errors.
    static func errorFileRow(_ cells: [String], columnCount: Int, outcome: RowOutcome) -> [String] {
        Array(cells.prefix(columnCount)) + [outcome.errorText]
    }

    /// A batch's rows of the results file: each row's original values, then its Import Status and Errors.
    static func resultRows(_ batch: [ImportRow], outcomes: [RowOutcome], columnCount: Int) -> [UInt8] {
        var writer = CSVWriter()
        for (row, outcome) in zip(batch, outcomes) {
            writer.append(row: Array(row.cells.prefix(columnCount)) + [outcome.status.label, outcome.errorText])
        }
        return writer.takeBytes()
    }

    // MARK: Shared steps

    public func requireImport(workspaceId: Int64, id: Int64) async throws -> ImportRecord {
        guard let record = try await store.importRecord(workspaceId: workspaceId, id: id) else {
            throw ImportError.noSuchImport
        }
        return record
    }

    /// The stored file and the prepared rules of a configured import, reading phones as `phones` says.
    private func open(_ record: ImportRecord, phones: PhoneRule) async throws -> (CSVFile, ImportPlan) {
        guard let configuration = record.setup.configuration else {
            throw ImportError(
                .notConfigured, "Choose the import purpose, identifier and mapping (PUT …/config) before reviewing.")
        }
        guard let bytes = try await store.importFile(importId: record.id, kind: .upload) else {
            throw ImportError(.fileGone, "The uploaded file is no longer available. Upload it again.")
        }
        let file: CSVFile
        do {
            file = try CSVFile(bytes: bytes)
        } catch {
            throw ImportError(error)
        }
        let fields = try await store.customFields(workspaceId: record.workspaceId)
        do {
            return (
                file,
                try ImportPlan(
                    configuration: configuration, columnCount: file.columnCount, customFields: fields, phones: phones)
            )
        } catch {
            // A custom field may have changed since the configuration was saved.
            throw ImportError(error)
        }
    }

    /// The first pass: every row's identifier value over the whole file, read through its corrections (rows the user
    /// skipped have none), and with it the values several rows share (SPEC §5.2).
    static func identifierIndex(_ file: CSVFile, plan: ImportPlan, corrections: RowCorrections) -> IdentifierIndex {
        var index = IdentifierIndex(expectedRows: file.rowCount)
        guard plan.configuration.purpose.matchesExisting, let column = plan.identifierColumn else { return index }
        file.forEachValue(inColumn: column) { number, value in
            if corrections.isEmpty {
                index.add(plan.identifierKey(ofCell: value), row: number)
            } else if !corrections.skipped.contains(number) {
                let cell = corrections.cell(row: number, column: column, original: value)
                index.add(plan.identifierKey(ofCell: cell), row: number)
            }
        }
        return index
    }

    /// The next `size` rows at most (fewer at the end of the file).
    public static func nextRows(_ cursor: inout CSVRowCursor, size: Int) throws -> [CSVRow] {
        var rows: [CSVRow] = []
        rows.reserveCapacity(size)
        while rows.count < size, let row = try cursor.next() { rows.append(row) }
        return rows
    }

    /// Parses rows, looks their identifiers up in one go, and decides every row; rows in `skipped` (by the user, in
    /// review) are Skipped.
    func decide(
        _ rows: [ImportRow], plan: ImportPlan, duplicates: DuplicateIdentifiers, skipped: Set<Int> = [],
        workspaceId: Int64, writes: Bool
    ) async throws -> [RowOutcome] {
        // A skipped row is parsed with the others but neither looked up nor decided.
        let parsed = rows.map(plan.parse)
        let deciding = skipped.isEmpty ? parsed : parsed.filter { !skipped.contains($0.number) }
        let keys = plan.lookupKeys(deciding, duplicates: duplicates)
        // An update's overwrites are read from the contact's values, in review as in the job.
        let existing = try await store.existingContacts(
            workspaceId: workspaceId, keys: keys, withValues: writes || plan.configuration.purpose.canUpdate)
        return parsed.map { row in
            if !skipped.isEmpty, skipped.contains(row.number) { return RowCorrections.skippedOutcome(row.number) }
            return plan.decide(row, duplicates: duplicates, existing: existing, computeWrite: writes)
        }
    }
}

extension ImportError {
    /// A file the CSV reader refuses: too large, or not a CSV file of contacts (the message names the limit, row or
    /// rule).
    init(_ error: CSVError) {
        self.init(error.code == .tooLarge ? .fileTooLarge : .invalidFile, error.message)
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}

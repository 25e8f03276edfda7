import HTTPTypes
import ContactCSV
import ContactModel
import ContactStore
import Foundation
import ImportRules
import Logging

/// The import, step by step: upload, configure, review, start, and the background job.
///
/// The HTTP API and the command line both drive this one pipeline. Errors are `APIError`s: a sentence
/// for a person that names the row, column or rule.
struct ImportPipeline: Sendable {
    let store: any DataStore
    let reviewTTL: Duration
    let resultsRetention: Duration
    /// Rows per job batch at most: each batch and its checkpoint commit in one transaction.
    var batchSize = 100_000
    /// A batch also ends at the first chunk boundary after it has been open this long, so progress moves and other
    /// writers (API edits) get their turn at least this often.
    var batchTime: Duration = .seconds(5)
    /// Rows decided together (a job's chunk, a review's part): two chunks are in memory at a time. 5,000 rather
    /// than 10,000: the job's peak memory 146 MB against 163 MB, at the same speed (docs/PERFORMANCE.md).
    var chunkSize = 5_000
    var now: @Sendable () -> Date = { Date() }
    var notifier: ImportNotifier?
    var logger = Logger(label: "contact-import.imports")

    // MARK: Upload

    /// Reads an uploaded file, keeps it, and proposes a mapping.
    func upload(workspaceId: Int64, user: User, fileName: String, bytes: [UInt8]) async throws -> ImportRecord {
        let file: CSVFile
        do {
            file = try CSVFile(bytes: bytes)
        } catch {
            throw Self.apiError(for: error)
        }
        let fields = try await store.customFields(workspaceId: workspaceId)
        let matches = ColumnMatcher.match(headers: file.columnNames, customFields: fields)
        let columns = Self.columns(of: file, matches: matches)
        let importTag = try await generatedImportTag(workspaceId: workspaceId)
        let config = ImportConfigJSON(
            purpose: nil, identifier: nil, tags: [], importTag: importTag,
            mapping: matches.compactMap { match in match.field.map { ColumnMapping(column: match.column, field: $0) } })
        let columnsJSON = String(decoding: try JSONEncoder().encode(columns), as: UTF8.self)
        do {
            return try await store.createImport(
                NewImport(
                    workspaceId: workspaceId, uploadedBy: user.id, fileName: fileName, rowCount: file.rowCount,
                    encoding: file.encoding.name, delimiter: file.delimiter.name, columnsJSON: columnsJSON,
                    configJSON: try config.encoded()),
                file: bytes)
        } catch let error as StoreError {
            throw Self.apiError(for: error)
        }
    }

    static func apiError(for error: CSVError) -> APIError {
        switch error.code {
        case .tooLarge:
            APIError(.contentTooLarge, "too_large", "The file must be smaller than 20 MB (20,971,520 bytes).")
        default:
            APIError(.unprocessableContent, "invalid_file", error.message)
        }
    }

    static func apiError(for error: StoreError) -> APIError {
        switch error.code {
        case .importInProgress: APIError(.conflict, "import_in_progress", error.message)
        case .sessionExpired: APIError(.gone, "session_expired", error.message)
        case .wrongState: APIError(.conflict, "wrong_state", error.message)
        case .notFound: APIError(.notFound, "not_found", error.message)
        case .conflict: APIError(.conflict, "conflict", error.message)
        case .invalidInput: APIError(.badRequest, "invalid_request", error.message)
        }
    }

    /// Each column with its header, up to three sample values, and the automatic mapping or suggestion.
    static func columns(of file: CSVFile, matches: [ColumnMatch]) -> [ImportColumn] {
        var samples = Array(repeating: [String](), count: file.columnCount)
        var rowsSeen = 0
        file.forEachRow { row in
            guard rowsSeen < 50 else { return }
            rowsSeen += 1
            for (index, value) in row.values.prefix(file.columnCount).enumerated()
            where !value.isEmpty && samples[index].count < 3 {
                samples[index].append(String(value.prefix(200)))
            }
        }
        return file.columnNames.enumerated().map { index, name in
            let match = matches.first { $0.column == index }
            return ImportColumn(
                index: index, header: name, samples: samples[index], field: match?.field?.key,
                suggestion: match?.suggestion?.key)
        }
    }

    /// `import-YYYY-MM-DD-HHMM` in the workspace's time zone, with `-2`, `-3`… when that tag exists already.
    func generatedImportTag(workspaceId: Int64) async throws -> String {
        let timeZone = try await store.workspace(id: workspaceId).flatMap { TimeZone(identifier: $0.timeZone) }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone ?? TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: now())
        let base = String(
            format: "import-%04d-%02d-%02d-%02d%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0, parts.hour ?? 0,
            parts.minute ?? 0)
        let taken = try await store.tagsInUse(workspaceId: workspaceId, prefix: base)
        if !taken.contains(base) { return base }
        var suffix = 2
        while taken.contains("\(base)-\(suffix)") { suffix += 1 }
        return "\(base)-\(suffix)"
    }

    // MARK: Configure

    /// Replaces the configuration from an API body (`PUT …/config`), checking every rule of SPEC §3–§4.
    func configure(workspaceId: Int64, id: Int64, body: JSONValue) async throws -> ImportRecord {
        let record = try await requireImport(workspaceId: workspaceId, id: id)
        let stored = try ImportConfigJSON.decode(record.configJSON)
        let configuration = try Self.configuration(from: body, keepingImportTag: stored.importTag)
        let fields = try await store.customFields(workspaceId: workspaceId)
        let columnCount = try columnCount(of: record)
        do {
            try configuration.validate(columnCount: columnCount, customFields: fields)
        } catch {
            throw APIError(.unprocessableContent, "invalid_config", error.message, details: [.init(field: error.rule.rawValue, message: error.message)])
        }
        do {
            return try await store.saveImportConfig(
                workspaceId: workspaceId, id: id, configJSON: try ImportConfigJSON(configuration).encoded())
        } catch let error as StoreError {
            throw Self.apiError(for: error)
        }
    }

    func columnCount(of record: ImportRecord) throws -> Int {
        (try JSONDecoder().decode([ImportColumn].self, from: Data(record.columnsJSON.utf8))).count
    }

    /// Reads `{"purpose", "identifier", "tags", "importTag", "mapping"}`; each wrong key is a 422 naming it.
    static func configuration(from body: JSONValue, keepingImportTag storedTag: String?) throws -> ImportConfiguration {
        func invalid(_ message: String, _ field: String) -> APIError {
            APIError(.unprocessableContent, "invalid_config", message, details: [.init(field: field, message: message)])
        }
        guard case .object(let object) = body else {
            throw APIError(.badRequest, "invalid_json", "The body must be a JSON object with the import's configuration.")
        }
        for key in object.keys where !["purpose", "identifier", "tags", "importTag", "mapping"].contains(key) {
            throw invalid("“\(key)” is not part of an import's configuration.", key)
        }
        guard case .string(let purposeText)? = object["purpose"], let purpose = ImportPurpose(rawValue: purposeText) else {
            throw invalid("purpose must be one of: addNew, updateExisting, addAndUpdate, addAll.", "purpose")
        }
        var identifier: IdentifierKind?
        switch object["identifier"] {
        case nil, .null?: identifier = nil
        case .string(let text)?:
            guard let kind = IdentifierKind(rawValue: text) else {
                throw invalid("identifier must be phone, email or contactId (or null for addAll).", "identifier")
            }
            identifier = kind
        default: throw invalid("identifier must be phone, email or contactId (or null for addAll).", "identifier")
        }
        var tags: [String] = []
        switch object["tags"] {
        case nil, .null?: break
        case .array(let items)?:
            for item in items {
                guard case .string(let tag) = item else { throw invalid("tags must be an array of strings.", "tags") }
                let trimmed = tag.trimmingCharacters(in: .whitespaces)
                if !tags.contains(trimmed) { tags.append(trimmed) }
            }
        default: throw invalid("tags must be an array of strings.", "tags")
        }
        var importTag = storedTag
        switch object["importTag"] {
        case nil: break
        case .null?: importTag = nil
        case .string(let tag)?: importTag = tag.trimmingCharacters(in: .whitespaces)
        default: throw invalid("importTag must be a string, or null to remove it.", "importTag")
        }
        guard case .array(let entries)? = object["mapping"] else {
            throw invalid("mapping must be an array of {\"column\", \"field\", \"doNotOverwrite\"}.", "mapping")
        }
        var mapping: [ColumnMapping] = []
        for (position, entry) in entries.enumerated() {
            let name = "mapping[\(position)]"
            guard case .object(let item) = entry else { throw invalid("\(name) must be an object.", name) }
            for key in item.keys where !["column", "field", "doNotOverwrite"].contains(key) {
                throw invalid("\(name): “\(key)” is not part of a column mapping.", name)
            }
            guard case .integer(let column)? = item["column"], let index = Int(exactly: column) else {
                throw invalid("\(name).column must be a column index (a whole number from 0).", name)
            }
            guard case .string(let fieldText)? = item["field"], let field = FieldKey(key: fieldText) else {
                throw invalid("\(name).field must be a field key such as firstName, phone or custom.<fieldId>.", name)
            }
            var doNotOverwrite = false
            switch item["doNotOverwrite"] {
            case nil, .null?: break
            case .bool(let flag)?: doNotOverwrite = flag
            default: throw invalid("\(name).doNotOverwrite must be true or false.", name)
            }
            if doNotOverwrite && !purpose.offersDoNotOverwrite {
                throw invalid(
                    "Do Not Overwrite is only offered for Update Existing Contacts Only and Add and Update Contacts (\(name)).",
                    name)
            }
            mapping.append(ColumnMapping(column: index, field: field, doNotOverwrite: doNotOverwrite))
        }
        return ImportConfiguration(purpose: purpose, identifier: identifier, tags: tags, importTag: importTag, mapping: mapping)
    }

    // MARK: Review

    /// Validates every row against the workspace as it is now: the four counts and the error file.
    func review(workspaceId: Int64, id: Int64) async throws -> ImportRecord {
        defer { FreedMemory.release() }
        let record = try await requireImport(workspaceId: workspaceId, id: id)
        guard record.status == .draft || record.status == .review else {
            throw Self.apiError(for: StoreError(.wrongState, "This import is \(record.status.rawValue) and cannot be reviewed again."))
        }
        let (file, plan) = try await open(record)
        let duplicates = Self.scanDuplicates(file, plan: plan)
        // Chunks are independent here (nothing is written): two are decided at a time, one per core, and their
        // counts and error rows are put back in file order.
        let columnCount = file.columnCount
        var parts: [Int: (summary: ImportSummary, errorRows: [UInt8])] = [:]
        var cursor = try file.rows()
        try await withThrowingTaskGroup(of: (Int, ImportSummary, [UInt8]).self) { group in
            var next = 0
            var finished = 0
            while true {
                let chunk = try Self.nextRows(&cursor, size: chunkSize)
                if chunk.isEmpty { break }
                let index = next
                next += 1
                group.addTask {
                    let outcomes = try await self.decide(
                        chunk, plan: plan, duplicates: duplicates, workspaceId: workspaceId, writes: false)
                    var summary = ImportSummary()
                    var errorRows = CSVWriter()
                    for (row, outcome) in zip(chunk, outcomes) {
                        summary.add(outcome)
                        if outcome.status == .error {
                            errorRows.append(row: Array(row.values.prefix(columnCount)) + [outcome.errorText])
                        }
                    }
                    return (index, summary, errorRows.takeBytes())
                }
                if next - finished >= 2, let (done, summary, errorRows) = try await group.next() {
                    parts[done] = (summary, errorRows)
                    finished += 1
                }
            }
            for try await (done, summary, errorRows) in group { parts[done] = (summary, errorRows) }
        }
        var summary = ImportSummary()
        var errorHeader = CSVWriter(header: file.header + ["Error"])
        var errorBytes = errorHeader.takeBytes()
        for index in parts.keys.sorted() {
            let part = parts[index]!
            summary.imported += part.summary.imported
            summary.updated += part.summary.updated
            summary.skipped += part.summary.skipped
            summary.errors += part.summary.errors
            errorBytes.append(contentsOf: part.errorRows)
        }
        do {
            return try await store.saveReview(
                workspaceId: workspaceId, id: id, configJSON: record.configJSON, summary: summary,
                errorFile: errorBytes, expiresAt: now().addingTimeInterval(reviewTTL.seconds))
        } catch let error as StoreError {
            throw Self.apiError(for: error)
        }
    }

    // MARK: Start

    func start(workspaceId: Int64, id: Int64) async throws -> ImportRecord {
        do {
            return try await store.startImport(workspaceId: workspaceId, id: id, now: now())
        } catch let error as StoreError {
            if error.code == .wrongState, error.message.hasPrefix("Review") {
                throw APIError(.unprocessableContent, "not_reviewed", error.message)
            }
            throw Self.apiError(for: error)
        }
    }

    func cancel(workspaceId: Int64, id: Int64) async throws -> ImportRecord {
        do {
            return try await store.cancelImport(workspaceId: workspaceId, id: id)
        } catch let error as StoreError {
            throw Self.apiError(for: error)
        }
    }

    // MARK: The job

    /// Runs (or resumes) a processing import to its end, batch by batch, each batch committed with its
    /// checkpoint. Returns early, leaving the import to be resumed, when `shouldStop` says so between batches
    /// or when another worker has moved the checkpoint. A failure for a server reason ends the import as failed.
    @discardableResult
    func runJob(importId: Int64, shouldStop: @Sendable () -> Bool = { false }, progress: @Sendable (Int, Int) -> Void = { _, _ in })
        async throws -> ImportRecord?
    {
        guard let record = try await store.importRecord(id: importId), record.status == .processing else { return nil }
        return try await store.runningImportJob { try await runJob(record, shouldStop: shouldStop, progress: progress) }
    }

    /// `runJob(importId:…)` once the store has counted the job in.
    private func runJob(_ record: ImportRecord, shouldStop: @Sendable () -> Bool, progress: @Sendable (Int, Int) -> Void)
        async throws -> ImportRecord?
    {
        let importId = record.id
        do {
            return try await runBatches(record, shouldStop: shouldStop, progress: progress)
        } catch let error as StoreError where error.code == .wrongState {
            logger.info("Import \(importId) moved on elsewhere; leaving it", metadata: ["reason": "\(error.message)"])
            return try await store.importRecord(id: importId)
        } catch is CancellationError {
            return try await store.importRecord(id: importId)
        } catch {
            logger.error("Import \(importId) failed", metadata: ["error": "\(String(reflecting: error))"])
            let message = (error as? APIError)?.message
                ?? "The import stopped because of a server error. Rows committed before it stay imported; start a new import for the rest."
            let failed = try await store.failImport(importId: importId, message: message, now: now())
            if let failed, failed.status == .failed { await notifier?.importFinished(failed) }
            return failed
        }
    }

    private func runBatches(_ record: ImportRecord, shouldStop: @Sendable () -> Bool, progress: @Sendable (Int, Int) -> Void)
        async throws -> ImportRecord?
    {
        let (file, plan) = try await open(record)
        let duplicates = Self.scanDuplicates(file, plan: plan)
        var done = record.progressDone
        let chunkSize = min(self.chunkSize, batchSize)
        let columnCount = file.columnCount
        let chunks = ImportJobChunks(
            from: try file.rows(from: file.position(ofRow: done + 1)), rowsBefore: done, batchRows: batchSize,
            batchTime: batchTime, columnCount: file.columnCount
        ) { cursor in
            var cursor = cursor
            let rows = try Self.nextRows(&cursor, size: chunkSize)
            guard !rows.isEmpty else { return ImportJobChunks.Decided(cursor: cursor, rows: [], outcomes: []) }
            let outcomes = try await self.decide(
                rows, plan: plan, duplicates: duplicates, workspaceId: record.workspaceId, writes: true)
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

    /// A batch's rows of the results file: each row's original values, then its Import Status and Errors.
    static func resultRows(_ batch: [CSVRow], outcomes: [RowOutcome], columnCount: Int) -> [UInt8] {
        var writer = CSVWriter()
        for (row, outcome) in zip(batch, outcomes) {
            writer.append(row: Array(row.values.prefix(columnCount)) + [outcome.status.label, outcome.errorText])
        }
        return writer.takeBytes()
    }

    // MARK: Shared steps

    func requireImport(workspaceId: Int64, id: Int64) async throws -> ImportRecord {
        guard let record = try await store.importRecord(workspaceId: workspaceId, id: id) else {
            throw APIError.notFound("import")
        }
        return record
    }

    /// The stored file and the prepared rules of a configured import.
    private func open(_ record: ImportRecord) async throws -> (CSVFile, ImportPlan) {
        guard let configuration = try ImportConfigJSON.decode(record.configJSON).configuration else {
            throw APIError(
                .unprocessableContent, "not_configured",
                "Choose the import purpose, identifier and mapping (PUT …/config) before reviewing.")
        }
        guard let bytes = try await store.importFile(importId: record.id, kind: .upload) else {
            throw APIError(.gone, "file_gone", "The uploaded file is no longer available. Upload it again.")
        }
        let file: CSVFile
        do {
            file = try CSVFile(bytes: bytes)
        } catch {
            throw Self.apiError(for: error)
        }
        let fields = try await store.customFields(workspaceId: record.workspaceId)
        do {
            return (file, try ImportPlan(configuration: configuration, columnCount: file.columnCount, customFields: fields))
        } catch {
            // A custom field may have changed since the configuration was saved.
            throw APIError(.unprocessableContent, "invalid_config", error.message)
        }
    }

    /// The first pass: identifiers shared by several rows of the whole file.
    static func scanDuplicates(_ file: CSVFile, plan: ImportPlan) -> DuplicateIdentifiers {
        guard plan.configuration.purpose.matchesExisting, let column = plan.identifierColumn else { return .none }
        var scan = DuplicateScan(plan: plan, expectedRows: file.rowCount)
        file.forEachValue(inColumn: column) { number, value in scan.add(plan.identifierKey(ofCell: value), rowNumber: number) }
        return scan.finish()
    }

    /// The next `size` rows at most (fewer at the end of the file).
    static func nextRows(_ cursor: inout CSVRowCursor, size: Int) throws -> [CSVRow] {
        var rows: [CSVRow] = []
        rows.reserveCapacity(size)
        while rows.count < size, let row = try cursor.next() { rows.append(row) }
        return rows
    }

    /// Parses rows, looks their identifiers up in one go, and decides every row.
    func decide(
        _ batch: [CSVRow], plan: ImportPlan, duplicates: DuplicateIdentifiers, workspaceId: Int64, writes: Bool
    ) async throws -> [RowOutcome] {
        let parsed = batch.map { plan.parse(ImportRow(number: $0.number, cells: $0.values)) }
        let keys = plan.lookupKeys(parsed, duplicates: duplicates)
        let existing = try await store.existingContacts(workspaceId: workspaceId, keys: keys, withValues: writes)
        return parsed.map { plan.decide($0, duplicates: duplicates, existing: existing, computeWrite: writes) }
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}

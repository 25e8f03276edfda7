import ContactCSV
import ContactImportApp
import ContactModel
import ContactStore
import Foundation
import ImportRules
import Logging

/// `contact-import bench`: a workspace of existing contacts, then one whole import of a file into it,
/// timing upload + review and the job separately (release builds only; `scripts/bench` runs it).
public struct ImportBenchmark: Sendable {
    public var mainFile: String
    public var existingFile: String
    public var dataDirectory: String
    /// Job batch rows, batch seconds and chunk rows; nil keeps the server's defaults (`ImportPipeline`).
    public var batchSize: Int?
    public var batchSeconds: Double?
    public var chunkSize: Int?
    /// A copy of the seeded database (`VACUUM INTO`): written after seeding when missing, copied instead of
    /// seeding when present, so repeated runs skip the minute of seeding.
    public var seedSnapshot: String?
    /// `postgres://…` of an empty database to run on PostgreSQL instead (seeded every time unless `seeded`).
    public var databaseURL: String?
    /// The PostgreSQL database holds the benchmark's seeded workspace already (a copy of one `seedOnly` made, by
    /// `CREATE DATABASE … TEMPLATE`), so repeated runs skip the minutes of seeding.
    public var seeded = false
    /// The workspace's default country with phone numbers in E.164 (SPEC §10); nil keeps them as given.
    public var e164Country: String?
    /// Time fixing rows in review (SPEC §11) before the job, which then runs with the corrections.
    public var fixRows = false
    /// Time the undo of the import after its job (SPEC §12), and the storage its before-values take.
    public var undo = false
    /// Time exporting every contact after the job (its peak memory too) and Merge Suggestions' pages (SPEC §14).
    public var contactsTools = false

    public init(
        mainFile: String, existingFile: String, dataDirectory: String, batchSize: Int? = nil,
        batchSeconds: Double? = nil, chunkSize: Int? = nil, seedSnapshot: String? = nil, databaseURL: String? = nil,
        e164Country: String? = nil
    ) {
        self.e164Country = e164Country
        self.mainFile = mainFile
        self.existingFile = existingFile
        self.dataDirectory = dataDirectory
        self.batchSize = batchSize
        self.batchSeconds = batchSeconds
        self.chunkSize = chunkSize
        self.seedSnapshot = seedSnapshot
        self.databaseURL = databaseURL
    }

    public struct Report: Sendable, CustomStringConvertible {
        public var existingContacts: Int
        public var rows: Int
        public var seedSeconds: Double
        public var uploadSeconds: Double
        public var reviewSeconds: Double
        public var jobSeconds: Double
        /// From the import's completion to the end of the store's upkeep that the job put off (SQLite: one WAL
        /// checkpoint); the import is already completed and its results available meanwhile.
        public var upkeepSeconds: Double
        /// CPU time (user + system, all threads) the process spent during the job and its upkeep.
        public var jobCPUSeconds: Double
        public var peakResidentBytes: Int
        /// The peak up to the end of the review (upload, configuration and review).
        public var reviewPeakBytes: Int
        /// Bytes the process read and wrote through system calls during the job and its upkeep (`rchar`/`wchar` of
        /// /proc/self/io): SQLite's page reads, WAL writes and checkpoints.
        public var jobBytesRead: Int
        public var jobBytesWritten: Int
        public var summary: ImportSummary
        /// Median milliseconds of a contacts-list search after the import, by phone prefix and by name.
        public var searchContacts = 0
        public var phonePrefixSearchMilliseconds: Double?
        public var nameSearchMilliseconds: Double?
        /// … and by a whole name ("first last"), which few contacts match: the search index's case.
        public var fullNameSearchMilliseconds: Double?
        var fixing: FixRowsBenchmark.Figures?
        /// The undo after the job: its time, what it did, and the bytes the job's before-values took.
        var undoSeconds: Double?
        var undoSummary: UndoSummary?
        var undoRecordBytes: Int?
        var contactsTools: ContactsToolsBenchmark.Figures?

        public var description: String {
            func f(_ value: Double) -> String { String(format: "%.3f", value) }
            let mb = Double(peakResidentBytes) / 1_048_576
            return """
                workspace contacts before import: \(existingContacts) (seeded in \(f(seedSeconds)) s)
                file rows:                        \(rows)
                upload (read + store):            \(f(uploadSeconds)) s
                review:                           \(f(reviewSeconds)) s  (\(Int(Double(rows) / reviewSeconds)) rows/s)
                upload + review:                  \(f(uploadSeconds + reviewSeconds)) s
                job (start to completed):         \(f(jobSeconds)) s  (\(Int(Double(rows) / jobSeconds)) rows/s, \(f(jobCPUSeconds)) s CPU)
                upkeep after completion:          \(f(upkeepSeconds)) s  (WAL checkpoint put off by the job; not part of it)
                job I/O (system calls):           \(jobBytesRead / 1_048_576) MB read, \(jobBytesWritten / 1_048_576) MB written (with the upkeep)
                whole import:                     \(f(uploadSeconds + reviewSeconds + jobSeconds)) s
                peak resident memory (import):    \(String(format: "%.1f", mb)) MB (\(String(format: "%.1f", Double(reviewPeakBytes) / 1_048_576)) MB by the end of the review)
                outcome: \(summary.imported) imported, \(summary.updated) updated, \(summary.skipped) skipped, \(summary.errors) errors, \(summary.phonesNormalized) phones rewritten to E.164
                search of \(searchContacts) contacts, median of \(ImportBenchmark.searchSamples): phone prefix \(ms(phonePrefixSearchMilliseconds)), name \(ms(nameSearchMilliseconds)), whole name \(ms(fullNameSearchMilliseconds))
                """ + (fixing.map { "\n\($0)" } ?? "") + (contactsTools.map { "\n\($0)" } ?? "")
                    + undoDescription
        }

        private var undoDescription: String {
            guard let undoSeconds, let undoSummary, let undoRecordBytes else { return "" }
            let perThousand = summary.updated > 0 ? Double(undoRecordBytes) / Double(summary.updated) : 0
            return """

                undo (start to undone):           \(String(format: "%.3f", undoSeconds)) s  (\(undoSummary.deleted) deleted, \(undoSummary.restored) restored, \(undoSummary.kept) kept)
                before-values kept for the undo:  \(undoRecordBytes / 1024) KB (\(String(format: "%.1f", perThousand)) KB per 1,000 updated contacts, added contacts included)
                """
        }

        private func ms(_ value: Double?) -> String {
            value.map { String(format: "%.1f ms", $0) } ?? "–"
        }
    }

    public func run() async throws -> Report {
        try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
        let databasePath = (dataDirectory as NSString).appendingPathComponent(SQLiteStore.fileName)
        let seedStart = ContinuousClock.now
        let store: any DataStore
        let ws: Int64
        let owner: User
        let existing: Int
        if let databaseURL, seeded {
            let postgres = try await PostgresStore.connect(url: databaseURL)
            store = postgres
            (ws, owner) = try await Self.benchWorkspace(in: postgres, named: databaseURL)
            existing = try await postgres.contactCount(workspaceId: ws)
        } else if databaseURL != nil {
            (store, ws, owner, existing) = try await seedPostgres()
        } else if let seedSnapshot {
            if !FileManager.default.fileExists(atPath: seedSnapshot) {
                try await makeSnapshot(at: seedSnapshot, seedingAt: databasePath + ".seeding")
            }
            try FileManager.default.copyItem(atPath: seedSnapshot, toPath: databasePath)
            let sqlite = try SQLiteStore(path: databasePath)
            store = sqlite
            (ws, owner) = try await Self.benchWorkspace(in: sqlite, named: seedSnapshot)
            existing = try await sqlite.contactCount(workspaceId: ws)
        } else {
            let sqlite = try SQLiteStore(path: databasePath)
            store = sqlite
            (ws, owner, existing) = try await seededWorkspace(in: sqlite) {
                try await sqlite.insertContacts(workspaceId: $0, $1)
            }
        }
        let seedSeconds = (ContinuousClock.now - seedStart).seconds
        if let e164Country {
            _ = try await store.updateWorkspaceSettings(workspaceId: ws) { settings in
                settings.phoneNumbers = .e164
                settings.defaultCountry = e164Country
            }
        }
        // Seeding is the benchmark's own set-up: what it freed goes back before the import's peak is measured.
        FreedMemory.release()
        Self.resetPeakResident()

        var pipeline = ImportPipeline(store: store)
        if let batchSize { pipeline.batchSize = batchSize }
        if let batchSeconds { pipeline.batchTime = .milliseconds(Int(batchSeconds * 1000)) }
        if let chunkSize { pipeline.chunkSize = chunkSize }
        pipeline.logger.logLevel = .warning
        // The file's bytes live only through the upload, as a request body does in the server: the import's peak
        // memory must not count a copy that only the benchmark holds.
        let uploadStart = ContinuousClock.now
        var record = try await pipeline.upload(
            workspaceId: ws, user: owner, fileName: "bench.csv", bytes: try fileBytes(mainFile))
        let automatic = record.setup.mapping.map { ColumnMapping(column: $0.column, field: $0.field) }
        record = try await pipeline.configure(
            workspaceId: ws, id: record.id,
            ConfigurationRequest(
                configuration: ImportConfiguration(
                    purpose: .addAndUpdate, identifier: .phone, importTag: nil, mapping: automatic),
                setsImportTag: false))
        let uploadSeconds = (ContinuousClock.now - uploadStart).seconds

        let reviewStart = ContinuousClock.now
        record = try await pipeline.review(workspaceId: ws, id: record.id)
        let reviewSeconds = (ContinuousClock.now - reviewStart).seconds
        let reviewPeakBytes = Self.peakResident()
        var fixing: FixRowsBenchmark.Figures?
        if fixRows {
            var cold = ImportPipeline(store: store)
            cold.chunkSize = pipeline.chunkSize
            fixing = try await FixRowsBenchmark(pipeline: pipeline, workspaceId: ws, importId: record.id).run(
                cold: cold)
        }

        let jobStart = ContinuousClock.now
        let jobStartDate = Date()
        let cpuBefore = Self.cpuSeconds()
        let ioBefore = Self.ioBytes()
        record = try await pipeline.start(workspaceId: ws, id: record.id)
        guard let finished = try await pipeline.runJob(importId: record.id), finished.status == .completed else {
            throw BenchmarkError("The benchmark import did not complete.")
        }
        let jobAndUpkeepSeconds = (ContinuousClock.now - jobStart).seconds
        // The job ends when the import is completed (its completedAt); what follows is put-off upkeep.
        let jobSeconds = min(jobAndUpkeepSeconds, (finished.completedAt ?? Date()).timeIntervalSince(jobStartDate))
        let jobCPUSeconds = Self.cpuSeconds() - cpuBefore
        let ioAfter = Self.ioBytes()
        let peak = Self.peakResident()
        let searches = try await searchTimes(store, workspaceId: ws, file: try fileBytes(mainFile))
        var report = Report(
            existingContacts: existing, rows: finished.rowCount, seedSeconds: seedSeconds, uploadSeconds: uploadSeconds,
            reviewSeconds: reviewSeconds, jobSeconds: jobSeconds,
            upkeepSeconds: jobAndUpkeepSeconds - jobSeconds, jobCPUSeconds: jobCPUSeconds, peakResidentBytes: peak,
            reviewPeakBytes: reviewPeakBytes,
            jobBytesRead: ioAfter.read - ioBefore.read, jobBytesWritten: ioAfter.written - ioBefore.written,
            summary: finished.summary, searchContacts: existing + finished.summary.imported,
            phonePrefixSearchMilliseconds: searches.phonePrefix, nameSearchMilliseconds: searches.name,
            fullNameSearchMilliseconds: searches.fullName)
        report.fixing = fixing
        if contactsTools { report.contactsTools = try await ContactsToolsBenchmark.run(store, workspaceId: ws) }
        if undo {
            report.undoRecordBytes = try await store.undoRecordBytes(importId: record.id)
            let undoStart = ContinuousClock.now
            _ = try await pipeline.startUndo(workspaceId: ws, id: record.id, user: owner)
            guard let undone = try await pipeline.runUndo(importId: record.id), undone.status == .undone else {
                throw BenchmarkError("The benchmark undo did not end.")
            }
            report.undoSeconds = (ContinuousClock.now - undoStart).seconds
            report.undoSummary = undone.undoSummary
        }
        return report
    }

    /// Searches timed after the import (a search by phone prefix or name on 1,000,000 contacts).
    static let searchSamples = 25

    /// The median time of the first page of `searchSamples` searches of the workspace through the store, as the
    /// contacts list makes them: by the first eight characters of phones from the file ("+6598568"), by first
    /// names from the file, and by whole names ("first last", rare). Nil for a kind the file has no column for.
    private func searchTimes(_ store: any DataStore, workspaceId: Int64, file bytes: [UInt8]) async throws
        -> (phonePrefix: Double?, name: Double?, fullName: Double?)
    {
        let file = try CSVFile(bytes: bytes, limits: .unlimited)
        let matches = ColumnMatcher.match(headers: file.columnNames, customFields: Self.customFields)
        func samples(_ field: StandardField, _ text: (String) -> String) -> [String] {
            guard let column = matches.first(where: { $0.field == .standard(field) })?.column else { return [] }
            var values: [String] = []
            let step = max(1, file.rowCount / Self.searchSamples)
            file.forEachValue(inColumn: column) { number, value in
                if number % step == 0, !value.isEmpty, values.count < Self.searchSamples { values.append(text(value)) }
            }
            return values
        }
        func median(_ searches: [String]) async throws -> Double? {
            guard !searches.isEmpty else { return nil }
            var times: [Double] = []
            for search in searches {
                let start = ContinuousClock.now
                _ = try await store.listContacts(
                    workspaceId: workspaceId, query: ContactQuery(search: search, limit: 50))
                times.append((ContinuousClock.now - start).seconds * 1000)
            }
            return times.sorted()[times.count / 2]
        }
        let lastNames = samples(.lastName) { $0 }
        let fullNames = zip(samples(.firstName) { $0 }, lastNames).map { "\($0) \($1)" }
        return (
            try await median(samples(.phone) { String($0.prefix(8)) }), try await median(samples(.firstName) { $0 }),
            try await median(fullNames)
        )
    }

    /// Seeds a workspace in a database of its own and copies it to `path`. That store is closed before the import,
    /// so the first run measures the import as every later run does: from a copy of the snapshot, with none of the
    /// seeding in the writer's cache, the WAL or the heap.
    private func makeSnapshot(at path: String, seedingAt seedingPath: String) async throws {
        do {
            let sqlite = try SQLiteStore(path: seedingPath)
            _ = try await seededWorkspace(in: sqlite) { try await sqlite.insertContacts(workspaceId: $0, $1) }
            try await sqlite.snapshot(to: path)
        }
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: seedingPath + suffix) }
    }

    static let customFields = [
        CustomField(fieldId: "company", name: "Company", type: .text),
        CustomField(fieldId: "plan", name: "Plan", type: .list, options: ["Free", "Basic", "Pro", "Team"]),
        CustomField(fieldId: "vip", name: "VIP", type: .checkbox),
        CustomField(fieldId: "lifetime_value", name: "Lifetime Value", type: .number),
        CustomField(fieldId: "signup_date", name: "Signup Date", type: .date),
        CustomField(fieldId: "website", name: "Website", type: .url),
    ]

    /// Loads the existing-contacts file (same columns as the main file) in transactions of 20,000, through an
    /// Add All plan on the automatic mapping, as an upload would map it. Rows the rules refuse are left out.
    /// A new workspace with the benchmark's custom fields and the existing contacts, inserted by `insert`.
    /// Seeds the PostgreSQL database and leaves it, vacuumed and analysed, for runs `seeded` on copies of it.
    public func seedPostgresOnly() async throws -> (contacts: Int, seconds: Double) {
        let start = ContinuousClock.now
        let (store, _, _, contacts) = try await seedPostgres()
        await store.close()
        return (contacts, (ContinuousClock.now - start).seconds)
    }

    private func seedPostgres() async throws -> (PostgresStore, Int64, User, Int) {
        guard let databaseURL else { throw BenchmarkError("Seeding PostgreSQL needs --database.") }
        let postgres = try await PostgresStore.connect(url: databaseURL)
        let (ws, owner, existing) = try await seededWorkspace(in: postgres) {
            try await postgres.insertContacts(workspaceId: $0, $1)
        }
        // As a workspace that has lived a while (autovacuum's work done), and as the psql reference's seeding.
        try await postgres.vacuumAnalyze()
        return (postgres, ws, owner, existing)
    }

    /// The seeded workspace (the database's first) and its owner.
    private static func benchWorkspace(in store: any DataStore, named: String) async throws -> (Int64, User) {
        guard let member = try await store.members(workspaceId: 1).first else {
            throw BenchmarkError("\(named) holds no benchmark workspace: seed it first (--seed-only).")
        }
        return (1, member.user)
    }

    private func seededWorkspace(
        in store: any DataStore, insert: (Int64, [ContactDraft]) async throws -> Int
    ) async throws -> (workspaceId: Int64, owner: User, contacts: Int) {
        let created = try await store.createWorkspace(name: "Bench", ownerEmail: "bench@example.com", passwordHash: nil)
        let ws = created.workspace.id
        for field in Self.customFields { _ = try await store.createCustomField(workspaceId: ws, field: field) }
        let contacts = try await seed(workspaceId: ws) { try await insert(ws, $0) }
        return (ws, created.owner, contacts)
    }

    private func fileBytes(_ path: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw BenchmarkError("Cannot read \(path).")
        }
        return [UInt8](data)
    }

    private func seed(workspaceId: Int64, insert: ([ContactDraft]) async throws -> Int) async throws -> Int {
        let file = try CSVFile(bytes: try fileBytes(existingFile), limits: .unlimited)
        let mapping = ColumnMatcher.match(headers: file.columnNames, customFields: Self.customFields).compactMap {
            match in
            match.field.map { ColumnMapping(column: match.column, field: $0) }
        }
        let plan = try ImportPlan(
            configuration: ImportConfiguration(purpose: .addAll, identifier: nil, mapping: mapping),
            columnCount: file.columnCount, customFields: Self.customFields)
        var cursor = try file.rows()
        var total = 0
        while true {
            let batch = try ImportPipeline.nextRows(&cursor, size: 20_000)
            if batch.isEmpty { break }
            let drafts: [ContactDraft] = batch.compactMap { row in
                let outcome = plan.decide(
                    plan.parse(ImportRow(number: row.number, cells: row.values)), duplicates: .none, existing: [:])
                guard case .add(let draft) = outcome.write else { return nil }
                return draft
            }
            total += try await insert(drafts)
        }
        return total
    }

    /// User plus system CPU time of the whole process so far.
    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    /// Bytes read and written through system calls so far (`rchar` and `wchar` of /proc/self/io).
    static func ioBytes() -> (read: Int, written: Int) {
        guard let io = try? String(contentsOfFile: "/proc/self/io", encoding: .utf8) else { return (0, 0) }
        var read = 0
        var written = 0
        for line in io.split(separator: "\n") {
            let parts = line.split(separator: " ")
            guard parts.count == 2, let value = Int(parts[1]) else { continue }
            if parts[0] == "rchar:" { read = value }
            if parts[0] == "wchar:" { written = value }
        }
        return (read, written)
    }

    /// VmHWM: the process's peak resident memory, in bytes.
    static func peakResident() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let kilobytes = line.split(separator: " ").compactMap { Int($0) }.first ?? 0
            return kilobytes * 1024
        }
        return 0
    }

    /// Resets the peak so that the figure covers the import alone (Linux: `5` into clear_refs).
    static func resetPeakResident() {
        try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
    }
}

/// A benchmark that cannot run as asked.
struct BenchmarkError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}

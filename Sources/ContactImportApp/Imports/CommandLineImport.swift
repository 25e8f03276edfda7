import ContactModel
import ContactStore
import Foundation
import ImportRules
import Logging
import Mailer

/// `contact-import import FILE …`: the same pipeline as the HTTP API, run headless in this process.
public struct CommandLineImport: Sendable {
    public var filePath: String
    public var workspaceId: Int64
    public var purpose: String
    public var identifier: String?
    public var tags: [String]
    public var keepImportTag: Bool
    /// `Header=fieldKey` pairs; they add to (and override) the automatic mapping.
    public var mappings: [String]
    /// Headers of columns to leave out.
    public var skipped: [String]
    /// Headers whose column gets Do Not Overwrite; `*` for every column.
    public var doNotOverwrite: [String]
    public var resultsPath: String?
    /// The member the import is recorded for; the first owner by default.
    public var userEmail: String?

    public init(
        filePath: String, workspaceId: Int64, purpose: String, identifier: String?, tags: [String], keepImportTag: Bool,
        mappings: [String], skipped: [String], doNotOverwrite: [String], resultsPath: String?, userEmail: String?
    ) {
        self.filePath = filePath
        self.workspaceId = workspaceId
        self.purpose = purpose
        self.identifier = identifier
        self.tags = tags
        self.keepImportTag = keepImportTag
        self.mappings = mappings
        self.skipped = skipped
        self.doNotOverwrite = doNotOverwrite
        self.resultsPath = resultsPath
        self.userEmail = userEmail
    }

    /// A refusal of the command's own options or files, for the person at the terminal. The import's refusals are
    /// `ImportError`s, the same as the API's, and are printed the same way.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Runs upload → configure → review → start → job, reporting each step through `say` and the job's
    /// progress through `progress`. Returns the finished import's summary line.
    public func run(
        configuration: AppConfiguration, store: any DataStore, mailer: (any Mailer)?, logger: Logger,
        say: @Sendable (String) -> Void, progress: @escaping @Sendable (Int, Int) -> Void
    ) async throws -> String {
        let pipeline = makePipeline(configuration: configuration, store: store, mailer: mailer, logger: logger)
        return try await run(
            pipeline, store: store, lease: JobLease(lease: configuration.jobLease, logger: logger), say: say,
            progress: progress)
    }

    private func run(
        _ pipeline: ImportPipeline, store: any DataStore, lease: JobLease, say: @Sendable (String) -> Void,
        progress: @escaping @Sendable (Int, Int) -> Void
    ) async throws -> String {
        let members = try await store.members(workspaceId: workspaceId)
        guard !members.isEmpty else { throw Failure(description: "There is no workspace \(workspaceId).") }
        let member =
            try userEmail.map { email in
                guard let found = members.first(where: { $0.user.email.lowercased() == email.lowercased() }) else {
                    throw Failure(description: "\(email) is not a member of workspace \(workspaceId).")
                }
                return found
            } ?? members[0]
        guard member.role.canManage else {
            throw Failure(
                description: "\(member.user.email) is an agent; only owners and managers can import contacts.")
        }
        guard let data = FileManager.default.contents(atPath: filePath) else {
            throw Failure(description: "Cannot read \(filePath).")
        }
        let fileName = (filePath as NSString).lastPathComponent
        var record = try await pipeline.upload(
            workspaceId: workspaceId, user: member.user,
            fileName: fileName.lowercased().hasSuffix(".csv") ? fileName : fileName + ".csv",
            bytes: [UInt8](data))
        say("Read \(record.rowCount) rows (\(record.encoding), \(record.delimiter)-separated).")

        let columns = record.columns
        let request = try configurationRequest(columns: columns, automatic: record.setup.mapping)
        record = try await pipeline.configure(workspaceId: workspaceId, id: record.id, request)
        let mapped = record.setup.mapping.map { "\(columns[$0.column].header) → \($0.field.key)" }
        say("Mapping: \(mapped.joined(separator: ", ")).")

        record = try await pipeline.review(workspaceId: workspaceId, id: record.id)
        let review = record.summary
        say(
            "Review: \(review.imported) to import, \(review.updated) to update, \(review.skipped) to skip, \(review.errors) with errors."
        )

        // The job's lease is taken as the import starts, so a server on the same database never works it meanwhile.
        let claim = JobLeaseClaim(owner: "command-line/" + ImportRunner.processOwner(), lease: lease.lease)
        record = try await pipeline.start(workspaceId: workspaceId, id: record.id, leasedTo: claim)
        let finished = try await runLeased(
            record.id, pipeline, store: store, lease: lease, owner: claim.owner, say: say, progress: progress)
        if finished.status != .completed {
            throw Failure(description: finished.failureMessage ?? "The import ended as \(finished.status.rawValue).")
        }
        if let resultsPath, let results = try await store.importFile(importId: finished.id, kind: .results) {
            guard FileManager.default.createFile(atPath: resultsPath, contents: Data(results)) else {
                throw Failure(description: "Cannot write the results file to \(resultsPath).")
            }
            say("Results file written to \(resultsPath).")
        }
        let summary = finished.summary
        return "Import \(finished.id) completed: \(summary.imported) imported, \(summary.updated) updated, "
            + "\(summary.skipped) skipped, \(summary.errors) errors."
    }

    /// Runs the started import's job here under the lease it started with, renewed as a server's job runner renews
    /// its own, so that a server on the same database never works it at the same time. When a server takes it over
    /// (this process was paused past the lease), the command follows it to its end instead.
    private func runLeased(
        _ id: Int64, _ pipeline: ImportPipeline, store: any DataStore, lease: JobLease, owner: String,
        say: @Sendable (String) -> Void, progress: @escaping @Sendable (Int, Int) -> Void
    ) async throws -> ImportRecord {
        try await lease.run(
            "import \(id)",
            renew: { duration in try await store.renewImportLease(importId: id, owner: owner, lease: duration) },
            release: { try await store.releaseImportLease(importId: id, owner: owner) },
            work: { shouldStop in
                _ = try await pipeline.runJob(importId: id, shouldStop: shouldStop, progress: progress)
            })
        var said = false
        while true {
            guard let record = try await store.importRecord(id: id) else {
                throw Failure(description: "Import \(id) is gone.")
            }
            guard record.status == .processing else { return record }
            if !said {
                say("A server on this database is running import \(id); following it.")
                said = true
            }
            progress(record.progressDone, record.rowCount)
            try await Task.sleep(for: .milliseconds(250))
        }
    }

    /// The configuration these options describe: the automatic mapping with `--map`, `--skip` and
    /// `--do-not-overwrite` applied. The import keeps its generated tag unless `--no-import-tag`.
    func configurationRequest(columns: [ImportColumn], automatic: [ColumnMapping]) throws -> ConfigurationRequest {
        guard let purpose = ImportPurpose(rawValue: purpose) else {
            throw Failure(description: "--purpose must be one of: addNew, updateExisting, addAndUpdate, addAll.")
        }
        let identifierKind = try identifier.map { text in
            guard let kind = IdentifierKind(rawValue: text) else {
                throw Failure(description: "--identifier must be phone, email or contactId.")
            }
            return kind
        }
        func column(named header: String) throws -> Int {
            let wanted = header.trimmingCharacters(in: .whitespaces).lowercased()
            guard
                let first = columns.first(where: {
                    $0.header.trimmingCharacters(in: .whitespaces).lowercased() == wanted
                })
            else {
                throw Failure(
                    description:
                        "The file has no column “\(header)”. Its columns: \(columns.map(\.header).joined(separator: ", "))."
                )
            }
            return first.index
        }
        var fieldByColumn: [Int: FieldKey] = [:]
        // Contact ID can be mapped only as the identifier: an automatic match is dropped otherwise.
        for entry in automatic where entry.field != .standard(.contactId) || identifierKind == .contactId {
            fieldByColumn[entry.column] = entry.field
        }
        for pair in mappings {
            guard let equals = pair.lastIndex(of: "=") else {
                throw Failure(
                    description: "--map takes Header=field, for example \"Phone Number=phone\"; got “\(pair)”.")
            }
            let index = try column(named: String(pair[..<equals]))
            let key = String(pair[pair.index(after: equals)...]).trimmingCharacters(in: .whitespaces)
            guard let field = FieldKey(key: key) else {
                throw Failure(
                    description:
                        "--map “\(pair)”: “\(key)” is not a field key such as firstName, phone or custom.<fieldId>.")
            }
            for (other, mapped) in fieldByColumn where mapped == field { fieldByColumn[other] = nil }
            fieldByColumn[index] = field
        }
        for header in skipped { fieldByColumn[try column(named: header)] = nil }
        let everyColumn = doNotOverwrite.contains("*")
        let protected = try Set(doNotOverwrite.filter { $0 != "*" }.map(column(named:)))
        if !purpose.offersDoNotOverwrite, everyColumn || !protected.isEmpty {
            throw Failure(
                description:
                    "--do-not-overwrite is only offered for updateExisting and addAndUpdate (Do Not Overwrite).")
        }
        let mapping = fieldByColumn.keys.sorted().map { index in
            ColumnMapping(
                column: index, field: fieldByColumn[index]!, doNotOverwrite: everyColumn || protected.contains(index))
        }
        return ConfigurationRequest(
            configuration: ImportConfiguration(
                purpose: purpose, identifier: identifierKind, tags: ConfigurationRequest.tags(tags), importTag: nil,
                mapping: mapping),
            setsImportTag: !keepImportTag)
    }
}

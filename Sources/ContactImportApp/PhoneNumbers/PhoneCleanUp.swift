import ContactCSV
import ContactStore
import Foundation
import ImportRules
import Logging
import PhoneNumbers

/// The clean-up of stored phones (SPEC §10): turning E.164 on does not rewrite stored contacts by itself; this job
/// does, in the workspace's one job slot, batch by batch with its checkpoint, leaving a results file (Contact ID, Old
/// Phone, New Phone, Status). A dry count says beforehand what it would do.
///
/// Like `ImportPipeline`, it knows nothing of HTTP: its refusals are `ImportError`s.
public struct PhoneCleanUp: Sendable {
    public let store: any DataStore
    /// Contacts per batch: each batch and its checkpoint commit in one transaction. 2,000, or the job batch size when
    /// that is smaller: each contact rewritten is its own lookup and update, and a batch holds the writer meanwhile.
    public var batchSize: Int
    /// How long results files are kept (as imports').
    public var resultsRetention: Duration
    public var now: @Sendable () -> Date
    public var logger = Logger(label: "contact-import.phone-clean-up")

    public init(store: any DataStore, configuration: AppConfiguration = AppConfiguration()) {
        self.store = store
        self.batchSize = min(2_000, configuration.jobBatchSize)
        self.resultsRetention = configuration.resultsRetention
        self.now = configuration.now
    }

    /// The results file's header.
    public static let resultsHeader = ["Contact ID", "Old Phone", "New Phone", "Status"]

    static func normalizer(_ country: String) throws(ImportError) -> PhoneNormalizer {
        guard let normalizer = PhoneNormalizer(defaultCountry: country) else {
            throw ImportError.invalidConfiguration(
                "\(country) has no numbering plan here: choose another default country.", field: "defaultCountry")
        }
        return normalizer
    }

    // MARK: Dry count

    /// What the job would do now with the workspace's phones, read in `defaultCountry`; nothing is written.
    public func dryCount(workspaceId: Int64, defaultCountry: String) async throws -> PhoneNormalizationCounts {
        let normalizer = try Self.normalizer(defaultCountry)
        var counts = PhoneNormalizationCounts()
        // Numbers given to contacts earlier in the count: a later contact with the same number is a conflict, as
        // the job would find it.
        var claimed = Set<String>()
        var after: Int64 = 0
        while true {
            let page = try await store.contactPhones(workspaceId: workspaceId, afterId: after, limit: batchSize)
            guard let last = page.last else { break }
            after = last.id
            var changes: [String] = []
            for contact in page {
                let rewrite = PhoneRewrite(
                    contactId: contact.id, oldPhone: contact.phone, e164: try? normalizer.normalize(contact.phone).get()
                )
                if rewrite.status == .changed, let e164 = rewrite.newPhone {
                    changes.append(e164)
                } else {
                    counts.add(rewrite.status)
                }
            }
            // The numbers some contact has now, found as an import's phone lookup finds them.
            let held = try await store.existingContacts(
                workspaceId: workspaceId, keys: changes.map(IdentifierKey.phone), withValues: false
            ).keys
            for e164 in changes {
                counts.add(held.contains(.phone(e164)) || !claimed.insert(e164).inserted ? .conflict : .changed)
            }
        }
        return counts
    }

    // MARK: Start

    /// Takes the workspace's job slot and starts the job; the server's job runner picks it up.
    public func start(workspaceId: Int64, user: User, defaultCountry: String) async throws
        -> PhoneNormalizationRecord
    {
        _ = try Self.normalizer(defaultCountry)
        return try await store.startPhoneNormalization(
            workspaceId: workspaceId, startedBy: user.id, defaultCountry: defaultCountry, now: now())
    }

    public func job(workspaceId: Int64, id: Int64) async throws -> PhoneNormalizationRecord {
        guard let job = try await store.phoneNormalization(workspaceId: workspaceId, id: id) else {
            throw ImportError(.notFound, "There is no such phone clean-up.")
        }
        return job
    }

    /// A completed job's results file, while it is kept.
    public func resultsFile(workspaceId: Int64, id: Int64) async throws -> ImportPipeline.DownloadFile {
        let job = try await job(workspaceId: workspaceId, id: id)
        switch job.status {
        case .completed:
            guard let bytes = try await store.phoneNormalizationResults(id: id) else {
                throw ImportError.resultsExpired(retention: resultsRetention)
            }
            return ImportPipeline.DownloadFile(name: "phone-numbers-e164-\(id)-results.csv", bytes: bytes)
        case .expired:
            throw ImportError.resultsExpired(retention: resultsRetention)
        case .processing, .failed:
            throw ImportError(.notFound, "There is no results file: the clean-up is \(job.status.rawValue).")
        }
    }

    // MARK: The job

    /// Runs (or resumes) a processing clean-up to its end, batch by batch, each committed with its checkpoint.
    /// Returns early, leaving it to be resumed, when `shouldStop` says so between batches or when another worker has
    /// moved the checkpoint. A failure for a server reason ends it as failed; rewritten phones stay rewritten.
    @discardableResult
    public func run(id: Int64, shouldStop: @Sendable () -> Bool = { false }) async throws
        -> PhoneNormalizationRecord?
    {
        guard var job = try await store.phoneNormalization(id: id), job.status == .processing else { return nil }
        do {
            let normalizer = try Self.normalizer(job.defaultCountry)
            while true {
                if shouldStop() { return try await store.phoneNormalization(id: id) }
                try Task.checkCancellation()
                let after = try await store.applyPhoneNormalizationBatch(
                    PhoneNormalizationBatch(
                        jobId: id, workspaceId: job.workspaceId, afterContactId: job.lastContactId, limit: batchSize,
                        now: now(), normalize: { try? normalizer.normalize($0).get() }, render: Self.resultRows))
                if after.lastContactId == job.lastContactId { break }
                job = after
            }
            var header = CSVWriter(header: Self.resultsHeader)
            return try await store.completePhoneNormalization(
                id: id, resultsHeader: header.takeBytes(),
                availableUntil: now().addingTimeInterval(resultsRetention.seconds), now: now())
        } catch let error as ImportError where error.code == .wrongState {
            logger.info("Phone clean-up \(id) moved on elsewhere; leaving it", metadata: ["reason": "\(error.message)"])
            return try await store.phoneNormalization(id: id)
        } catch is CancellationError {
            return try await store.phoneNormalization(id: id)
        } catch {
            logger.error("Phone clean-up \(id) failed", metadata: ["error": "\(String(reflecting: error))"])
            let message =
                (error as? ImportError)?.message
                ?? "The clean-up stopped because of a server error. Phones rewritten before it stay rewritten; start it again for the rest."
            try await store.failPhoneNormalization(id: id, message: message, now: now())
            return try await store.phoneNormalization(id: id)
        }
    }

    /// A batch's rows of the results file.
    @Sendable static func resultRows(_ rewrites: [PhoneRewrite]) -> [UInt8] {
        var writer = CSVWriter()
        for rewrite in rewrites {
            writer.append(row: [
                String(rewrite.contactId), rewrite.oldPhone, rewrite.newPhone ?? "", rewrite.status.rawValue,
            ])
        }
        return writer.takeBytes()
    }
}

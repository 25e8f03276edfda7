import Foundation
import ImportRules

/// The clean-up of stored phones (SPEC §10): a background job that rewrites a workspace's phones to E.164. It takes
/// the workspace's one job slot (no import runs meanwhile) and survives a crash as an import does: it works through
/// the contacts in id order, each batch committed with its checkpoint (the last contact id done).
public struct PhoneNormalizationRecord: Sendable, Equatable {
    public enum State: String, Sendable {
        case processing, completed, failed, expired
    }

    public var id: Int64
    public var workspaceId: Int64
    public var startedBy: Int64
    /// The country national numbers are read in (the workspace's default country when the job started).
    public var defaultCountry: String
    public var status: State
    /// Contacts with a phone when the job started.
    public var total: Int
    /// Contacts looked at so far.
    public var done: Int
    /// The checkpoint: every contact up to this id has been looked at.
    public var lastContactId: Int64
    public var counts: PhoneNormalizationCounts
    public var failureMessage: String?
    public var createdAt: Date
    public var completedAt: Date?
    public var resultsAvailableUntil: Date?

    public init(
        id: Int64, workspaceId: Int64, startedBy: Int64, defaultCountry: String, status: State, total: Int, done: Int,
        lastContactId: Int64, counts: PhoneNormalizationCounts, failureMessage: String?, createdAt: Date,
        completedAt: Date?, resultsAvailableUntil: Date?
    ) {
        self.id = id
        self.workspaceId = workspaceId
        self.startedBy = startedBy
        self.defaultCountry = defaultCountry
        self.status = status
        self.total = total
        self.done = done
        self.lastContactId = lastContactId
        self.counts = counts
        self.failureMessage = failureMessage
        self.createdAt = createdAt
        self.completedAt = completedAt
        self.resultsAvailableUntil = resultsAvailableUntil
    }
}

/// How many stored phones each status got (the results file's Status column).
public struct PhoneNormalizationCounts: Sendable, Equatable, Codable {
    public var changed = 0
    public var unchanged = 0
    public var notValid = 0
    public var conflicts = 0

    public init(changed: Int = 0, unchanged: Int = 0, notValid: Int = 0, conflicts: Int = 0) {
        self.changed = changed
        self.unchanged = unchanged
        self.notValid = notValid
        self.conflicts = conflicts
    }

    public mutating func add(_ status: PhoneRewrite.Status) {
        switch status {
        case .changed: changed += 1
        case .unchanged: unchanged += 1
        case .notValid: notValid += 1
        case .conflict: conflicts += 1
        }
    }

    public var total: Int { changed + unchanged + notValid + conflicts }
}

/// What the clean-up did with one contact's phone: a row of its results file.
public struct PhoneRewrite: Sendable, Equatable {
    public enum Status: String, Sendable, CaseIterable {
        case changed = "Changed"
        case unchanged = "Unchanged"
        case notValid = "Not valid, kept"
        /// Another contact has the number already: two contacts would share it.
        case conflict = "Conflict, kept"
    }

    public var contactId: Int64
    public var oldPhone: String
    /// The E.164 number; for a conflict, the number another contact has; nil when the phone is not valid.
    public var newPhone: String?
    public var status: Status

    public init(contactId: Int64, oldPhone: String, newPhone: String?, status: Status) {
        self.contactId = contactId
        self.oldPhone = oldPhone
        self.newPhone = newPhone
        self.status = status
    }

    /// The rewrite of a phone whose E.164 form is `e164` (nil when it is not a valid number), before anyone looks
    /// for another contact with that number: `changed` until that check makes it a `conflict`. The job and its dry
    /// count both decide with it.
    public init(contactId: Int64, oldPhone: String, e164: String?) {
        let status: Status = e164 == nil ? .notValid : e164 == oldPhone ? .unchanged : .changed
        self.init(contactId: contactId, oldPhone: oldPhone, newPhone: e164, status: status)
    }
}

/// One batch of the clean-up, decided inside the store's transaction: `normalize` gives a phone's E.164 form (nil when
/// it is not a valid number), a `changed` rewrite whose number another contact has is a `conflict`, and `render` turns
/// the batch's rewrites into the results file's rows.
public struct PhoneNormalizationBatch: Sendable {
    public var jobId: Int64
    public var workspaceId: Int64
    /// The checkpoint the batch starts from; the batch is refused (`ImportError.wrongState`) unless it is still the
    /// job's, so no batch is applied twice.
    public var afterContactId: Int64
    public var limit: Int
    public var now: Date
    public var normalize: @Sendable (String) -> String?
    public var render: @Sendable ([PhoneRewrite]) -> [UInt8]

    public init(
        jobId: Int64, workspaceId: Int64, afterContactId: Int64, limit: Int, now: Date,
        normalize: @escaping @Sendable (String) -> String?, render: @escaping @Sendable ([PhoneRewrite]) -> [UInt8]
    ) {
        self.jobId = jobId
        self.workspaceId = workspaceId
        self.afterContactId = afterContactId
        self.limit = limit
        self.now = now
        self.normalize = normalize
        self.render = render
    }
}

/// The clean-up's storage: its record, its batches and checkpoints, its results, and the leases that let several
/// servers share the work (as `ImportJobStore` does for imports).
public protocol PhoneNormalizationStore: Sendable {
    /// Contacts of the workspace with a phone, after `afterId` in id order: what the dry count reads.
    func contactPhones(workspaceId: Int64, afterId: Int64, limit: Int) async throws -> [(id: Int64, phone: String)]
    /// Starts the job in the workspace's one job slot; `ImportError.importInProgress` while an import or another
    /// clean-up is processing.
    func startPhoneNormalization(workspaceId: Int64, startedBy: Int64, defaultCountry: String, now: Date)
        async throws -> PhoneNormalizationRecord
    func phoneNormalization(workspaceId: Int64, id: Int64) async throws -> PhoneNormalizationRecord?
    func phoneNormalization(id: Int64) async throws -> PhoneNormalizationRecord?
    /// The workspace's clean-ups, newest first, at most `limit`.
    func phoneNormalizations(workspaceId: Int64, limit: Int) async throws -> [PhoneNormalizationRecord]
    /// Looks at the next `batch.limit` contacts with a phone after the checkpoint, rewrites each phone that has a
    /// valid E.164 form no other contact holds, keeps the batch's results rows, and moves the checkpoint, in one
    /// transaction. Returns the job as it stands after the batch; an unchanged `done` means nothing was left.
    func applyPhoneNormalizationBatch(_ batch: PhoneNormalizationBatch) async throws -> PhoneNormalizationRecord
    /// processing → completed; the results file is `resultsHeader` and every batch's rows.
    func completePhoneNormalization(id: Int64, resultsHeader: [UInt8], availableUntil: Date, now: Date) async throws
        -> PhoneNormalizationRecord
    /// processing → failed, with a message for a person.
    func failPhoneNormalization(id: Int64, message: String, now: Date) async throws
    /// A completed job's results file; nil when there is none (yet, or any more).
    func phoneNormalizationResults(id: Int64) async throws -> [UInt8]?
    /// As `ImportJobStore.claimImport`, for clean-ups.
    func claimPhoneNormalization(owner: String, lease: Duration) async throws -> Int64?
    func renewPhoneNormalizationLease(id: Int64, owner: String, lease: Duration) async throws -> Bool
    func releasePhoneNormalizationLease(id: Int64, owner: String) async throws
}

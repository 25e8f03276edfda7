import ContactModel
import Foundation
import ImportRules

/// Everything the application keeps: one protocol per area, so that each caller depends on what it uses, and one
/// implementation of all of them per engine (`SQLiteStore`, `PostgresStore`).
///
/// Methods are focused writes that keep data consistent; each runs in one transaction.
/// Validation of contact values (SPEC §1) happens before a call, with `ContactModel`'s shared rules.
public protocol DataStore: AccountStore, MemberStore, CredentialStore, SignInThrottleStore, ContactFieldStore,
    ContactRecordStore, NotificationStore, ImportStore, ImportFileStore, ImportJobStore, PhoneNormalizationStore,
    ImportCorrectionStore, ImportUndoStore, ContactMergeStore
{
    /// Throws unless the database answers a trivial query now (the readiness check, `GET /ready`).
    func checkReachable() async throws
    /// Whether `error` says the database could not be reached, dropped the connection or was shutting down (or, on
    /// SQLite, stayed locked by another process): nothing of the failed transaction was applied, and the work can be
    /// tried again once the database is back. A job stopped by such an error is resumed, not failed.
    func isUnavailable(_ error: any Error) -> Bool
    /// Whether `error` says the disk holding the database is full (SQLite: `SQLITE_FULL`, or the WAL index could not
    /// grow; PostgreSQL: SQLSTATE 53100 `disk_full`): the failed transaction was rolled back, and the same work can
    /// succeed once space is freed. A job stopped by it fails with a message saying so; a request answers 507.
    func isStorageFull(_ error: any Error) -> Bool
}

/// Workspaces, their members and roles, API tokens, and web sign-in.
public protocol AccountStore: Sendable {
    /// Creates a workspace, its owner (reusing the user of that email if one exists) and an API token for the owner.
    func createWorkspace(name: String, ownerEmail: String, passwordHash: String?) async throws -> CreatedWorkspace
    /// Adds a user (new, or existing by email) to a workspace with a role and issues an API token.
    func addUser(workspaceId: Int64, email: String, role: Role, passwordHash: String?) async throws -> IssuedToken
    /// The user a raw API token belongs to, or nil when the token is unknown.
    func user(forToken token: String) async throws -> User?
    /// The caller's role in a workspace, or nil when not a member (or no such workspace).
    func role(userId: Int64, workspaceId: Int64) async throws -> Role?
    func workspace(id: Int64) async throws -> Workspace?
    /// The members of a workspace with their roles, owners first.
    func members(workspaceId: Int64) async throws -> [(user: User, role: Role)]
    /// Every workspace the user belongs to, with their role, by name.
    func memberships(userId: Int64) async throws -> [WorkspaceMembership]
    /// The user of an email address (case-insensitive) with their password hash, for signing in.
    func passwordCredential(email: String) async throws -> PasswordCredential?
    /// Starts a browser session for a user; only the SHA-256 of the returned id is stored.
    func createWebSession(userId: Int64, lifetime: Duration, now: Date) async throws -> NewWebSession
    /// The live session of a raw session id, or nil when unknown or expired.
    func webSession(id: String, now: Date) async throws -> WebSession?
    /// Ends a session (signing out); unknown ids are ignored.
    func deleteWebSession(id: String) async throws
}

/// First run and workspace settings (SPEC §13).
public protocol MemberStore: Sendable {
    /// Whether any user exists; until one does, the server offers its one-time setup link.
    func hasUsers() async throws -> Bool
    /// Creates the first workspace and its owner with a password, only while no user exists (checked in the same
    /// transaction); nil when a user exists already.
    func createFirstWorkspace(name: String, timeZone: String, ownerEmail: String, passwordHash: String, now: Date)
        async throws -> CreatedWorkspace?
    func workspaceSettings(workspaceId: Int64) async throws -> WorkspaceSettings?
    /// Reads, changes and writes a workspace's settings in one transaction; nil when there is no such workspace.
    func updateWorkspaceSettings(
        workspaceId: Int64, change: @Sendable (inout WorkspaceSettings) throws -> Void
    ) async throws -> WorkspaceSettings?
    /// Makes the user of `email` (new, without a password, or existing) a member with `role`; no API token is issued.
    /// `AccountError.alreadyMember` when they are one.
    func addMember(workspaceId: Int64, email: String, role: Role, now: Date) async throws -> AddedMember
    /// Changes a member's role; nil when the user is not a member. `AccountError.lastOwner` when the workspace would
    /// be left without an owner.
    func changeRole(workspaceId: Int64, userId: Int64, role: Role) async throws -> Member?
    /// Removes a member (their notifications of the workspace go too); false when the user is not a member.
    /// `AccountError.lastOwner` when the workspace would be left without an owner.
    func removeMember(workspaceId: Int64, userId: Int64) async throws -> Bool
}

/// Passwords, password-reset links and personal API tokens (SPEC §13).
public protocol CredentialStore: Sendable {
    /// A user with their password hash, by id.
    func passwordCredential(userId: Int64) async throws -> PasswordCredential?
    /// Sets a user's password. Every session of the user ends except `keepingSession` (the raw id of the session
    /// making the change), and every reset link of the user stops working.
    func setPassword(userId: Int64, passwordHash: String, keepingSession: String?) async throws
    /// Issues a one-time password-reset link's code for a user, valid for `lifetime` from `now`.
    func createPasswordReset(userId: Int64, createdBy: Int64?, lifetime: Duration, now: Date) async throws
        -> NewPasswordReset
    func passwordReset(code: String, now: Date) async throws -> PasswordResetState
    /// Uses a reset code once: sets the password, ends every session of the user and every other reset link of
    /// theirs. Answers the code's state before the use: only `.valid` changed anything.
    func usePasswordReset(code: String, passwordHash: String, now: Date) async throws -> PasswordResetState
    /// Creates a named API token for a user; the secret is in the answer only.
    func createAPIToken(userId: Int64, name: String?, now: Date) async throws -> NewAPIToken
    /// The user's API tokens, oldest first.
    func apiTokens(userId: Int64) async throws -> [APITokenInfo]
    /// Revokes one of the user's tokens; false when they have no such token. A revoked token is refused at once.
    func revokeAPIToken(userId: Int64, tokenId: Int64) async throws -> Bool
}

/// Counts of failed sign-ins per email and per client address, shared by every server of the database.
public protocol SignInThrottleStore: Sendable {
    /// The records of the keys that have one.
    func signInThrottles(keys: [String]) async throws -> [String: SignInThrottleRecord]
    /// Reads, changes and writes one key's record in one transaction (several servers may count at once); a record
    /// set to nil is deleted. Records untouched for a day are forgotten on the way.
    func updateSignInThrottle(
        key: String, now: Date, change: @Sendable (inout SignInThrottleRecord?) -> Void
    ) async throws
}

/// The workspace's custom contact fields.
public protocol ContactFieldStore: Sendable {
    func customFields(workspaceId: Int64) async throws -> [CustomField]
    /// Adds a custom field; throws `StoreError.conflict` when its name or id is taken.
    func createCustomField(workspaceId: Int64, field: CustomField) async throws -> CustomField
}

/// Contacts, one at a time, and the contacts list.
public protocol ContactRecordStore: Sendable {
    /// Adds a contact; its activity records who (`by`, a user id) added it.
    func createContact(workspaceId: Int64, contact: ContactDraft, by: Int64?) async throws -> Contact
    func contact(workspaceId: Int64, id: Int64) async throws -> Contact?
    /// Reads, changes and writes one contact in a single transaction, its activity recording who (`by`) edited it
    /// when anything changed. Nil when it does not exist.
    func updateContact(
        workspaceId: Int64, id: Int64, by: Int64?, change: @Sendable (inout ContactDraft) throws -> Void
    ) async throws -> Contact?
    /// True when a contact was deleted.
    func deleteContact(workspaceId: Int64, id: Int64) async throws -> Bool
    func listContacts(workspaceId: Int64, query: ContactQuery) async throws -> ContactPage
}

extension ContactRecordStore {
    /// A contact added by no one in particular (seeding, tests).
    public func createContact(workspaceId: Int64, contact: ContactDraft) async throws -> Contact {
        try await createContact(workspaceId: workspaceId, contact: contact, by: nil)
    }

    public func updateContact(
        workspaceId: Int64, id: Int64, change: @Sendable (inout ContactDraft) throws -> Void
    ) async throws -> Contact? {
        try await updateContact(workspaceId: workspaceId, id: id, by: nil, change: change)
    }
}

/// Merge Suggestions, merging and Contact Activity (SPEC §14).
public protocol ContactMergeStore: Sendable {
    /// A page of groups of contacts sharing a phone or an email, in key order, read from the phone or email index a
    /// bounded slice at a time (`DuplicatePage`). Throws `StoreError.invalidInput` for a cursor it did not return.
    func duplicateGroups(workspaceId: Int64, by key: DuplicateKey, cursor: String?, limit: Int) async throws
        -> DuplicatePage
    /// Merges `others` into `keep` in one transaction: `merge` works out the kept contact's values from it and the
    /// others (read locked, in the order given); the kept contact is written (its version moved on), the others are
    /// deleted, and the kept contact's activity records the merge by `by`. Nil (nothing written) when any of the
    /// contacts is not in the workspace.
    func mergeContacts(
        workspaceId: Int64, keep: Int64, others: [Int64], by: Int64?,
        merge: @Sendable (Contact, [Contact]) -> ContactDraft
    ) async throws -> Contact?
    /// The contact's history, newest first; nil when there is no such contact in the workspace.
    func contactActivity(workspaceId: Int64, contactId: Int64) async throws -> [ContactActivityEntry]?
}

/// The notification centre.
public protocol NotificationStore: Sendable {
    func notifications(userId: Int64) async throws -> [UserNotification]
    func addNotification(_ notification: NewNotification) async throws
    /// Marks the user's notifications read: those of `ids`, or all of them when `ids` is nil.
    func markNotificationsRead(userId: Int64, ids: [Int64]?) async throws
}

/// Imports before their job: upload, configuration, review, start and cancel, each step checked by
/// `ImportLifecycle` in the step's transaction; the retention sweep; and what the rules look up.
public protocol ImportStore: Sendable {
    /// Creates a draft import with its uploaded file; `ImportError.importInProgress` while another is processing.
    func createImport(_ new: NewImport, file: [UInt8]) async throws -> ImportRecord
    func importRecord(workspaceId: Int64, id: Int64) async throws -> ImportRecord?
    func importRecord(id: Int64) async throws -> ImportRecord?
    /// The Import History: every import of the workspace, newest first.
    func imports(workspaceId: Int64) async throws -> [ImportRecord]
    /// Whether an import or a phone clean-up of the workspace is processing: its one job slot is taken
    /// (`ImportLifecycle.upload`).
    func jobSlotTaken(workspaceId: Int64) async throws -> Bool
    /// Replaces the configuration of a draft or reviewed import; it becomes a draft again.
    func saveImportConfig(workspaceId: Int64, id: Int64, configuration: ImportConfiguration) async throws
        -> ImportRecord
    /// Replaces the uploaded file of a draft or reviewed import (SPEC §11) with `new`'s file name, counts, columns and
    /// setup; the import becomes a draft again and its review's error file is dropped. The uploader stays.
    func replaceImportFile(workspaceId: Int64, id: Int64, with new: NewImport, file: [UInt8]) async throws
        -> ImportRecord
    /// Records a review's counts, error file and groups of rows in error (decided at the import's `revision`, when
    /// given: refused with `wrongState` once a correction or another review has moved it on), and the phone rule it read phones with (the job keeps to it); the
    /// import is in review until `expiresAt`. Refused (`wrongState`) when the configuration is no longer `reviewed`:
    /// it changed while the file was being reviewed.
    func saveReview(
        workspaceId: Int64, id: Int64, reviewed: ImportConfiguration, phones: PhoneRule, summary: ImportSummary,
        errorFile: [UInt8], errorGroups: [ErrorGroup], revision: Int?, expiresAt: Date
    ) async throws -> ImportRecord
    /// review → processing, atomically, as `ImportLifecycle.start` decides. A review past its time becomes
    /// canceled (`session_expired`) and the call throws `ImportError.sessionExpired`. A failed import is started again
    /// (`resume`): processing once more with its checkpoint, counts, rows of the results file and undo records as the
    /// failure left them, its failure message cleared; the job carries on after its last committed batch. With
    /// `leasedTo`, the job's lease is taken in the same transaction (the command line's import, which runs its own job:
    /// no server's job runner can claim it in between).
    func startImport(workspaceId: Int64, id: Int64, now: Date, leasedTo: JobLeaseClaim?) async throws -> ImportRecord
    /// draft or review → canceled.
    func cancelImport(workspaceId: Int64, id: Int64) async throws -> ImportRecord
    /// Reviews older than their expiry become canceled (`session_expired`); returns how many.
    func expireReviews(now: Date) async throws -> Int
    /// Completed imports past their retention lose their results file and become expired; failed imports past the
    /// time they could be started again lose their upload and checkpoint (they stay failed). Returns how many.
    func expireResults(now: Date) async throws -> Int
    /// Tags of the workspace equal to `prefix` or starting with `prefix-`: on contacts, or chosen as an
    /// import tag by an import not yet finished. Used to make each generated import tag unique.
    func tagsInUse(workspaceId: Int64, prefix: String) async throws -> Set<String>
    /// The contacts of the workspace matching each identifier value (0, 1 or several per key). With
    /// `withValues: false` only the ids and identifiers are filled in (enough to count matches, as a review does).
    func existingContacts(workspaceId: Int64, keys: [IdentifierKey], withValues: Bool) async throws
        -> [IdentifierKey: [Contact]]
}

/// An import's stored files.
public protocol ImportFileStore: Sendable {
    /// An import's stored file: the upload, the review's error file, or (once completed) the results file.
    func importFile(importId: Int64, kind: ImportFileKind) async throws -> [UInt8]?
}

/// The background job: its batches and checkpoints, its end, and the leases that let several servers share jobs.
public protocol ImportJobStore: Sendable {
    /// Applies one batch of the job in one transaction together with its checkpoint: every chunk `chunks` yields
    /// until it returns nil (the contacts' writes, the chunk's rows of the results file), then the counts and
    /// `progressDone` moved past the batch's rows. Refused (`ImportError`, `wrongState`) unless
    /// `ImportLifecycle.applyBatch` allows it: processing with `progressDone == doneBefore`, so no batch is ever
    /// applied twice. The chunks follow each other from row `doneBefore + 1`. A batch writes each contact at most
    /// once (rows sharing an identifier are errors, SPEC §5.2). Returns the new checkpoint.
    func applyImportBatch(importId: Int64, workspaceId: Int64, doneBefore: Int, chunks: any ImportChunkSource)
        async throws -> Int
    /// processing → completed: the results file becomes `resultsHeader` followed by every batch's rows, in row
    /// order (`importFile(kind: .results)` joins them); the upload is dropped.
    func completeImport(importId: Int64, resultsHeader: [UInt8], tagsAdded: [String], availableUntil: Date, now: Date)
        async throws -> ImportRecord
    /// processing → failed, with a message for a person. The upload, the checkpoint and counts, the batches' rows of the
    /// results file, the undo records and the rows' corrections are kept until `keepUntil`: until then the import can
    /// be started again (`startImport`) and carries on after its last committed batch. Nil when there is no such
    /// import; an import no longer processing is returned unchanged.
    func failImport(importId: Int64, message: String, keepUntil: Date, now: Date) async throws -> ImportRecord?
    /// Runs an import job (`body`: its batches and its completion). The engine may put its own upkeep off while jobs
    /// run and catch up when the last one ends, after the import has completed (SQLite: WAL checkpoints).
    func runningImportJob<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T
    /// Claims the oldest processing import that no server holds (no lease, or its lease ran out) for `owner`, for
    /// `lease` from now; skips imports another server is claiming at this moment. Nil when there is none.
    func claimImport(owner: String, lease: Duration) async throws -> Int64?
    /// Extends `owner`'s lease on an import to `lease` from now. False when `owner` no longer holds it (it ran out and
    /// another server took the job over, or the import is no longer processing): the job must stop.
    func renewImportLease(importId: Int64, owner: String, lease: Duration) async throws -> Bool
    /// Gives up `owner`'s lease (the job stopped or ended); another server may claim the import at once.
    func releaseImportLease(importId: Int64, owner: String) async throws
    /// Called once when a server's job runner starts. Leases that can only belong to an earlier run of this very server
    /// are released, so its jobs resume at once instead of after their lease. SQLite (one server per database file):
    /// every lease. PostgreSQL: none, since other servers hold theirs (a dead server's leases run out).
    func releaseLeasesOfEarlierRuns() async throws
}

/// Undoing a completed import (SPEC §12). The job records, in each batch's transaction, every contact it added or
/// updated with its version after the write and (for an update) its values and tags just before
/// (`UndoRecord`, kept by chunk until the results file goes). An undo works through those chunks in row order, each
/// batch committed with its checkpoint and its rows of the undo file, as the import's job does.
public protocol ImportUndoStore: Sendable {
    /// completed → undoing, if `ImportLifecycle.undo` allows it (results still kept, the job slot free). The server's
    /// job runner then claims the undo.
    func startUndo(workspaceId: Int64, id: Int64, userId: Int64, now: Date) async throws -> ImportRecord
    /// What an undo would do now (nothing is written): each recorded contact's action as of this moment.
    func undoPreview(importId: Int64) async throws -> UndoSummary
    /// Undoes the chunks of before-values after row `afterRow` (the checkpoint), whole chunks up to about `limit`
    /// contacts, in one transaction with their rows of the undo file, the counts and the new checkpoint. Refused
    /// (`wrongState`) unless `ImportLifecycle.applyUndoBatch` allows it. Nil when no chunk is left.
    func applyUndoBatch(importId: Int64, afterRow: Int, limit: Int, now: Date) async throws -> UndoBatchResult?
    /// undoing → undone: the undo file gets its header; the before-values are dropped.
    func completeUndo(importId: Int64, now: Date) async throws -> ImportRecord
    /// The undo file (header and every batch's rows), while it is kept.
    func undoFile(importId: Int64) async throws -> [UInt8]?
    /// Bytes the before-values of an import take (the undo's cost in storage; 0 once undone or expired).
    func undoRecordBytes(importId: Int64) async throws -> Int
    /// Claims the oldest undo that no server holds, as `claimImport` does for imports.
    func claimUndo(owner: String, lease: Duration) async throws -> Int64?
    func renewUndoLease(importId: Int64, owner: String, lease: Duration) async throws -> Bool
    func releaseUndoLease(importId: Int64, owner: String) async throws
}

/// A lease taken on a job as it starts: who holds it, and for how long without renewal.
public struct JobLeaseClaim: Sendable {
    public var owner: String
    public var lease: Duration

    public init(owner: String, lease: Duration) {
        self.owner = owner
        self.lease = lease
    }
}

extension ImportStore {
    /// Starts an import for the servers' job runners to claim.
    public func startImport(workspaceId: Int64, id: Int64, now: Date) async throws -> ImportRecord {
        try await startImport(workspaceId: workspaceId, id: id, now: now, leasedTo: nil)
    }

    /// A review that read phones as given (the page's behaviour).
    public func saveReview(
        workspaceId: Int64, id: Int64, reviewed: ImportConfiguration, summary: ImportSummary, errorFile: [UInt8],
        expiresAt: Date
    ) async throws -> ImportRecord {
        try await saveReview(
            workspaceId: workspaceId, id: id, reviewed: reviewed, phones: .asGiven, summary: summary,
            errorFile: errorFile, errorGroups: [], revision: nil, expiresAt: expiresAt)
    }

    /// A review without groups of rows in error.
    public func saveReview(
        workspaceId: Int64, id: Int64, reviewed: ImportConfiguration, phones: PhoneRule, summary: ImportSummary,
        errorFile: [UInt8], expiresAt: Date
    ) async throws -> ImportRecord {
        try await saveReview(
            workspaceId: workspaceId, id: id, reviewed: reviewed, phones: phones, summary: summary,
            errorFile: errorFile, errorGroups: [], revision: nil, expiresAt: expiresAt)
    }
}

extension ImportJobStore {
    /// A batch of one chunk: `outcomes` as rows `doneBefore + 1…`. Returns the outcomes as applied (an update of a
    /// contact deleted since the lookup becomes an Error).
    @discardableResult
    public func applyImportBatch(
        importId: Int64, workspaceId: Int64, doneBefore: Int, outcomes: [RowOutcome],
        results: @escaping @Sendable ([RowOutcome]) throws -> [UInt8]
    ) async throws -> [RowOutcome] {
        let chunk = SingleImportChunk(rowsBefore: doneBefore, outcomes: outcomes, results: results)
        _ = try await applyImportBatch(
            importId: importId, workspaceId: workspaceId, doneBefore: doneBefore, chunks: chunk)
        return chunk.finalOutcomes
    }

    public func runningImportJob<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        try await body()
    }
}

extension Duration {
    /// Whole milliseconds, as leases are stored.
    var storedMillis: Int64 { components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000 }
}

public enum Role: String, Sendable, Codable, CaseIterable {
    case owner, manager, agent

    /// Owners and managers run imports and change settings; agents do not.
    public var canManage: Bool { self != .agent }
}

public struct Workspace: Sendable, Equatable {
    public var id: Int64
    public var name: String
    public var timeZone: String
    public var createdAt: Date
}

public struct User: Sendable, Equatable {
    public var id: Int64
    public var email: String
}

public struct CreatedWorkspace: Sendable {
    public var workspace: Workspace
    public var owner: User
    public var token: String
}

public struct IssuedToken: Sendable {
    public var user: User
    public var token: String
}

public struct ContactQuery: Sendable, Equatable {
    /// Case-insensitive text found in the name, phone or email.
    public var search: String?
    public var tag: String?
    public var limit: Int
    /// Opaque position returned as `nextCursor` by the previous page.
    public var cursor: String?

    public init(search: String? = nil, tag: String? = nil, limit: Int = 50, cursor: String? = nil) {
        self.search = search
        self.tag = tag
        self.limit = limit
        self.cursor = cursor
    }
}

public struct ContactPage: Sendable {
    public var contacts: [Contact]
    public var nextCursor: String?
}

public struct UserNotification: Sendable, Equatable {
    public var id: Int64
    public var kind: String
    public var message: String
    public var link: String?
    public var createdAt: Date
    public var read: Bool
}

public struct NewNotification: Sendable {
    public var userId: Int64
    public var workspaceId: Int64
    public var kind: String
    public var message: String
    public var link: String?

    public init(userId: Int64, workspaceId: Int64, kind: String, message: String, link: String?) {
        self.userId = userId
        self.workspaceId = workspaceId
        self.kind = kind
        self.message = message
        self.link = link
    }
}

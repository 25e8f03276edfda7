import Foundation

/// The import's life: draft → review → processing → completed (→ expired), or failed, or canceled; a failed import may
/// be started again (→ processing, after its last committed batch); a completed import may be undone (→ undoing →
/// undone).
public enum ImportState: String, Sendable, Codable, CaseIterable {
    case draft, review, processing, completed, failed, expired, canceled, undoing, undone

    /// The states in which the import holds its workspace's one job slot.
    public var holdsJobSlot: Bool { self == .processing || self == .undoing }
}

/// Why a canceled import was canceled.
public enum CancelReason: String, Sendable, Codable, CaseIterable {
    /// The user canceled it before it started.
    case user
    /// Its review was not started in time (SPEC §6).
    case sessionExpired = "session_expired"
}

/// The import lifecycle of SPEC §6–§7, as pure rules: which step each state allows, what it leads to, and the
/// sentence a refusal says. Stores read the status, ask here, and persist the answer in the same transaction.
///
/// ```
/// upload → draft ⇄ review → processing → completed → expired
///            ↓       ↓          ↑  ↘ failed      ↘ undoing → undone (SPEC §12)
///            ↓       ↓          └─────┘ started again, while its file and checkpoint are kept
///         canceled (user, or session_expired when the review ran out of time)
/// ```
/// One job slot per workspace: no upload, no start and no undo while another import of the workspace is processing
/// or being undone (or the phone clean-up runs).
public enum ImportLifecycle {
    /// Where an import stands, as far as its lifecycle is concerned.
    public struct Status: Sendable, Equatable {
        public var state: ImportState
        public var canceledReason: CancelReason?
        /// When a review stops being startable; set while in review.
        public var reviewExpiresAt: Date?
        /// Until when a failed import can be started again (its upload and checkpoint are kept until then); nil when
        /// it cannot.
        public var restartableUntil: Date?

        public init(
            _ state: ImportState, canceledReason: CancelReason? = nil, reviewExpiresAt: Date? = nil,
            restartableUntil: Date? = nil
        ) {
            self.state = state
            self.canceledReason = canceledReason
            self.reviewExpiresAt = reviewExpiresAt
            self.restartableUntil = restartableUntil
        }
    }

    /// What starting a reviewed import does.
    public enum StartDecision: Sendable, Equatable {
        /// review → processing.
        case start
        /// The review ran out of time: review → canceled (`sessionExpired`), then the refusal is reported.
        case expire
        /// failed → processing again: the job carries on after its last committed batch, its checkpoint, counts and
        /// rows of the results file kept, so no row is applied twice.
        case resume
    }

    /// A new upload, refused while the workspace's one job slot is taken.
    public static func upload(jobSlotTaken: Bool) throws(ImportError) {
        if jobSlotTaken { throw .importInProgress }
    }

    /// Saving a configuration (→ draft) or a review (→ review): only before the import starts.
    public static func edit(_ status: Status) throws(ImportError) {
        try beforeStart(status, "This import is \(status.state.rawValue) and can no longer be changed.")
    }

    /// Reviewing: a draft, or a review done again.
    public static func review(_ status: Status) throws(ImportError) {
        try beforeStart(status, "This import is \(status.state.rawValue) and cannot be reviewed again.")
    }

    /// Correcting rows (SPEC §11): a review still within its time.
    public static func correct(_ status: Status, now: Date) throws(ImportError) {
        switch status.state {
        case .review:
            if let expiry = status.reviewExpiresAt, expiry <= now { throw .sessionExpired }
        case .draft:
            throw ImportError(.notReviewed, "Review the import before correcting its rows.")
        case .canceled where status.canceledReason == .sessionExpired:
            throw .sessionExpired
        default:
            throw ImportError(
                .wrongState, "This import is \(status.state.rawValue); its rows can no longer be corrected.")
        }
    }

    /// Draft or review; an expired session says so, any other state is refused with `wrongState`.
    private static func beforeStart(_ status: Status, _ wrongState: String) throws(ImportError) {
        switch status.state {
        case .draft, .review: return
        case .canceled where status.canceledReason == .sessionExpired: throw .sessionExpired
        default: throw ImportError(.wrongState, wrongState)
        }
    }

    /// Starting: a review still within its time, or a failed import while its file and checkpoint are kept (started
    /// again), while the job slot is free.
    public static func start(_ status: Status, now: Date, jobSlotTaken: Bool) throws(ImportError)
        -> StartDecision
    {
        switch status.state {
        case .review:
            if let expiry = status.reviewExpiresAt, expiry <= now { return .expire }
            if jobSlotTaken { throw .importInProgress }
            return .start
        case .failed:
            guard let until = status.restartableUntil, until > now else { throw .cannotStartAgain }
            if jobSlotTaken { throw .importInProgress }
            return .resume
        case .draft:
            throw ImportError(.notReviewed, "Review the import before starting it.")
        case .processing:
            throw .importInProgress
        case .canceled where status.canceledReason == .sessionExpired:
            throw .sessionExpired
        default:
            throw ImportError(.wrongState, "This import is \(status.state.rawValue) and cannot be started.")
        }
    }

    /// Canceling: only before the import starts.
    public static func cancel(_ status: Status) throws(ImportError) {
        guard status.state == .draft || status.state == .review else {
            throw ImportError(
                .wrongState,
                "Only an import that has not started can be canceled; this one is \(status.state.rawValue).")
        }
    }

    /// A batch of the job: only while processing, and only from the checkpoint it was decided after, so that no
    /// batch is ever applied twice (another server may have taken the job over).
    public static func applyBatch(state: ImportState, progressDone: Int, doneBefore: Int) throws(ImportError) {
        guard state == .processing, progressDone == doneBefore else {
            throw ImportError(
                .wrongState, "The import is not at row \(doneBefore) of its job; the batch was not applied.")
        }
    }

    /// Completing or failing the job: only while processing.
    public static func finish(state: ImportState) throws(ImportError) {
        guard state == .processing else {
            throw ImportError(.wrongState, "The import is \(state.rawValue), not processing; its job cannot end.")
        }
    }

    /// Undoing (SPEC §12): a completed import while its results file is kept, when the job slot is free.
    /// `recorded` is false for an import whose job ran before undo records were kept.
    public static func undo(
        _ status: Status, resultsAvailableUntil: Date?, now: Date, recorded: Bool, jobSlotTaken: Bool
    ) throws(ImportError) {
        switch status.state {
        case .completed:
            if let until = resultsAvailableUntil, until <= now { throw .undoExpired }
            guard recorded else {
                throw ImportError(
                    .notCompleted, "This import ran before undo was available; it kept nothing to undo it with.")
            }
            if jobSlotTaken { throw .importInProgress }
        case .expired:
            throw .undoExpired
        case .undoing, .processing:
            throw .importInProgress
        case .undone:
            throw ImportError(.notCompleted, "This import has been undone already.")
        default:
            throw ImportError(
                .notCompleted, "Only a completed import can be undone; this one is \(status.state.rawValue).")
        }
    }

    /// A batch of an undo: only while undoing, and only from the checkpoint it was read after (see `applyBatch`).
    public static func applyUndoBatch(state: ImportState, afterRow: Int, expectedAfterRow: Int) throws(ImportError) {
        guard state == .undoing, afterRow == expectedAfterRow else {
            throw ImportError(
                .wrongState, "The undo is not after row \(expectedAfterRow); the batch was not applied.")
        }
    }

    /// Ending an undo: only while undoing.
    public static func finishUndo(state: ImportState) throws(ImportError) {
        guard state == .undoing else {
            throw ImportError(.wrongState, "The import is \(state.rawValue), not being undone; the undo cannot end.")
        }
    }

    /// A sentence about the state, for the states that need one (the API's `message`).
    public static func message(_ status: Status, failureMessage: String?) -> String? {
        switch status.state {
        case .failed: failureMessage ?? "The import failed."
        case .canceled where status.canceledReason == .sessionExpired: ImportError.sessionExpired.message
        case .canceled: "The import was canceled."
        case .expired: "The results file is no longer available."
        case .undone: "The import was undone."
        default: nil
        }
    }
}

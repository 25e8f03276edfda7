import ContactModel
import Foundation
import ImportRules

/// The files an import keeps: the upload, the review's error file, the job's results file.
public enum ImportFileKind: String, Sendable {
    case upload, errors, results
}

/// An import as stored.
public struct ImportRecord: Sendable, Equatable {
    public var id: Int64
    public var workspaceId: Int64
    public var uploadedBy: Int64
    public var uploadedByEmail: String
    public var fileName: String
    public var status: ImportState
    /// Why a canceled import was canceled.
    public var canceledReason: CancelReason?
    public var rowCount: Int
    public var encoding: String
    public var delimiter: String
    public var columns: [ImportColumn]
    public var setup: ImportSetup
    /// The review's counts until the job starts, then the job's running counts; `phonesNormalized` and the overwrite
    /// counts (`valuesReplaced`, `valuesCleared`, `tagsRemoved`) stay the review's.
    public var summary: ImportSummary
    /// How the review read phones (the workspace's setting then, SPEC §10); the job keeps to it.
    public var phones: PhoneRule = .asGiven
    public var progressDone: Int
    public var tagsAdded: [String]
    public var failureMessage: String?
    public var reviewExpiresAt: Date?
    /// Moves on with every review and every correction of rows (SPEC §11): what a kept review state is checked with.
    public var reviewRevision = 0
    /// How many rows have corrections or are skipped by the user.
    public var correctedRows = 0
    /// The rows in error grouped by rule, while in review.
    public var errorGroups: [ErrorGroup] = []
    public var createdAt: Date
    public var startedAt: Date?
    public var completedAt: Date?
    /// Until when the results file is kept (completed, undoing, undone); for a failed import, until when it can be
    /// started again (its upload, checkpoint and rows of the results file are kept until then).
    public var resultsAvailableUntil: Date?
    /// Contacts the job added or updated, each with its undo record (SPEC §12).
    public var undoRecords = 0
    /// The undo's checkpoint and counts, and who started it and when it ended.
    public var undoAfterRow = 0
    public var undoSummary = UndoSummary()
    public var undoneBy: Int64?
    public var undoStartedAt: Date?
    public var undoneAt: Date?

    /// Where the import stands in its lifecycle.
    public var lifecycle: ImportLifecycle.Status {
        ImportLifecycle.Status(
            status, canceledReason: canceledReason, reviewExpiresAt: reviewExpiresAt,
            restartableUntil: status == .failed ? resultsAvailableUntil : nil)
    }
}

/// What an upload creates.
public struct NewImport: Sendable {
    public var workspaceId: Int64
    public var uploadedBy: Int64
    public var fileName: String
    public var rowCount: Int
    public var encoding: String
    public var delimiter: String
    public var columns: [ImportColumn]
    public var setup: ImportSetup

    public init(
        workspaceId: Int64, uploadedBy: Int64, fileName: String, rowCount: Int, encoding: String, delimiter: String,
        columns: [ImportColumn], setup: ImportSetup
    ) {
        self.workspaceId = workspaceId
        self.uploadedBy = uploadedBy
        self.fileName = fileName
        self.rowCount = rowCount
        self.encoding = encoding
        self.delimiter = delimiter
        self.columns = columns
        self.setup = setup
    }
}

/// The JSON an import's columns and setup are kept as (a text column on both engines).
enum StoredImportJSON {
    static func encode(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, from text: String) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(text.utf8))
    }
}

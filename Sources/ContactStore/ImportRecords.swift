import ContactModel
import Foundation
import ImportRules

/// The import's life: draft → review → processing → completed (→ expired), or failed, or canceled.
public enum ImportState: String, Sendable, Codable, CaseIterable {
    case draft, review, processing, completed, failed, expired, canceled
}

/// The files an import keeps: the upload, the review's error file, the job's results file.
public enum ImportFileKind: String, Sendable {
    case upload, errors, results
}

/// An import as stored. Columns and configuration are JSON the application owns.
public struct ImportRecord: Sendable, Equatable {
    public var id: Int64
    public var workspaceId: Int64
    public var uploadedBy: Int64
    public var uploadedByEmail: String
    public var fileName: String
    public var status: ImportState
    /// Why a canceled import was canceled: `session_expired` when its review ran out of time.
    public var canceledReason: String?
    public var rowCount: Int
    public var encoding: String
    public var delimiter: String
    public var columnsJSON: String
    public var configJSON: String
    /// The review's counts until the job starts, then the job's running counts.
    public var summary: ImportSummary
    public var progressDone: Int
    public var tagsAdded: [String]
    public var failureMessage: String?
    public var reviewExpiresAt: Date?
    public var createdAt: Date
    public var startedAt: Date?
    public var completedAt: Date?
    public var resultsAvailableUntil: Date?
}

/// What an upload creates.
public struct NewImport: Sendable {
    public var workspaceId: Int64
    public var uploadedBy: Int64
    public var fileName: String
    public var rowCount: Int
    public var encoding: String
    public var delimiter: String
    public var columnsJSON: String
    public var configJSON: String

    public init(
        workspaceId: Int64, uploadedBy: Int64, fileName: String, rowCount: Int, encoding: String, delimiter: String,
        columnsJSON: String, configJSON: String
    ) {
        self.workspaceId = workspaceId
        self.uploadedBy = uploadedBy
        self.fileName = fileName
        self.rowCount = rowCount
        self.encoding = encoding
        self.delimiter = delimiter
        self.columnsJSON = columnsJSON
        self.configJSON = configJSON
    }
}

extension StoreError {
    /// SPEC §7: "Only one import job can be in progress at a time".
    public static let importInProgress = StoreError(
        .importInProgress, "Only one import job can be in progress at a time. Wait until it completes, then try again.")
}

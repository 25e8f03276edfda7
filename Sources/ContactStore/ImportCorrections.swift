import Foundation
import ImportRules

/// Corrections made to an import's rows in review (SPEC §11), saved with the review's new counts.
public struct CorrectionsChange: Sendable {
    /// The import's `reviewRevision` the change was computed from: the save is refused when another correction or
    /// review came first (the caller decides the rows again from the stored state).
    public var revision: Int
    /// Cells set: row → file column → text. A row with a cell set is no longer skipped.
    public var cells: [Int: [Int: String]]
    /// Rows now skipped by the user.
    public var skipped: [Int]
    public var summary: ImportSummary
    public var errorGroups: [ErrorGroup]
    /// How many rows have corrections or are skipped, after the change.
    public var correctedRows: Int
    /// The review's hour, restarted.
    public var expiresAt: Date
    public var now: Date

    public init(
        revision: Int, cells: [Int: [Int: String]], skipped: [Int], summary: ImportSummary,
        errorGroups: [ErrorGroup], correctedRows: Int, expiresAt: Date, now: Date
    ) {
        self.revision = revision
        self.cells = cells
        self.skipped = skipped
        self.summary = summary
        self.errorGroups = errorGroups
        self.correctedRows = correctedRows
        self.expiresAt = expiresAt
        self.now = now
    }
}

/// The corrections of imports in review (SPEC §11). They belong to the uploaded file: kept when the configuration
/// changes or the file is reviewed again, dropped with the file (replaced, canceled, or once the job has completed).
public protocol ImportCorrectionStore: Sendable {
    /// The import's corrections (empty when it has none).
    func rowCorrections(importId: Int64) async throws -> RowCorrections
    /// Saves corrections with the review's new counts and groups, moves `reviewRevision` on and restarts the review's
    /// hour, in one transaction; the stored error file is dropped (it is written from the corrected rows when asked
    /// for). Refused as `ImportLifecycle.correct` decides, and with `wrongState` when `change.revision` is not the
    /// import's revision any more.
    func saveCorrections(workspaceId: Int64, id: Int64, _ change: CorrectionsChange) async throws -> ImportRecord
}

/// How corrections are kept on both engines: one row per corrected cell, and a row with column `skipMarker` for
/// a row skipped by the user.
enum StoredCorrections {
    static let skipMarker = -1

    static func corrections(_ rows: [(row: Int, column: Int, value: String)]) -> RowCorrections {
        var corrections = RowCorrections()
        for (row, column, value) in rows where column != skipMarker {
            corrections.set(row: row, column: column, to: value)
        }
        for (row, column, _) in rows where column == skipMarker { corrections.skip(row: row) }
        return corrections
    }

    /// The revision clash, said for a person.
    static let revisionMoved = ImportError(
        .wrongState, "The rows were corrected or reviewed again meanwhile. Load them again and retry.")
}

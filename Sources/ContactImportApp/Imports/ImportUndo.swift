import ContactStore
import Foundation
import ImportRules
import Logging

/// Undoing a completed import (SPEC §12): a dry count, the start (the workspace's one job slot), the job that works
/// through the before-values the import's job recorded, batch by batch with its checkpoint, and the undo file.
extension ImportPipeline {
    /// What an undo would do now, without doing it: refused as `undo` itself would be, apart from the job slot.
    public func undoPreview(workspaceId: Int64, id: Int64) async throws -> UndoSummary {
        let record = try await requireImport(workspaceId: workspaceId, id: id)
        try ImportLifecycle.undo(
            record.lifecycle, resultsAvailableUntil: record.resultsAvailableUntil, now: now(),
            recorded: record.undoRecords >= 0, jobSlotTaken: false)
        return try await store.undoPreview(importId: id)
    }

    /// completed → undoing; the server's job runner picks the undo up.
    public func startUndo(workspaceId: Int64, id: Int64, user: User) async throws -> ImportRecord {
        try await store.startUndo(workspaceId: workspaceId, id: id, userId: user.id, now: now())
    }

    /// Runs (or resumes) an undo to its end, batch by batch from its checkpoint, each batch committed with its rows of
    /// the undo file. Returns early, leaving it to be resumed, when `shouldStop` says so between batches or when
    /// another server has moved the checkpoint. A server error leaves it undoing, to be taken up again.
    @discardableResult
    public func runUndo(importId: Int64, shouldStop: @Sendable () -> Bool = { false }) async throws -> ImportRecord? {
        guard let record = try await store.importRecord(id: importId), record.status == .undoing else { return nil }
        var afterRow = record.undoAfterRow
        do {
            while true {
                if shouldStop() { return try await store.importRecord(id: importId) }
                try Task.checkCancellation()
                guard
                    let batch = try await store.applyUndoBatch(
                        importId: importId, afterRow: afterRow, limit: batchSize, now: now())
                else { break }
                afterRow = batch.afterRow
            }
            let undone = try await store.completeUndo(importId: importId, now: now())
            await notifier?.undoFinished(undone)
            return undone
        } catch let error as ImportError where error.code == .wrongState {
            logger.info(
                "Undo of import \(importId) moved on elsewhere; leaving it", metadata: ["reason": "\(error.message)"])
            return try await store.importRecord(id: importId)
        }
    }

    /// The undo file (Row, Contact ID, Action) of an undone import, while its results are kept.
    public func undoFile(workspaceId: Int64, id: Int64) async throws -> DownloadFile {
        let record = try await requireImport(workspaceId: workspaceId, id: id)
        switch record.status {
        case .undone:
            guard let bytes = try await store.undoFile(importId: id) else {
                throw ImportError.resultsExpired(retention: resultsRetention)
            }
            return DownloadFile(name: Self.derivedName(record.fileName, suffix: "undo"), bytes: bytes)
        default:
            throw ImportError(.notFound, "There is no undo file: the import is \(record.status.rawValue).")
        }
    }
}

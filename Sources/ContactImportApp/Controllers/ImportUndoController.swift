import ContactStore
import Foundation
import Hummingbird
import ImportRules

/// Undoing a completed import (SPEC §12): owners and managers, as the rest of Contact Import.
struct ImportUndoController {
    let access: WorkspaceAccess
    let pipeline: ImportPipeline

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("workspaces/:ws/imports/:id/undo-preview", use: preview)
        group.post("workspaces/:ws/imports/:id/undo", use: undo)
        group.get("workspaces/:ws/imports/:id/undo-file", use: undoFile)
    }

    /// The dry count: what an undo would do now.
    struct PreviewJSON: Encodable {
        var deleted: Int
        var restored: Int
        var kept: Int
        var keptChanged: Int
        var keptDeleted: Int

        init(_ summary: UndoSummary) {
            deleted = summary.deleted
            restored = summary.restored
            kept = summary.kept
            keptChanged = summary.keptChanged
            keptDeleted = summary.keptDeleted
        }
    }

    @Sendable func preview(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (workspaceId, _, _) = try await access.authorize(context, .manager)
        let summary = try await pipeline.undoPreview(
            workspaceId: workspaceId, id: try context.id("id", naming: "import"))
        return try JSONBody.response(PreviewJSON(summary))
    }

    @Sendable func undo(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (workspaceId, user, _) = try await access.authorize(context, .manager)
        let record = try await pipeline.startUndo(
            workspaceId: workspaceId, id: try context.id("id", naming: "import"), user: user)
        return try JSONBody.response(ImportJSON(record: record), status: .accepted)
    }

    @Sendable func undoFile(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (workspaceId, _, _) = try await access.authorize(context, .manager)
        return ImportsController.csv(
            try await pipeline.undoFile(workspaceId: workspaceId, id: try context.id("id", naming: "import")))
    }
}

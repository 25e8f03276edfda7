import ContactStore
import Foundation
import ImportRules
import Logging

/// `contact-import undo IMPORT …`: the undo of SPEC §12 (dry count, or the undo itself and its file), run headless in
/// this process with the same steps and refusals as the HTTP API.
public struct CommandLineUndo: Sendable {
    public var importId: Int64
    public var workspaceId: Int64
    /// Only say what the undo would do.
    public var dryRun: Bool
    public var undoFilePath: String?
    /// The member the undo is recorded for; the first owner by default.
    public var userEmail: String?

    public init(importId: Int64, workspaceId: Int64, dryRun: Bool, undoFilePath: String?, userEmail: String?) {
        self.importId = importId
        self.workspaceId = workspaceId
        self.dryRun = dryRun
        self.undoFilePath = undoFilePath
        self.userEmail = userEmail
    }

    /// Runs the dry count or the undo; returns the line to print.
    public func run(configuration: AppConfiguration, store: any DataStore, logger: Logger) async throws -> String {
        let pipeline = makePipeline(configuration: configuration, store: store, mailer: nil, logger: logger)
        let members = try await store.members(workspaceId: workspaceId)
        guard !members.isEmpty else {
            throw CommandLineImport.Failure(description: "There is no workspace \(workspaceId).")
        }
        let member =
            try userEmail.map { email in
                guard let found = members.first(where: { $0.user.email.lowercased() == email.lowercased() }) else {
                    throw CommandLineImport.Failure(
                        description: "\(email) is not a member of workspace \(workspaceId).")
                }
                return found
            } ?? members[0]
        guard member.role.canManage else {
            throw CommandLineImport.Failure(
                description: "\(member.user.email) is an agent; only owners and managers can undo an import.")
        }
        if dryRun {
            let preview = try await pipeline.undoPreview(workspaceId: workspaceId, id: importId)
            return
                "Undoing import \(importId) would delete \(preview.deleted) contacts, restore \(preview.restored) and "
                + "keep \(preview.kept) (\(preview.keptChanged) changed since the import, \(preview.keptDeleted) "
                + "already deleted)."
        }
        _ = try await pipeline.startUndo(workspaceId: workspaceId, id: importId, user: member.user)
        guard let undone = try await pipeline.runUndo(importId: importId), undone.status == .undone else {
            throw CommandLineImport.Failure(
                description: "The undo was taken over by a running server; follow it there.")
        }
        if let undoFilePath {
            let file = try await pipeline.undoFile(workspaceId: workspaceId, id: importId)
            guard FileManager.default.createFile(atPath: undoFilePath, contents: Data(file.bytes)) else {
                throw CommandLineImport.Failure(description: "Cannot write the undo file to \(undoFilePath).")
            }
        }
        let summary = undone.undoSummary
        return "Import \(importId) undone: \(summary.deleted) deleted, \(summary.restored) restored, "
            + "\(summary.kept) kept."
    }
}

import ContactModel
import ContactStore
import Foundation
import ImportRules

extension ImportConfiguration {
    /// The configuration of the store tests' imports (the store keeps it; the rules are not run here).
    static let storeTests = ImportConfiguration(
        purpose: .addAll, identifier: nil, mapping: [ColumnMapping(column: 0, field: .standard(.firstName))])
}

/// A workspace with an import reviewed and started: processing, ready for the batches a test writes itself.
typealias StartedImport = (ws: Int64, importId: Int64, ownerId: Int64)

extension DataStore {
    /// A new workspace `name` whose owner uploaded a file of `rows` first names (A, B, C, …), reviewed and started
    /// it at `now` (its job leased to `claim` when given, as the command line starts one).
    func startedImport(
        workspace name: String = "a", rows: Int = 3, now: Date = Date(), leasedTo claim: JobLeaseClaim? = nil
    ) async throws -> StartedImport {
        let created = try await createWorkspace(name: name, ownerEmail: "o@\(name).test", passwordHash: nil)
        let importId = try await startedImport(
            workspaceId: created.workspace.id, uploadedBy: created.owner.id, rows: rows, now: now, leasedTo: claim)
        return (created.workspace.id, importId, created.owner.id)
    }

    /// An import of `rows` first names into workspace `ws`, uploaded by `owner`, reviewed and started at `now`.
    func startedImport(
        workspaceId ws: Int64, uploadedBy owner: Int64, rows: Int = 3, now: Date = Date(),
        leasedTo claim: JobLeaseClaim? = nil
    ) async throws -> Int64 {
        let names = (0..<rows).map { String(UnicodeScalar(UInt8(65 + $0 % 26))) }
        let record = try await createImport(
            NewImport(
                workspaceId: ws, uploadedBy: owner, fileName: "f.csv", rowCount: rows, encoding: "UTF-8",
                delimiter: "comma", columns: [], setup: .configured(.storeTests)),
            file: Array((["First Name"] + names).map { $0 + "\n" }.joined().utf8))
        _ = try await saveReview(
            workspaceId: ws, id: record.id, reviewed: .storeTests, summary: ImportSummary(), errorFile: [],
            expiresAt: now.addingTimeInterval(60))
        return try await startImport(workspaceId: ws, id: record.id, now: now, leasedTo: claim).id
    }
}

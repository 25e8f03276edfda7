import ContactModel
import ContactStore
import Foundation
import ImportRules
import StoreTestSupport
import Testing

/// What the review says an import will overwrite is kept with the review's counts alike on both engines: saved with
/// the review and with corrections, gone when the import becomes a draft again, left alone by the job.
@Suite struct ReviewOverwritesContractTests {
    let columns = [ImportColumn(index: 0, header: "First Name", samples: ["A"], field: "firstName")]
    let proposal = ImportSetup.proposed(
        mapping: [ColumnMapping(column: 0, field: .standard(.firstName))], importTag: "import-2026-12-03-1015")
    let overwriting = ImportSummary(
        imported: 1, updated: 9, errors: 2, valuesReplaced: 7, valuesCleared: 3, tagsRemoved: 2)

    func review(_ store: any DataStore, ws: Int64, id: Int64, _ summary: ImportSummary) async throws -> ImportRecord {
        try await store.saveReview(
            workspaceId: ws, id: id, reviewed: .storeTests, phones: .asGiven, summary: summary,
            errorFile: Array("err".utf8), errorGroups: [], revision: nil, expiresAt: Date().addingTimeInterval(600))
    }

    @Test(arguments: StoreEngines.all)
    func theOverwriteCountsAreTheReviewsUntilTheImportIsADraftAgain(engine: String) async throws {
        let store = try await StoreEngines.make(engine)
        let created = try await store.createWorkspace(name: "A", ownerEmail: "o@x.test", passwordHash: nil)
        let ws = created.workspace.id
        let new = NewImport(
            workspaceId: ws, uploadedBy: created.owner.id, fileName: "f.csv", rowCount: 12, encoding: "UTF-8",
            delimiter: "comma", columns: columns, setup: proposal)
        var record = try await store.createImport(new, file: Array("First Name\nA\n".utf8))
        record = try await store.saveImportConfig(workspaceId: ws, id: record.id, configuration: .storeTests)
        record = try await review(store, ws: ws, id: record.id, overwriting)
        #expect(record.summary == overwriting)
        #expect(try await store.importRecord(id: record.id)?.summary == overwriting)

        // A correction saves the new counts.
        let corrected = ImportSummary(imported: 1, updated: 8, errors: 3, valuesReplaced: 6, valuesCleared: 3)
        record = try await store.saveCorrections(
            workspaceId: ws, id: record.id,
            CorrectionsChange(
                revision: record.reviewRevision, cells: [1: [0: "B"]], skipped: [], summary: corrected,
                errorGroups: [], correctedRows: 1, expiresAt: Date().addingTimeInterval(600), now: Date()))
        #expect(record.summary == corrected)
        #expect(try await store.importRecord(id: record.id)?.summary == corrected)

        // Configured again or given another file, the import is a draft: no count of the old review is left.
        record = try await store.saveImportConfig(workspaceId: ws, id: record.id, configuration: .storeTests)
        #expect(record.summary == ImportSummary())
        record = try await review(store, ws: ws, id: record.id, overwriting)
        record = try await store.replaceImportFile(
            workspaceId: ws, id: record.id, with: new, file: Array("First Name\nA\n".utf8))
        #expect(record.summary == ImportSummary())

        // The job's counts start from 0; the overwrite counts stay the review's.
        record = try await store.saveImportConfig(workspaceId: ws, id: record.id, configuration: .storeTests)
        record = try await review(store, ws: ws, id: record.id, overwriting)
        record = try await store.startImport(workspaceId: ws, id: record.id, now: Date())
        #expect(record.status == .processing)
        #expect(record.summary == ImportSummary(valuesReplaced: 7, valuesCleared: 3, tagsRemoved: 2))
    }
}

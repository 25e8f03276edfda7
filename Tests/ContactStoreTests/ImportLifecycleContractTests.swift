import ContactModel
import ContactStore
import Foundation
import ImportRules
import StoreTestSupport
import Testing

/// Each store persists the import lifecycle as `ImportLifecycle` decides it, in the step's transaction.
@Suite struct ImportLifecycleContractTests {
    let columns = [ImportColumn(index: 0, header: "First Name", samples: ["A"], field: "firstName")]
    let proposal = ImportSetup.proposed(
        mapping: [ColumnMapping(column: 0, field: .standard(.firstName))], importTag: "import-2026-12-03-1015")

    func draft(_ store: any DataStore) async throws -> (ws: Int64, record: ImportRecord) {
        let created = try await store.createWorkspace(name: "A", ownerEmail: "o@x.test", passwordHash: nil)
        let record = try await store.createImport(
            NewImport(
                workspaceId: created.workspace.id, uploadedBy: created.owner.id, fileName: "f.csv", rowCount: 1,
                encoding: "UTF-8", delimiter: "comma", columns: columns, setup: proposal),
            file: Array("First Name\nA\n".utf8))
        return (created.workspace.id, record)
    }

    func code(_ body: () async throws -> Void) async -> ImportError.Code? {
        do {
            try await body()
            return nil
        } catch let error as ImportError {
            return error.code
        } catch {
            Issue.record("not an ImportError: \(error)")
            return nil
        }
    }

    @Test(arguments: StoreEngines.all)
    func columnsAndSetupAreKeptAsTyped(engine: String) async throws {
        let store = try await StoreEngines.make(engine)
        let (ws, record) = try await draft(store)
        #expect(record.columns == columns)
        #expect(record.setup == proposal)
        #expect(record.setup.configuration == nil)
        let saved = try await store.saveImportConfig(workspaceId: ws, id: record.id, configuration: .storeTests)
        #expect(saved.setup == .configured(.storeTests))
        #expect(try await store.importRecord(id: record.id)?.setup == .configured(.storeTests))
    }

    @Test(arguments: StoreEngines.all)
    func aDraftMustBeReviewedAndAReviewOfAnotherConfigurationIsRefused(engine: String) async throws {
        let store = try await StoreEngines.make(engine)
        let (ws, record) = try await draft(store)
        #expect(
            await code { _ = try await store.startImport(workspaceId: ws, id: record.id, now: Date()) } == .notReviewed)
        _ = try await store.saveImportConfig(workspaceId: ws, id: record.id, configuration: .storeTests)
        var other = ImportConfiguration.storeTests
        other.tags = ["changed"]
        let review = {
            _ = try await store.saveReview(
                workspaceId: ws, id: record.id, reviewed: other, summary: ImportSummary(), errorFile: [],
                expiresAt: Date().addingTimeInterval(60))
        }
        #expect(await code(review) == .wrongState)
        #expect(try await store.importRecord(id: record.id)?.status == .draft)
    }

    @Test(arguments: StoreEngines.all)
    func aReviewStartedTooLateIsCanceledAndStaysCanceled(engine: String) async throws {
        let store = try await StoreEngines.make(engine)
        let (ws, record) = try await draft(store)
        _ = try await store.saveImportConfig(workspaceId: ws, id: record.id, configuration: .storeTests)
        let reviewedAt = Date()
        _ = try await store.saveReview(
            workspaceId: ws, id: record.id, reviewed: .storeTests, summary: ImportSummary(), errorFile: [],
            expiresAt: reviewedAt.addingTimeInterval(60))

        let late = reviewedAt.addingTimeInterval(61)
        #expect(
            await code { _ = try await store.startImport(workspaceId: ws, id: record.id, now: late) } == .sessionExpired
        )
        let after = try #require(try await store.importRecord(id: record.id))
        #expect(after.status == .canceled)
        #expect(after.canceledReason == .sessionExpired)
        #expect(try await store.importFile(importId: record.id, kind: .upload) == nil)
        #expect(
            await code {
                _ = try await store.saveImportConfig(workspaceId: ws, id: record.id, configuration: .storeTests)
            }
                == .sessionExpired)
    }

    @Test(arguments: StoreEngines.all)
    func oneJobAtATimeAndNoCancelOnceStarted(engine: String) async throws {
        let store = try await StoreEngines.make(engine)
        let (ws, record) = try await draft(store)
        _ = try await store.saveImportConfig(workspaceId: ws, id: record.id, configuration: .storeTests)
        _ = try await store.saveReview(
            workspaceId: ws, id: record.id, reviewed: .storeTests, summary: ImportSummary(), errorFile: [],
            expiresAt: Date().addingTimeInterval(60))
        _ = try await store.startImport(workspaceId: ws, id: record.id, now: Date())

        let owner = try #require(try await store.members(workspaceId: ws).first?.user)
        let second = {
            _ = try await store.createImport(
                NewImport(
                    workspaceId: ws, uploadedBy: owner.id, fileName: "g.csv", rowCount: 1, encoding: "UTF-8",
                    delimiter: "comma", columns: columns, setup: proposal),
                file: Array("First Name\nB\n".utf8))
        }
        #expect(await code(second) == .importInProgress)
        #expect(await code { _ = try await store.cancelImport(workspaceId: ws, id: record.id) } == .wrongState)
        #expect(
            await code { _ = try await store.startImport(workspaceId: ws, id: record.id, now: Date()) }
                == .importInProgress)
        #expect(try await store.importRecord(workspaceId: ws + 1, id: record.id) == nil)
    }
}

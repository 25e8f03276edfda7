import ContactModel
import ContactStore
import Foundation
import ImportRules
import StoreTestSupport
import Testing

/// Corrections of rows in review (SPEC §11) are kept, counted and dropped alike on both engines; a save from an old
/// revision changes nothing.
@Suite struct ImportCorrectionsContractTests {
    let columns = [ImportColumn(index: 0, header: "First Name", samples: ["A"], field: "firstName")]
    let proposal = ImportSetup.proposed(
        mapping: [ColumnMapping(column: 0, field: .standard(.firstName))], importTag: "import-2026-12-03-1015")
    let groups = [
        ErrorGroup(field: "email", column: 1, message: "Not an email", rows: 3),
        ErrorGroup(field: nil, column: nil, message: "Duplicate", rows: 1),
    ]

    func reviewed(_ store: any DataStore, expiresIn: TimeInterval = 600) async throws -> (
        ws: Int64, record: ImportRecord
    ) {
        let created = try await store.createWorkspace(name: "A", ownerEmail: "o@x.test", passwordHash: nil)
        var record = try await store.createImport(
            NewImport(
                workspaceId: created.workspace.id, uploadedBy: created.owner.id, fileName: "f.csv", rowCount: 1,
                encoding: "UTF-8", delimiter: "comma", columns: columns, setup: proposal),
            file: Array("First Name\nA\n".utf8))
        #expect(record.reviewRevision == 0)
        #expect(record.correctedRows == 0)
        #expect(record.errorGroups == [])
        record = try await store.saveImportConfig(
            workspaceId: created.workspace.id, id: record.id, configuration: .storeTests)
        #expect(record.reviewRevision == 1)
        record = try await store.saveReview(
            workspaceId: created.workspace.id, id: record.id, reviewed: .storeTests, phones: .asGiven,
            summary: ImportSummary(imported: 5, errors: 3), errorFile: Array("err".utf8), errorGroups: groups,
            revision: nil,
            expiresAt: Date().addingTimeInterval(expiresIn))
        #expect(record.reviewRevision == 2)
        #expect(record.errorGroups == groups)
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

    func change(
        _ revision: Int, cells: [Int: [Int: String]], skipped: [Int], corrected: Int, now: Date = Date(),
        groups: [ErrorGroup] = []
    ) -> CorrectionsChange {
        CorrectionsChange(
            revision: revision, cells: cells, skipped: skipped,
            summary: ImportSummary(imported: 6, updated: 1, skipped: 2, errors: 1, phonesNormalized: 3),
            errorGroups: groups, correctedRows: corrected, expiresAt: Date(timeIntervalSince1970: 4_000_000_000),
            now: now)
    }

    @Test(arguments: StoreEngines.all)
    func correctionsAreKeptAndMoveTheRevision(engine: String) async throws {
        let store = try await StoreEngines.make(engine)
        let (ws, record) = try await reviewed(store)
        #expect(try await store.importFile(importId: record.id, kind: .errors) == Array("err".utf8))
        #expect(try await store.rowCorrections(importId: record.id).isEmpty)

        var saved = try await store.saveCorrections(
            workspaceId: ws, id: record.id,
            change(
                2, cells: [2: [0: "x", 1: "y"], 3: [0: "z"]], skipped: [4, 4, 5], corrected: 4, groups: [groups[1]]))
        #expect(saved.reviewRevision == 3)
        #expect(saved.correctedRows == 4)
        #expect(saved.errorGroups == [groups[1]])
        #expect(saved.summary == ImportSummary(imported: 6, updated: 1, skipped: 2, errors: 1, phonesNormalized: 3))
        #expect(saved.reviewExpiresAt == Date(timeIntervalSince1970: 4_000_000_000))
        #expect(saved.status == .review)
        #expect(try await store.importFile(importId: record.id, kind: .errors) == nil)
        #expect(try await store.importRecord(id: record.id) == saved)
        #expect(
            try await store.rowCorrections(importId: record.id)
                == RowCorrections(cells: [2: [0: "x", 1: "y"], 3: [0: "z"]], skipped: [4, 5]))

        // A stale revision is refused and changes nothing.
        #expect(
            await code {
                _ = try await store.saveCorrections(
                    workspaceId: ws, id: record.id, change(2, cells: [9: [0: "no"]], skipped: [], corrected: 9))
            } == .wrongState)
        #expect(try await store.importRecord(id: record.id) == saved)

        // A row with a cell is unskipped; a corrected row skipped keeps its cells; a cell is overwritten.
        saved = try await store.saveCorrections(
            workspaceId: ws, id: record.id,
            change(3, cells: [4: [1: "w"], 2: [0: "x2"]], skipped: [3], corrected: 5))
        #expect(saved.reviewRevision == 4)
        #expect(saved.errorGroups == [])
        let expected = RowCorrections(cells: [2: [0: "x2", 1: "y"], 3: [0: "z"], 4: [1: "w"]], skipped: [3, 5])
        #expect(try await store.rowCorrections(importId: record.id) == expected)

        // The configuration changes: groups go, the revision moves, corrections stay.
        saved = try await store.saveImportConfig(workspaceId: ws, id: record.id, configuration: .storeTests)
        #expect(saved.reviewRevision == 5)
        #expect(saved.errorGroups == [])
        #expect(saved.correctedRows == 5)
        #expect(try await store.rowCorrections(importId: record.id) == expected)
        #expect(
            await code {
                _ = try await store.saveCorrections(
                    workspaceId: ws, id: record.id, change(5, cells: [9: [0: "no"]], skipped: [], corrected: 9))
            } == .notReviewed)
        // A review decided at an older revision (a correction came in meanwhile) is refused and changes nothing.
        #expect(
            await code {
                _ = try await store.saveReview(
                    workspaceId: ws, id: record.id, reviewed: .storeTests, phones: .asGiven, summary: ImportSummary(),
                    errorFile: [], errorGroups: groups, revision: 4, expiresAt: Date().addingTimeInterval(600))
            } == .wrongState)
        saved = try await store.saveReview(
            workspaceId: ws, id: record.id, reviewed: .storeTests, phones: .asGiven, summary: ImportSummary(),
            errorFile: [], errorGroups: groups, revision: 5, expiresAt: Date().addingTimeInterval(600))
        #expect(saved.reviewRevision == 6)
        #expect(try await store.rowCorrections(importId: record.id) == expected)

        // An expired review refuses corrections.
        #expect(
            await code {
                _ = try await store.saveCorrections(
                    workspaceId: ws, id: record.id,
                    change(6, cells: [9: [0: "no"]], skipped: [], corrected: 9, now: Date().addingTimeInterval(601)))
            } == .sessionExpired)
        // Another workspace cannot.
        #expect(
            await code {
                _ = try await store.saveCorrections(
                    workspaceId: ws + 1000, id: record.id, change(6, cells: [9: [0: "no"]], skipped: [], corrected: 9))
            } == .notFound)

        // A new file drops them.
        saved = try await store.replaceImportFile(
            workspaceId: ws, id: record.id,
            with: NewImport(
                workspaceId: ws, uploadedBy: record.uploadedBy, fileName: "g.csv", rowCount: 1, encoding: "UTF-8",
                delimiter: "comma", columns: columns, setup: .configured(.storeTests)),
            file: Array("First Name\nB\n".utf8))
        #expect(saved.reviewRevision == 7)
        #expect(saved.correctedRows == 0)
        #expect(saved.errorGroups == [])
        #expect(try await store.rowCorrections(importId: record.id).isEmpty)
    }

    @Test(arguments: StoreEngines.all)
    func aBulkCorrectionOfManyCellsIsSaved(engine: String) async throws {
        let store = try await StoreEngines.make(engine)
        let (ws, record) = try await reviewed(store)
        var cells: [Int: [Int: String]] = [:]
        for row in 1...5_000 {
            for column in 0..<5 { cells[row, default: [:]][column] = "r\(row)c\(column) ' \" \\ é" }
        }
        let skipped = Array(5_001...6_000)
        let started = Date()
        _ = try await store.saveCorrections(
            workspaceId: ws, id: record.id, change(2, cells: cells, skipped: skipped, corrected: 6_000))
        print("bulk save on \(engine): \(Date().timeIntervalSince(started)) s")
        #expect(
            try await store.rowCorrections(importId: record.id) == RowCorrections(cells: cells, skipped: Set(skipped)))
        // Correcting the skipped rows unskips them all.
        var again: [Int: [Int: String]] = [:]
        for row in 5_001...6_000 { again[row] = [2: "u"] }
        _ = try await store.saveCorrections(
            workspaceId: ws, id: record.id, change(3, cells: again, skipped: [], corrected: 6_000))
        let stored = try await store.rowCorrections(importId: record.id)
        #expect(stored.skipped.isEmpty)
        #expect(stored.cells.count == 6_000)
    }

    @Test(arguments: StoreEngines.all)
    func cancelExpiryCompletionAndTheEndOfAFailedImportsKeepDropCorrections(engine: String) async throws {
        let store = try await StoreEngines.make(engine)
        let one = change(2, cells: [1: [0: "x"]], skipped: [2], corrected: 2)
        // Canceled.
        var (ws, record) = try await reviewed(store)
        _ = try await store.saveCorrections(workspaceId: ws, id: record.id, one)
        _ = try await store.cancelImport(workspaceId: ws, id: record.id)
        #expect(try await store.rowCorrections(importId: record.id).isEmpty)
        // Expired.
        (ws, record) = try await reviewed(store, expiresIn: 5)
        _ = try await store.saveCorrections(workspaceId: ws, id: record.id, one)
        #expect(try await store.expireReviews(now: Date(timeIntervalSince1970: 4_000_000_001)) == 1)
        #expect(try await store.rowCorrections(importId: record.id).isEmpty)
        #expect(
            await code {
                _ = try await store.saveCorrections(
                    workspaceId: ws, id: record.id, change(3, cells: [:], skipped: [], corrected: 0))
            } == .sessionExpired)
        // Failed.
        (ws, record) = try await reviewed(store)
        _ = try await store.saveCorrections(workspaceId: ws, id: record.id, one)
        _ = try await store.startImport(workspaceId: ws, id: record.id, now: Date())
        #expect(try await store.rowCorrections(importId: record.id).isEmpty == false)
        #expect(
            await code {
                _ = try await store.saveCorrections(
                    workspaceId: ws, id: record.id, change(3, cells: [:], skipped: [], corrected: 0))
            } == .wrongState)
        // A failed import keeps them while it can be started again; the retention sweep drops them after that.
        let keptUntil = Date().addingTimeInterval(60)
        _ = try await store.failImport(importId: record.id, message: "boom", keepUntil: keptUntil, now: Date())
        #expect(try await store.rowCorrections(importId: record.id).isEmpty == false)
        #expect(try await store.expireResults(now: keptUntil) == 1)
        #expect(try await store.rowCorrections(importId: record.id).isEmpty)
        // Completed.
        (ws, record) = try await reviewed(store)
        _ = try await store.saveCorrections(workspaceId: ws, id: record.id, one)
        _ = try await store.startImport(workspaceId: ws, id: record.id, now: Date())
        _ = try await store.completeImport(
            importId: record.id, resultsHeader: Array("h\n".utf8), tagsAdded: [],
            availableUntil: Date().addingTimeInterval(60), now: Date())
        #expect(try await store.rowCorrections(importId: record.id).isEmpty)
    }

    @Test(arguments: StoreEngines.all)
    func concurrentCorrectionsOfOneRevisionLetOnlyOneThrough(engine: String) async throws {
        let store = try await StoreEngines.make(engine)
        let (ws, record) = try await reviewed(store)
        let results = await withTaskGroup(of: Bool.self) { group in
            for index in 0..<8 {
                group.addTask {
                    do {
                        _ = try await store.saveCorrections(
                            workspaceId: ws, id: record.id,
                            change(2, cells: [index: [0: "v\(index)"]], skipped: [], corrected: 1))
                        return true
                    } catch { return false }
                }
            }
            var ok = 0
            for await result in group where result { ok += 1 }
            return ok
        }
        #expect(results == 1)
        #expect(try await store.importRecord(id: record.id)?.reviewRevision == 3)
        #expect(try await store.rowCorrections(importId: record.id).cells.count == 1)
    }
}

import ContactCSV
import ContactStore
import Foundation
import ImportRules

/// Fixing the rows of a reviewed import without leaving the product (SPEC §11): the rows paged by status, cells
/// corrected one row at a time, bulk fixes. Each change decides the rows it touches again by the import's rules
/// (`ReviewedRows`), is saved with the review's new counts in one transaction, and restarts the review's hour.
extension ImportPipeline {
    /// One row as the review decided it, with its corrected cells.
    public struct ReviewRow: Sendable {
        public var row: Int
        public var values: [String]
        public var status: ImportStatus
        public var errors: [RowError]
        /// The user skipped it in review.
        public var skippedByUser: Bool
        /// The file columns of its corrected cells.
        public var correctedColumns: [Int]
    }

    /// A page of rows: `rows` and the cursor of the next page (nil on the last one).
    public struct ReviewRowPage: Sendable {
        public var rows: [ReviewRow]
        public var nextCursor: Int?
    }

    /// What a correction changed: the rows decided again, and the import with its new counts, groups and expiry.
    public struct Correction: Sendable {
        public var rows: [ReviewRow]
        public var record: ImportRecord
    }

    /// The largest page of rows.
    public static let maxRowsPerPage = 500

    /// Up to `limit` rows after row `cursor` (0: from the start), in file order: rows with `status` when given, and
    /// within the rows in error those of `group` (an index into the import's `errorGroups`).
    public func rows(
        workspaceId: Int64, id: Int64, status: ImportStatus?, group: Int?, cursor: Int, limit: Int
    ) async throws -> ReviewRowPage {
        let record = try await requireImport(workspaceId: workspaceId, id: id)
        guard record.status == .review else {
            throw ImportError(
                .notReviewed, "The rows can be read while the import is in review; it is \(record.status.rawValue).")
        }
        guard (1...Self.maxRowsPerPage).contains(limit) else {
            throw ImportError.invalidCorrection("limit must be 1 to \(Self.maxRowsPerPage).", field: "limit")
        }
        let session = try await reviewSession(record)
        var groupKey: RowError.GroupKey?
        if let group {
            let groups = session.rows.errorGroups()
            guard groups.indices.contains(group) else {
                throw ImportError.invalidCorrection(
                    "There is no group \(group) of rows in error (there are \(groups.count)).", field: "group")
            }
            groupKey = groups[group].key
        }
        let (numbers, more) = session.rows.rows(status: status, group: groupKey, after: cursor, limit: limit)
        return ReviewRowPage(rows: numbers.map { session.row($0) }, nextCursor: more ? numbers.last : nil)
    }

    /// Sets cells of row `row` (file column → text) and decides it again, with every row sharing its identifier value
    /// before or after. `skip: true` skips the row instead; `skip: false` (or any cell set) takes it back.
    public func correctRow(workspaceId: Int64, id: Int64, row: Int, cells: [Int: String], skip: Bool?) async throws
        -> Correction
    {
        try await change(workspaceId: workspaceId, id: id) { (session) throws(ImportError) in
            guard (1...session.rows.rowCount).contains(row) else {
                throw ImportError.invalidCorrection(
                    "The file has no row \(row): its rows are 1 to \(session.rows.rowCount).", field: "row")
            }
            let columnCount = session.file.columnCount
            if let column = cells.keys.first(where: { !(0..<columnCount).contains($0) }) {
                throw ImportError.invalidCorrection(
                    "The file has no column \(column): its columns are 0 to \(columnCount - 1).",
                    field: "values.\(column)")
            }
            if skip == true {
                guard cells.isEmpty else {
                    throw ImportError.invalidCorrection(
                        "A row is either corrected or skipped, not both.", field: "skip")
                }
                return ([:], [row])
            }
            return ([row: cells], [])
        }
    }

    /// Applies a bulk fix; the count is of the rows whose cells changed or that were skipped.
    public func applyFix(workspaceId: Int64, id: Int64, _ fix: BulkFix) async throws -> (
        changedRows: Int, record: ImportRecord
    ) {
        var changedRows = 0
        let correction = try await change(workspaceId: workspaceId, id: id) { (session) throws(ImportError) in
            try fix.validate(session.rows.plan, columnNames: session.file.columnNames)
            let rows = session.rows
            switch fix {
            case .skipErrors:
                let skipped = rows.rows(status: .error, after: 0, limit: rows.rowCount).rows
                changedRows = skipped.count
                return ([:], skipped)
            case .replace, .prefixCountryCode:
                let column = fix.column!
                var cells: [Int: [Int: String]] = [:]
                session.file.forEachValue(inColumn: column) { number, value in
                    let current = rows.corrections.cell(row: number, column: column, original: value)
                    if let fixed = fix.fixed(current) { cells[number] = [column: fixed] }
                }
                changedRows = cells.count
                return (cells, [])
            }
        }
        return (changedRows, correction.record)
    }

    /// Runs a change against the import's review: `decide` names the cells to set and the rows to skip; the rows they
    /// touch are decided again and everything is saved at the revision the session was read at. When another change
    /// came first (here or on another server), the change is made once more on the stored state.
    private func change(
        workspaceId: Int64, id: Int64,
        _ decide: (ReviewSession) throws(ImportError) -> (cells: [Int: [Int: String]], skip: [Int])
    ) async throws -> Correction {
        var attempt = 0
        while true {
            attempt += 1
            let record = try await requireImport(workspaceId: workspaceId, id: id)
            try ImportLifecycle.correct(record.lifecycle, now: now())
            var session: ReviewSession
            if let kept = await reviewSessions.take(importId: id, revision: record.reviewRevision) {
                session = kept
            } else {
                session = try await decideAll(record, phones: record.phones).session
            }
            let cells: [Int: [Int: String]]
            let skip: [Int]
            do {
                (cells, skip) = try decide(session)
            } catch {
                await reviewSessions.put(session)
                throw error
            }
            let toDecide = session.rows.change(cells: cells, skip: skip, original: session.originalCells)
            let store = self.store
            let withValues = session.rows.plan.configuration.purpose.canUpdate
            let outcomes = try await session.rows.decideAgain(toDecide) { keys in
                try await store.existingContacts(workspaceId: workspaceId, keys: keys, withValues: withValues)
            }
            let saved: ImportRecord
            do {
                saved = try await store.saveCorrections(
                    workspaceId: workspaceId, id: id,
                    CorrectionsChange(
                        revision: record.reviewRevision, cells: cells, skipped: skip, summary: session.rows.summary,
                        errorGroups: session.rows.errorGroups().map(\.group),
                        correctedRows: session.rows.corrections.rowCount,
                        expiresAt: now().addingTimeInterval(reviewTTL.seconds), now: now()))
            } catch let error as ImportError where error.code == .wrongState && attempt < 3 {
                continue
            }
            session.revision = saved.reviewRevision
            // Every row decided again when they are few; else the rows asked for (at most a page).
            var changed = Set(outcomes.map(\.rowNumber)).union(skip).union(cells.keys)
            if changed.count > Self.maxRowsPerPage { changed = Set(cells.keys).union(skip) }
            let rows = changed.sorted().prefix(Self.maxRowsPerPage).map { session.row($0) }
            await reviewSessions.put(session)
            return Correction(rows: rows, record: saved)
        }
    }

    /// The kept review of a record in review, or one built again from the stored file and corrections.
    func reviewSession(_ record: ImportRecord) async throws -> ReviewSession {
        if let kept = await reviewSessions.session(importId: record.id, revision: record.reviewRevision) {
            return kept
        }
        let session = try await decideAll(record, phones: record.phones).session
        await reviewSessions.put(session)
        return session
    }
}

extension ReviewSession {
    /// Row `row` with its corrected cells, status and errors.
    func row(_ row: Int) -> ImportPipeline.ReviewRow {
        let outcome = rows.outcome(ofRow: row)
        return ImportPipeline.ReviewRow(
            row: row, values: cells(row), status: outcome.status, errors: outcome.errors,
            skippedByUser: rows.isSkippedByUser(row),
            correctedColumns: rows.corrections.cells[row].map { $0.keys.sorted() } ?? [])
    }

    /// The error file of the rows as corrected: each row in error with its corrected cells and an Error column.
    func errorFile() -> [UInt8] {
        var writer = CSVWriter(header: ImportPipeline.errorFileHeader(file))
        let columnCount = file.columnCount
        for row in rows.rows(status: .error, after: 0, limit: rows.rowCount).rows {
            writer.append(
                row: ImportPipeline.errorFileRow(
                    cells(row), columnCount: columnCount, outcome: rows.outcome(ofRow: row)))
        }
        return writer.takeBytes()
    }
}

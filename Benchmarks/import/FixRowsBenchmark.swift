import ContactImportApp
import ContactModel
import ContactStore
import Foundation
import ImportRules

/// Fixing rows in review (SPEC §11), timed between the review and the start of the benchmark's import: pages of rows
/// in error, single corrections, and bulk fixes over the whole file, through the same pipeline the API calls.
struct FixRowsBenchmark {
    let pipeline: ImportPipeline
    let workspaceId: Int64
    let importId: Int64

    struct Figures: CustomStringConvertible {
        var errorRows = 0
        var pages = 0
        var pageMedian = 0.0
        var pageMax = 0.0
        var groupPage = 0.0
        var coldPage = 0.0
        var corrections = 0
        var correctionMedian = 0.0
        var correctionMax = 0.0
        var replacedRows = 0
        var replaceSeconds = 0.0
        var skippedRows = 0
        var skipSeconds = 0.0
        var correctedRows = 0

        var description: String {
            func ms(_ value: Double) -> String { String(format: "%.1f ms", value * 1000) }
            return """
                fixing rows: \(errorRows) rows in error after the review, \(correctedRows) rows corrected before the job
                  page of 100 rows in error:      median \(ms(pageMedian)), max \(ms(pageMax)) over \(pages) pages (target < 100 ms)
                  first page of the largest group: \(ms(groupPage))
                  first page on a server without the review in memory (builds it again): \(ms(coldPage))
                  one correction:                 median \(ms(correctionMedian)), max \(ms(correctionMax)) over \(corrections) (target < 200 ms)
                  bulk replace:                   \(ms(replaceSeconds)) for \(replacedRows) rows (target < 3 s)
                  skip every row in error:        \(ms(skipSeconds)) for \(skippedRows) rows (target < 3 s)
                """
        }
    }

    static func seconds(_ work: () async throws -> Void) async rethrows -> Double {
        let start = ContinuousClock.now
        try await work()
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    static func median(_ values: [Double]) -> Double {
        values.isEmpty ? 0 : values.sorted()[values.count / 2]
    }

    func run(cold: ImportPipeline) async throws -> Figures {
        var figures = Figures()
        // Every page of rows in error, as the grid pages through them.
        var times: [Double] = []
        var cursor = 0
        var errorRows: [ImportPipeline.ReviewRow] = []
        repeat {
            var page: ImportPipeline.ReviewRowPage?
            times.append(
                try await Self.seconds {
                    page = try await pipeline.rows(
                        workspaceId: workspaceId, id: importId, status: .error, group: nil, cursor: cursor, limit: 100)
                })
            errorRows += page?.rows ?? []
            cursor = page?.nextCursor ?? 0
        } while cursor > 0
        figures.errorRows = errorRows.count
        figures.pages = times.count
        figures.pageMedian = Self.median(times)
        figures.pageMax = times.max() ?? 0
        figures.groupPage = try await Self.seconds {
            _ = try await pipeline.rows(
                workspaceId: workspaceId, id: importId, status: .error, group: 0, cursor: 0, limit: 100)
        }
        figures.coldPage = try await Self.seconds {
            _ = try await cold.rows(
                workspaceId: workspaceId, id: importId, status: .error, group: nil, cursor: 0, limit: 100)
        }

        // Single corrections, spread over the file: a broken cell emptied (a name filled in), a duplicate phone made
        // unique.
        let step = max(1, errorRows.count / 50)
        var correctionTimes: [Double] = []
        for (number, row) in stride(from: 0, to: errorRows.count, by: step).map({ errorRows[$0] }).enumerated() {
            var cells: [Int: String] = [:]
            for error in row.errors {
                if let column = error.column {
                    cells[column] = error.field == .standard(.firstName) ? "Fixed" : ""
                } else if error.message.hasPrefix("duplicate") {
                    cells[2] = "+6019\(String(format: "%07d", number))"
                }
            }
            guard !cells.isEmpty else { continue }
            correctionTimes.append(
                try await Self.seconds {
                    _ = try await pipeline.correctRow(
                        workspaceId: workspaceId, id: importId, row: row.row, cells: cells, skip: nil)
                })
        }
        figures.corrections = correctionTimes.count
        figures.correctionMedian = Self.median(correctionTimes)
        figures.correctionMax = correctionTimes.max() ?? 0

        // Bulk: "0" → "0.00" in Lifetime Value (the same number: the job writes the same values), then skip the rest.
        figures.replaceSeconds = try await Self.seconds {
            figures.replacedRows = try await pipeline.applyFix(
                workspaceId: workspaceId, id: importId, .replace(column: 10, from: "0", to: "0.00")
            ).changedRows
        }
        var record: ImportRecord?
        figures.skipSeconds = try await Self.seconds {
            let fixed = try await pipeline.applyFix(workspaceId: workspaceId, id: importId, .skipErrors)
            figures.skippedRows = fixed.changedRows
            record = fixed.record
        }
        figures.correctedRows = record?.correctedRows ?? 0
        return figures
    }
}

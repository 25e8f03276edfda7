/// The corrections made to an import's rows during its review (SPEC §11): new cell values, and rows the user chose to
/// skip. They are kept with the import; the uploaded file is never rewritten. The review, the job, the error file
/// and the results file read every row through them.
public struct RowCorrections: Sendable, Equatable {
    /// The corrected cells: row number → file column (0-based) → the new text.
    public private(set) var cells: [Int: [Int: String]]
    /// Rows skipped by the user: they count as Skipped, write nothing, and take no part in the duplicate scan.
    public private(set) var skipped: Set<Int>

    public init(cells: [Int: [Int: String]] = [:], skipped: Set<Int> = []) {
        self.cells = cells
        self.skipped = skipped
    }

    public var isEmpty: Bool { cells.isEmpty && skipped.isEmpty }

    /// How many rows have a corrected cell or are skipped.
    public var rowCount: Int {
        skipped.isEmpty ? cells.count : cells.keys.count { !skipped.contains($0) } + skipped.count
    }

    /// Sets a cell of a row; correcting a row takes it back from the skipped rows.
    public mutating func set(row: Int, column: Int, to text: String) {
        cells[row, default: [:]][column] = text
        skipped.remove(row)
    }

    public mutating func skip(row: Int) {
        skipped.insert(row)
    }

    public mutating func unskip(row: Int) {
        skipped.remove(row)
    }

    /// The row with its corrected cells in place (a row shorter than a corrected column is padded with empty cells).
    @inline(__always)
    public func apply(to row: ImportRow) -> ImportRow {
        guard let changes = cells[row.number] else { return row }
        var row = row
        for (column, text) in changes {
            if column >= row.cells.count {
                row.cells.append(contentsOf: repeatElement("", count: column + 1 - row.cells.count))
            }
            row.cells[column] = text
        }
        return row
    }

    /// The corrected text of one cell, or `original` when the cell was not corrected.
    @inline(__always)
    public func cell(row: Int, column: Int, original: String) -> String {
        cells.isEmpty ? original : cells[row]?[column] ?? original
    }

    /// The outcome of a row the user skipped.
    public static func skippedOutcome(_ rowNumber: Int) -> RowOutcome {
        RowOutcome(rowNumber: rowNumber, status: .skipped)
    }
}

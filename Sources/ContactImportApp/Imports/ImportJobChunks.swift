import ContactCSV
import ContactStore
import Foundation
import ImportRules
import Synchronization

/// A job's rows, decided one chunk ahead of the store: while the store writes chunk N, chunk N+1 is read, parsed,
/// looked up (on a reader connection) and decided. Rows of different chunks never depend on each other (identifiers
/// shared by rows are settled by the duplicate scan), and a chunk is always decided after the previous one was
/// read, so the outcome is the same as one chunk after another.
///
/// A batch (one transaction with its checkpoint) ends after `batchRows` rows, or at the first chunk boundary once it
/// has been open `batchTime`, so the progress moves and other writers get their turn at least that often.
final class ImportJobChunks: ImportChunkSource {
    /// A chunk as the job decided it: where the next one starts, its rows and outcomes, its writes encoded and its
    /// rows of the results file rendered (both ahead of the store, while the previous chunk is written).
    struct Decided: Sendable {
        var cursor: CSVRowCursor
        var rows: [ImportRow]
        var outcomes: [RowOutcome]
        var writes: PreparedContactWrites?
        var results: [UInt8]?
    }

    private struct State {
        var pending: Task<Decided, any Error>
        var rowsBefore: Int
        var exhausted = false
        var batchRows = 0
        var batchStart: ContinuousClock.Instant?
    }

    private let state: Mutex<State>
    private let decide: @Sendable (CSVRowCursor) async throws -> Decided
    private let batchRows: Int
    private let batchTime: Duration
    private let columnCount: Int

    /// Starts deciding the first chunk at once. `decide` reads the next chunk from a cursor and decides it; an empty
    /// chunk means the file is done.
    init(
        from cursor: CSVRowCursor, rowsBefore: Int, batchRows: Int, batchTime: Duration, columnCount: Int,
        decide: @escaping @Sendable (CSVRowCursor) async throws -> Decided
    ) {
        self.decide = decide
        self.batchRows = batchRows
        self.batchTime = batchTime
        self.columnCount = columnCount
        state = Mutex(State(pending: Task { try await decide(cursor) }, rowsBefore: rowsBefore))
    }

    deinit { state.withLock { $0.pending.cancel() } }

    /// Whether every row has been handed out.
    var exhausted: Bool { state.withLock { $0.exhausted } }

    /// Begins the next batch's count of rows and time.
    func startBatch() {
        state.withLock { state in
            state.batchRows = 0
            state.batchStart = nil
        }
    }

    func next() async throws -> ImportChunk? {
        let pending = state.withLock { state -> Task<Decided, any Error>? in
            if state.exhausted || state.batchRows >= batchRows { return nil }
            if let start = state.batchStart, ContinuousClock.now - start >= batchTime { return nil }
            return state.pending
        }
        guard let pending else { return nil }
        let decided = try await pending.value
        guard !decided.rows.isEmpty else {
            state.withLock { $0.exhausted = true }
            return nil
        }
        let decide = self.decide
        let next = Task { try await decide(decided.cursor) }
        let rowsBefore = state.withLock { state in
            state.pending = next
            defer {
                state.rowsBefore += decided.rows.count
                state.batchRows += decided.rows.count
                if state.batchStart == nil { state.batchStart = .now }
            }
            return state.rowsBefore
        }
        let rows = decided.rows
        let columnCount = self.columnCount
        return ImportChunk(
            rowsBefore: rowsBefore, outcomes: decided.outcomes, prepared: decided.writes,
            renderedResults: decided.results
        ) { final in
            ImportPipeline.resultRows(rows, outcomes: final, columnCount: columnCount)
        }
    }
}

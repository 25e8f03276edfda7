import Foundation
import ImportRules
import Synchronization

/// Rows of an import decided together: one part of a batch.
///
/// A batch (one transaction with its checkpoint) holds many chunks. The job decides chunk N+1 while the store writes
/// chunk N, so only two chunks of rows are in memory at a time however large the batch is, and a large batch
/// costs one commit instead of many (docs/PERFORMANCE.md).
public struct ImportChunk: Sendable {
    /// Data rows before the chunk: its first row is row `rowsBefore + 1` of the file's data rows.
    public var rowsBefore: Int
    public var outcomes: [RowOutcome]
    /// Renders the chunk's rows of the results file from its final outcomes (an update of a contact deleted since
    /// the lookup becomes an Error row).
    public var results: @Sendable ([RowOutcome]) throws -> [UInt8]
    /// The writes, encoded ahead (nil: the store encodes them itself).
    public var prepared: PreparedContactWrites?
    /// The rows of the results file rendered ahead from `outcomes` (nil: rendered by the store).
    public var renderedResults: [UInt8]?

    public init(
        rowsBefore: Int, outcomes: [RowOutcome], prepared: PreparedContactWrites? = nil,
        renderedResults: [UInt8]? = nil,
        results: @escaping @Sendable ([RowOutcome]) throws -> [UInt8]
    ) {
        self.rowsBefore = rowsBefore
        self.outcomes = outcomes
        self.prepared = prepared
        self.renderedResults = renderedResults
        self.results = results
    }

    /// The writes to make, encoded ahead or now.
    /// Refuses a chunk that does not start right after row `done` of the import: a batch's chunks follow each other.
    func requireFollows(row done: Int, importId: Int64) throws {
        guard rowsBefore == done else {
            throw StoreError(
                .invalidInput, "Import \(importId): a chunk starting after row \(rowsBefore) cannot follow row \(done)."
            )
        }
    }

    public func writes() throws -> PreparedContactWrites { try prepared ?? PreparedContactWrites(outcomes) }

    /// The chunk's rows of the results file for its final outcomes: rendered ahead unless the store `changed` some
    /// outcome.
    public func resultRows(final: [RowOutcome], changed: Bool) throws -> [UInt8] {
        if !changed, let renderedResults { return renderedResults }
        return try results(final)
    }
}

/// Where a batch's chunks come from. `nil` ends the batch (the batch is full, or the file is done).
public protocol ImportChunkSource: Sendable {
    func next() async throws -> ImportChunk?
    /// `next()` for a store that writes on a thread of its own and can wait there (SQLite's writer queue). Never
    /// call it from a Swift concurrency thread: it blocks until the chunk is decided.
    func nextWaiting() throws -> ImportChunk?
}

extension ImportChunkSource {
    public func nextWaiting() throws -> ImportChunk? {
        let result = Mutex<Result<ImportChunk?, any Error>?>(nil)
        let decided = DispatchSemaphore(value: 0)
        Task {
            let outcome: Result<ImportChunk?, any Error>
            do {
                outcome = .success(try await next())
            } catch {
                outcome = .failure(error)
            }
            result.withLock { $0 = outcome }
            decided.signal()
        }
        decided.wait()
        return try result.withLock { $0 }!.get()
    }
}

/// One chunk already decided: a batch of exactly these outcomes (tests, and callers that write one set of rows).
public final class SingleImportChunk: ImportChunkSource {
    private let rowsBefore: Int
    private let outcomes: [RowOutcome]
    private let results: @Sendable ([RowOutcome]) throws -> [UInt8]
    private let state = Mutex<(taken: Bool, final: [RowOutcome])>((false, []))

    public init(rowsBefore: Int, outcomes: [RowOutcome], results: @escaping @Sendable ([RowOutcome]) throws -> [UInt8])
    {
        self.rowsBefore = rowsBefore
        self.outcomes = outcomes
        self.results = results
    }

    public func next() async throws -> ImportChunk? { nextWaiting() }

    public func nextWaiting() -> ImportChunk? {
        guard
            state.withLock({ state in
                defer { state.taken = true }; return !state.taken
            })
        else { return nil }
        return ImportChunk(rowsBefore: rowsBefore, outcomes: outcomes) { [self] outcomes in
            state.withLock { $0.final = outcomes }
            return try results(outcomes)
        }
    }

    /// The outcomes as the store applied them (once it has rendered their results).
    public var finalOutcomes: [RowOutcome] { state.withLock { $0.final } }
}

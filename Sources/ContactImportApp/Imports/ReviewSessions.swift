import ContactCSV
import Foundation
import ImportRules

/// A review kept in memory so that its rows can be paged and corrected fast (SPEC §11): the file, where each row
/// starts in it, and every row's decision. It is the review of one `reviewRevision` of the import: the store's
/// revision moves on with every review and correction, on any server, and a session of an older revision is built
/// again from the stored file and corrections.
struct ReviewSession: Sendable {
    let importId: Int64
    var revision: Int
    let file: CSVFile
    /// Where every `positionStride`-th data row starts: row `n` is read from `positions[(n - 1) / positionStride]`.
    let positions: [CSVPosition]
    var rows: ReviewedRows

    /// One position kept per this many rows: a row is at most this many rows from one (a page of 100 rows reads at most
    /// 1,600), and the positions of 200,000 rows take 300 KB instead of 4.8 MB.
    static let positionStride = 16

    /// Row `row`'s cells as uploaded.
    func originalCells(_ row: Int) -> [String] {
        let start = (row - 1) / Self.positionStride
        guard var cursor = try? file.rows(from: positions[start]) else { return [] }
        var number = start * Self.positionStride
        while let next = try? cursor.next() {
            number += 1
            if number == row { return next.values }
        }
        return []
    }

    /// Row `row`'s cells with its corrections.
    func cells(_ row: Int) -> [String] {
        rows.corrections.apply(to: ImportRow(number: row, cells: originalCells(row))).cells
    }
}

/// The sessions of the reviews being corrected on this server: a few at a time (each holds its file), the least
/// recently used dropped first. A session is taken out while a correction changes it, so that it is changed in
/// place; a request meanwhile builds its own from the store.
actor ReviewSessions {
    private var sessions: [Int64: (session: ReviewSession, used: UInt64)] = [:]
    private var clock: UInt64 = 0
    let capacity: Int

    init(capacity: Int = 4) {
        self.capacity = capacity
    }

    /// The session of `importId` at `revision`, left in place.
    func session(importId: Int64, revision: Int) -> ReviewSession? {
        guard let entry = sessions[importId], entry.session.revision == revision else { return nil }
        clock += 1
        sessions[importId]?.used = clock
        return entry.session
    }

    /// The session of `importId` at `revision`, taken out (`put` it back).
    func take(importId: Int64, revision: Int) -> ReviewSession? {
        guard let entry = sessions[importId] else { return nil }
        sessions[importId] = nil
        return entry.session.revision == revision ? entry.session : nil
    }

    func put(_ session: ReviewSession) {
        clock += 1
        if let kept = sessions[session.importId], kept.session.revision > session.revision { return }
        sessions[session.importId] = (session, clock)
        while sessions.count > capacity, let oldest = sessions.min(by: { $0.value.used < $1.value.used })?.key {
            sessions[oldest] = nil
        }
    }

    func drop(importId: Int64) {
        sessions[importId] = nil
    }
}

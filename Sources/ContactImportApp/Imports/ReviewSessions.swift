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
    /// Where each data row starts (index: row number − 1).
    let positions: [CSVPosition]
    var rows: ReviewedRows

    /// Row `row`'s cells as uploaded.
    func originalCells(_ row: Int) -> [String] {
        guard var cursor = try? file.rows(from: positions[row - 1]), let values = try? cursor.next()?.values else {
            return []
        }
        return values
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

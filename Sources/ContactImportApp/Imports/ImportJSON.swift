import ContactStore
import Foundation
import ImportRules

/// An import as the API shows it (API.md "Imports"); `config` is `ImportSetup`'s shape, with `purpose: null` until the
/// import is configured.
struct ImportJSON: Encodable {
    let record: ImportRecord
    /// What an upload with `like` could not carry over; written only then.
    var warnings: [String]? = nil

    enum Keys: String, CodingKey {
        case id, status, fileName, rowCount, encoding, delimiter, columns, config, progress, summary, tagsAdded
        case uploadedBy, createdAt, startedAt, completedAt, reviewExpiresAt, resultsAvailableUntil, message
        case errorFileAvailable, resultsFileAvailable, warnings, errorGroups, correctedRows
        case undoProgress, undoSummary, undoneAt, undoFileAvailable, startAgainUntil
    }

    /// An undo's counts as the API shows them (SPEC §12).
    struct UndoSummaryJSON: Encodable {
        var deleted: Int
        var restored: Int
        var kept: Int
    }

    struct Progress: Encodable {
        var done: Int
        var total: Int
    }

    struct UploadedBy: Encodable {
        var id: Int64
        var email: String
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(record.id, forKey: .id)
        try container.encode(record.status.rawValue, forKey: .status)
        try container.encode(record.fileName, forKey: .fileName)
        try container.encode(record.rowCount, forKey: .rowCount)
        try container.encode(record.encoding, forKey: .encoding)
        try container.encode(record.delimiter, forKey: .delimiter)
        try container.encode(record.columns, forKey: .columns)
        try container.encode(record.setup, forKey: .config)
        try container.encode(
            Progress(done: record.status == .completed ? record.rowCount : record.progressDone, total: record.rowCount),
            forKey: .progress)
        try container.encode(SummaryJSON(record), forKey: .summary)
        try container.encode(record.tagsAdded, forKey: .tagsAdded)
        try container.encode(UploadedBy(id: record.uploadedBy, email: record.uploadedByEmail), forKey: .uploadedBy)
        try container.encode(record.createdAt, forKey: .createdAt)
        try container.encode(record.startedAt, forKey: .startedAt)
        try container.encode(record.completedAt, forKey: .completedAt)
        try container.encode(record.reviewExpiresAt, forKey: .reviewExpiresAt)
        // An undone import keeps its results (and its undo file) as long as the completed import would have.
        let resultsKept =
            record.status == .completed
            || ([.undoing, .undone].contains(record.status) && record.resultsAvailableUntil != nil)
        try container.encode(resultsKept ? record.resultsAvailableUntil : nil, forKey: .resultsAvailableUntil)
        try container.encode(statusMessage, forKey: .message)
        try container.encode(record.status == .review, forKey: .errorFileAvailable)
        try container.encode(resultsKept, forKey: .resultsFileAvailable)
        // SPEC §12: an undo's progress, its counts once it has ended, and its file.
        if record.status == .undoing || record.status == .undone {
            let undo = record.undoSummary
            try container.encode(
                Progress(done: undo.total, total: max(record.undoRecords, undo.total)), forKey: .undoProgress)
            try container.encode(record.undoneAt, forKey: .undoneAt)
            try container.encode(record.status == .undone && resultsKept, forKey: .undoFileAvailable)
            if record.status == .undone {
                try container.encode(
                    UndoSummaryJSON(deleted: undo.deleted, restored: undo.restored, kept: undo.kept),
                    forKey: .undoSummary)
            }
        }
        // A failed import can be started again (`POST …/start`) until then; null once it can no longer be.
        if record.status == .failed {
            try container.encode(record.lifecycle.restartableUntil, forKey: .startAgainUntil)
        }
        try container.encodeIfPresent(warnings, forKey: .warnings)
        // SPEC §11: while in review, the rows in error grouped by rule, and how many rows were corrected.
        if record.status == .review {
            try container.encode(record.errorGroups, forKey: .errorGroups)
            try container.encode(record.correctedRows, forKey: .correctedRows)
        }
    }

    /// The four counts, under an `e164` import the rows whose phone was rewritten (SPEC §10), and when the review found
    /// that updates overwrite something, the rows that replace or clear a value and those that remove tags.
    struct SummaryJSON: Encodable {
        let summary: ImportSummary
        let e164: Bool

        init(_ record: ImportRecord) {
            summary = record.summary
            e164 = record.phones != .asGiven
        }

        enum Keys: String, CodingKey {
            case imported, updated, skipped, errors, phonesNormalized, valuesReplaced, valuesCleared, tagsRemoved
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(summary.imported, forKey: .imported)
            try container.encode(summary.updated, forKey: .updated)
            try container.encode(summary.skipped, forKey: .skipped)
            try container.encode(summary.errors, forKey: .errors)
            if e164 { try container.encode(summary.phonesNormalized, forKey: .phonesNormalized) }
            if summary.hasOverwrites {
                try container.encode(summary.valuesReplaced, forKey: .valuesReplaced)
                try container.encode(summary.valuesCleared, forKey: .valuesCleared)
                try container.encode(summary.tagsRemoved, forKey: .tagsRemoved)
            }
        }
    }

    var statusMessage: String? { ImportLifecycle.message(record.lifecycle, failureMessage: record.failureMessage) }
}

struct ImportList: Encodable {
    var imports: [ImportJSON]
}

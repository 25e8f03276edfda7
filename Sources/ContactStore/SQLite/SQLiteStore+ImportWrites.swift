import ContactModel
import Foundation
import GRDB
import ImportRules

/// An import batch's contact writes, several hundred rows per statement (`BulkStatement`): the new contacts in
/// `INSERT … VALUES (…), (…) RETURNING id`, the updates in `UPDATE … FROM (VALUES …) RETURNING id`, grouped by the
/// columns they set. The tag index follows set-based (`TagIndex`).
extension SQLiteStore {
    /// Adds `drafts` as new contacts of the workspace, in order. Returns the ranges of the ids they got (one range
    /// when nothing else wrote in between, which is the case inside the batch's transaction).
    static func insertContacts(
        _ db: Database, _ statements: BulkStatements, workspaceId: Int64, _ drafts: [ContactDraft], now: Date
    ) throws -> [ClosedRange<Int64>] {
        try insertContacts(
            db, statements, workspaceId: workspaceId,
            values: drafts.flatMap(PreparedContactWrites.NewContactValues.of), now: now)
    }

    /// Adds new contacts from their prepared values (`PreparedContactWrites.NewContactValues`), in order.
    static func insertContacts(
        _ db: Database, _ statements: BulkStatements, workspaceId: Int64, values: [String?], now: Date
    ) throws -> [ClosedRange<Int64>] {
        let width = PreparedContactWrites.NewContactValues.count
        var ranges: [ClosedRange<Int64>] = []
        var start = 0
        for rows in BulkStatements.pieces(of: values.count / width) {
            let insert = try statements.statement("insert", rows: rows) { rows in
                // ?1 workspace, ?2 time, then the prepared values of each row.
                let values = (0..<rows).map { row in
                    "(?1, \(BulkStatement.parameters(from: 3 + row * width, count: width)), ?2, ?2)"
                }
                return """
                    INSERT INTO contact (workspaceId, \(PreparedContactWrites.NewContactValues.columns.joined(separator: ", ")),
                                         createdAt, updatedAt)
                    VALUES \(values.joined(separator: ", ")) RETURNING id
                    """
            }
            insert.bind(1, workspaceId)
            insert.bind(2, now.storedMillis)
            var parameter: Int32 = 3
            for value in values[(start * width)..<((start + rows) * width)] {
                insert.bind(parameter, value)
                parameter += 1
            }
            start += rows
            try insert.run { returned in
                let id = returned.int64(at: 0)
                if let last = ranges.last, last.upperBound + 1 == id {
                    ranges[ranges.count - 1] = last.lowerBound...id
                } else {
                    ranges.append(id...id)
                }
            }
        }
        return ranges
    }

    /// Applies the batch's updates: each writes only the columns its row changes (custom values through one
    /// `json_patch`), so values changed elsewhere since the lookup are kept. A contact deleted since the lookup turns
    /// its row into an Error rather than a silent no-op. The tag index follows, set-based, at the end.
    /// Returns how many rows became Errors that way.
    @discardableResult
    static func applyUpdates(
        _ db: Database, _ statements: BulkStatements, workspaceId: Int64, _ updates: [ContactUpdate],
        outcomes: inout [RowOutcome], now: Date
    ) throws -> Int {
        guard !updates.isEmpty else { return 0 }
        // The tag index moves from the tags the rows hold now (not those of the lookup) to those written.
        let retagged = updates.compactMap { $0.tags == nil ? nil : $0.id }
        let tagsBefore = try TagIndex.currentTags(db, workspaceId: workspaceId, ids: retagged)

        var written = Set<Int64>()
        written.reserveCapacity(updates.count)
        // Rows that set the same columns share statements (in an import, nearly all rows do).
        for (columns, group) in Dictionary(grouping: updates, by: \.columns) {
            let width = 1 + columns.reduce(0) { $0 + $1.valueCount }
            var start = 0
            for rows in BulkStatements.pieces(of: group.count) {
                let update = try statements.statement("update " + columns.map(\.rawValue).joined(separator: ","), rows: rows) {
                    rows in updateSQL(columns: columns, rows: rows, width: width)
                }
                update.bind(1, now.storedMillis)
                update.bind(2, workspaceId)
                var parameter: Int32 = 3
                for row in group[start..<(start + rows)] {
                    update.bind(parameter, row.id)
                    parameter += 1
                    for value in row.values {
                        update.bind(parameter, value)
                        parameter += 1
                    }
                }
                start += rows
                try update.run { returned in written.insert(returned.int64(at: 0)) }
            }
        }

        var tagIndex = TagIndexChange()
        var gone = 0
        for update in updates {
            guard written.contains(update.id) else {
                gone += 1
                outcomes[update.outcome] = RowOutcome(
                    rowNumber: outcomes[update.outcome].rowNumber, status: .error,
                    errors: ["The contact was deleted while the import was running"])
                continue
            }
            if let tags = update.tags { tagIndex.contact(update.id, from: tagsBefore[update.id] ?? [], to: tags) }
        }
        try TagIndex.apply(db, workspaceId: workspaceId, tagIndex)
        return gone
    }

    /// `UPDATE contact SET … FROM (VALUES (id, values…), …)`: ?1 the time, ?2 the workspace, then `width` values per
    /// row (the contact's id first).
    private static func updateSQL(columns: [ContactUpdate.Column], rows: Int, width: Int) -> String {
        var assignments: [String] = []
        var valueColumn = 2  // u.column1 is the id
        for column in columns {
            let value = "u.column\(valueColumn)"
            switch column {
            case .custom:
                // One JSON merge patch (RFC 7396) for all custom values: a null member removes that value.
                assignments.append("custom = json_patch(COALESCE(contact.custom, '{}'), \(value))")
            case .email:
                assignments.append("email = \(value), emailKey = u.column\(valueColumn + 1)")
            default:
                assignments.append("\(column.rawValue) = \(value)")
            }
            valueColumn += column.valueCount
        }
        assignments.append("updatedAt = ?1")
        let values = (0..<rows).map { row in "(\(BulkStatement.parameters(from: 3 + row * width, count: width)))" }
        return """
            UPDATE contact SET \(assignments.joined(separator: ", "))
            FROM (VALUES \(values.joined(separator: ", "))) AS u
            WHERE contact.id = u.column1 AND contact.workspaceId = ?2
            RETURNING contact.id
            """
    }
}

import ContactModel
import Foundation
import GRDB
import ImportRules

/// An import batch's contact writes: one row per statement (`BatchStatement`), each shape prepared once per batch.
/// The tag index follows key by key (`TagIndex`).
extension SQLiteStore {
    /// Adds `drafts` as new contacts of the workspace, in order, with their tags indexed. Returns their ids.
    @discardableResult
    static func insertContacts(
        _ statements: BatchStatements, workspaceId: Int64, _ drafts: [ContactDraft], now: Date
    ) throws -> [Int64] {
        try insertContacts(
            statements, workspaceId: workspaceId, values: drafts.flatMap(PreparedContactWrites.NewContactValues.of),
            tags: drafts.map(\.tags), now: now)
    }

    /// Adds new contacts from their prepared values (`PreparedContactWrites.NewContactValues`) and tags, in order.
    /// Returns their ids.
    @discardableResult
    static func insertContacts(
        _ statements: BatchStatements, workspaceId: Int64, values: [String?], tags: [[String]], now: Date
    ) throws -> [Int64] {
        let width = PreparedContactWrites.NewContactValues.count
        let insert = try statements.statement("insert contact") {
            // ?1 workspace, ?2 time, then the prepared values; the email's match key is stored as its hash.
            let columns = PreparedContactWrites.NewContactValues.columns.map { $0 == "emailKey" ? "emailHash" : $0 }
            return """
                INSERT INTO contact (workspaceId, \(columns.joined(separator: ", ")), createdAt, updatedAt)
                VALUES (?1, \(parameters(from: 3, count: width)), ?2, ?2)
                """
        }
        insert.bind(1, workspaceId)
        insert.bind(2, now.storedMillis)
        let tagKeys = try TagIndex.keyInserts(statements, workspaceId: workspaceId)
        var ids: [Int64] = []
        ids.reserveCapacity(tags.count)
        var value = 0
        for contactTags in tags {
            for parameter in 3..<Int32(3 + width) {
                if parameter == emailKeyParameter {
                    insert.bind(parameter, values[value].map(EmailHash.of(matchKey:)))
                } else {
                    insert.bind(parameter, values[value])
                }
                value += 1
            }
            try insert.run()
            let id = insert.lastInsertedRowID
            try tagKeys.add(contactId: id, tags: contactTags)
            ids.append(id)
        }
        return ids
    }

    /// The insert's parameter for the email's match key (bound as `EmailHash`).
    private static let emailKeyParameter = Int32(
        3 + PreparedContactWrites.NewContactValues.columns.firstIndex(of: "emailKey")!)

    /// Applies the batch's updates: each writes only the columns its row changes (custom values through one
    /// `json_patch`), so values changed elsewhere since the lookup are kept, and moves the contact's version on. What
    /// the contact was just before (its values, tags and version) is read in the same transaction and recorded in
    /// `undo` (SPEC §12). The tag index moves from the tags the contact holds now (not those of the lookup) to those
    /// written. A contact deleted since the lookup turns its row into an Error rather than a silent no-op. Returns
    /// how many rows became Errors that way.
    @discardableResult
    static func applyUpdates(
        _ statements: BatchStatements, workspaceId: Int64, _ updates: [ContactUpdate],
        outcomes: inout [RowOutcome], undo: inout UndoRecordBuffer, now: Date
    ) throws -> Int {
        var tagIndex = TagIndexChange()
        var gone = 0
        let before = try statements.statement("contact before update") {
            """
            SELECT firstName, lastName, phone, email, language, country, custom, tags, version FROM contact
            WHERE id = ?1 AND workspaceId = ?2
            """
        }
        before.bind(2, workspaceId)
        for update in updates {
            before.bind(1, update.id)
            let row = outcomes[update.outcome].rowNumber
            let tagsBefore = try before.firstRow { contact -> [String] in
                undo.updated(row: row, contactId: update.id, versionAfter: contact.int64(8) + 1) { index, bytes in
                    contact.appendUndoValue(Int32(index), to: &bytes)
                }
                return update.tags == nil ? [] : try StoredJSON.decodeStrings(contact.text(7) ?? "[]")
            }
            var found = tagsBefore != nil
            if found {
                let statement = try statements.statement(update.columnSet) { updateSQL(columns: update.columns) }
                statement.bind(1, now.storedMillis)
                statement.bind(2, update.id)
                statement.bind(3, workspaceId)
                var parameter: Int32 = 4
                var value = 0
                for column in update.columns {
                    statement.bind(parameter, update.values[value])
                    if column == .email {
                        // The email's match key, stored as its hash.
                        statement.bind(parameter + 1, update.values[value + 1].map(EmailHash.of(matchKey:)))
                    }
                    parameter += Int32(column.valueCount)
                    value += column.valueCount
                }
                found = try statement.run() == 1
            }
            guard found, let tagsBefore else {
                gone += 1
                outcomes[update.outcome] = RowOutcome(
                    rowNumber: outcomes[update.outcome].rowNumber, status: .error,
                    errors: [.contactDeleted])
                continue
            }
            if let tags = update.tags { tagIndex.contact(update.id, from: tagsBefore, to: tags) }
        }
        try TagIndex.apply(statements, workspaceId: workspaceId, tagIndex)
        return gone
    }

    /// `UPDATE contact SET … WHERE id = ?2 AND workspaceId = ?3`: ?1 the time, then the values of `columns` from ?4.
    private static func updateSQL(columns: [ContactUpdate.Column]) -> String {
        var assignments: [String] = []
        var parameter = 4
        for column in columns {
            switch column {
            case .custom:
                // One JSON merge patch (RFC 7396) for all custom values: a null member removes that value.
                assignments.append("custom = json_patch(COALESCE(custom, '{}'), ?\(parameter))")
            case .email:
                assignments.append("email = ?\(parameter), emailHash = ?\(parameter + 1)")
            default:
                assignments.append("\(column.rawValue) = ?\(parameter)")
            }
            parameter += column.valueCount
        }
        assignments.append("updatedAt = ?1, version = version + 1")
        return "UPDATE contact SET \(assignments.joined(separator: ", ")) WHERE id = ?2 AND workspaceId = ?3"
    }

    /// `?a, ?b, …` for `count` parameters numbered from `first`.
    private static func parameters(from first: Int, count: Int) -> String {
        (first..<(first + count)).map { "?\($0)" }.joined(separator: ", ")
    }
}

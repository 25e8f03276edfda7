import ContactModel

/// A row's Import Status (SPEC §5).
public enum ImportStatus: String, Sendable, Codable, CaseIterable {
    case imported, updated, skipped, error

    /// The text of the results file's Import Status column.
    public var label: String {
        switch self {
        case .imported: "Imported"
        case .updated: "Updated"
        case .skipped: "Skipped"
        case .error: "Error"
        }
    }
}

/// What happens to one row: its status, its errors and what to write.
public struct RowOutcome: Sendable, Equatable {
    public var rowNumber: Int
    public var status: ImportStatus
    /// Empty unless `status` is `.error`.
    public var errors: [RowError]
    /// `.add` for Imported rows, `.update` for Updated rows, `nil` otherwise.
    public var write: ContactWrite?
    /// The row's phone was rewritten to E.164 (SPEC §10); counted in `ImportSummary.phonesNormalized` unless the row
    /// is an Error.
    public var phoneNormalized = false

    public init(rowNumber: Int, status: ImportStatus, errors: [RowError] = [], write: ContactWrite? = nil) {
        self.rowNumber = rowNumber
        self.status = status
        self.errors = errors
        self.write = write
    }

    /// The errors' sentences, in order.
    public var messages: [String] { errors.map(\.message) }

    /// The Errors column: the messages joined by "; ".
    public var errorText: String {
        errors.count == 1 ? errors[0].message : errors.map(\.message).joined(separator: "; ")
    }
}

/// A write the import makes for one row.
public enum ContactWrite: Sendable, Equatable {
    case add(NewContact)
    /// The changes may be empty: the row matched and is Updated, but nothing differs from what is stored.
    case update(contactId: Int64, ContactChanges)
}

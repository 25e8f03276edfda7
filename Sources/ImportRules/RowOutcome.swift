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
    /// What an update overwrites on the stored contact (SPEC §5.5); empty unless `status` is `.updated`.
    public var overwrites: Overwrites = []

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

extension RowOutcome {
    /// What an update overwrites on the stored contact, for the review to say before the import starts.
    public struct Overwrites: OptionSet, Sendable, Hashable {
        public let rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }

        /// A non-empty stored value becomes a different non-empty value.
        public static let replacesValue = Overwrites(rawValue: 1 << 0)
        /// A non-empty stored value is cleared.
        public static let clearsValue = Overwrites(rawValue: 1 << 1)
        /// The new tag set lacks a tag the contact had.
        public static let removesTags = Overwrites(rawValue: 1 << 2)

        /// What `changes` overwrite on `stored`, the contact as the store holds it. Only the fields the changes name
        /// are compared.
        public init(_ changes: ContactChanges, on stored: Contact) {
            self = []
            for change in changes.fields {
                guard let old = stored.value(for: change.field), !old.isEmptyText else { continue }
                if let new = change.value {
                    if new != old && !new.isEmptyText { insert(.replacesValue) }
                } else if change.field != .standard(.firstName) {
                    insert(.clearsValue)
                }
            }
            if let tags = changes.tags, !stored.tags.isEmpty, Self.lacksOne(of: stored.tags, tags) {
                insert(.removesTags)
            }
        }

        /// Whether `tags` lacks one of `had` (tags are case-sensitive).
        private static func lacksOne(of had: [String], _ tags: [String]) -> Bool {
            if had.count * tags.count <= 256 { return had.contains { !tags.contains($0) } }
            let kept = Set(tags)
            return had.contains { !kept.contains($0) }
        }
    }
}

extension FieldValue {
    /// An empty text, as a stored contact's First Name reads when its values were not looked up.
    fileprivate var isEmptyText: Bool {
        if case .string(let text) = self { text.isEmpty } else { false }
    }
}

/// A write the import makes for one row.
public enum ContactWrite: Sendable, Equatable {
    case add(NewContact)
    /// The changes may be empty: the row matched and is Updated, but nothing differs from what is stored.
    case update(contactId: Int64, ContactChanges)
}

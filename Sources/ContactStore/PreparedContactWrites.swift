import ContactModel
import Foundation
import ImportRules

/// A chunk's contact writes with every stored value already encoded (JSON text, email match keys, the columns each
/// update sets). The job prepares them while the previous chunk is being written, so the store's writer only binds
/// and steps: encoding them on the writer was about a third of its time (docs/PERFORMANCE.md).
public struct PreparedContactWrites: Sendable {
    /// The new contacts' values, `NewContactValues.count` per contact, in the order the store binds them.
    public private(set) var newContacts: [String?] = []
    /// Each new contact's tags, for the tag index.
    public private(set) var newContactTags: [[String]] = []
    public private(set) var updates: [ContactUpdate] = []

    /// What `newContacts` holds for each new contact, in order.
    public enum NewContactValues {
        public static let columns = [
            "firstName", "lastName", "phone", "email", "emailKey", "language", "country", "custom", "tags",
        ]
        public static var count: Int { columns.count }

        /// A new contact's stored values, in the order of `columns`: every place that adds contacts (API, import,
        /// seeding, PostgreSQL's COPY rows) writes these.
        public static func of(_ draft: ContactDraft) throws -> [String?] {
            [
                draft.firstName, draft.lastName, draft.phone, draft.email, draft.email.map(ValueRule.emailMatchKey),
                draft.language, draft.country, try StoredJSON.encode(draft.custom), try StoredJSON.encode(draft.tags),
            ]
        }
    }

    public init(_ outcomes: [RowOutcome]) throws {
        for (index, outcome) in outcomes.enumerated() {
            switch outcome.write {
            case .add(let draft)?:
                newContacts.append(contentsOf: try NewContactValues.of(draft))
                newContactTags.append(draft.tags)
            case .update(let id, let changes)? where !changes.isEmpty:
                updates.append(try ContactUpdate(outcome: index, id: id, changes: changes))
            default:
                continue
            }
        }
    }
}

/// One update of an import chunk, as the columns it sets and their values.
public struct ContactUpdate: Sendable {
    /// The columns an update may set, in the order they appear in the statement.
    public enum Column: String, Hashable, CaseIterable, Sendable {
        case firstName, lastName, phone, email, language, country, tags, custom

        /// Values bound for the column: the email also sets its match key.
        public var valueCount: Int { self == .email ? 2 : 1 }
    }

    /// Index of the row in the chunk's outcomes.
    public let outcome: Int
    public let id: Int64
    public private(set) var columns: [Column] = []
    /// `columns` as a number, one bit per column: updates that set the same columns share a statement.
    public private(set) var columnSet = 0
    public private(set) var values: [String?] = []
    /// The contact's new tags, when they change.
    public let tags: [String]?

    init(outcome: Int, id: Int64, changes: ContactChanges) throws {
        self.outcome = outcome
        self.id = id
        self.tags = changes.tags
        var set: [Column: [String?]] = [:]
        var customPatch: [(String, FieldValue?)] = []
        for change in changes.fields {
            let text = change.value?.stringValue
            switch change.field {
            case .standard(.firstName):
                if let text { set[.firstName] = [text] }  // First Name is never cleared.
            case .standard(.lastName): set[.lastName] = [text]
            case .standard(.phone): set[.phone] = [text]
            case .standard(.language): set[.language] = [text]
            case .standard(.country): set[.country] = [text]
            case .standard(.email): set[.email] = [text, text.map(ValueRule.emailMatchKey)]
            case .standard(.tags), .standard(.contactId): continue
            case .custom(let fieldId): customPatch.append((fieldId, change.value))
            }
        }
        if let tags = changes.tags { set[.tags] = [try StoredJSON.encode(tags)] }
        if !customPatch.isEmpty { set[.custom] = [StoredJSON.mergePatch(customPatch)] }
        for (bit, column) in Column.allCases.enumerated() {
            guard let columnValues = set[column] else { continue }
            columns.append(column)
            columnSet |= 1 << bit
            values.append(contentsOf: columnValues)
        }
    }
}

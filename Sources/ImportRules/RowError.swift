import ContactModel

/// One thing wrong with a row (SPEC §5): its message, as the Errors column says it, and the column and rule it
/// breaks, so that the rows in error can be shown cell by cell and grouped by rule (SPEC §11).
public struct RowError: Sendable, Equatable, Hashable {
    /// The rule a row breaks; rows are grouped by it.
    public enum Rule: Sendable, Equatable, Hashable {
        /// A cell breaks its field's rule; the message names the field and the rule.
        case value
        /// The row has more values than the header has columns.
        case extraValues
        /// Other rows of the file have the same identifier value.
        case duplicateInFile
        /// Several contacts of the workspace have the row's identifier value.
        case sharedInWorkspace
        /// The row would add a contact without a First Name.
        case firstNameRequired
        /// The job found the matched contact deleted when it came to update it.
        case contactDeleted
    }

    public var rule: Rule
    /// The sentence of the Errors column.
    public var message: String
    /// The file column (0-based) whose cell is wrong; `nil` for a row-level error.
    public var column: Int?
    /// The field the cell is mapped to; `nil` for a row-level error.
    public var field: FieldKey?

    public init(_ rule: Rule, _ message: String, column: Int? = nil, field: FieldKey? = nil) {
        self.rule = rule
        self.message = message
        self.column = column
        self.field = field
    }
}

/// The rows in error that break one rule, for "the errors at a glance" (SPEC §11).
public struct ErrorGroup: Sendable, Equatable, Codable {
    /// The field of a cell rule; `nil` for a row-level rule (duplicates, extra values).
    public var field: String?
    /// The file column of a cell rule.
    public var column: Int?
    /// The rule in a sentence, without anything particular to one row.
    public var message: String
    /// How many rows break it.
    public var rows: Int

    public init(field: String?, column: Int?, message: String, rows: Int) {
        self.field = field
        self.column = column
        self.message = message
        self.rows = rows
    }

    enum CodingKeys: String, CodingKey { case field, column, message, rows }

    /// A row-level rule's `field` and `column` are written as null (API.md: `"field"|null`).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(field, forKey: .field)
        try container.encode(column, forKey: .column)
        try container.encode(message, forKey: .message)
        try container.encode(rows, forKey: .rows)
    }
}

extension RowError {
    /// The job's error for a row whose matched contact was deleted between its lookup and its update.
    public static let contactDeleted = RowError(
        .contactDeleted, "The contact was deleted while the import was running")

    /// What rows breaking the same rule share: the group they are counted in.
    public struct GroupKey: Sendable, Hashable {
        var rule: Rule
        var column: Int?
        /// The message for a cell rule (it names the field and the rule, never the value); empty otherwise.
        var message: String
    }

    public var groupKey: GroupKey {
        GroupKey(rule: rule, column: column, message: rule == .value ? message : "")
    }

    /// The group's sentence: a cell rule's own message; a row-level rule said without its row numbers or counts.
    func groupMessage(identifierNoun: String) -> String {
        switch rule {
        case .value, .firstNameRequired, .contactDeleted: message
        case .extraValues: "The row has more values than the header has columns"
        case .duplicateInFile: "Duplicate \(identifierNoun) in the file"
        case .sharedInWorkspace: "Several contacts in the workspace share this \(identifierNoun)"
        }
    }
}

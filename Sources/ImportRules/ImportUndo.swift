/// What undoing an import does with one contact it wrote (SPEC §12): a row of the undo file.
public enum UndoAction: String, Sendable, CaseIterable {
    /// The import added the contact, and nobody changed it since: it is deleted.
    case deleted = "Deleted"
    /// The import updated the contact, and nobody changed it since: it gets back its values and tags.
    case restored = "Restored"
    /// Someone (a person, the API, a later import, a merge, the phone clean-up) changed the contact after the import.
    case keptChanged = "Kept: changed after the import"
    /// The contact was deleted after the import.
    case keptDeleted = "Kept: already deleted"

    /// The undo file's Action column.
    public var label: String { rawValue }

    /// The action for a contact the import added (`added`) or updated, from the version the import left it at and
    /// the version it has now (`nil`: it is gone). Every write of a contact moves its version on, so "changed after
    /// the import" is exact on any number of servers: no clock is compared.
    public static func decide(added: Bool, versionAfterImport: Int64, currentVersion: Int64?) -> UndoAction {
        guard let currentVersion else { return .keptDeleted }
        guard currentVersion == versionAfterImport else { return .keptChanged }
        return added ? .deleted : .restored
    }
}

/// An undo's counts (the import's `undoSummary`; `kept` is both kinds of kept).
public struct UndoSummary: Sendable, Equatable, Codable {
    public var deleted: Int
    public var restored: Int
    public var keptChanged: Int
    public var keptDeleted: Int

    public init(deleted: Int = 0, restored: Int = 0, keptChanged: Int = 0, keptDeleted: Int = 0) {
        self.deleted = deleted
        self.restored = restored
        self.keptChanged = keptChanged
        self.keptDeleted = keptDeleted
    }

    public var kept: Int { keptChanged + keptDeleted }
    /// Contacts looked at.
    public var total: Int { deleted + restored + kept }

    public mutating func add(_ action: UndoAction) {
        switch action {
        case .deleted: deleted += 1
        case .restored: restored += 1
        case .keptChanged: keptChanged += 1
        case .keptDeleted: keptDeleted += 1
        }
    }

    public mutating func add(_ other: UndoSummary) {
        deleted += other.deleted
        restored += other.restored
        keptChanged += other.keptChanged
        keptDeleted += other.keptDeleted
    }
}

import Foundation

/// One entry of a contact's history (SPEC §14, Contact Activity).
///
/// Imports are recorded as one compact row per contact they added or changed (written in the job's batch
/// transaction); everything else as an event row. Both go with the contact when it is deleted, a merge included:
/// the kept contact's history says which contacts were merged into it.
public struct ContactActivityEntry: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        /// Added by a person or the API.
        case created
        /// Changed by a person or the API.
        case edited
        /// Added by an import.
        case importAdded = "import_added"
        /// Changed by an import.
        case importUpdated = "import_updated"
        /// Other contacts were merged into this one.
        case merged
        /// Put back as it was before an import, by that import's undo.
        case undoRestored = "undo_restored"
    }

    public var kind: Kind
    public var at: Date
    /// The email of who did it (the import's uploader for an import, who undid it for an undo); nil when unknown or
    /// the user is gone.
    public var by: String?
    public var importId: Int64?
    /// The import's file name, for the import kinds.
    public var importFileName: String?
    /// For a merge: the contacts merged into this one, by id with their name then.
    public var mergedFrom: [MergedContact]

    public init(
        kind: Kind, at: Date, by: String?, importId: Int64? = nil, importFileName: String? = nil,
        mergedFrom: [MergedContact] = []
    ) {
        self.kind = kind
        self.at = at
        self.by = by
        self.importId = importId
        self.importFileName = importFileName
        self.mergedFrom = mergedFrom
    }
}

/// A contact merged into another: its id and its name at the merge.
public struct MergedContact: Sendable, Equatable, Codable {
    public var id: Int64
    public var name: String

    public init(id: Int64, name: String) {
        self.id = id
        self.name = name
    }
}

extension MergedContact {
    /// The merged contacts as an event's stored details (JSON); nil when there are none.
    static func stored(_ merged: [MergedContact]) throws -> String? {
        merged.isEmpty ? nil : String(decoding: try JSONEncoder().encode(merged), as: UTF8.self)
    }

    /// The merged contacts of an event's stored details; none when it has no details.
    static func fromStored(_ details: String?) throws -> [MergedContact] {
        try details.map { try JSONDecoder().decode([MergedContact].self, from: Data($0.utf8)) } ?? []
    }
}

extension ContactActivityEntry {
    /// Newest first; at equal times, an event after the import it follows.
    static func newestFirst(_ entries: [ContactActivityEntry]) -> [ContactActivityEntry] {
        entries.enumerated().sorted { a, b in
            a.element.at != b.element.at ? a.element.at > b.element.at : a.offset > b.offset
        }.map(\.element)
    }
}

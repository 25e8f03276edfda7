import ContactStore

/// What a Contact Activity entry says to a person (`details` in the API).
enum ContactActivityWords {
    static func details(_ entry: ContactActivityEntry) -> String {
        let importName = entry.importId.map { id in
            "import #\(id)" + (entry.importFileName.map { " (\($0))" } ?? "")
        }
        switch entry.kind {
        case .created: return "Added in Contacts or over the API."
        case .edited: return "Changed in Contacts or over the API."
        case .importAdded: return "Added by \(importName ?? "an import")."
        case .importUpdated: return "Updated by \(importName ?? "an import")."
        case .merged:
            let merged = entry.mergedFrom.map { "#\($0.id) (\($0.name))" }.joined(separator: ", ")
            return "Merged from \(merged)."
        case .undoRestored:
            return "Put back as it was before \(importName ?? "an import"), by that import's undo."
        }
    }
}

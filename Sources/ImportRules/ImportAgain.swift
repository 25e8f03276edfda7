import ContactModel

/// "Import again with these settings" (SPEC §9): an earlier import's purpose, identifier, extra tags, mapping and Do
/// Not Overwrite choices, carried to a new file whose columns are found by header text (trimmed, any case, runs of
/// white space as one). A mapped header the new file lacks is dropped, with a warning naming it.
public enum ImportAgain {
    /// `source` names the import the settings come from in the warnings ("the earlier import", "this import").
    public static func carry(
        _ earlier: ImportConfiguration, earlierHeaders: [String], into headers: [String], importTag: String?,
        source: String = "the earlier import"
    ) -> (configuration: ImportConfiguration, warnings: [String]) {
        var columnOfKey: [String: Int] = [:]
        for (index, header) in headers.enumerated() {
            let key = RememberedChoice.key(header)
            if !key.isEmpty, columnOfKey[key] == nil { columnOfKey[key] = index }
        }
        var mapping: [ColumnMapping] = []
        var warnings: [String] = []
        for entry in earlier.mapping {
            let header = entry.column < earlierHeaders.count ? earlierHeaders[entry.column] : ""
            guard let column = columnOfKey[RememberedChoice.key(header)] else {
                warnings.append(
                    "This file has no column “\(TextRules.excerpt(header))”, which \(source) mapped to \(entry.field.key): it is left out."
                )
                continue
            }
            var carried = entry
            carried.column = column
            mapping.append(carried)
        }
        var configuration = earlier
        configuration.mapping = mapping
        configuration.importTag = importTag
        return (configuration, warnings)
    }
}

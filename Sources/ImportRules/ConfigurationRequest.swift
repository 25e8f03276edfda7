import ContactModel
import Foundation

/// A configuration as a client sends it (the body of `PUT …/imports/{id}/config`), read once at the edge.
public struct ConfigurationRequest: Sendable, Equatable {
    /// Parts 1 and 2; its `importTag` is the one sent, when `importTag` was sent.
    public var configuration: ImportConfiguration
    /// False when the body has no `importTag` key: the import keeps the tag it has.
    public var setsImportTag: Bool

    public init(configuration: ImportConfiguration, setsImportTag: Bool) {
        self.configuration = configuration
        self.setsImportTag = setsImportTag
    }

    /// The configuration to save for an import whose current import tag is `currentTag`.
    public func resolved(currentTag: String?) -> ImportConfiguration {
        var configuration = configuration
        if !setsImportTag { configuration.importTag = currentTag }
        return configuration
    }

    /// Tags as a request gives them: each trimmed of spaces, and once, in the order given.
    public static func tags(_ sent: [String]) -> [String] {
        var tags: [String] = []
        for tag in sent.map({ $0.trimmingCharacters(in: .whitespaces) }) where !tags.contains(tag) { tags.append(tag) }
        return tags
    }

    static let keys: Set<String> = ["purpose", "identifier", "tags", "importTag", "mapping"]
    static let mappingKeys: Set<String> = ["column", "field", "doNotOverwrite", "dateFormat"]

    /// Reads `{"purpose", "identifier", "tags", "importTag", "mapping"}`. A body that is not an object is
    /// `malformedConfiguration`; each wrong key is `invalidConfiguration` naming it. The rules that need the file and
    /// the workspace (SPEC §3–§4) are checked by `ImportConfiguration.validate`.
    public init(json body: JSONValue) throws(ImportError) {
        func invalid(_ message: String, _ field: String) -> ImportError {
            .invalidConfiguration(message, field: field)
        }
        guard case .object(let object) = body else {
            throw ImportError(
                .malformedConfiguration, "The body must be a JSON object with the import's configuration.")
        }
        for key in object.keys.sorted() where !Self.keys.contains(key) {
            let echoed = TextRules.excerpt(key)
            throw invalid("“\(echoed)” is not part of an import's configuration.", echoed)
        }
        guard case .string(let purposeText)? = object["purpose"], let purpose = ImportPurpose(rawValue: purposeText)
        else {
            throw invalid("purpose must be one of: addNew, updateExisting, addAndUpdate, addAll.", "purpose")
        }
        let identifierMessage = "identifier must be phone, email or contactId (or null for addAll)."
        var identifier: IdentifierKind?
        switch object["identifier"] {
        case nil, .null?: identifier = nil
        case .string(let text)?:
            guard let kind = IdentifierKind(rawValue: text) else { throw invalid(identifierMessage, "identifier") }
            identifier = kind
        default: throw invalid(identifierMessage, "identifier")
        }
        var sentTags: [String] = []
        switch object["tags"] {
        case nil, .null?: break
        case .array(let items)?:
            for item in items {
                guard case .string(let tag) = item else { throw invalid("tags must be an array of strings.", "tags") }
                sentTags.append(tag)
            }
        default: throw invalid("tags must be an array of strings.", "tags")
        }
        let tags = Self.tags(sentTags)
        var importTag: String?
        switch object["importTag"] {
        case nil, .null?: importTag = nil
        case .string(let tag)?: importTag = tag.trimmingCharacters(in: .whitespaces)
        default: throw invalid("importTag must be a string, or null to remove it.", "importTag")
        }
        guard case .array(let entries)? = object["mapping"] else {
            throw invalid("mapping must be an array of {\"column\", \"field\", \"doNotOverwrite\"}.", "mapping")
        }
        var mapping: [ColumnMapping] = []
        for (position, entry) in entries.enumerated() {
            mapping.append(try Self.columnMapping(entry, name: "mapping[\(position)]", purpose: purpose))
        }
        self.init(
            configuration: ImportConfiguration(
                purpose: purpose, identifier: identifier, tags: tags, importTag: importTag, mapping: mapping),
            setsImportTag: object["importTag"] != nil)
    }

    private static func columnMapping(_ entry: JSONValue, name: String, purpose: ImportPurpose) throws(ImportError)
        -> ColumnMapping
    {
        func invalid(_ message: String) -> ImportError { .invalidConfiguration(message, field: name) }
        guard case .object(let item) = entry else { throw invalid("\(name) must be an object.") }
        for key in item.keys.sorted() where !mappingKeys.contains(key) {
            throw invalid("\(name): “\(TextRules.excerpt(key))” is not part of a column mapping.")
        }
        guard case .integer(let column)? = item["column"], let index = Int(exactly: column) else {
            throw invalid("\(name).column must be a column index (a whole number from 0).")
        }
        guard case .string(let fieldText)? = item["field"], let field = FieldKey(key: fieldText) else {
            throw invalid("\(name).field must be a field key such as firstName, phone or custom.<fieldId>.")
        }
        var doNotOverwrite = false
        switch item["doNotOverwrite"] {
        case nil, .null?: break
        case .bool(let flag)?: doNotOverwrite = flag
        default: throw invalid("\(name).doNotOverwrite must be true or false.")
        }
        if doNotOverwrite && !purpose.offersDoNotOverwrite {
            throw invalid(
                "Do Not Overwrite is only offered for Update Existing Contacts Only and Add and Update Contacts (\(name))."
            )
        }
        var dateFormat: DateFormat?
        switch item["dateFormat"] {
        case nil, .null?: break
        case .string(let text)?:
            guard let format = DateFormat(rawValue: text) else { fallthrough }
            dateFormat = format
        default:
            throw invalid(
                "\(name).dateFormat must be one of \(DateFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
        }
        return ColumnMapping(column: index, field: field, doNotOverwrite: doNotOverwrite, dateFormat: dateFormat)
    }
}

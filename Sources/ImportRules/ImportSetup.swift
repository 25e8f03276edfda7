import Foundation

/// One column of an uploaded file as the mapping step shows it: its header, up to three sample values, and the
/// field it maps to automatically or the field suggested for it.
///
/// As JSON (stored, and shown by the API) `matchedBy`, `suggestionReason`, `empty` and `dateFormats` are left out when they say
/// nothing, so older stored columns read the same.
public struct ImportColumn: Codable, Sendable, Equatable {
    public var index: Int
    public var header: String
    public var samples: [String]
    public var field: String?
    /// How the column's mapping was decided: `name` (the header equals the field's name) or `remembered` (the
    /// workspace's choice in its newest completed import; with no `field`, the column was left out).
    public var matchedBy: String?
    public var suggestion: String?
    /// Why `suggestion` is offered: `synonym` or `values` (`SuggestionReason`).
    public var suggestionReason: String?
    /// True when the column has no value in the whole file; nil otherwise.
    public var empty: Bool?
    /// The date formats under which every non-empty value of the first rows is a real date (`DateFormat`); nil
    /// when none is.
    public var dateFormats: [String]?

    public init(
        index: Int, header: String, samples: [String], field: String? = nil, matchedBy: String? = nil,
        suggestion: String? = nil, suggestionReason: String? = nil, empty: Bool? = nil, dateFormats: [String]? = nil
    ) {
        self.index = index
        self.header = header
        self.samples = samples
        self.field = field
        self.matchedBy = matchedBy
        self.suggestion = suggestion
        self.suggestionReason = suggestionReason
        self.empty = empty
        self.dateFormats = dateFormats
    }
}

/// What an import is set to do: the upload's proposal (the automatic mapping and the generated import tag) until
/// the user configures Parts 1 and 2, then their configuration.
public enum ImportSetup: Sendable, Equatable {
    case proposed(mapping: [ColumnMapping], importTag: String?)
    case configured(ImportConfiguration)

    /// The configuration the rules run with; nil until the user configures the import.
    public var configuration: ImportConfiguration? {
        if case .configured(let configuration) = self { return configuration }
        return nil
    }

    public var importTag: String? {
        switch self {
        case .proposed(_, let importTag): importTag
        case .configured(let configuration): configuration.importTag
        }
    }

    public var mapping: [ColumnMapping] {
        switch self {
        case .proposed(let mapping, _): mapping
        case .configured(let configuration): configuration.mapping
        }
    }
}

/// `{"purpose", "identifier", "tags", "importTag", "mapping"}`, every key written (null included): the shape stored
/// and shown by the API, with `purpose: null` until the import is configured.
extension ImportSetup: Codable {
    enum CodingKeys: String, CodingKey { case purpose, identifier, tags, importTag, mapping }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let mapping = try container.decodeIfPresent([ColumnMapping].self, forKey: .mapping) ?? []
        let importTag = try container.decodeIfPresent(String.self, forKey: .importTag)
        guard let purpose = try container.decodeIfPresent(ImportPurpose.self, forKey: .purpose) else {
            self = .proposed(mapping: mapping, importTag: importTag)
            return
        }
        self = .configured(
            ImportConfiguration(
                purpose: purpose, identifier: try container.decodeIfPresent(IdentifierKind.self, forKey: .identifier),
                tags: try container.decodeIfPresent([String].self, forKey: .tags) ?? [], importTag: importTag,
                mapping: mapping))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(configuration?.purpose, forKey: .purpose)
        try container.encode(configuration?.identifier, forKey: .identifier)
        try container.encode(configuration?.tags ?? [], forKey: .tags)
        try container.encode(importTag, forKey: .importTag)
        try container.encode(mapping, forKey: .mapping)
    }
}

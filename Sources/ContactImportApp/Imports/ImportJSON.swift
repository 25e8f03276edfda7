import HTTPTypes
import ContactModel
import ContactStore
import Foundation
import ImportRules

/// One column of an uploaded file as the mapping step shows it.
struct ImportColumn: Codable, Sendable, Equatable {
    var index: Int
    var header: String
    var samples: [String]
    var field: String?
    var suggestion: String?
}

/// The configuration as stored and shown: incomplete (no purpose yet) until the user configures it.
struct ImportConfigJSON: Codable, Sendable, Equatable {
    var purpose: ImportPurpose?
    var identifier: IdentifierKind?
    var tags: [String]
    var importTag: String?
    var mapping: [ColumnMapping]

    enum CodingKeys: CodingKey { case purpose, identifier, tags, importTag, mapping }

    init(purpose: ImportPurpose?, identifier: IdentifierKind?, tags: [String], importTag: String?, mapping: [ColumnMapping]) {
        self.purpose = purpose
        self.identifier = identifier
        self.tags = tags
        self.importTag = importTag
        self.mapping = mapping
    }

    init(_ configuration: ImportConfiguration) {
        self.init(
            purpose: configuration.purpose, identifier: configuration.identifier, tags: configuration.tags,
            importTag: configuration.importTag, mapping: configuration.mapping)
    }

    /// Always writes every key, `null` included.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(purpose, forKey: .purpose)
        try container.encode(identifier, forKey: .identifier)
        try container.encode(tags, forKey: .tags)
        try container.encode(importTag, forKey: .importTag)
        try container.encode(mapping, forKey: .mapping)
    }

    /// The rules' configuration, once a purpose is chosen.
    var configuration: ImportConfiguration? {
        purpose.map { ImportConfiguration(purpose: $0, identifier: identifier, tags: tags, importTag: importTag, mapping: mapping) }
    }

    static func decode(_ json: String) throws -> ImportConfigJSON {
        try JSONDecoder().decode(ImportConfigJSON.self, from: Data(json.utf8))
    }

    func encoded() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }
}

/// An import as the API shows it (API.md "Imports").
struct ImportJSON: Encodable {
    let record: ImportRecord

    enum Keys: String, CodingKey {
        case id, status, fileName, rowCount, encoding, delimiter, columns, config, progress, summary, tagsAdded
        case uploadedBy, createdAt, startedAt, completedAt, reviewExpiresAt, resultsAvailableUntil, message
        case errorFileAvailable, resultsFileAvailable
    }

    struct Progress: Encodable {
        var done: Int
        var total: Int
    }

    struct UploadedBy: Encodable {
        var id: Int64
        var email: String
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(record.id, forKey: .id)
        try container.encode(record.status.rawValue, forKey: .status)
        try container.encode(record.fileName, forKey: .fileName)
        try container.encode(record.rowCount, forKey: .rowCount)
        try container.encode(record.encoding, forKey: .encoding)
        try container.encode(record.delimiter, forKey: .delimiter)
        let columns = (try? JSONDecoder().decode([ImportColumn].self, from: Data(record.columnsJSON.utf8))) ?? []
        try container.encode(columns, forKey: .columns)
        try container.encode(try? ImportConfigJSON.decode(record.configJSON), forKey: .config)
        try container.encode(
            Progress(done: record.status == .completed ? record.rowCount : record.progressDone, total: record.rowCount),
            forKey: .progress)
        try container.encode(record.summary, forKey: .summary)
        try container.encode(record.tagsAdded, forKey: .tagsAdded)
        try container.encode(UploadedBy(id: record.uploadedBy, email: record.uploadedByEmail), forKey: .uploadedBy)
        try container.encode(record.createdAt, forKey: .createdAt)
        try container.encode(record.startedAt, forKey: .startedAt)
        try container.encode(record.completedAt, forKey: .completedAt)
        try container.encode(record.reviewExpiresAt, forKey: .reviewExpiresAt)
        try container.encode(record.status == .completed ? record.resultsAvailableUntil : nil, forKey: .resultsAvailableUntil)
        try container.encode(statusMessage, forKey: .message)
        try container.encode(record.status == .review, forKey: .errorFileAvailable)
        try container.encode(record.status == .completed, forKey: .resultsFileAvailable)
    }

    /// A sentence about the state, for the states that need one.
    var statusMessage: String? {
        switch record.status {
        case .failed: record.failureMessage ?? "The import failed."
        case .canceled where record.canceledReason == "session_expired":
            "Session expired: the import was not started within the review time. Start again."
        case .canceled: "The import was canceled."
        case .expired: "The results file is no longer available."
        default: nil
        }
    }
}

struct ImportList: Encodable {
    var imports: [ImportJSON]
}

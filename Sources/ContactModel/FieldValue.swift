import Foundation

/// A normalised value, as stored.
///
/// Dates, times, URLs, emails, phone numbers, list options, language and country codes are `.string`.
/// As JSON it is a plain value: string, number, boolean, array of strings, or integer (`.contactId`).
/// Decoding reads a JSON number as `.number`, never as `.contactId`.
public enum FieldValue: Sendable, Hashable {
    case string(String)
    case number(Decimal)
    case bool(Bool)
    case tags([String])
    case contactId(Int64)

    /// The value as a CSV cell or display text: numbers in plain decimal notation, booleans as
    /// `true`/`false`, tags joined by `, `.
    public var text: String {
        switch self {
        case .string(let text): text
        case .number(let number): number.description
        case .bool(let flag): flag ? "true" : "false"
        case .tags(let tags): tags.joined(separator: ", ")
        case .contactId(let id): String(id)
        }
    }

    /// The text of a `.string` value.
    public var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    /// The tags of a `.tags` value.
    public var tagsValue: [String]? {
        if case .tags(let tags) = self { return tags }
        return nil
    }
}

extension FieldValue: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let flag = try? container.decode(Bool.self) {
            self = .bool(flag)
        } else if let text = try? container.decode(String.self) {
            self = .string(text)
        } else if let tags = try? container.decode([String].self) {
            self = .tags(tags)
        } else if let number = try? container.decode(Decimal.self) {
            self = .number(number)
        } else {
            throw DecodingError.dataCorruptedError(
                in: container,
                debugDescription: "A field value must be a string, number, boolean or array of strings.")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .string(let text): try container.encode(text)
        case .number(let number): try container.encode(number)
        case .bool(let flag): try container.encode(flag)
        case .tags(let tags): try container.encode(tags)
        case .contactId(let id): try container.encode(id)
        }
    }
}

import ContactModel
import Hummingbird

/// A JSON object body read key by key: the keys a route knows, each checked by its handler.
struct JSONObjectBody {
    let fields: [String: JSONValue]

    /// Reads the body; 400 unless it is an object, 422 naming the first key not in `allowed`.
    static func read(_ request: Request, context: AppRequestContext, allowed: Set<String>) async throws
        -> JSONObjectBody
    {
        guard case .object(let fields) = try await JSONBody.value(from: request, context: context) else {
            throw APIError(.badRequest, "invalid_json", "The body must be a JSON object.")
        }
        if let unknown = fields.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw APIError.invalidRequest(
                "“\(TextRules.excerpt(unknown))” is not a field here; use \(allowed.sorted().joined(separator: ", "))."
            )
        }
        return JSONObjectBody(fields: fields)
    }

    /// A string field: nil when absent; 422 naming it when it is not a string (or null, unless `nullable`).
    func string(_ key: String, nullable: Bool = false) throws -> String?? {
        switch fields[key] {
        case nil: return nil
        case .null? where nullable: return .some(nil)
        case .string(let text)?: return .some(text)
        case let value?: throw APIError.invalidRequest("“\(key)” must be a string, not \(value.kindName).")
        }
    }

    /// A string field that may be absent (nil), but not null.
    func optionalString(_ key: String) throws -> String? {
        try string(key) ?? nil
    }

    /// A string field that must be present.
    func requiredString(_ key: String) throws -> String {
        guard case .some(.some(let text)) = try string(key) else {
            throw APIError.invalidRequest("“\(key)” is required.")
        }
        return text
    }
}

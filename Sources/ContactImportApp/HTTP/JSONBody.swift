import ContactModel
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Reading JSON request bodies with errors that name the field, and writing JSON responses.
enum JSONBody {
    /// Decodes a body of at most `context.maxUploadSize` bytes; a bad body is 400 naming the field.
    static func decode<T: Decodable>(_ type: T.Type, from request: Request, context: AppRequestContext) async throws
        -> T
    {
        let data = try await collect(request, context: context)
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch let error as DecodingError {
            throw APIError(.badRequest, "invalid_json", describe(error))
        }
    }

    /// The body as a generic JSON value (for PATCH, where absent and null differ).
    static func value(from request: Request, context: AppRequestContext) async throws -> JSONValue {
        try await decode(JSONValue.self, from: request, context: context)
    }

    /// The body's bytes: at most `context.maxUploadSize`, not empty, and valid UTF-8 (a bad byte is 400 naming its
    /// offset, counted from 0).
    static func collect(_ request: Request, context: AppRequestContext) async throws -> Data {
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: context.maxUploadSize)
        } catch {
            throw APIError(
                .contentTooLarge, "too_large", "The JSON body is larger than \(context.maxUploadSize) bytes.")
        }
        guard buffer.readableBytes > 0 else {
            throw APIError(.badRequest, "invalid_json", "The request needs a JSON body.")
        }
        // JSON is UTF-8 (RFC 8259); checked here, a bad byte is named, not reported as a wrong type further on.
        if let offset = buffer.withUnsafeReadableBytes({ UTF8Validation.firstInvalidByte(in: $0) }) {
            throw APIError(.badRequest, "invalid_json", "The body is not valid UTF-8 (byte \(offset)).")
        }
        return Data(buffer.readableBytesView)
    }

    static func describe(_ error: DecodingError) -> String {
        func path(_ codingPath: [any CodingKey]) -> String {
            let text = codingPath.map { $0.intValue.map { "[\($0)]" } ?? TextRules.excerpt($0.stringValue) }
                .joined(separator: ".")
            return text.isEmpty ? "the body" : "“\(text.replacingOccurrences(of: ".[", with: "["))”"
        }
        switch error {
        case .typeMismatch(let type, let context):
            return "\(path(context.codingPath)) must be \(typeName(type))."
        case .valueNotFound(let type, let context):
            return "\(path(context.codingPath)) must be \(typeName(type)), not null."
        case .keyNotFound(let key, let context):
            return "\(path(context.codingPath + [key])) is required."
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty { return "The body is not valid JSON." }
            return "\(path(context.codingPath)) has an invalid value."
        @unknown default:
            return "The body could not be read as JSON."
        }
    }

    private static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Bool.Type: "true or false"
        case is Int.Type, is Int64.Type: "an integer"
        case is Double.Type: "a number"
        case is [Any].Type: "an array"
        default: type is any Collection.Type ? "an array" : "an object"
        }
    }

    /// A JSON response with the given status.
    static func response(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        let data = try encoder.encode(value)
        return Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

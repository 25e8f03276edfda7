import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// An error with a status, a machine code and a sentence for a person: `{"error": code, "message": …}`.
public struct APIError: Error, Sendable, Equatable, HTTPResponseError {
    public var status: HTTPResponse.Status
    public var code: String
    public var message: String
    /// Per-field problems, when there are several (each names its field and the broken rule).
    public var details: [Detail]

    public struct Detail: Sendable, Equatable, Codable {
        public var field: String
        public var message: String
    }

    /// The most problems an error lists; the message says how many more there are.
    public static let maxDetails = 20

    /// An error listing at most the first `maxDetails` of `details`; when there are more, `message` gains a last
    /// sentence saying how many: "…and 9,980 more problems." (a reply stays small whatever a body holds).
    public init(_ status: HTTPResponse.Status, _ code: String, _ message: String, details: [Detail] = []) {
        self.status = status
        self.code = code
        if details.count > Self.maxDetails {
            self.message = message + " " + Self.moreProblems(details.count - Self.maxDetails)
            self.details = Array(details.prefix(Self.maxDetails))
        } else {
            self.message = message
            self.details = details
        }
    }

    /// "…and 1 more problem.", "…and 9,980 more problems."
    static func moreProblems(_ count: Int) -> String {
        var digits = String(count)
        var position = digits.count - 3
        while position > 0 {
            digits.insert(",", at: digits.index(digits.startIndex, offsetBy: position))
            position -= 3
        }
        return "…and \(digits) more problem\(count == 1 ? "" : "s")."
    }

    static let unauthorized = APIError(
        .unauthorized, "unauthorized", "Sign in first: send a valid API token as “Authorization: Bearer <token>”.")
    static let forbidden = APIError(
        .forbidden, "forbidden", "Only workspace owners and managers can do this.")
    static let workspaceNotFound = APIError(.notFound, "not_found", "There is no such workspace.")

    static func notFound(_ what: String) -> APIError { APIError(.notFound, "not_found", "There is no such \(what).") }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let body = APIErrorBody(error: code, message: message, details: details.isEmpty ? nil : details)
        let data = try JSONEncoder().encode(body)
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        if status == .unauthorized { headers[.wwwAuthenticate] = "Bearer" }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

/// The JSON shape of every error response.
private struct APIErrorBody: Encodable {
    var error: String
    var message: String
    var details: [APIError.Detail]?
}

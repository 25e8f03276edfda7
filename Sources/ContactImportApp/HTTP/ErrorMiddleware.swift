import ContactStore
import Foundation
import HTTPTypes
import Hummingbird
import ImportRules
import Logging

/// The one place where errors become HTTP responses: every failure leaves as the JSON error shape.
/// A person sees a helpful sentence; the log gets the detail of anything unexpected.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Whether an error says the database is unavailable (`DataStore.isUnavailable`): answered 503 with Retry-After,
    /// not 500, since the same request will work once the database is back.
    var databaseUnavailable: @Sendable (any Error) -> Bool = { _ in false }
    /// Whether an error says the disk holding the database is full (`DataStore.isStorageFull`): answered 507
    /// `insufficient_storage`, since nothing was saved and the same request works once space is freed.
    var storageFull: @Sendable (any Error) -> Bool = { _ in false }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        do {
            return try await next(request, context)
        } catch  where databaseUnavailable(error) {
            context.logger.warning(
                "Database unavailable", metadata: ["error": "\(String(reflecting: error))"])
            var response = try APIError(
                .serviceUnavailable, "database_unavailable",
                "The database cannot be reached right now. Please try again in a moment."
            ).response(from: request, context: context)
            response.headers[.retryAfter] = "5"
            return response
        } catch  where storageFull(error) {
            context.logger.error(
                "The disk holding the database is full", metadata: ["error": "\(String(reflecting: error))"])
            return try APIError(
                .insufficientStorage, "insufficient_storage",
                "The server's disk is full, so nothing was saved. Free some space on the disk holding the database "
                    + "(or ask your administrator to), then try again."
            ).response(from: request, context: context)
        } catch {
            return try Self.apiError(for: error, context: context).response(from: request, context: context)
        }
    }

    static func apiError(for error: any Error, context: Context) -> APIError {
        switch error {
        case let error as APIError:
            return error
        case let error as ImportError:
            return APIError(error)
        case let error as StoreError:
            return APIError(error)
        case let error as AccountError:
            return APIError(error)
        case let error as HTTPError:
            return fromHTTPError(error)
        default:
            context.logger.error("Unhandled error", metadata: ["error": "\(String(reflecting: error))"])
            return APIError(
                .internalServerError, "internal_error",
                "Something went wrong on the server. Please try again; if it keeps happening, contact your administrator."
            )
        }
    }

    static func fromHTTPError(_ error: HTTPError) -> APIError {
        switch error.status {
        case .notFound:
            return APIError(.notFound, "not_found", "There is nothing at this address.")
        case .methodNotAllowed:
            return APIError(.methodNotAllowed, "method_not_allowed", "This address does not accept that method.")
        case .contentTooLarge:
            return APIError(.contentTooLarge, "too_large", error.body ?? "The request body is too large.")
        case .badRequest:
            return APIError(.badRequest, "invalid_request", error.body ?? "The request could not be read.")
        default:
            return APIError(error.status, "http_\(error.status.code)", error.body ?? error.status.reasonPhrase)
        }
    }
}

extension APIError {
    /// An import's refusal as HTTP: the one table from the domain's codes to statuses and the API's error codes.
    init(_ error: ImportError) {
        let status: HTTPResponse.Status
        let code: String
        switch error.code {
        case .invalidFile: (status, code) = (.unprocessableContent, "invalid_file")
        case .fileTooLarge: (status, code) = (.contentTooLarge, "too_large")
        case .malformedConfiguration: (status, code) = (.badRequest, "invalid_json")
        case .invalidConfiguration: (status, code) = (.unprocessableContent, "invalid_config")
        case .notConfigured: (status, code) = (.unprocessableContent, "not_configured")
        case .notReviewed: (status, code) = (.unprocessableContent, "not_reviewed")
        case .sessionExpired: (status, code) = (.gone, "session_expired")
        case .importInProgress: (status, code) = (.conflict, "import_in_progress")
        case .wrongState: (status, code) = (.conflict, "wrong_state")
        case .notFound: (status, code) = (.notFound, "not_found")
        case .fileGone: (status, code) = (.gone, "file_gone")
        case .resultsExpired: (status, code) = (.gone, "results_expired")
        case .invalidCorrection: (status, code) = (.unprocessableContent, "invalid_correction")
        case .notCompleted: (status, code) = (.unprocessableContent, "not_completed")
        }
        self.init(
            status, code, error.message,
            details: error.problems.map { Detail(field: $0.field, message: $0.message) })
    }

    /// A storage refusal as HTTP.
    init(_ error: StoreError) {
        switch error.code {
        case .notFound: self.init(.notFound, "not_found", error.message)
        case .conflict: self.init(.conflict, "conflict", error.message)
        case .invalidInput: self.init(.badRequest, "invalid_request", error.message)
        }
    }
}

extension HTTPResponse.Status {
    /// 507 Insufficient Storage (RFC 4918), which HTTPTypes does not name.
    static let insufficientStorage = HTTPResponse.Status(code: 507, reasonPhrase: "Insufficient Storage")
}

import ContactStore
import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// The one place where errors become HTTP responses: every failure leaves as the JSON error shape.
/// A person sees a helpful sentence; the log gets the detail of anything unexpected.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        do {
            return try await next(request, context)
        } catch {
            return try Self.apiError(for: error, context: context).response(from: request, context: context)
        }
    }

    static func apiError(for error: any Error, context: Context) -> APIError {
        switch error {
        case let error as APIError:
            return error
        case let error as StoreError:
            return ImportPipeline.apiError(for: error)
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

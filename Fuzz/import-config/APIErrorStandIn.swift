// The fuzz build's stand-in for the application's `APIError` (HTTP/APIError.swift), which needs Hummingbird:
// the same initialiser and fields, with the status as its number.

struct APIError: Error {
    struct Status: Equatable {
        var code: Int
        static let badRequest = Status(code: 400)
        static let unprocessableContent = Status(code: 422)
        static func == (status: Status, code: Int) -> Bool { status.code == code }
    }
    struct Detail {
        var field: String
        var message: String
    }
    var status: Status
    var code: String
    var message: String
    var details: [Detail]

    init(_ status: Status, _ code: String, _ message: String, details: [Detail] = []) {
        self.status = status
        self.code = code
        self.message = message
        self.details = details
    }
}

/// The pipeline's namespace, which scripts/fuzz-config fills with the real `configuration(from:)`.
enum ImportPipeline {}

/// Something an import cannot do, said in the product's words: what went wrong, and the field, column or rule.
///
/// The import's steps, its lifecycle and the stores throw it; the HTTP edge turns each code into a status
/// (`APIError(_:)`), and the command line prints the message. The message is for a person and holds no secret.
public struct ImportError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable, CaseIterable {
        /// The file cannot be read as a CSV file of contacts (encoding, shape, limits other than size).
        case invalidFile
        /// The file is over the size limit.
        case fileTooLarge
        /// The configuration body is not a JSON object.
        case malformedConfiguration
        /// The configuration breaks a rule of SPEC §3–§4; `problems` names the key or rule.
        case invalidConfiguration
        /// The import has no purpose, identifier and mapping yet.
        case notConfigured
        /// The import must be reviewed before it starts.
        case notReviewed
        /// The review was not started within its time (SPEC §6).
        case sessionExpired
        /// Another import of the workspace is processing (SPEC §7: one job at a time).
        case importInProgress
        /// The import's state does not allow this step (already started, canceled, configuration changed…).
        case wrongState
        /// There is no such import in this workspace, or no such file of it yet.
        case notFound
        /// The uploaded file is no longer kept.
        case fileGone
        /// The results file is past its retention.
        case resultsExpired
        /// A correction of the review's rows names no such row or column, or breaks a rule of the fix (SPEC §11).
        case invalidCorrection
        /// Only a completed import can be undone (SPEC §12).
        case notCompleted
    }

    /// One named problem: the key, column or rule, and what is wrong with it.
    public struct Problem: Sendable, Equatable {
        public var field: String
        public var message: String

        public init(field: String, message: String) {
            self.field = field
            self.message = message
        }
    }

    public var code: Code
    public var message: String
    public var problems: [Problem]

    public init(_ code: Code, _ message: String, problems: [Problem] = []) {
        self.code = code
        self.message = message
        self.problems = problems
    }

    public var description: String { "\(code.rawValue): \(message)" }
}

extension ImportError {
    /// SPEC §7: "Only one import job can be in progress at a time".
    public static let importInProgress = ImportError(
        .importInProgress, "Only one import job can be in progress at a time. Wait until it completes, then try again.")

    public static let sessionExpired = ImportError(
        .sessionExpired, "Session expired: this import was not started within the review time. Start again.")

    public static let noSuchImport = ImportError(.notFound, "There is no such import.")

    /// A failed import whose file and checkpoint are no longer kept (or that failed before they were kept).
    public static let cannotStartAgain = ImportError(
        .fileGone,
        "This import can no longer be started again: a failed import's file and progress are kept only for a while. "
            + "The rows it imported stay; upload the rest as a new import.")

    /// A review whose configuration was replaced while the file was being reviewed.
    public static let configurationChanged = ImportError(
        .wrongState, "The configuration changed while the file was being reviewed. Review it again.")

    /// A key of the configuration body with the wrong shape, or a rule it breaks.
    public static func invalidConfiguration(_ message: String, field: String) -> ImportError {
        ImportError(.invalidConfiguration, message, problems: [Problem(field: field, message: message)])
    }

    /// A configuration that breaks a rule of SPEC §3–§4, naming the rule.
    public init(_ error: ConfigurationError) {
        self = .invalidConfiguration(error.message, field: error.rule.rawValue)
    }

    /// A correction that cannot be made, naming the row, column or rule (`field`).
    public static func invalidCorrection(_ message: String, field: String) -> ImportError {
        ImportError(.invalidCorrection, message, problems: [Problem(field: field, message: message)])
    }

    /// An undo asked for once the results file (and with it what the undo needs) is gone (SPEC §12).
    public static let undoExpired = ImportError(
        .resultsExpired,
        "This import can no longer be undone: what the undo needs is kept only as long as the results file.")

    /// The results file is gone; `retention` is how long results are kept.
    public static func resultsExpired(retention: Duration) -> ImportError {
        ImportError(
            .resultsExpired,
            "The results file is no longer available (results are kept for \(RetentionText.describe(retention))).")
    }
}

/// A duration as a sentence says it: "7 days", "1 day", "12 hours", "90 minutes", "45 seconds".
public enum RetentionText {
    public static func describe(_ duration: Duration) -> String {
        let seconds = Int(duration.components.seconds)
        func plural(_ count: Int, _ unit: String) -> String { "\(count) \(unit)\(count == 1 ? "" : "s")" }
        if seconds >= 86_400, seconds % 86_400 == 0 { return plural(seconds / 86_400, "day") }
        if seconds >= 3_600, seconds % 3_600 == 0 { return plural(seconds / 3_600, "hour") }
        if seconds >= 60, seconds % 60 == 0 { return plural(seconds / 60, "minute") }
        return plural(seconds, "second")
    }
}

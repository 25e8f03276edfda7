import Foundation

/// Everything the server reads at start-up, checked once; the command line fills it in. Every default lives here
/// (the command line's options start from `defaults`), and so does every check of a setting.
public struct AppConfiguration: Sendable {
    /// The settings the server runs with when nothing is said.
    public static let defaults = AppConfiguration()

    public var host: String
    public var port: Int
    /// Where the embedded SQLite database and stored files live.
    public var dataDirectory: String
    /// How long a reviewed import may wait for its start (SPEC §6).
    public var reviewTTL: Duration
    /// How long results files are kept after an import completes (SPEC §7).
    public var resultsRetention: Duration
    /// `postgres://…` to use PostgreSQL instead of the embedded SQLite database.
    public var databaseURL: String?
    /// `smtp://user:pass@host:port` to email users when their import ends; nil sends no email.
    public var smtpURL: String?
    /// The address people reach the server at, for links in emails; defaults to `http://host:port`.
    public var publicURL: String?
    /// How often the background job runner looks for work.
    public var jobPollInterval: Duration = .milliseconds(200)
    /// Rows per job batch at most (each batch and its checkpoint commit together).
    public var jobBatchSize: Int = 100_000
    /// A batch also ends at the first chunk boundary after it has been open this long, so progress moves and other
    /// writers (API edits) get their turn at least this often.
    public var jobBatchTime: Duration = .seconds(5)
    /// Rows decided together (a job's chunk, a review's part); two chunks are in memory at a time. 5,000 rather than
    /// 10,000 keeps the job's peak memory lower at the same speed (docs/PERFORMANCE.md).
    public var jobChunkSize: Int = 5_000
    /// How long a server's claim on a running import holds without renewal (renewed every quarter of it). When a
    /// server dies, another takes its import over after at most this long.
    public var jobLease: Duration = .seconds(20)
    /// The clock every expiry is measured by: reviews, results files, web sessions, and the import tag's time.
    /// Tests move their own.
    public var now: @Sendable () -> Date = { Date() }
    /// How long a web UI sign-in lasts before the user must sign in again.
    public var sessionLifetime: Duration = .seconds(12 * 3600)
    /// How long a password-reset link works (SPEC §13: 24 hours).
    public var passwordResetLifetime: Duration = .seconds(24 * 3600)
    /// The first-run setup link's code, while the database has no user (`serve` makes one and prints the link); nil
    /// serves no setup page.
    public var setupCode: String?
    /// The port `/metrics` is served on, on `metricsHost`; nil (the default) serves no metrics.
    public var metricsPort: Int?
    /// The address the metrics port listens on: loopback unless said otherwise.
    public var metricsHost: String = "127.0.0.1"
    /// A request header a reverse proxy sets to the client's address (`X-Forwarded-For`: its last entry counts),
    /// for sign-in throttling and logs; nil (the default) uses the connection's peer address.
    public var clientAddressHeader: String?

    public init(
        host: String = "127.0.0.1", port: Int = 8080, dataDirectory: String = "./data",
        reviewTTL: Duration = .seconds(3600), resultsRetention: Duration = .seconds(604_800),
        databaseURL: String? = nil, smtpURL: String? = nil, publicURL: String? = nil
    ) {
        self.host = host
        self.port = port
        self.dataDirectory = dataDirectory
        self.reviewTTL = reviewTTL
        self.resultsRetention = resultsRetention
        self.databaseURL = databaseURL
        self.smtpURL = smtpURL
        self.publicURL = publicURL
    }

    /// How often the retention sweep runs: a quarter of the shorter of the review time and the results retention,
    /// between 100 ms and a minute, so that nothing outlives its time by much.
    var sweepInterval: Duration {
        max(.milliseconds(100), min(min(reviewTTL, resultsRetention) / 4, .seconds(60)))
    }

    /// Session cookies get the `Secure` attribute when people reach the server over HTTPS.
    var secureCookies: Bool { publicURL?.lowercased().hasPrefix("https://") ?? false }

    /// Links in emails start with this.
    var resolvedPublicURL: String {
        publicURL.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 } ?? "http://\(host):\(port)"
    }

    /// Refuses settings the server cannot run with, naming the setting.
    public func validate() throws(ConfigurationError) {
        guard (0...65_535).contains(port) else { throw ConfigurationError("--port must be between 0 and 65535.") }
        guard !host.isEmpty else { throw ConfigurationError("--host must not be empty.") }
        guard !dataDirectory.isEmpty else { throw ConfigurationError("--data-dir must not be empty.") }
        guard reviewTTL > .zero else { throw ConfigurationError("--review-ttl must be a positive number of seconds.") }
        guard resultsRetention > .zero else {
            throw ConfigurationError("--results-retention must be a positive number of seconds.")
        }
        if let databaseURL, !(databaseURL.hasPrefix("postgres://") || databaseURL.hasPrefix("postgresql://")) {
            // Never echo the URL: it may hold a password.
            throw ConfigurationError("--database (or DATABASE_URL) must be a postgres:// URL.")
        }
        guard (1...200_000).contains(jobBatchSize) else {
            throw ConfigurationError("--job-batch-size must be a whole number from 1 to 200000.")
        }
        guard jobBatchTime > .zero else { throw ConfigurationError("The job batch time must be positive.") }
        guard jobChunkSize > 0 else { throw ConfigurationError("The job chunk size must be positive.") }
        guard jobLease >= .seconds(1) else { throw ConfigurationError("--job-lease must be at least 1 second.") }
        if let metricsPort {
            guard (1...65_535).contains(metricsPort), metricsPort != port || metricsHost != host else {
                throw ConfigurationError("--metrics-port must be between 1 and 65535 and differ from --port.")
            }
        }
        if let clientAddressHeader {
            guard HTTPFieldNameCheck.isValid(clientAddressHeader) else {
                throw ConfigurationError("--client-address-header must be a header name such as X-Forwarded-For.")
            }
        }
    }
}

public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Header names are tokens (RFC 9110): letters, digits and a few symbols.
enum HTTPFieldNameCheck {
    static func isValid(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= 100
            && name.unicodeScalars.allSatisfy {
                $0.isASCII
                    && ($0.properties.isAlphabetic || ("0"..."9").contains($0)
                        || "!#$%&'*+-.^_`|~".unicodeScalars.contains($0))
            }
    }
}

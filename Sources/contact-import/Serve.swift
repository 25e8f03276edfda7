import ArgumentParser
import ContactImportApp
import ContactStore
import Foundation
import Logging
import Mailer
import Metrics

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Start the server (HTTP API and web UI).")

    @Option(help: "Address to listen on.") var host = AppConfiguration.defaults.host
    @Option(help: "Port to listen on.") var port = AppConfiguration.defaults.port
    @OptionGroup var storage: StorageOptions
    @Option(name: .customLong("review-ttl"), help: "Seconds a reviewed import may wait to be started.")
    var reviewTTL = Int(AppConfiguration.defaults.reviewTTL.components.seconds)
    @Option(name: .customLong("results-retention"), help: "Seconds results files are kept after an import.")
    var resultsRetention = Int(AppConfiguration.defaults.resultsRetention.components.seconds)
    @Option(
        name: .customLong("smtp-url"),
        help: "smtp://user:pass@host:port[?starttls=required] to email users when imports end (or set SMTP_URL).")
    var smtpURL: String?
    @Option(name: .customLong("public-url"), help: "The address people reach this server at, for links in emails.")
    var publicURL: String?
    @Option(
        name: .customLong("job-batch-size"),
        help:
            "Rows an import job commits at most at a time, with its checkpoint (from 1 to 200000); a batch also ends after a few seconds (smaller batches lose less work to a crash). The phone clean-up commits at most 2000 contacts at a time, or this many if fewer."
    )
    var jobBatchSize = AppConfiguration.defaults.jobBatchSize
    @Option(
        name: .customLong("job-lease"),
        help:
            "Seconds a server's claim on a running import holds without renewal; another server takes over a dead server's import after this."
    )
    var jobLease = Int(AppConfiguration.defaults.jobLease.components.seconds)
    @Option(
        name: .customLong("metrics-port"),
        help: "Serve Prometheus metrics (/metrics) on this port, on --metrics-host; without it no metrics are served.")
    var metricsPort: Int?
    @Option(name: .customLong("metrics-host"), help: "Address the metrics port listens on.")
    var metricsHost = AppConfiguration.defaults.metricsHost
    @Option(
        name: .customLong("client-address-header"),
        help:
            "Behind a reverse proxy: the header it sets to the client's address (e.g. X-Forwarded-For; its last entry counts), for sign-in throttling and logs."
    )
    var clientAddressHeader: String?
    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel = "info"

    func run() async throws {
        var configuration = AppConfiguration(
            host: host, port: port, dataDirectory: storage.dataDirectory,
            reviewTTL: .seconds(reviewTTL), resultsRetention: .seconds(resultsRetention),
            databaseURL: storage.resolvedDatabaseURL,
            smtpURL: smtpURL ?? ProcessInfo.processInfo.environment["SMTP_URL"].flatMap { $0.isEmpty ? nil : $0 },
            publicURL: publicURL)
        configuration.jobBatchSize = jobBatchSize
        configuration.jobLease = .seconds(jobLease)
        configuration.metricsPort = metricsPort
        configuration.metricsHost = metricsHost
        configuration.clientAddressHeader = clientAddressHeader
        do {
            try configuration.validate()
        } catch {
            throw ValidationError(error.message)
        }
        guard let level = Logger.Level(rawValue: logLevel) else {
            throw ValidationError("--log-level must be one of trace, debug, info, notice, warning, error, critical.")
        }
        var logger = Logger(label: "contact-import")
        logger.logLevel = level
        var mailer: (any Mailer)?
        if let smtpURL = configuration.smtpURL {
            do {
                mailer = SMTPMailer(configuration: try SMTPConfiguration(url: smtpURL), logger: logger)
            } catch {
                throw ValidationError("--smtp-url: \(error)")
            }
        }
        let store = try await storage.openStore(logger: logger)
        // First run: a one-time link to create the first workspace and its owner, on the terminal and in the log.
        if try await !store.hasUsers() {
            let code = FirstRun.newCode()
            configuration.setupCode = code
            let link = FirstRun.link(code: code, configuration: configuration)
            // Written straight to the terminal (unbuffered), so it shows even when the output is a pipe.
            FileHandle.standardOutput.write(
                Data(
                    "No account exists yet. Open this link to create the first workspace and its owner:\n  \(link)\n\n"
                        .utf8))
            logger.notice("First run: create the first workspace at \(link)")
        }
        // The process-wide metrics system, bootstrapped once here and nowhere else; the application gets the same
        // registry to serve at /metrics.
        let metrics = AppMetrics()
        MetricsSystem.bootstrap(metrics.factory)
        try await runServer(
            configuration: configuration, store: store, mailer: mailer, metrics: metrics, logger: logger)
    }
}

import ArgumentParser
import ContactImportApp
import Logging

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Start the server (HTTP API and web UI).")

    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port to listen on.") var port = 8080
    @OptionGroup var storage: StorageOptions
    @Option(name: .customLong("review-ttl"), help: "Seconds a reviewed import may wait to be started.")
    var reviewTTL = 3600
    @Option(name: .customLong("results-retention"), help: "Seconds results files are kept after an import.")
    var resultsRetention = 604_800
    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel = "info"

    func run() async throws {
        let configuration = AppConfiguration(
            host: host, port: port, dataDirectory: storage.dataDirectory,
            reviewTTL: .seconds(reviewTTL), resultsRetention: .seconds(resultsRetention),
            databaseURL: storage.resolvedDatabaseURL)
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
        let store = try storage.openStore()
        try await runServer(configuration: configuration, store: store, logger: logger)
    }
}

import ArgumentParser
import ContactImportApp
import Foundation
import ImportRules
import Logging

struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import a CSV file into a workspace without the web UI: the same steps, checks and results.",
        discussion: """
            Columns whose header equals a field's name are mapped automatically; --map adds or overrides.
            Field keys: firstName, lastName, phone, email, language, country, tags, contactId, custom.<fieldId>.
            """)

    @Argument(help: "The CSV file.") var file: String
    @Option(help: "The workspace id.") var workspace: Int64
    @Option(help: "addNew, updateExisting, addAndUpdate or addAll.") var purpose: String
    @Option(help: "phone, email or contactId (not for addAll).") var identifier: String?
    @Option(name: .customLong("tag"), help: "A tag for every added or updated contact (repeatable).") var tags:
        [String] = []
    @Flag(name: .customLong("no-import-tag"), help: "Do not add the generated import-YYYY-MM-DD-HHMM tag.")
    var noImportTag = false
    @Option(name: .customLong("map"), help: "\"Header=field\": map a column (repeatable).") var mappings: [String] = []
    @Option(name: .customLong("skip"), help: "A column header to leave out (repeatable).") var skipped: [String] = []
    @Option(
        name: .customLong("do-not-overwrite"),
        help: "A column header whose values only fill empty fields (repeatable; \"*\" for all columns).")
    var doNotOverwrite: [String] = []
    @Option(help: "Write the results file here.") var results: String?
    @Option(name: .customLong("as"), help: "The member's email the import is recorded for (default: the owner).")
    var userEmail: String?
    @Option(
        name: .customLong("job-batch-size"),
        help: "Rows the job commits at most at a time, with its checkpoint (from 1 to 200000), as `serve` has it.")
    var jobBatchSize = AppConfiguration.defaults.jobBatchSize
    @OptionGroup var storage: StorageOptions

    func run() async throws {
        var configuration = AppConfiguration(dataDirectory: storage.dataDirectory)
        configuration.jobBatchSize = jobBatchSize
        do { try configuration.validate() } catch { throw ValidationError("\(error)") }
        let store = try await storage.openStore()
        var logger = Logger(label: "contact-import")
        logger.logLevel = .warning
        let job = CommandLineImport(
            filePath: file, workspaceId: workspace, purpose: purpose, identifier: identifier, tags: tags,
            keepImportTag: !noImportTag, mappings: mappings, skipped: skipped, doNotOverwrite: doNotOverwrite,
            resultsPath: results, userEmail: userEmail)
        let onTerminal = isatty(STDERR_FILENO) == 1
        do {
            let summary = try await job.run(
                configuration: configuration, store: store, mailer: nil,
                logger: logger,
                say: { print($0) },
                progress: { done, total in
                    guard onTerminal, total > 0 else { return }
                    let width = 30
                    let filled = done * width / total
                    let bar = String(repeating: "#", count: filled) + String(repeating: " ", count: width - filled)
                    FileHandle.standardError.write(Data("\r[\(bar)] \(done * 100 / total)% \(done)/\(total) rows".utf8))
                    if done == total { FileHandle.standardError.write(Data("\n".utf8)) }
                })
            print(summary)
        } catch let failure as CommandLineImport.Failure {
            throw ValidationError(failure.description)
        } catch let refusal as ImportError {
            throw ValidationError(refusal.message)
        }
    }
}

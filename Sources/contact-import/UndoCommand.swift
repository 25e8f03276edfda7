import ArgumentParser
import ContactImportApp
import Foundation
import ImportRules
import Logging

struct UndoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "undo",
        abstract: "Undo a completed import: delete the contacts it added, restore those it updated (SPEC §12).",
        discussion: "Contacts changed or deleted since the import are kept and listed in the undo file.")

    @Argument(help: "The import's id.") var importId: Int64
    @Option(help: "The workspace id.") var workspace: Int64
    @Flag(name: .customLong("dry-run"), help: "Only say what the undo would do now.") var dryRun = false
    @Option(name: .customLong("undo-file"), help: "Write the undo file (Row, Contact ID, Action) here.")
    var undoFile: String?
    @Option(name: .customLong("as"), help: "The member's email the undo is recorded for (default: the owner).")
    var userEmail: String?
    @OptionGroup var storage: StorageOptions

    func run() async throws {
        let store = try await storage.openStore()
        var logger = Logger(label: "contact-import")
        logger.logLevel = .warning
        let undo = CommandLineUndo(
            importId: importId, workspaceId: workspace, dryRun: dryRun, undoFilePath: undoFile, userEmail: userEmail)
        do {
            print(
                try await undo.run(
                    configuration: AppConfiguration(dataDirectory: storage.dataDirectory), store: store, logger: logger)
            )
        } catch let failure as CommandLineImport.Failure {
            throw ValidationError(failure.description)
        } catch let refusal as ImportError {
            throw ValidationError(refusal.message)
        }
    }
}

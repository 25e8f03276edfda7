import ArgumentParser
import ContactImportApp
import ContactModel
import ContactStore
import Foundation
import Logging

@main
struct ContactImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "contact-import",
        abstract: "Bring contact lists into a customer-messaging workspace.",
        subcommands: [
            Serve.self, WorkspaceCommand.self, UserCommand.self, ImportCommand.self, UndoCommand.self,
            BackupCommand.self, PhoneCommand.self,
        ])

    static func main() async {
        MallocTuning.apply()
        await main(nil)
    }
}

/// Where the data lives; shared by every command so that they all reach the same store.
struct StorageOptions: ParsableArguments {
    @Option(name: .customLong("data-dir"), help: "Directory of the embedded SQLite database and stored files.")
    var dataDirectory = AppConfiguration.defaults.dataDirectory

    @Option(
        name: .customLong("database"),
        help: "postgres://user:pass@host:port/db to use PostgreSQL (or set DATABASE_URL).")
    var databaseURL: String?

    /// The database URL from the option, else from the environment.
    var resolvedDatabaseURL: String? {
        databaseURL ?? ProcessInfo.processInfo.environment["DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The store these options name: PostgreSQL for a database URL, else the SQLite database in the data directory.
    /// Either is migrated before it is returned.
    func openStore(logger: Logger? = nil) async throws -> any DataStore {
        guard let url = resolvedDatabaseURL else { return try SQLiteStore.open(dataDirectory: dataDirectory) }
        var quiet = Logger(label: "contact-import.postgres")
        quiet.logLevel = .warning
        do {
            return try await PostgresStore.connect(url: url, logger: logger ?? quiet)
        } catch let error as StoreConnectionError {
            throw ValidationError(error.description)
        } catch {
            // The URL itself was refused (its message never repeats it: it may hold a password).
            throw ValidationError("\(error)")
        }
    }
}

func printJSON(_ object: [String: Any]) throws {
    let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    print(String(decoding: data, as: UTF8.self))
}

/// The email address, checked with the same rule as a contact's Email field.
func checkEmail(_ email: String) throws -> String {
    guard let address = EmailAddresses.normalized(email) else {
        throw ValidationError("“\(email)” is not an email address like name@example.com.")
    }
    return address
}

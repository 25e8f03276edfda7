import ArgumentParser
import ContactStore
import Foundation

/// `contact-import backup --to FILE`: a consistent copy of the SQLite database, safe while `serve` runs.
struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Copy the SQLite database to FILE, consistently, while the server may be running.")

    @Option(name: .customLong("to"), help: "The new file to write the copy to (refused if it exists).")
    var destination: String
    @OptionGroup var storage: StorageOptions

    func run() async throws {
        if storage.resolvedDatabaseURL != nil {
            throw ValidationError("backup copies the embedded SQLite database; back PostgreSQL up with pg_dump.")
        }
        let database = (storage.dataDirectory as NSString).appendingPathComponent(SQLiteStore.fileName)
        guard FileManager.default.fileExists(atPath: database) else {
            throw ValidationError("There is no database at \(database); check --data-dir.")
        }
        let store = try SQLiteStore(path: database)
        do {
            try await store.backup(to: destination)
        } catch let error as StoreError {
            throw ValidationError(error.message)
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: destination)[.size] as? Int) ?? 0
        print("Backed up \(database) to \(destination) (\(size) bytes).")
    }
}

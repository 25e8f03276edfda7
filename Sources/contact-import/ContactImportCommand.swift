import ArgumentParser
import ContactImportApp
import ContactModel
import ContactStore
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Logging

@main
struct ContactImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "contact-import",
        abstract: "Bring contact lists into a customer-messaging workspace.",
        subcommands: [
            Serve.self, WorkspaceCommand.self, UserCommand.self, ImportCommand.self, BenchCommand.self, BackupCommand.self,
        ])

    static func main() async {
        tuneMalloc()
        await main(nil)
    }

    /// Two settings of glibc's allocator, each measured on a 200,000-row import (docs/PERFORMANCE.md); the same
    /// variables in the environment (`MALLOC_ARENA_MAX`, `MALLOC_MMAP_THRESHOLD_`) still win.
    /// - Two arenas. glibc gives each thread that allocates its own arena (up to 8 per core), and memory freed in
    ///   one arena is not reused by the others: an import's batches, handed between the cooperative pool and the
    ///   database threads, left a third more memory resident. Two arenas measured 288 MB instead of 332 MB at the
    ///   same speed.
    /// - Blocks of 128 KB or more are mapped and unmapped on their own. glibc raises that threshold to the size of
    ///   each large block freed (up to 32 MB): after the 20 MB upload was freed, the rows and results of every chunk
    ///   (a few MB each) were carved from the arenas instead, and the holes they left stayed resident. A fixed
    ///   threshold took the job's peak from 160 MB to 143 MB.
    static func tuneMalloc() {
        #if canImport(Glibc)
        // mallopt is not part of Swift's Glibc module; M_ARENA_MAX is -8 and M_MMAP_THRESHOLD -3 in <malloc.h>.
        guard let symbol = dlsym(nil, "mallopt") else { return }
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
        let environment = ProcessInfo.processInfo.environment
        if environment["MALLOC_ARENA_MAX"] == nil { _ = mallopt(-8, 2) }
        if environment["MALLOC_MMAP_THRESHOLD_"] == nil { _ = mallopt(-3, 128 * 1024) }
        #endif
    }
}

/// Where the data lives; shared by every command so that they all reach the same store.
struct StorageOptions: ParsableArguments {
    @Option(name: .customLong("data-dir"), help: "Directory of the embedded SQLite database and stored files.")
    var dataDirectory = "./data"

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
    guard case .success(let value?) = StandardField.email.rule.normalize(email), let address = value.stringValue else {
        throw ValidationError("“\(email)” is not an email address like name@example.com.")
    }
    return address
}

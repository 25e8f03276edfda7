import ArgumentParser
import ContactImportApp
import Foundation

@main
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "contact-import-bench",
        abstract: "Time a whole import into a workspace of existing contacts (a release build; scripts/bench runs it).")

    @Option(help: "The file to import (columns of ../shared/bench/gen_contacts.py).") var file: String
    @Option(name: .customLong("existing-file"), help: "Contacts the workspace holds before the import.")
    var existingFile: String
    @Option(name: .customLong("data-dir"), help: "A fresh directory for the benchmark's database.") var dataDirectory:
        String
    @Option(name: .customLong("batch-size"), help: "Rows per job batch at most (default: the server's).") var batchSize:
        Int?
    @Option(name: .customLong("batch-seconds"), help: "Seconds a job batch stays open at most (default: the server's).")
    var batchSeconds: Double?
    @Option(name: .customLong("chunk-size"), help: "Rows decided together (default: the server's).") var chunkSize: Int?
    @Option(
        name: .customLong("seed-snapshot"),
        help: "A copy of the seeded database: made after seeding when missing, used instead of seeding when present.")
    var seedSnapshot: String?
    @Option(
        name: .customLong("database"), help: "postgres://… of an empty database: run on PostgreSQL instead of SQLite.")
    var databaseURL: String?
    @Flag(
        name: .customLong("seed-only"),
        help: "With --database: seed the workspace, vacuum and analyse it, and stop (for copies made with TEMPLATE).")
    var seedOnly = false
    @Flag(
        name: .customLong("seeded"),
        help: "With --database: the database is a copy of one --seed-only made; import into it without seeding.")
    var seeded = false
    @Option(
        name: .customLong("e164"),
        help: "Set the workspace's phone numbers to E.164 with this default country (such as MY) before the import.")
    var e164Country: String?
    @Flag(
        name: .customLong("fix-rows"),
        help: "Between review and start, time paging, correcting and bulk-fixing the rows in error; the job keeps them."
    )
    var fixRows = false
    @Flag(
        name: .customLong("undo"),
        help: "After the job, time undoing the import and report what its before-values take in storage.")
    var undo = false
    @Flag(
        name: .customLong("contacts-tools"),
        help:
            "After the job, time exporting every contact (with the export's peak memory) and Merge Suggestions' pages.")
    var contactsTools = false

    static func main() async {
        MallocTuning.apply()
        await main(nil)
    }

    func run() async throws {
        var benchmark = ImportBenchmark(
            mainFile: file, existingFile: existingFile, dataDirectory: dataDirectory, batchSize: batchSize,
            batchSeconds: batchSeconds, chunkSize: chunkSize, seedSnapshot: seedSnapshot, databaseURL: databaseURL,
            e164Country: e164Country)
        benchmark.seeded = seeded
        if seedOnly {
            let (contacts, seconds) = try await benchmark.seedPostgresOnly()
            print("seeded \(contacts) contacts in \(String(format: "%.1f", seconds)) s")
            return
        }
        benchmark.fixRows = fixRows
        benchmark.undo = undo
        benchmark.contactsTools = contactsTools
        let report = try await benchmark.run()
        print(report)
    }
}

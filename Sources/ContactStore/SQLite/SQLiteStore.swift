import ContactModel
import Foundation
import GRDB

/// The embedded default store: one SQLite file in WAL mode, reached through GRDB's async APIs.
///
/// Opening it applies every pending migration, so no caller ever sees an unmigrated database.
public final class SQLiteStore: DataStore {
    let pool: DatabasePool
    /// When the writer checkpoints the WAL (rarely while an import job runs).
    let checkpoints: WALCheckpoints

    /// Opens (creating if needed) the database file at `path` and migrates it.
    public init(path: String, checkpoints: WALCheckpoints = WALCheckpoints()) throws {
        var configuration = Configuration()
        self.checkpoints = checkpoints
        configuration.foreignKeysEnabled = true
        // The command line may write while the server runs: wait for the lock instead of failing.
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            // Statement journals (a statement whose triggers write several rows) stay in memory, not in temp files.
            try db.execute(sql: "PRAGMA temp_store = MEMORY")
            // The writer keeps 48 MB of pages and checkpoints the WAL rarely (every 400 MB, or 2 GB while an import
            // job runs; `WALCheckpoints`), truncating it back to 64 MB afterwards: each import batch dirties pages all
            // over the contact table and indexes, and every page the cache drops is read again. The pages an import
            // needs again and again are the phone and email indexes' (about 37 MB for 1,000,000 contacts). 48 MB is
            // the largest cache that keeps a server's peak memory during a 200,000-row import under its 150 MB target;
            // a larger one is faster but goes over. Readers look identifiers up in one query each, and every commit
            // invalidates their pages anyway: 512 KB each instead of SQLite's 2 MB. Figures: docs/PERFORMANCE.md.
            if db.configuration.readonly {
                try db.execute(sql: "PRAGMA cache_size = -512")
            } else {
                try db.execute(sql: "PRAGMA cache_size = -49152")
                try db.execute(sql: "PRAGMA journal_size_limit = 67108864")
                checkpoints.install(on: db)
            }
        }
        pool = try DatabasePool(path: path, configuration: configuration)
        try SQLiteMigrations.migrator.migrate(pool)
    }

    /// While jobs run the WAL grows (up to `checkpoints.jobLimit`); when the last one ends, one checkpoint copies
    /// it into the database file. The import has completed by then; this is upkeep, and does not fail the job.
    public func runningImportJob<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        checkpoints.jobStarted()
        let result: Result<T, any Error>
        do {
            result = .success(try await body())
        } catch {
            result = .failure(error)
        }
        if checkpoints.jobEnded() {
            _ = try? await pool.writeWithoutTransaction { db in try db.checkpoint(.passive) }
        }
        return try result.get()
    }

    /// The file name of the database inside a data directory.
    public static let fileName = "contact-import.sqlite"

    /// Opens the store in `dataDirectory`, creating the directory when missing.
    public static func open(dataDirectory: String) throws -> SQLiteStore {
        try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
        return try SQLiteStore(path: (dataDirectory as NSString).appendingPathComponent(fileName))
    }
}

// MARK: - Shared helpers

extension Date {
    /// Milliseconds since 1970, as stored.
    var storedMillis: Int64 { Int64((timeIntervalSince1970 * 1000).rounded()) }

    init(storedMillis: Int64) { self.init(timeIntervalSince1970: Double(storedMillis) / 1000) }
}

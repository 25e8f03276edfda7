import Foundation
import GRDB

// Operations on the SQLite store as a whole: the readiness check and online backups.
extension SQLiteStore {
    /// A trivial read on a reader connection: throws when the database file cannot be read.
    public func checkReachable() async throws {
        _ = try await pool.read { db in try Int.fetchOne(db, sql: "SELECT 1") }
    }

    /// Another process holding the database locked past the busy timeout; a full disk is not (the import fails and
    /// says so, SPEC's "never half-applied" kept by the rolled-back batch).
    public func isUnavailable(_ error: any Error) -> Bool {
        guard let error = error as? DatabaseError else { return false }
        return error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED
    }

    /// `SQLITE_FULL` (a write of the WAL or the database file found no space, or `max_page_count` was reached), and
    /// `SQLITE_IOERR_SHMSIZE`: the WAL index (`-shm`, beside the database) could not grow, which on a full disk is
    /// the same cause met one file over.
    public func isStorageFull(_ error: any Error) -> Bool {
        guard let error = error as? DatabaseError else { return false }
        return error.resultCode == .SQLITE_FULL || error.extendedResultCode == .SQLITE_IOERR_SHMSIZE
    }

    /// Writes a consistent copy of the whole database to `path` while the store stays in use.
    ///
    /// SQLite's online backup API copies every page in one step from a reader connection inside one read
    /// transaction, so the copy is the database as of one commit: a batch being written at the same moment is
    /// either entirely in it or not at all. The copy is written next to `path` and renamed into place when
    /// complete, so `path` never holds half a backup. An existing file at `path` is refused, never replaced.
    public func backup(to path: String) async throws {
        let fileManager = FileManager.default
        guard !fileManager.fileExists(atPath: path) else {
            throw StoreError(.conflict, "\(path) already exists; choose a new file for the backup.")
        }
        let partial = path + ".partial-\(UUID().uuidString)"
        do {
            let destination = try DatabaseQueue(path: partial)
            try await pool.read { source in
                try destination.writeWithoutTransaction { target in try source.backup(to: target) }
            }
            try destination.close()
            try fileManager.moveItem(atPath: partial, toPath: path)
        } catch {
            try? fileManager.removeItem(atPath: partial)
            throw error
        }
    }

    /// Closes every connection; later calls fail. For tests of what happens when the database is gone.
    public func close() throws {
        try pool.close()
    }
}

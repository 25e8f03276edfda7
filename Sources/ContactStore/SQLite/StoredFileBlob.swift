import GRDB
import GRDBSQLite

/// An import's stored files (`importFile.bytes`: the upload, the review's error file) written and read through
/// SQLite's incremental blob I/O, straight between the caller's bytes and the database pages.
///
/// Binding a 20 MB upload as a statement argument held four copies of it at once (the caller's bytes, GRDB's `Data`,
/// SQLite's copy of the argument and the record built from it), and reading it back as `Data` two: the upload was
/// the review's peak memory (docs/PERFORMANCE.md). Here the row is inserted with a `zeroblob` of the file's size and
/// the bytes are written into it a megabyte at a time; reading fills one array of the blob's size.
enum StoredFileBlob {
    /// Bytes written per `sqlite3_blob_write`.
    static let pieceSize = 1 << 20

    /// Inserts file `kind` of import `importId`, replacing one already there when `replacing`.
    static func write(_ db: Database, importId: Int64, kind: String, bytes: [UInt8], replacing: Bool = false) throws {
        try db.execute(
            sql:
                "INSERT \(replacing ? "OR REPLACE " : "")INTO importFile (importId, kind, bytes) VALUES (?, ?, zeroblob(?))",
            arguments: [importId, kind, bytes.count])
        guard !bytes.isEmpty else { return }
        let connection = try db.requireSQLiteConnection()
        let blob = try open(connection, rowID: db.lastInsertedRowID, writable: true)
        defer { sqlite3_blob_close(blob) }
        try bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let count = min(pieceSize, buffer.count - offset)
                let code = sqlite3_blob_write(blob, buffer.baseAddress! + offset, Int32(count), Int32(offset))
                guard code == SQLITE_OK else { throw DatabaseError(sqlite: connection, code: code) }
                offset += count
            }
        }
    }

    /// File `kind` of import `importId`, or nil when there is none.
    static func read(_ db: Database, importId: Int64, kind: String) throws -> [UInt8]? {
        guard
            let rowID = try Int64.fetchOne(
                db, sql: "SELECT rowid FROM importFile WHERE importId = ? AND kind = ?", arguments: [importId, kind])
        else { return nil }
        let connection = try db.requireSQLiteConnection()
        let blob = try open(connection, rowID: rowID, writable: false)
        defer { sqlite3_blob_close(blob) }
        let count = Int(sqlite3_blob_bytes(blob))
        var code = SQLITE_OK
        let bytes = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            if count > 0 { code = sqlite3_blob_read(blob, buffer.baseAddress, Int32(count), 0) }
            initialized = code == SQLITE_OK ? count : 0
        }
        guard code == SQLITE_OK else { throw DatabaseError(sqlite: connection, code: code) }
        return bytes
    }

    private static func open(_ connection: SQLiteConnection, rowID: Int64, writable: Bool) throws -> OpaquePointer {
        var blob: OpaquePointer?
        let code = sqlite3_blob_open(connection, "main", "importFile", "bytes", rowID, writable ? 1 : 0, &blob)
        guard code == SQLITE_OK, let blob else { throw DatabaseError(sqlite: connection, code: code) }
        return blob
    }
}

import GRDB
import GRDBSQLite

/// A statement of an import batch that writes (or reads) one row, prepared once per batch and bound and stepped
/// through SQLite's C API on the writer's connection.
///
/// An import batch writes tens of thousands of contacts. Through GRDB, argument conversion and statement start and
/// end were about a third of the batch. Statements of several hundred rows (`INSERT … VALUES (…), (…)`,
/// `UPDATE … FROM (VALUES …)`) avoided that but cost more inside SQLite: a statement that writes several rows and may
/// fail part-way (a CHECK, NOT NULL or foreign key) keeps a statement journal, a copy of every page it changes, so
/// that it can be undone alone; that copying and its allocations were a fifth of the writer's time. A statement that
/// writes one row needs no statement journal (docs/PERFORMANCE.md). Contact and tag-index writes use these (an
/// import batch, seeding, and the API's single contact the same way); everything else goes through GRDB.
final class BatchStatement {
    private let connection: SQLiteConnection
    private let handle: SQLiteStatement
    let sql: String

    /// Prepares `sql` on `db`'s connection. Parameters are numbered (`?1`, `?2`, …) by the caller.
    init(_ db: Database, sql: String) throws {
        let connection = try db.requireSQLiteConnection()
        var handle: SQLiteStatement?
        let code = sqlite3_prepare_v3(connection, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &handle, nil)
        guard code == SQLITE_OK, let handle else { throw DatabaseError(sqlite: connection, code: code, sql: sql) }
        self.connection = connection
        self.handle = handle
        self.sql = sql
    }

    deinit { sqlite3_finalize(handle) }

    func bind(_ index: Int32, _ value: Int64) {
        sqlite3_bind_int64(handle, index, value)
    }

    func bind(_ index: Int32, _ value: Int64?) {
        if let value { sqlite3_bind_int64(handle, index, value) } else { sqlite3_bind_null(handle, index) }
    }

    func bind(_ index: Int32, _ text: String?) {
        guard var text else {
            sqlite3_bind_null(handle, index)
            return
        }
        text.withUTF8 { bytes in
            if let base = bytes.baseAddress, !bytes.isEmpty {
                base.withMemoryRebound(to: CChar.self, capacity: bytes.count) { characters in
                    _ = sqlite3_bind_text(handle, index, characters, Int32(bytes.count), sqliteTransient)
                }
            } else {
                _ = sqlite3_bind_text(handle, index, "", 0, sqliteTransient)
            }
        }
    }

    /// Runs a statement that returns no rows with the values bound, then resets it for the next values. Returns how
    /// many rows it changed.
    @discardableResult
    func run() throws -> Int {
        defer { sqlite3_reset(handle) }
        let code = sqlite3_step(handle)
        guard code == SQLITE_DONE else { throw error() }
        return Int(sqlite3_changes(connection))
    }

    /// Runs a query with the values bound and returns the first column of its first row as text (nil when there is
    /// no row, or the value is NULL); then resets it.
    func firstText() throws -> String? {
        defer { sqlite3_reset(handle) }
        switch sqlite3_step(handle) {
        case SQLITE_ROW:
            guard let text = sqlite3_column_text(handle, 0) else { return nil }
            return String(cString: text)
        case SQLITE_DONE:
            return nil
        default:
            throw error()
        }
    }

    /// Runs a query with the values bound and hands its first row to `read` (nil when there is no row); then resets
    /// it.
    func firstRow<T>(_ read: (BatchRow) throws -> T) throws -> T? {
        defer { sqlite3_reset(handle) }
        switch sqlite3_step(handle) {
        case SQLITE_ROW: return try read(BatchRow(handle: handle))
        case SQLITE_DONE: return nil
        default: throw error()
        }
    }

    /// The rowid of the last row inserted on this connection.
    var lastInsertedRowID: Int64 { sqlite3_last_insert_rowid(connection) }

    private func error() -> DatabaseError { DatabaseError(sqlite: connection, sql: sql) }
}

/// The current row of a `BatchStatement`, valid only inside `firstRow`'s closure. Columns are numbered from 0.
struct BatchRow {
    fileprivate let handle: SQLiteStatement

    func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }

    func text(_ column: Int32) -> String? {
        guard let text = sqlite3_column_text(handle, column) else { return nil }
        return String(cString: text)
    }

    /// Appends the column's text as `UndoRecordCoding` writes a value (its length + 1, 0 for NULL), straight from
    /// SQLite's buffer.
    func appendUndoValue(_ column: Int32, to bytes: inout [UInt8]) {
        guard let text = sqlite3_column_text(handle, column) else {
            bytes.append(0)
            return
        }
        let count = Int(sqlite3_column_bytes(handle, column))
        UndoRecordCoding.appendText(UnsafeRawBufferPointer(start: text, count: count), to: &bytes)
    }
}

/// The statements of one batch, each prepared the first time it is needed and kept until the batch ends: by name,
/// or by number for a family of statements (the updates, by the set of columns they write).
final class BatchStatements {
    private let db: Database
    private var named: [String: BatchStatement] = [:]
    private var numbered: [Int: BatchStatement] = [:]

    init(_ db: Database) { self.db = db }

    /// The statement named `name`, prepared from `sql()` the first time.
    func statement(_ name: String, sql: () -> String) throws -> BatchStatement {
        try statement(name, in: &named, sql: sql)
    }

    /// The statement numbered `number`, prepared from `sql()` the first time.
    func statement(_ number: Int, sql: () -> String) throws -> BatchStatement {
        try statement(number, in: &numbered, sql: sql)
    }

    private func statement<Key: Hashable>(_ key: Key, in prepared: inout [Key: BatchStatement], sql: () -> String)
        throws -> BatchStatement
    {
        if let statement = prepared[key] { return statement }
        let statement = try BatchStatement(db, sql: sql())
        prepared[key] = statement
        return statement
    }
}

/// SQLite copies the bound text before the call returns (`SQLITE_TRANSIENT`).
private let sqliteTransient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)

// MARK: - SQLite's C API beside GRDB (`BatchStatement`, `StoredFileBlob`)

extension Database {
    /// The connection's SQLite handle, for calls GRDB does not make; a closed database is a misuse.
    func requireSQLiteConnection() throws -> SQLiteConnection {
        guard let sqliteConnection else {
            throw DatabaseError(resultCode: .SQLITE_MISUSE, message: "The database is closed.")
        }
        return sqliteConnection
    }
}

extension DatabaseError {
    /// What SQLite reports on `connection` after a C API call failed: `code` (by default the connection's last
    /// extended result code) and the connection's message.
    init(sqlite connection: SQLiteConnection, code: Int32? = nil, sql: String? = nil) {
        self.init(
            resultCode: ResultCode(rawValue: code ?? sqlite3_extended_errcode(connection)),
            message: String(cString: sqlite3_errmsg(connection)), sql: sql)
    }
}

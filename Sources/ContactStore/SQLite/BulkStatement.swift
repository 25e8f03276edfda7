import GRDB
import GRDBSQLite

/// A statement that writes many rows at once (`INSERT … VALUES (…), (…), …`, `UPDATE … FROM (VALUES …)`), bound and
/// stepped through SQLite's C API on the writer's connection.
///
/// An import batch writes tens of thousands of contacts. One statement per contact spent about a third of the
/// batch outside SQLite's B-trees (GRDB's argument conversion, binding, statement start and end); one statement
/// per several hundred rows with values bound straight from Swift strings does not (docs/PERFORMANCE.md).
/// Only the import's batch writes use it; everything else goes through GRDB.
final class BulkStatement {
    private let connection: SQLiteConnection
    private let handle: SQLiteStatement
    let sql: String

    /// Prepares `sql` on `db`'s connection. Parameters are numbered (`?1`, `?2`, …) by the caller.
    init(_ db: Database, sql: String) throws {
        guard let connection = db.sqliteConnection else { throw DatabaseError(resultCode: .SQLITE_MISUSE, message: "The database is closed.") }
        var handle: SQLiteStatement?
        let code = sqlite3_prepare_v3(connection, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &handle, nil)
        guard code == SQLITE_OK, let handle else {
            throw DatabaseError(
                resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(connection)), sql: sql)
        }
        self.connection = connection
        self.handle = handle
        self.sql = sql
    }

    deinit { sqlite3_finalize(handle) }

    func bind(_ index: Int32, _ value: Int64) {
        sqlite3_bind_int64(handle, index, value)
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

    /// Runs the statement with the values bound, calling `row` with the statement for each row it returns
    /// (`RETURNING`); then resets it for the next values.
    func run(row: (BulkStatement) -> Void = { _ in }) throws {
        defer { sqlite3_reset(handle) }
        while true {
            let code = sqlite3_step(handle)
            switch code {
            case SQLITE_DONE: return
            case SQLITE_ROW: row(self)
            default:
                throw DatabaseError(
                    resultCode: ResultCode(rawValue: sqlite3_extended_errcode(connection)),
                    message: String(cString: sqlite3_errmsg(connection)), sql: sql)
            }
        }
    }

    /// Column `index` of the current returned row, as an integer.
    func int64(at index: Int32) -> Int64 { sqlite3_column_int64(handle, index) }

    /// The rowid of the last row inserted on this connection.
    var lastInsertedRowID: Int64 { sqlite3_last_insert_rowid(connection) }

    /// `?a, ?b, …` for `count` parameters numbered from `first`.
    static func parameters(from first: Int, count: Int) -> String {
        (first..<(first + count)).map { "?\($0)" }.joined(separator: ", ")
    }
}

/// SQLite copies the bound text before the call returns (`SQLITE_TRANSIENT`).
private let sqliteTransient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)

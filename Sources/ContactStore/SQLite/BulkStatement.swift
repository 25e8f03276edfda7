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

/// The bulk statements of one batch, prepared once each: a statement of 500 rows of VALUES takes milliseconds to
/// prepare, and a batch runs hundreds. Rows are written in pieces of a few fixed sizes, so every chunk's remainder
/// reuses statements too.
final class BulkStatements {
    private let db: Database
    private var prepared: [String: BulkStatement] = [:]
    /// Rows per statement: 500 rows of at most 12 values stay well under SQLite's 32,766 parameters.
    static let sizes = [500, 100, 20, 5, 1]

    init(_ db: Database) { self.db = db }

    /// `count` rows as statement sizes, largest first: 1,234 rows are 500 + 500 + 100 + 100 + 20 + 5 + 5 + 1 + 1 + 1 + 1.
    static func pieces(of count: Int) -> [Int] {
        var pieces: [Int] = []
        var left = count
        for size in sizes {
            while left >= size {
                pieces.append(size)
                left -= size
            }
        }
        return pieces
    }

    /// The statement of `shape` for `rows` rows, prepared from `sql(rows)` the first time.
    func statement(_ shape: String, rows: Int, sql: (Int) -> String) throws -> BulkStatement {
        let key = "\(shape)/\(rows)"
        if let statement = prepared[key] { return statement }
        let statement = try BulkStatement(db, sql: sql(rows))
        prepared[key] = statement
        return statement
    }
}

/// SQLite copies the bound text before the call returns (`SQLITE_TRANSIENT`).
private let sqliteTransient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)

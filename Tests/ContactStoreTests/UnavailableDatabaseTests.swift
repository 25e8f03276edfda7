import GRDB
import PostgresNIO
import StoreTestSupport
import Testing

@testable import ContactStore

/// Which errors say the database is unavailable (a job pauses and resumes, a request answers 503), which say its disk
/// is full (a job fails saying so and can be started again, a request answers 507), and which are neither.
@Suite struct UnavailableDatabaseTests {
    @Test(arguments: StoreEngines.all)
    func aLostConnectionOrALockedDatabaseIsUnavailableAFullDiskIsNot(engine: String) async throws {
        let store = try await StoreEngines.make(engine)
        #expect(!store.isUnavailable(StoreError(.invalidInput, "bad")))
        #expect(!store.isUnavailable(CancellationError()))
        if engine == "postgres" {
            #expect(store.isUnavailable(PostgresError.connectionClosed))
            #expect(!store.isUnavailable(PostgresError.protocol("unexpected message")))
        } else {
            #expect(store.isUnavailable(DatabaseError(resultCode: .SQLITE_BUSY)))
            #expect(!store.isUnavailable(DatabaseError(resultCode: .SQLITE_FULL)))
            #expect(!store.isUnavailable(DatabaseError(resultCode: .SQLITE_CONSTRAINT)))
        }
    }

    /// The engine's own error for a full disk, as a write meets it: SQLite at its page limit, PostgreSQL's
    /// `disk_full` raised by the server.
    @Test(arguments: StoreEngines.all)
    func aFullDiskIsRecognisedAndNothingElseIs(engine: String) async throws {
        let store = try await StoreEngines.make(engine)
        #expect(!store.isStorageFull(StoreError(.invalidInput, "bad")))
        #expect(!store.isStorageFull(CancellationError()))
        let full: any Error
        if let postgres = store as? PostgresStore {
            full = try await #require(throws: PSQLError.self) {
                _ = try await postgres.rows(
                    PostgresQuery(
                        unsafeSQL:
                            "DO $$ BEGIN RAISE EXCEPTION 'could not extend file' USING ERRCODE = 'disk_full'; END $$"))
            }
            #expect(!store.isStorageFull(PostgresError.connectionClosed))
            let other = try await #require(throws: PSQLError.self) {
                _ = try await postgres.rows(PostgresQuery(unsafeSQL: "SELECT 1/0"))
            }
            #expect(!store.isStorageFull(other))
        } else {
            let sqlite = try #require(store as? SQLiteStore)
            // The database may not grow past the pages it has: the next page it needs is refused as a full disk is.
            full = try await #require(throws: DatabaseError.self) {
                try await sqlite.pool.writeWithoutTransaction { db in
                    try db.execute(sql: "PRAGMA max_page_count = 1")
                    try db.execute(
                        sql: "CREATE TABLE filler (bytes BLOB); INSERT INTO filler VALUES (zeroblob(100000))")
                }
            }
            #expect(store.isStorageFull(DatabaseError(resultCode: .SQLITE_IOERR_SHMSIZE)))
            #expect(!store.isStorageFull(DatabaseError(resultCode: .SQLITE_BUSY)))
            #expect(!store.isStorageFull(DatabaseError(resultCode: .SQLITE_IOERR_READ)))
        }
        #expect(store.isStorageFull(full))
        #expect(!store.isUnavailable(full))
    }

    /// A transaction's connection cut between two of its statements (`pg_terminate_backend`, as an administrator or a
    /// failover does): the next statement fails at once as "unavailable" (a job pauses), it does not wait for an
    /// answer that never comes.
    @Test(.timeLimit(.minutes(1)), arguments: StoreEngines.all.filter { $0 == "postgres" })
    func aStatementOnAConnectionCutBetweenStatementsFailsAtOnce(engine: String) async throws {
        let store = try #require(try await StoreEngines.make(engine) as? PostgresStore)
        let error = try await #require(throws: (any Error).self) {
            try await store.transaction { connection in
                let pid = try await connection.rows("SELECT pg_backend_pid()", logger: store.logger)[0].decode(
                    Int32.self)
                let cut = try await store.rows("SELECT pg_terminate_backend(\(pid))")[0].decode(Bool.self)
                #expect(cut)
                let noticed = ContinuousClock.now + .seconds(10)
                while !connection.isClosed, ContinuousClock.now < noticed {
                    try await Task.sleep(for: .milliseconds(10))
                }
                #expect(connection.isClosed)
                try await connection.query("SELECT 1", logger: store.logger)
            }
        }
        #expect(store.isUnavailable(error), "\(String(reflecting: error))")
        // The pool hands out a working connection afterwards.
        #expect(try await store.rows("SELECT 1")[0].decode(Int.self) == 1)
    }
}

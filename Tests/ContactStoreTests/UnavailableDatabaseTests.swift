import ContactStore
import GRDB
import PostgresNIO
import StoreTestSupport
import Testing

/// Which errors say the database is unavailable (a job pauses and resumes, a request answers 503) and which are the
/// job's own failures.
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
}

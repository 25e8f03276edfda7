import Foundation
import GRDB
import PostgresNIO
import Synchronization

@testable import ContactStore

/// A full disk, simulated inside the database engine so that the engine's own error comes back through the real code.
///
/// While full, every insert of a contact, a stored file or a batch's rows of a results file fails as the engine
/// fails on a full disk: SQLite with `SQLITE_FULL`, raised by a function that temporary triggers of the writer
/// connection call; PostgreSQL with SQLSTATE 53100 `disk_full`, raised by triggers. Other writes (a failure recorded,
/// a notification) go through, as they mostly do on a real full disk, where a rolled-back batch leaves room for a
/// one-row update; `failRecordingFailures` makes the next attempts to record a failed import fail too.
final class SimulatedFullDisk: Sendable {
    private struct State {
        var full = false
        var failingRecords = 0
        var recordAttempts = 0
    }

    /// SQLite's switches (its function reads them); PostgreSQL keeps them in a table of the database.
    private let state = Mutex(State())
    private let postgres: PostgresStore?

    private init(postgres: PostgresStore?) {
        self.postgres = postgres
    }

    static func install(on store: any DataStore) async throws -> SimulatedFullDisk {
        if let postgres = store as? PostgresStore {
            let disk = SimulatedFullDisk(postgres: postgres)
            for statement in postgresSetup { _ = try await postgres.rows(PostgresQuery(unsafeSQL: statement)) }
            return disk
        }
        guard let sqlite = store as? SQLiteStore else { throw SimulationUnavailable() }
        let disk = SimulatedFullDisk(postgres: nil)
        let function = DatabaseFunction("simulatedDiskFull", argumentCount: 1, pure: false) { [disk] values in
            let refused = disk.state.withLock { state -> Bool in
                guard String.fromDatabaseValue(values[0]) == "record" else { return state.full }
                state.recordAttempts += 1
                guard state.failingRecords > 0 else { return false }
                state.failingRecords -= 1
                return true
            }
            if refused {
                throw DatabaseError(resultCode: .SQLITE_FULL, message: "database or disk is full (simulated)")
            }
            return nil
        }
        try await sqlite.pool.writeWithoutTransaction { db in
            db.add(function: function)
            try db.execute(
                sql: """
                    CREATE TEMP TRIGGER simulated_full_contact BEFORE INSERT ON main.contact
                    BEGIN SELECT simulatedDiskFull('write'); END;
                    CREATE TEMP TRIGGER simulated_full_file BEFORE INSERT ON main.importFile
                    BEGIN SELECT simulatedDiskFull('write'); END;
                    CREATE TEMP TRIGGER simulated_full_results BEFORE INSERT ON main.importResultChunk
                    BEGIN SELECT simulatedDiskFull('write'); END;
                    CREATE TEMP TRIGGER simulated_full_record BEFORE UPDATE OF status ON main.import
                    WHEN OLD.status = 'processing' AND NEW.status = 'failed'
                    BEGIN SELECT simulatedDiskFull('record'); END;
                    """)
        }
        return disk
    }

    /// From now on the disk is full.
    func fill() async throws { try await setFull(true) }

    /// Space freed.
    func free() async throws { try await setFull(false) }

    /// The next `count` attempts to record that an import failed meet the full disk too; counts attempts from here.
    func failRecordingFailures(_ count: Int) async throws {
        if let postgres {
            _ = try await postgres.rows("UPDATE simulated_disk SET failing_records = \(count)")
            _ = try await postgres.rows("SELECT setval('simulated_disk_attempts', 1, false)")
        } else {
            state.withLock {
                $0.failingRecords = count
                $0.recordAttempts = 0
            }
        }
    }

    /// Attempts to record that an import failed since `failRecordingFailures`, refused or not.
    func failureRecordAttempts() async throws -> Int {
        if let postgres {
            guard let row = try await postgres.rows("SELECT last_value, is_called FROM simulated_disk_attempts").first
            else { return 0 }
            let (last, called) = try row.decode((Int64, Bool).self)
            return called ? Int(last) : 0
        }
        return state.withLock { $0.recordAttempts }
    }

    private func setFull(_ full: Bool) async throws {
        if let postgres {
            _ = try await postgres.rows("UPDATE simulated_disk SET full_disk = \(full)")
        } else {
            state.withLock { $0.full = full }
        }
    }

    private static let postgresSetup = [
        "CREATE TABLE simulated_disk (full_disk boolean NOT NULL, failing_records int NOT NULL)",
        "INSERT INTO simulated_disk VALUES (false, 0)",
        "CREATE SEQUENCE simulated_disk_attempts",
        """
        CREATE FUNCTION simulated_disk_full() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'UPDATE' THEN
                -- Nested, so that only a failure being recorded counts as an attempt.
                IF OLD.status = 'processing' AND NEW.status = 'failed' THEN
                    IF nextval('simulated_disk_attempts') <= (SELECT failing_records FROM simulated_disk) THEN
                        RAISE EXCEPTION 'could not extend file: No space left on device (simulated)'
                            USING ERRCODE = 'disk_full';
                    END IF;
                END IF;
            ELSIF (SELECT full_disk FROM simulated_disk) THEN
                RAISE EXCEPTION 'could not extend file: No space left on device (simulated)' USING ERRCODE = 'disk_full';
            END IF;
            RETURN NEW;
        END $$
        """,
        "CREATE TRIGGER simulated_full_contact BEFORE INSERT ON contact FOR EACH ROW EXECUTE FUNCTION simulated_disk_full()",
        "CREATE TRIGGER simulated_full_file BEFORE INSERT ON import_file FOR EACH ROW EXECUTE FUNCTION simulated_disk_full()",
        """
        CREATE TRIGGER simulated_full_results BEFORE INSERT ON import_result_chunk
        FOR EACH ROW EXECUTE FUNCTION simulated_disk_full()
        """,
        "CREATE TRIGGER simulated_full_record BEFORE UPDATE ON import FOR EACH ROW EXECUTE FUNCTION simulated_disk_full()",
    ]

    struct SimulationUnavailable: Error {}
}

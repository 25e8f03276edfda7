import GRDB
import GRDBSQLite
import Synchronization

/// When the writer copies the WAL back into the database file (a checkpoint).
///
/// SQLite's own `wal_autocheckpoint` checkpoints inside whichever commit pushes the WAL past its limit. During an
/// import job that is a batch: a 200,000-row job into 1,000,000 contacts ran two checkpoints of 1.9 s and 2.3 s
/// inside its batches, a quarter of the job (docs/PERFORMANCE.md). So the writer's WAL hook checkpoints at
/// `idleLimit` frames normally and at `jobLimit` frames while an import job runs, and the store checkpoints once
/// when the last running job ends: the same pages are copied once instead of again after every few batches.
public final class WALCheckpoints: Sendable {
    /// Frames (pages) in the WAL before a commit checkpoints when no import job runs (400 MB of 4 KB pages).
    let idleLimit: Int32
    /// The limit while a job runs (2 GB), so a very large job still checkpoints now and then.
    let jobLimit: Int32

    private let runningJobs = Mutex(0)
    private let limit: Atomic<Int32>

    public init(idleLimit: Int32 = 100_000, jobLimit: Int32 = 500_000) {
        self.idleLimit = idleLimit
        self.jobLimit = jobLimit
        limit = Atomic(idleLimit)
    }

    /// Counts a job in; while any job runs, the higher limit applies.
    func jobStarted() {
        runningJobs.withLock { count in
            count += 1
            limit.store(jobLimit, ordering: .relaxed)
        }
    }

    /// Counts a job out. Returns true when it was the last one: the caller then checkpoints.
    func jobEnded() -> Bool {
        runningJobs.withLock { count in
            count -= 1
            guard count == 0 else { return false }
            limit.store(idleLimit, ordering: .relaxed)
            return true
        }
    }

    /// Replaces SQLite's automatic checkpoints on the writer connection by this policy.
    func install(on db: Database) {
        guard let connection = db.sqliteConnection else { return }
        sqlite3_wal_hook(
            connection,
            { context, connection, schema, frames in
                guard let context else { return SQLITE_OK }
                let policy = Unmanaged<WALCheckpoints>.fromOpaque(context).takeUnretainedValue()
                if frames >= policy.limit.load(ordering: .relaxed) {
                    // As SQLite's automatic checkpoint: passive (never waits for readers), errors ignored (the
                    // next commit tries again).
                    _ = sqlite3_wal_checkpoint_v2(connection, schema, SQLITE_CHECKPOINT_PASSIVE, nil, nil)
                }
                return SQLITE_OK
            },
            Unmanaged.passUnretained(self).toOpaque())
    }
}

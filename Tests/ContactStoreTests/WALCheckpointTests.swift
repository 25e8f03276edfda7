import ContactModel
import ContactStore
import Foundation
import Testing

/// SQLite checkpoints its WAL into the database file at the idle limit, puts that off while an import job runs, and
/// catches up once when the last job ends (docs/PERFORMANCE.md: checkpoints inside batches were a quarter of a job).
@Suite struct WALCheckpointTests {
    /// A store whose writer checkpoints past 8 WAL frames when idle and past 100,000 during a job.
    func store() throws -> (SQLiteStore, String) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("wal-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = directory + "/db.sqlite"
        let store = try SQLiteStore(path: path, checkpoints: WALCheckpoints(idleLimit: 8, jobLimit: 100_000))
        return (store, path)
    }

    func fileSize(_ path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    }

    /// Enough contacts to fill dozens of pages.
    func addContacts(_ store: SQLiteStore, workspaceId: Int64, count: Int) async throws {
        let filler = String(repeating: "x", count: 3000)  // one contact per 4 KB page
        for index in 0..<count {
            _ = try await store.createContact(
                workspaceId: workspaceId, contact: ContactDraft(firstName: "C\(index)", lastName: filler))
        }
    }

    @Test func aJobPutsCheckpointsOffUntilTheLastJobEnds() async throws {
        let (store, path) = try store()
        let workspace = try await store.createWorkspace(name: "WAL", ownerEmail: "wal@example.com", passwordHash: nil)
        let ws = workspace.workspace.id

        // Idle: the commits that pass the limit copy the WAL into the database file at once.
        let before = try fileSize(path)
        try await addContacts(store, workspaceId: ws, count: 40)
        let afterIdleWrites = try fileSize(path)
        #expect(afterIdleWrites > before + 40 * 2000)

        // During two overlapping jobs nothing is copied, however much is written…
        try await store.runningImportJob {
            try await store.runningImportJob {
                try await addContacts(store, workspaceId: ws, count: 40)
            }
            // …not even when the first of them ends.
            try await addContacts(store, workspaceId: ws, count: 40)
            #expect(try fileSize(path) == afterIdleWrites)
        }
        // The last one to end checkpoints: the 80 contacts reach the database file.
        #expect(try fileSize(path) > afterIdleWrites + 80 * 2000)
    }

    @Test func aFailingJobStillEndsAndCheckpoints() async throws {
        let (store, path) = try store()
        let workspace = try await store.createWorkspace(name: "WAL", ownerEmail: "wal@example.com", passwordHash: nil)
        let ws = workspace.workspace.id
        let before = try fileSize(path)
        struct Failure: Error {}
        await #expect(throws: Failure.self) {
            try await store.runningImportJob {
                try await addContacts(store, workspaceId: ws, count: 40)
                #expect(try fileSize(path) == before)
                throw Failure()
            }
        }
        #expect(try fileSize(path) > before + 40 * 2000)
        // Back to the idle limit: the next writes are copied at once.
        let afterJob = try fileSize(path)
        try await addContacts(store, workspaceId: ws, count: 40)
        #expect(try fileSize(path) > afterJob + 40 * 2000)
    }
}

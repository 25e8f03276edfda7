import ContactModel
import ContactStore
import Foundation
import ImportRules
import StoreTestSupport
import Testing

/// Jobs across servers: a processing import is claimed by one server at a time, under a lease it renews.
@Suite struct ImportLeaseContractTests {
    func processingImport(_ store: any DataStore, leasedTo claim: JobLeaseClaim? = nil) async throws -> Int64 {
        try await store.startedImport(rows: 1, leasedTo: claim).importId
    }

    @Test(arguments: StoreEngines.all)
    func aJobHeldByOneServerIsNotClaimedByAnother(engine: String) async throws {
        let store = try await StoreEngines.make(engine)
        let id = try await processingImport(store)

        #expect(try await store.claimImport(owner: "a", lease: .seconds(3600)) == id)
        #expect(try await store.claimImport(owner: "b", lease: .seconds(3600)) == nil)
        #expect(try await store.renewImportLease(importId: id, owner: "a", lease: .seconds(3600)))
        #expect(try await store.renewImportLease(importId: id, owner: "b", lease: .seconds(3600)) == false)
    }

    @Test(arguments: StoreEngines.all)
    func anImportStartedWithItsLeaseIsNeverClaimedByAServer(engine: String) async throws {
        let store = try await StoreEngines.make(engine)
        let id = try await processingImport(store, leasedTo: JobLeaseClaim(owner: "cli", lease: .seconds(3600)))

        #expect(try await store.claimImport(owner: "server", lease: .seconds(3600)) == nil)
        #expect(try await store.renewImportLease(importId: id, owner: "cli", lease: .seconds(3600)))
        try await store.releaseImportLease(importId: id, owner: "cli")
        #expect(try await store.claimImport(owner: "server", lease: .seconds(3600)) == id)
    }

    @Test(arguments: StoreEngines.all)
    func aLeaseThatRanOutIsTakenOverAndItsOldHolderCanNoLongerRenewIt(engine: String) async throws {
        let store = try await StoreEngines.make(engine)
        let id = try await processingImport(store)

        #expect(try await store.claimImport(owner: "a", lease: .zero) == id)
        #expect(try await store.claimImport(owner: "b", lease: .seconds(3600)) == id)
        #expect(try await store.renewImportLease(importId: id, owner: "a", lease: .seconds(3600)) == false)
        #expect(try await store.renewImportLease(importId: id, owner: "b", lease: .seconds(3600)))
    }

    @Test(arguments: StoreEngines.all)
    func aReleasedJobIsClaimedAtOnceAndFinishedJobsAreNeverClaimed(engine: String) async throws {
        let store = try await StoreEngines.make(engine)
        let id = try await processingImport(store)
        #expect(try await store.claimImport(owner: "a", lease: .seconds(3600)) == id)

        try await store.releaseImportLease(importId: id, owner: "b")  // not b's: no effect
        #expect(try await store.claimImport(owner: "b", lease: .seconds(3600)) == nil)
        try await store.releaseImportLease(importId: id, owner: "a")
        #expect(try await store.claimImport(owner: "b", lease: .seconds(3600)) == id)

        _ = try await store.failImport(importId: id, message: "stopped", keepUntil: Date(), now: Date())
        try await store.releaseImportLease(importId: id, owner: "b")
        #expect(try await store.claimImport(owner: "c", lease: .seconds(3600)) == nil)
        #expect(try await store.renewImportLease(importId: id, owner: "b", lease: .seconds(3600)) == false)
    }

    @Test(arguments: StoreEngines.all)
    func twoServersClaimingAtOnceNeverBothGetTheJob(engine: String) async throws {
        let store = try await StoreEngines.make(engine)
        let id = try await processingImport(store)

        let winners = try await withThrowingTaskGroup(of: Int64?.self) { group in
            for server in 0..<8 {
                group.addTask { try await store.claimImport(owner: "s\(server)", lease: .seconds(3600)) }
            }
            var claimed: [Int64] = []
            for try await result in group { if let result { claimed.append(result) } }
            return claimed
        }
        #expect(winners == [id])
    }
}

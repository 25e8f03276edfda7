import ContactStore
import Foundation
import StoreTestSupport
import Testing

/// SPEC §13 in the store: first run, settings, members and the last owner, passwords, reset links, named tokens and
/// the shared sign-in throttle records, on every engine.
@Suite struct SelfServiceContractTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    @Test(arguments: StoreEngines.all)
    func theFirstWorkspaceIsCreatedOnlyWhileNoUserExists(engine: String) async throws {
        let store = try await StoreEngines.make(engine)
        #expect(try await store.hasUsers() == false)

        let created = try #require(
            try await store.createFirstWorkspace(
                name: "Acme", timeZone: "Asia/Kuala_Lumpur", ownerEmail: "Owner@Acme.test", passwordHash: "hash",
                now: now))
        let again = try await store.createFirstWorkspace(
            name: "Other", timeZone: "UTC", ownerEmail: "x@y.test", passwordHash: "hash", now: now)

        #expect(again == nil)
        #expect(try await store.hasUsers())
        #expect(created.workspace.timeZone == "Asia/Kuala_Lumpur")
        #expect(try await store.role(userId: created.owner.id, workspaceId: created.workspace.id) == .owner)
        #expect(try await store.passwordCredential(email: "owner@acme.test")?.passwordHash == "hash")
        #expect(try await store.memberships(userId: created.owner.id).count == 1)
    }

    @Test(arguments: StoreEngines.all)
    func settingsChangeInOneStepAndFeedTheWorkspace(engine: String) async throws {
        let store = try await StoreEngines.make(engine)
        let created = try await store.createWorkspace(name: "Acme", ownerEmail: "o@acme.test", passwordHash: nil)

        let before = try #require(try await store.workspaceSettings(workspaceId: created.workspace.id))
        let after = try await store.updateWorkspaceSettings(workspaceId: created.workspace.id) {
            $0.name = "Acme Sdn Bhd"
            $0.timeZone = "Asia/Kuala_Lumpur"
            $0.defaultCountry = "MY"
        }

        #expect(before == WorkspaceSettings(name: "Acme", timeZone: "UTC"))
        #expect(after?.name == "Acme Sdn Bhd")
        #expect(try await store.workspaceSettings(workspaceId: created.workspace.id) == after)
        #expect(try await store.workspace(id: created.workspace.id)?.timeZone == "Asia/Kuala_Lumpur")
        #expect(try await store.updateWorkspaceSettings(workspaceId: 999_999) { $0.name = "x" } == nil)
    }

    @Test(arguments: StoreEngines.all)
    func membersAreAddedChangedAndRemovedButTheLastOwnerStays(engine: String) async throws {
        let store = try await StoreEngines.make(engine)
        let created = try await store.createWorkspace(name: "Acme", ownerEmail: "o@acme.test", passwordHash: "h")
        let other = try await store.createWorkspace(name: "Other", ownerEmail: "known@x.test", passwordHash: "h")
        let ws = created.workspace.id
        let owner = created.owner.id

        let added = try await store.addMember(workspaceId: ws, email: "New@Acme.test", role: .agent, now: now)
        let known = try await store.addMember(workspaceId: ws, email: "KNOWN@x.test", role: .manager, now: now)
        #expect(added.hasPassword == false)
        #expect(added.member.user.email == "New@Acme.test")
        #expect(added.member.role == .agent)
        #expect(known.hasPassword)
        #expect(known.member.user.id == other.owner.id)
        await #expect(throws: AccountError(.alreadyMember, "o@acme.test is already a member of this workspace.")) {
            _ = try await store.addMember(workspaceId: ws, email: "O@acme.test", role: .agent, now: now)
        }

        // The only owner can be neither demoted nor removed.
        await #expect(throws: AccountError.self) {
            _ = try await store.changeRole(workspaceId: ws, userId: owner, role: .manager)
        }
        await #expect(throws: AccountError.self) { _ = try await store.removeMember(workspaceId: ws, userId: owner) }
        #expect(try await store.role(userId: owner, workspaceId: ws) == .owner)

        // With a second owner, the first may go.
        #expect(try await store.changeRole(workspaceId: ws, userId: added.member.user.id, role: .owner)?.role == .owner)
        #expect(try await store.changeRole(workspaceId: ws, userId: owner, role: .manager)?.role == .manager)
        await #expect(throws: AccountError.self) {
            _ = try await store.removeMember(workspaceId: ws, userId: added.member.user.id)
        }
        #expect(try await store.removeMember(workspaceId: ws, userId: known.member.user.id))
        #expect(try await store.removeMember(workspaceId: ws, userId: known.member.user.id) == false)
        #expect(try await store.changeRole(workspaceId: ws, userId: 999_999, role: .agent) == nil)

        let members = try await store.members(workspaceId: ws).map { ($0.user.email, $0.role) }
        #expect(members.map(\.0) == ["New@Acme.test", "o@acme.test"])
        #expect(members.map(\.1) == [.owner, .manager])
        // Removed from one workspace, the user keeps the other.
        #expect(try await store.role(userId: other.owner.id, workspaceId: other.workspace.id) == .owner)
    }

    @Test(arguments: StoreEngines.all)
    func twoOwnersDemotingEachOtherAtOnceLeaveOneOwner(engine: String) async throws {
        let store = try await StoreEngines.make(engine)
        let created = try await store.createWorkspace(name: "Acme", ownerEmail: "a@acme.test", passwordHash: "h")
        let ws = created.workspace.id
        let second = try await store.addMember(workspaceId: ws, email: "b@acme.test", role: .owner, now: now)
        let ids = [created.owner.id, second.member.user.id]

        let outcomes = await withTaskGroup(of: Bool.self) { group in
            for id in ids {
                group.addTask { (try? await store.changeRole(workspaceId: ws, userId: id, role: .agent)) != nil }
            }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }

        #expect(outcomes.filter { $0 }.count == 1)
        #expect(try await store.members(workspaceId: ws).filter { $0.role == .owner }.count == 1)
    }

    @Test(arguments: StoreEngines.all)
    func removingAMemberDropsTheirNotificationsOfThatWorkspace(engine: String) async throws {
        let store = try await StoreEngines.make(engine)
        let created = try await store.createWorkspace(name: "Acme", ownerEmail: "o@acme.test", passwordHash: "h")
        let member = try await store.addMember(
            workspaceId: created.workspace.id, email: "m@acme.test", role: .manager, now: now)
        try await store.addNotification(
            NewNotification(
                userId: member.member.user.id, workspaceId: created.workspace.id, kind: "import.completed",
                message: "done", link: nil))

        #expect(try await store.notifications(userId: member.member.user.id).count == 1)
        #expect(try await store.removeMember(workspaceId: created.workspace.id, userId: member.member.user.id))
        #expect(try await store.notifications(userId: member.member.user.id).isEmpty)
    }

    @Test(arguments: StoreEngines.all)
    func changingThePasswordEndsTheOtherSessionsAndTheResetLinks(engine: String) async throws {
        let store = try await StoreEngines.make(engine)
        let created = try await store.createWorkspace(name: "Acme", ownerEmail: "o@acme.test", passwordHash: "old")
        let user = created.owner.id
        let kept = try await store.createWebSession(userId: user, lifetime: .seconds(3600), now: now)
        let other = try await store.createWebSession(userId: user, lifetime: .seconds(3600), now: now)
        let link = try await store.createPasswordReset(
            userId: user, createdBy: nil, lifetime: .seconds(86_400), now: now)

        try await store.setPassword(userId: user, passwordHash: "new", keepingSession: kept.id)

        #expect(try await store.passwordCredential(userId: user)?.passwordHash == "new")
        #expect(try await store.webSession(id: kept.id, now: now) != nil)
        #expect(try await store.webSession(id: other.id, now: now) == nil)
        #expect(try await store.passwordReset(code: link.code, now: now) == .gone)

        try await store.setPassword(userId: user, passwordHash: "newer", keepingSession: nil)
        #expect(try await store.webSession(id: kept.id, now: now) == nil)
    }

    @Test(arguments: StoreEngines.all)
    func aResetLinkWorksOnceWithinItsTime(engine: String) async throws {
        let store = try await StoreEngines.make(engine)
        let created = try await store.createWorkspace(name: "Acme", ownerEmail: "o@acme.test", passwordHash: "old")
        let user = created.owner
        let session = try await store.createWebSession(userId: user.id, lifetime: .seconds(3600), now: now)
        let link = try await store.createPasswordReset(
            userId: user.id, createdBy: user.id, lifetime: .seconds(86_400), now: now)
        let later = try await store.createPasswordReset(
            userId: user.id, createdBy: nil, lifetime: .seconds(86_400), now: now)
        let expiresAt = now.addingTimeInterval(86_400)

        #expect(link.expiresAt == expiresAt)
        #expect(try await store.passwordReset(code: link.code, now: now) == .valid(user: user, expiresAt: expiresAt))
        // Another first character (a random code may itself start with "x").
        let forged = (link.code.first == "x" ? "y" : "x") + link.code.dropFirst()
        #expect(try await store.passwordReset(code: forged, now: now) == .unknown)
        #expect(try await store.passwordReset(code: "short", now: now) == .unknown)
        // Past its 24 hours it changes nothing.
        #expect(try await store.usePasswordReset(code: link.code, passwordHash: "late", now: expiresAt) == .gone)
        #expect(try await store.passwordCredential(userId: user.id)?.passwordHash == "old")

        #expect(
            try await store.usePasswordReset(code: link.code, passwordHash: "new", now: now)
                == .valid(user: user, expiresAt: expiresAt))
        #expect(try await store.passwordCredential(userId: user.id)?.passwordHash == "new")
        #expect(try await store.webSession(id: session.id, now: now) == nil)
        // Used: the link and every other link of the user are gone.
        #expect(try await store.usePasswordReset(code: link.code, passwordHash: "again", now: now) == .gone)
        #expect(try await store.usePasswordReset(code: later.code, passwordHash: "again", now: now) == .gone)
        #expect(try await store.passwordCredential(userId: user.id)?.passwordHash == "new")
    }

    @Test(arguments: StoreEngines.all)
    func namedTokensAreListedAndARevokedTokenIsRefusedAtOnce(engine: String) async throws {
        let store = try await StoreEngines.make(engine)
        let created = try await store.createWorkspace(name: "Acme", ownerEmail: "o@acme.test", passwordHash: nil)
        let someoneElse = try await store.createWorkspace(name: "B", ownerEmail: "b@b.test", passwordHash: nil)
        let user = created.owner.id

        let made = try await store.createAPIToken(userId: user, name: "CI", now: now)
        let tokens = try await store.apiTokens(userId: user)

        #expect(tokens.map(\.name) == [nil, "CI"])
        #expect(tokens.last == made.info)
        #expect(try await store.user(forToken: made.token)?.id == user)
        #expect(try await store.revokeAPIToken(userId: someoneElse.owner.id, tokenId: made.info.id) == false)
        #expect(try await store.revokeAPIToken(userId: user, tokenId: made.info.id))
        #expect(try await store.user(forToken: made.token) == nil)
        #expect(try await store.user(forToken: created.token)?.id == user)
        #expect(try await store.apiTokens(userId: user).count == 1)
    }

    @Test(arguments: StoreEngines.all)
    func throttleRecordsAreReadChangedAndForgotten(engine: String) async throws {
        let store = try await StoreEngines.make(engine)
        let record = SignInThrottleRecord(
            failures: 3, windowStart: now, lockouts: 1, lockedUntil: now.addingTimeInterval(60))

        try await store.updateSignInThrottle(key: "email:a@b.test", now: now) {
            #expect($0 == nil)
            $0 = record
        }
        try await store.updateSignInThrottle(key: "email:a@b.test", now: now) {
            #expect($0 == record)
            $0?.failures += 1
        }
        #expect(
            try await store.signInThrottles(keys: ["email:a@b.test", "address:1.2.3.4"])["email:a@b.test"]?.failures
                == 4)

        try await store.updateSignInThrottle(key: "email:a@b.test", now: now) { $0 = nil }
        #expect(try await store.signInThrottles(keys: ["email:a@b.test"]).isEmpty)

        // Records untouched for a day are forgotten when another is written.
        try await store.updateSignInThrottle(key: "address:1.2.3.4", now: now) { $0 = record }
        try await store.updateSignInThrottle(key: "address:5.6.7.8", now: now.addingTimeInterval(86_401)) {
            $0 = record
        }
        #expect(
            try await store.signInThrottles(keys: ["address:1.2.3.4", "address:5.6.7.8"]).keys.sorted() == [
                "address:5.6.7.8"
            ])
    }

    @Test(arguments: StoreEngines.all)
    func serversCountingOneKeyAtOnceLoseNoFailure(engine: String) async throws {
        let store = try await StoreEngines.make(engine)
        let start = now
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<20 {
                group.addTask {
                    try? await store.updateSignInThrottle(key: "email:a@b.test", now: start) {
                        var record = $0 ?? SignInThrottleRecord(windowStart: start)
                        record.failures += 1
                        $0 = record
                    }
                }
            }
        }
        #expect(try await store.signInThrottles(keys: ["email:a@b.test"])["email:a@b.test"]?.failures == 20)
    }
}

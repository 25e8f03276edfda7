import ContactStore
import Foundation
import StoreTestSupport
import Testing

@Suite struct WebSessionsContractTests {
    @Test(arguments: StoreEngines.all)
    func aSessionIdFindsItsUserUntilItExpiresOrIsDeleted(engine: String) async throws {
        let store = try await StoreEngines.make(engine)
        let created = try await store.createWorkspace(name: "Acme", ownerEmail: "o@acme.test", passwordHash: "$2b$hash")
        let now = Date()

        let new = try await store.createWebSession(userId: created.owner.id, lifetime: .seconds(60), now: now)

        #expect(new.id.count >= 43)  // 256 random bits, base64url
        #expect(new.session.user == created.owner)
        let found = try await store.webSession(id: new.id, now: now.addingTimeInterval(30))
        #expect(found?.user == created.owner)
        #expect(found?.csrfToken == new.session.csrfToken)
        #expect(try await store.webSession(id: new.id, now: now.addingTimeInterval(61)) == nil)
        #expect(try await store.webSession(id: new.id + "x", now: now) == nil)
        #expect(try await store.webSession(id: "", now: now) == nil)
        #expect(try await store.webSession(id: "../../etc/passwd", now: now) == nil)

        try await store.deleteWebSession(id: new.id)
        #expect(try await store.webSession(id: new.id, now: now) == nil)
    }

    @Test(arguments: StoreEngines.all)
    func twoSessionsHaveDifferentIdsAndTokens(engine: String) async throws {
        let store = try await StoreEngines.make(engine)
        let created = try await store.createWorkspace(name: "Acme", ownerEmail: "o@acme.test", passwordHash: nil)
        let a = try await store.createWebSession(userId: created.owner.id, lifetime: .seconds(60), now: Date())
        let b = try await store.createWebSession(userId: created.owner.id, lifetime: .seconds(60), now: Date())
        #expect(a.id != b.id)
        #expect(a.session.csrfToken != b.session.csrfToken)
    }

    @Test(arguments: StoreEngines.all)
    func thePasswordCredentialIsFoundByEmailIgnoringCase(engine: String) async throws {
        let store = try await StoreEngines.make(engine)
        let created = try await store.createWorkspace(
            name: "Acme", ownerEmail: "Owner@Acme.test", passwordHash: "$2b$x")
        let agent = try await store.addUser(
            workspaceId: created.workspace.id, email: "a@acme.test", role: .agent, passwordHash: nil)

        let owner = try await store.passwordCredential(email: "owner@ACME.test")
        #expect(owner?.user == created.owner)
        #expect(owner?.passwordHash == "$2b$x")
        #expect(try await store.passwordCredential(email: "a@acme.test")?.user == agent.user)
        #expect(try await store.passwordCredential(email: "a@acme.test")?.passwordHash == nil)
        #expect(try await store.passwordCredential(email: "nobody@acme.test") == nil)
    }

    @Test(arguments: StoreEngines.all)
    func membershipsListEveryWorkspaceWithItsRole(engine: String) async throws {
        let store = try await StoreEngines.make(engine)
        let beta = try await store.createWorkspace(name: "Beta", ownerEmail: "sam@x.test", passwordHash: nil)
        let alpha = try await store.createWorkspace(name: "Alpha", ownerEmail: "boss@x.test", passwordHash: nil)
        _ = try await store.addUser(
            workspaceId: alpha.workspace.id, email: "sam@x.test", role: .agent, passwordHash: nil)

        let memberships = try await store.memberships(userId: beta.owner.id)
        #expect(memberships.map(\.workspace.name) == ["Alpha", "Beta"])
        #expect(memberships.map(\.role) == [.agent, .owner])
    }

    @Test(arguments: StoreEngines.all)
    func notificationsCanBeMarkedReadOneByOneOrAll(engine: String) async throws {
        let store = try await StoreEngines.make(engine)
        let created = try await store.createWorkspace(name: "Acme", ownerEmail: "o@acme.test", passwordHash: nil)
        for n in 1...3 {
            try await store.addNotification(
                NewNotification(
                    userId: created.owner.id, workspaceId: created.workspace.id, kind: "import", message: "n\(n)",
                    link: nil))
        }
        let ids = try await store.notifications(userId: created.owner.id).map(\.id)

        try await store.markNotificationsRead(userId: created.owner.id, ids: [ids[0]])
        #expect(try await store.notifications(userId: created.owner.id).map(\.read) == [true, false, false])
        try await store.markNotificationsRead(userId: created.owner.id, ids: nil)
        #expect(try await store.notifications(userId: created.owner.id).allSatisfy(\.read))
    }
}

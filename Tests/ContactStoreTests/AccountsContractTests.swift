import ContactStore
import StoreTestSupport
import Testing

@Suite struct AccountsContractTests {
    @Test(arguments: StoreEngines.all)
    func createdWorkspaceTokenIdentifiesTheOwner(engine: String) async throws {
        let store = try await StoreEngines.make(engine)
        let created = try await store.createWorkspace(name: "Acme", ownerEmail: "Owner@Acme.test", passwordHash: nil)

        let user = try await store.user(forToken: created.token)
        #expect(user == created.owner)
        #expect(try await store.role(userId: created.owner.id, workspaceId: created.workspace.id) == .owner)
        #expect(created.token.count > 40)
    }

    @Test(arguments: StoreEngines.all)
    func tokenWithWrongSecretOrShapeIsRefused(engine: String) async throws {
        let store = try await StoreEngines.make(engine)
        let created = try await store.createWorkspace(name: "Acme", ownerEmail: "o@acme.test", passwordHash: nil)
        var tampered = created.token
        let last = tampered.removeLast()
        tampered.append(last == "A" ? "B" : "A")

        #expect(try await store.user(forToken: tampered) == nil)
        #expect(try await store.user(forToken: "") == nil)
        #expect(try await store.user(forToken: "cit_999_abc") == nil)
        #expect(try await store.user(forToken: "not-a-token") == nil)
    }

    @Test(arguments: StoreEngines.all)
    func addingAnExistingEmailToAnotherWorkspaceReusesTheUser(engine: String) async throws {
        let store = try await StoreEngines.make(engine)
        let first = try await store.createWorkspace(name: "A", ownerEmail: "sam@x.test", passwordHash: nil)
        let second = try await store.createWorkspace(name: "B", ownerEmail: "boss@x.test", passwordHash: nil)

        let issued = try await store.addUser(
            workspaceId: second.workspace.id, email: "SAM@x.test", role: .agent, passwordHash: nil)

        #expect(issued.user.id == first.owner.id)
        #expect(try await store.role(userId: issued.user.id, workspaceId: second.workspace.id) == .agent)
        #expect(try await store.user(forToken: issued.token)?.id == first.owner.id)
        #expect(try await store.user(forToken: first.token)?.id == first.owner.id)
    }

    @Test(arguments: StoreEngines.all)
    func addingAMemberTwiceOrToAMissingWorkspaceIsRefused(engine: String) async throws {
        let store = try await StoreEngines.make(engine)
        let created = try await store.createWorkspace(name: "A", ownerEmail: "o@x.test", passwordHash: nil)

        await #expect(
            throws: StoreError(.conflict, "o@x.test is already a member of workspace \(created.workspace.id).")
        ) {
            _ = try await store.addUser(
                workspaceId: created.workspace.id, email: "o@x.test", role: .agent, passwordHash: nil)
        }
        await #expect(throws: StoreError.self) {
            _ = try await store.addUser(workspaceId: 9999, email: "n@x.test", role: .agent, passwordHash: nil)
        }
    }

    @Test(arguments: StoreEngines.all)
    func nonMembersHaveNoRole(engine: String) async throws {
        let store = try await StoreEngines.make(engine)
        let a = try await store.createWorkspace(name: "A", ownerEmail: "a@x.test", passwordHash: nil)
        let b = try await store.createWorkspace(name: "B", ownerEmail: "b@x.test", passwordHash: nil)

        #expect(try await store.role(userId: a.owner.id, workspaceId: b.workspace.id) == nil)
        #expect(try await store.role(userId: a.owner.id, workspaceId: 12345) == nil)
    }

    @Test(arguments: StoreEngines.all)
    func notificationsBelongToTheirUserNewestFirst(engine: String) async throws {
        let store = try await StoreEngines.make(engine)
        let a = try await store.createWorkspace(name: "A", ownerEmail: "a@x.test", passwordHash: nil)
        let b = try await store.createWorkspace(name: "B", ownerEmail: "b@x.test", passwordHash: nil)
        try await store.addNotification(
            .init(userId: a.owner.id, workspaceId: a.workspace.id, kind: "import", message: "one", link: "/x/1"))
        try await store.addNotification(
            .init(userId: a.owner.id, workspaceId: a.workspace.id, kind: "import", message: "two", link: nil))

        let mine = try await store.notifications(userId: a.owner.id)
        #expect(mine.map(\.message) == ["two", "one"])
        #expect(mine.allSatisfy { !$0.read })
        #expect(try await store.notifications(userId: b.owner.id).isEmpty)
    }
}

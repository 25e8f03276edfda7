import ContactModel
import ContactStore
import StoreTestSupport
import Testing

@Suite struct CustomFieldsContractTests {
    @Test(arguments: StoreEngines.all)
    func customFieldsListInCreationOrderPerWorkspace(engine: String) async throws {
        let store = try await StoreEngines.make(engine)
        let a = try await store.createWorkspace(name: "A", ownerEmail: "a@x.test", passwordHash: nil).workspace.id
        let b = try await store.createWorkspace(name: "B", ownerEmail: "b@x.test", passwordHash: nil).workspace.id
        let plan = CustomField(fieldId: "plan", name: "Plan", type: .list, options: ["Free", "Pro"])
        let company = CustomField(fieldId: "company", name: "Company", type: .text)

        _ = try await store.createCustomField(workspaceId: a, field: plan)
        _ = try await store.createCustomField(workspaceId: a, field: company)

        #expect(try await store.customFields(workspaceId: a) == [plan, company])
        #expect(try await store.customFields(workspaceId: b).isEmpty)
    }

    @Test(arguments: StoreEngines.all)
    func fieldNamesAreUniqueIgnoringCaseAndIdsAreUnique(engine: String) async throws {
        let store = try await StoreEngines.make(engine)
        let ws = try await store.createWorkspace(name: "A", ownerEmail: "a@x.test", passwordHash: nil).workspace.id
        _ = try await store.createCustomField(
            workspaceId: ws, field: CustomField(fieldId: "plan", name: "Plan", type: .text))

        await #expect(throws: StoreError.self) {
            _ = try await store.createCustomField(
                workspaceId: ws, field: CustomField(fieldId: "plan2", name: "PLAN", type: .text))
        }
        await #expect(throws: StoreError.self) {
            _ = try await store.createCustomField(
                workspaceId: ws, field: CustomField(fieldId: "plan", name: "Other", type: .text))
        }
        await #expect(throws: StoreError.self) {
            _ = try await store.createCustomField(
                workspaceId: ws, field: CustomField(fieldId: "em", name: "email", type: .text))
        }
        #expect(try await store.customFields(workspaceId: ws).count == 1)
    }
}

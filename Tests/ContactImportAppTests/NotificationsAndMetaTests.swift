import ContactStore
import Foundation
import HTTPTypes
import StoreTestSupport
import Testing

@Suite struct NotificationsAndMetaTests {
    @Test(arguments: StoreEngines.all) func notificationsListOnlyTheCallersOwn(engine: String) async throws {
        let app = try await TestApp(engine)
        let team = try await app.team()
        let owner = try #require(try await app.store.user(forToken: team.owner))
        try await app.store.addNotification(
            .init(
                userId: owner.id, workspaceId: team.workspaceId, kind: "import.completed", message: "Done",
                link: "/imports/1"))
        try await app.run { client in
            let mine = try await client.send(.get, "/api/v1/notifications", token: team.owner).json
            let list = try #require(mine["notifications"] as? [[String: Any]])
            #expect(list.count == 1)
            #expect(list.first?["message"] as? String == "Done")
            #expect(list.first?["read"] as? Bool == false)
            let theirs = try await client.send(.get, "/api/v1/notifications", token: team.agent).json
            #expect((theirs["notifications"] as? [Any])?.isEmpty == true)
        }
    }

    @Test(arguments: StoreEngines.all) func theOpenAPIDocumentDescribesEveryRoute(engine: String) async throws {
        let app = try await TestApp(engine)
        try await app.run { client in
            let reply = try await client.send(.get, "/openapi.json")
            #expect(reply.status == .ok)
            let document = reply.json
            #expect((document["openapi"] as? String)?.hasPrefix("3.") == true)
            let paths = try #require(document["paths"] as? [String: [String: Any]])
            for route in workspaceRoutes {
                let template = "/api/v1/workspaces/{ws}/" + EveryRouteAccessTests.template(route.path)
                #expect(paths[template]?[route.method.lowercased()] != nil, "\(route.method) \(template)")
            }
            #expect(paths["/api/v1/notifications"]?["get"] != nil)
        }
    }
}

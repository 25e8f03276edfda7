import ContactModel
import ContactStore
import Foundation
import HTTPTypes
import ImportRules
import StoreTestSupport
import Testing

/// What the review says an import will overwrite (SPEC §5.5): the contacts that will have a value replaced or
/// cleared, and those that will lose tags, in the review's answer, the import and a correction's answer.
@Suite struct ReviewOverwritesAPITests {
    static var mapping: [[String: Any]] {
        ["firstName", "lastName", "phone", "email", "tags"].enumerated().map {
            ["column": $0.offset, "field": $0.element]
        }
    }

    static var config: [String: Any] { ["purpose": "addAndUpdate", "identifier": "phone", "mapping": mapping] }

    /// Row 1 replaces Ann's last name and drops her tag `kl`, row 2 clears Bob's email, row 3 only fills Cat's empty
    /// email and gives her a first tag, row 4 is a new contact.
    static let csv = """
        First Name,Last Name,Phone,Email,Tags
        Ann,Lim,+60111111111,ann@x.test,vip
        Bob,,+60122222222,,vip
        Cat,Tan,+60133333333,cat@x.test,new
        Dan,,+60144444444,dan@x.test,

        """

    static let counts = ["imported", "updated", "skipped", "errors"]

    static func summary(_ json: [String: Any]) -> [String: Int] {
        (json["summary"] as? [String: Int]) ?? [:]
    }

    @Test(arguments: StoreEngines.all)
    func theReviewCountsTheContactsWhoseValuesOrTagsAnUpdateOverwrites(engine: String) async throws {
        let app = try await TestApp(engine)
        let team = try await app.team()
        let ws = team.workspaceId
        for contact in [
            ContactDraft(
                firstName: "Ann", lastName: "Lee", phone: "+60111111111", email: "ann@x.test", tags: ["vip", "kl"]),
            ContactDraft(firstName: "Bob", phone: "+60122222222", email: "bob@x.test", tags: ["vip"]),
            ContactDraft(firstName: "Cat", lastName: "Tan", phone: "+60133333333"),
        ] {
            _ = try await app.store.createContact(workspaceId: ws, contact: contact)
        }
        try await app.run { client in
            let (id, review) = try await client.prepare(ws, Self.csv, token: team.owner, config: Self.config)
            #expect(review.status == .ok, "\(review.text)")
            let expected = [
                "imported": 1, "updated": 3, "skipped": 0, "errors": 0, "valuesReplaced": 1, "valuesCleared": 1,
                "tagsRemoved": 1,
            ]
            #expect(Self.summary(review.json) == expected)
            let base = "/api/v1/workspaces/\(ws)/imports/\(id)"
            #expect(Self.summary(try await client.send(.get, base, token: team.manager).json) == expected)

            // A correction making row 1 an Error takes its overwrites back; putting Ann's values back leaves only
            // Bob's email.
            let broken = try await client.send(
                .patch, "\(base)/rows/1", token: team.owner, json: ["values": ["3": "ann-at-x"]])
            #expect(broken.status == .ok, "\(broken.text)")
            #expect(
                Self.summary(broken.json) == [
                    "imported": 1, "updated": 2, "skipped": 0, "errors": 1, "valuesReplaced": 0, "valuesCleared": 1,
                    "tagsRemoved": 0,
                ])
            let kept = try await client.send(
                .patch, "\(base)/rows/1", token: team.owner,
                json: ["values": ["1": "Lee", "3": "ann@x.test", "4": "kl, vip"]])
            let onlyCleared = [
                "imported": 1, "updated": 3, "skipped": 0, "errors": 0, "valuesReplaced": 0, "valuesCleared": 1,
                "tagsRemoved": 0,
            ]
            #expect(Self.summary(kept.json) == onlyCleared)
            #expect(Self.summary(try await client.send(.get, base, token: team.owner).json) == onlyCleared)

            // Configured again, the import is a draft: the review's counts are gone until it is reviewed again.
            let configured = try await client.send(.put, "\(base)/config", token: team.owner, json: Self.config)
            #expect(Set(Self.summary(configured.json).keys) == Set(Self.counts))
            let again = try await client.send(.post, "\(base)/review", token: team.owner)
            #expect(Self.summary(again.json) == onlyCleared)

            // The job leaves them as the review counted them.
            #expect(try await client.send(.post, "\(base)/start", token: team.owner).status == .accepted)
            let finished = try await client.waitUntilFinished(ws, id, token: team.owner)
            #expect(finished["status"] as? String == "completed")
            #expect(Self.summary(finished) == onlyCleared)
            let bob = try #require(
                try await app.store.existingContacts(
                    workspaceId: ws, keys: [.phone("+60122222222")], withValues: true)[.phone("+60122222222")]?.first)
            #expect(bob.email == nil)
        }
    }

    @Test(arguments: StoreEngines.all)
    func anImportThatOverwritesNothingHasNoOverwriteCounts(engine: String) async throws {
        let app = try await TestApp(engine)
        let team = try await app.team()
        let ws = team.workspaceId
        _ = try await app.store.createContact(
            workspaceId: ws,
            contact: ContactDraft(firstName: "Ann", lastName: "Lee", phone: "+60111111111", tags: ["vip", "kl"]))
        try await app.run { client in
            // Adding only: the matched row is Skipped, whatever it holds.
            let (addOnly, added) = try await client.prepare(
                ws, Self.csv, token: team.owner,
                config: ["purpose": "addNew", "identifier": "phone", "mapping": Self.mapping])
            #expect(Self.summary(added.json) == ["imported": 3, "updated": 0, "skipped": 1, "errors": 0])
            let record = try await client.send(.get, "/api/v1/workspaces/\(ws)/imports/\(addOnly)", token: team.owner)
            #expect(Set(Self.summary(record.json).keys) == Set(Self.counts))
            _ = try await client.send(.delete, "/api/v1/workspaces/\(ws)/imports/\(addOnly)", token: team.owner)

            // Updating with Do Not Overwrite on every column: values only fill empty fields and tags are added.
            let dno = Self.mapping.map { $0.merging(["doNotOverwrite": true]) { $1 } }
            let (_, review) = try await client.prepare(
                ws, Self.csv, token: team.owner,
                config: ["purpose": "updateExisting", "identifier": "phone", "mapping": dno])
            #expect(review.status == .ok, "\(review.text)")
            #expect(Self.summary(review.json) == ["imported": 0, "updated": 1, "skipped": 3, "errors": 0])
        }
    }
}

import ContactImportApp
import ContactStore
import Foundation
import HTTPTypes
import StoreTestSupport
import Testing

/// Merge Suggestions, merging, Contact Activity and export over the API (SPEC §14), on each engine.
@Suite struct ContactMergeAPITests {
    func activity(_ client: TestApp.Client, _ ws: Int64, _ id: Int, token: String) async throws -> [[String: Any]] {
        let reply = try await client.send(.get, "/api/v1/workspaces/\(ws)/contacts/\(id)/activity", token: token)
        guard reply.status == .ok else { throw TestFailure("activity answered \(reply.status): \(reply.text)") }
        return reply.json["activity"] as? [[String: Any]] ?? []
    }

    @Test(arguments: StoreEngines.all)
    func duplicatesAreGroupedAndMergedIntoOneContact(engine: String) async throws {
        let app = try await TestApp(engine)
        let team = try await app.team()
        let ws = team.workspaceId
        let base = "/api/v1/workspaces/\(ws)"
        try await app.run { client in
            try await client.createPlanField(ws, token: team.owner)
            let ann = try await client.addContact(
                ws, token: team.owner, ["firstName": "Ann", "phone": "+60111111111", "tags": ["vip", "kl"]])
            let ann2 = try await client.addContact(
                ws, token: team.owner,
                [
                    "firstName": "Annie", "lastName": "Tan", "phone": "+60111111111", "email": "Ann@Example.com",
                    "tags": ["kl", "web"], "custom": ["plan": "Pro"],
                ])
            let ann3 = try await client.addContact(
                ws, token: team.owner, ["firstName": "A.", "email": "ann@example.COM", "language": "ms"])
            _ = try await client.addContact(ws, token: team.owner, ["firstName": "Solo", "phone": "+60199999999"])

            // Agents neither see the suggestions nor merge.
            #expect(try await client.send(.get, "\(base)/contacts/duplicates", token: team.agent).status == .forbidden)
            let refused = try await client.send(
                .post, "\(base)/contacts/merge", token: team.agent, json: ["keep": ann, "others": [ann2]])
            #expect(refused.status == .forbidden)

            let byPhone = try await client.send(.get, "\(base)/contacts/duplicates?by=phone", token: team.manager)
            #expect(byPhone.status == .ok)
            let phoneGroups = try #require(byPhone.json["groups"] as? [[String: Any]])
            #expect(phoneGroups.map { $0["key"] as? String } == ["+60111111111"])
            #expect(
                (phoneGroups.first?["contacts"] as? [[String: Any]])?.compactMap { $0["id"] as? Int } == [ann, ann2])
            #expect(byPhone.json["nextCursor"] is NSNull)
            let byEmail = try await client.send(.get, "\(base)/contacts/duplicates?by=email", token: team.manager)
            let emailGroups = try #require(byEmail.json["groups"] as? [[String: Any]])
            #expect(emailGroups.map { $0["key"] as? String } == ["ann@example.com"])
            #expect(emailGroups.first?["size"] as? Int == 2)
            let badBy = try await client.send(.get, "\(base)/contacts/duplicates?by=name", token: team.owner)
            #expect(badBy.status == .badRequest)
            let badCursor = try await client.send(.get, "\(base)/contacts/duplicates?cursor=zz", token: team.owner)
            #expect(badCursor.status == .badRequest)

            // Refusals name what is wrong and change nothing.
            let bad = try await client.send(
                .post, "\(base)/contacts/merge", token: team.owner,
                json: ["keep": ann, "others": [ann], "take": ["tags": ann2]])
            #expect(bad.status == .badRequest)
            #expect(bad.text.contains("take.tags"))
            let outsider = try await client.send(
                .post, "\(base)/contacts/merge", token: team.owner,
                json: ["keep": ann, "others": [ann2], "take": ["lastName": ann3]])
            #expect(outsider.status == .badRequest)
            #expect(outsider.text.contains("#\(ann3)"))

            // Keep Ann; her first name stays hers, the last name and plan come from Annie (Ann has none), the email
            // is chosen from A., the language too (the first non-empty); tags are the union.
            let merged = try await client.send(
                .post, "\(base)/contacts/merge", token: team.manager,
                json: ["keep": ann, "others": [ann2, ann3], "take": ["email": ann3]])
            #expect(merged.status == .ok)
            #expect(merged.json["id"] as? Int == ann)
            #expect(merged.json["firstName"] as? String == "Ann")
            #expect(merged.json["lastName"] as? String == "Tan")
            #expect(merged.json["email"] as? String == "ann@example.COM")
            #expect(merged.json["language"] as? String == "ms")
            #expect(merged.json["tags"] as? [String] == ["vip", "kl", "web"])
            #expect((merged.json["custom"] as? [String: Any])?["plan"] as? String == "Pro")
            #expect(try await client.send(.get, "\(base)/contacts/\(ann2)", token: team.owner).status == .notFound)
            #expect(try await client.send(.get, "\(base)/contacts/\(ann3)", token: team.owner).status == .notFound)
            // The tag index follows the merge.
            let web = try await client.send(.get, "\(base)/contacts?tag=web", token: team.owner).json
            #expect((web["contacts"] as? [[String: Any]])?.compactMap { $0["id"] as? Int } == [ann])
            // Nothing is left to suggest.
            let after = try await client.send(.get, "\(base)/contacts/duplicates?by=phone", token: team.owner).json
            #expect((after["groups"] as? [[String: Any]])?.isEmpty == true)

            // The kept contact's activity says what was merged into it, by whom; it was created before.
            let history = try await activity(client, ws, ann, token: team.agent)
            #expect(history.map { $0["kind"] as? String } == ["merged", "created"])
            #expect(history.first?["by"] as? String == "manager@acme.test")
            let from = try #require(history.first?["mergedFrom"] as? [[String: Any]])
            #expect(from.compactMap { $0["id"] as? Int } == [ann2, ann3])
            #expect((history.first?["details"] as? String)?.contains("#\(ann2) (Annie Tan)") == true)

            // A contact that is gone, or of another workspace, makes the whole merge a 404 and changes nothing.
            let other = try await app.team("Other")
            let theirs = try await client.addContact(other.workspaceId, token: other.owner, ["firstName": "Zed"])
            let across = try await client.send(
                .post, "\(base)/contacts/merge", token: team.owner, json: ["keep": ann, "others": [theirs]])
            #expect(across.status == .notFound)
            let gone = try await client.send(
                .post, "\(base)/contacts/merge", token: team.owner, json: ["keep": ann, "others": [ann2]])
            #expect(gone.status == .notFound)
            #expect(
                try await client.send(.get, "\(base)/contacts/\(theirs)/activity", token: team.owner).status
                    == .notFound)
            #expect(
                try await client.send(
                    .get, "/api/v1/workspaces/\(other.workspaceId)/contacts/\(theirs)", token: other.owner
                )
                .status == .ok)
        }
    }

    @Test(arguments: StoreEngines.all)
    func duplicatePagesFollowTheirCursorWithoutRepeats(engine: String) async throws {
        let app = try await TestApp(engine)
        let team = try await app.team()
        let ws = team.workspaceId
        try await app.run { client in
            let phones = ["+60133333333", "+60111111111", "+60122222222"]
            for phone in phones {
                for name in ["One", "Two"] {
                    _ = try await client.addContact(ws, token: team.owner, ["firstName": name, "phone": phone])
                }
            }
            _ = try await client.addContact(ws, token: team.owner, ["firstName": "Solo", "phone": "+60100000000"])
            var keys: [String] = []
            var cursor: String?
            var pages = 0
            repeat {
                let page = try await client.send(
                    .get,
                    "/api/v1/workspaces/\(ws)/contacts/duplicates?by=phone&limit=1"
                        + (cursor.map { "&cursor=\($0)" } ?? ""), token: team.owner
                ).json
                let groups = page["groups"] as? [[String: Any]] ?? []
                #expect(groups.count <= 1)
                keys += groups.compactMap { $0["key"] as? String }
                cursor = page["nextCursor"] as? String
                pages += 1
            } while cursor != nil && pages < 10
            #expect(keys == phones.sorted())
        }
    }

    @Test(arguments: StoreEngines.all)
    func activityShowsImportsEditsAndUndo(engine: String) async throws {
        let app = try await TestApp(engine)
        let team = try await app.team()
        let ws = team.workspaceId
        let base = "/api/v1/workspaces/\(ws)"
        try await app.run { client in
            let ben = try await client.addContact(ws, token: team.owner, ["firstName": "Ben", "phone": "+60122222222"])
            let untouched = try await client.addContact(
                ws, token: team.owner, ["firstName": "Same", "phone": "+60133333333"])
            let mapping = ["firstName", "phone"].enumerated().map { ["column": $0.offset, "field": $0.element] }
            let finished = try await client.runImport(
                ws,
                """
                First Name,Phone Number
                Benjamin,+60122222222
                Same,+60133333333
                Cat,+60144444444

                """,
                token: team.manager,
                config: ["purpose": "addAndUpdate", "identifier": "phone", "importTag": NSNull(), "mapping": mapping])
            let importId = try #require(finished["id"] as? Int)
            let cat = try #require(
                (try await client.send(.get, "\(base)/contacts?search=Cat", token: team.owner).json["contacts"]
                    as? [[String: Any]])?.first?["id"] as? Int)

            let benHistory = try await activity(client, ws, ben, token: team.owner)
            #expect(benHistory.map { $0["kind"] as? String } == ["import_updated", "created"])
            #expect(benHistory.first?["importId"] as? Int == importId)
            #expect(benHistory.first?["by"] as? String == "manager@acme.test")
            #expect((benHistory.first?["details"] as? String)?.contains("import #\(importId)") == true)
            let catHistory = try await activity(client, ws, cat, token: team.owner)
            #expect(catHistory.map { $0["kind"] as? String } == ["import_added"])
            // A row that changed nothing wrote nothing.
            let sameHistory = try await activity(client, ws, untouched, token: team.owner)
            #expect(sameHistory.map { $0["kind"] as? String } == ["created"])

            let edited = try await client.send(
                .patch, "\(base)/contacts/\(untouched)", token: team.agent, json: ["lastName": "Changed"])
            #expect(edited.status == .ok)
            let unchanged = try await client.send(
                .patch, "\(base)/contacts/\(untouched)", token: team.agent, json: ["lastName": "Changed"])
            #expect(unchanged.status == .ok)
            let editedHistory = try await activity(client, ws, untouched, token: team.owner)
            #expect(editedHistory.map { $0["kind"] as? String } == ["edited", "created"])
            #expect(editedHistory.first?["by"] as? String == "agent@acme.test")

            let undo = try await client.send(.post, "\(base)/imports/\(importId)/undo", token: team.owner)
            #expect(undo.status == .accepted)
            _ = try await client.waitUntilUndone(ws, importId, token: team.owner)
            let restored = try await activity(client, ws, ben, token: team.owner)
            #expect(restored.map { $0["kind"] as? String } == ["undo_restored", "import_updated", "created"])
            #expect(restored.first?["by"] as? String == "owner@acme.test")
            #expect(
                try await client.send(.get, "\(base)/contacts/\(cat)/activity", token: team.owner).status == .notFound)
        }
    }

    @Test(arguments: StoreEngines.all)
    func anExportImportsBackByContactIdChangingNothing(engine: String) async throws {
        let app = try await TestApp(engine)
        let team = try await app.team()
        let ws = team.workspaceId
        let base = "/api/v1/workspaces/\(ws)"
        try await app.run { client in
            try await client.createPlanField(ws, token: team.owner)
            let ann = try await client.addContact(
                ws, token: team.owner,
                [
                    "firstName": "Ann", "lastName": "O'Neil, Jr.", "phone": "+60111111111",
                    "email": "ann@example.com", "language": "ms", "country": "MY", "tags": ["vip", "kuala lumpur"],
                    "custom": ["plan": "Pro"],
                ])
            let ben = try await client.addContact(
                ws, token: team.owner, ["firstName": "Ben \"B\"", "phone": "+60122222222", "tags": ["vip"]])
            let zoe = try await client.addContact(
                ws, token: team.owner, ["firstName": "Zoë", "email": "z@example.com"])
            let before = try await client.contactsSnapshot(ws, token: team.owner)

            #expect(try await client.send(.get, "\(base)/contacts/export", token: team.agent).status == .forbidden)
            let export = try await client.send(.get, "\(base)/contacts/export", token: team.manager)
            #expect(export.status == .ok)
            #expect(export.headers[.contentType] == "text/csv; charset=utf-8")
            let rows = parseCSV(export.text)
            #expect(
                rows.first == [
                    "Contact ID", "First Name", "Last Name", "Phone Number", "Email", "Language", "Country", "Tags",
                    "Plan",
                ])
            #expect(Set(rows.dropFirst().map { $0[0] }) == Set([ann, ben, zoe].map(String.init)))
            #expect(
                rows.first { $0[0] == String(ann) } == [
                    String(ann), "Ann", "O'Neil, Jr.", "+60111111111", "ann@example.com", "ms", "MY",
                    "vip, kuala lumpur", "Pro",
                ])

            // The search and the tag of the list choose the rows.
            let vip = parseCSV(try await client.send(.get, "\(base)/contacts/export?tag=vip", token: team.owner).text)
            #expect(Set(vip.dropFirst().map { $0[0] }) == Set([ann, ben].map(String.init)))
            let searched = parseCSV(
                try await client.send(.get, "\(base)/contacts/export?search=Zo%C3%AB", token: team.owner).text)
            #expect(searched.dropFirst().map { $0[0] } == [String(zoe)])

            // The file imports back with Update Existing by Contact ID, every column mapped, and changes nothing.
            let fields = ["contactId", "firstName", "lastName", "phone", "email", "language", "country", "tags"]
            let mapping = (fields + ["custom.plan"]).enumerated().map { ["column": $0.offset, "field": $0.element] }
            let finished = try await client.runImport(
                ws, export.text, token: team.owner,
                config: [
                    "purpose": "updateExisting", "identifier": "contactId", "importTag": NSNull(), "mapping": mapping,
                ])
            #expect((finished["summary"] as? [String: Any])?["errors"] as? Int == 0)
            #expect(try await client.contactsSnapshot(ws, token: team.owner) == before)
            for id in [ann, ben, zoe] {
                let kinds = try await activity(client, ws, id, token: team.owner).map { $0["kind"] as? String }
                #expect(kinds == ["created"])
            }
        }
    }

    @Test(arguments: StoreEngines.all)
    func anExportNeutralisesFormulasButLeavesPhonesAndNumbers(engine: String) async throws {
        let app = try await TestApp(engine)
        let team = try await app.team()
        let ws = team.workspaceId
        try await app.run { client in
            let field = try await client.send(
                .post, "/api/v1/workspaces/\(ws)/contact-fields", token: team.owner,
                json: ["name": "Note", "fieldId": "note", "type": "text"])
            #expect(field.status == .created)
            let id = try await client.addContact(
                ws, token: team.owner,
                ["firstName": "Eve", "phone": "+60111111111", "custom": ["note": "=HYPERLINK(\"http://x.test\")"]])
            let rows = parseCSV(
                try await client.send(.get, "/api/v1/workspaces/\(ws)/contacts/export", token: team.owner).text)
            #expect(rows.last?[0] == String(id))
            #expect(rows.last?[3] == "+60111111111")
            #expect(rows.last?[8] == "'=HYPERLINK(\"http://x.test\")")
        }
    }

    @Test(arguments: StoreEngines.all)
    func anExportDuringAnImportListsEachContactOnce(engine: String) async throws {
        let app = try await TestApp(engine)
        let team = try await app.team()
        let ws = team.workspaceId
        let base = "/api/v1/workspaces/\(ws)"
        try await app.run { client in
            var csv = "First Name,Phone Number\n"
            for index in 0..<3000 { csv += "Person \(index),+6012\(String(format: "%07d", index))\n" }
            let mapping = ["firstName", "phone"].enumerated().map { ["column": $0.offset, "field": $0.element] }
            let (id, review) = try await client.prepare(
                ws, csv, token: team.owner,
                config: ["purpose": "addNew", "identifier": "phone", "importTag": NSNull(), "mapping": mapping])
            #expect(review.status == .ok)
            let started = try await client.send(.post, "\(base)/imports/\(id)/start", token: team.owner)
            #expect(started.status == .accepted || started.status == .ok)
            let during = try await client.send(.get, "\(base)/contacts/export", token: team.owner)
            #expect(during.status == .ok)
            let ids = parseCSV(during.text).dropFirst().map { $0[0] }
            #expect(Set(ids).count == ids.count)
            let finished = try await client.waitUntilFinished(ws, id, token: team.owner)
            #expect(finished["status"] as? String == "completed")
            let after = parseCSV(try await client.send(.get, "\(base)/contacts/export", token: team.owner).text)
            #expect(after.count == 3001)
        }
    }
}

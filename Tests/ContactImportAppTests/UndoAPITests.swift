import ContactImportApp
import ContactStore
import Foundation
import HTTPTypes
import ImportRules
import StoreTestSupport
import Testing

/// Undoing an import over the API (SPEC §12), on each engine: the whole workspace comes back to what it was before
/// the import, except the contacts changed since, which the undo file lists.
@Suite struct UndoAPITests {
    /// First Name, Last Name, Phone Number, Email, Tags, Plan (a custom list field).
    func mapping(tagsDoNotOverwrite: Bool = false) -> [[String: Any]] {
        ["firstName", "lastName", "phone", "email", "tags", "custom.plan"].enumerated().map {
            ["column": $0.offset, "field": $0.element, "doNotOverwrite": $0.element == "tags" && tagsDoNotOverwrite]
        }
    }

    /// Upload, configure, review and start `csv` (Add and Update by phone, `mapping`); waits for the job's end.
    func runImport(
        _ client: TestApp.Client, _ ws: Int64, token: String, _ csv: String, tagsDoNotOverwrite: Bool = false
    ) async throws -> Int {
        let finished = try await client.runImport(
            ws, csv, token: token,
            config: [
                "purpose": "addAndUpdate", "identifier": "phone", "importTag": NSNull(),
                "mapping": mapping(tagsDoNotOverwrite: tagsDoNotOverwrite),
            ])
        guard let id = finished["id"] as? Int else { throw TestFailure("the import has no id: \(finished)") }
        return id
    }

    @Test(arguments: StoreEngines.all)
    func undoBringsTheWorkspaceBackExceptContactsChangedOrDeletedSince(engine: String) async throws {
        let app = try await TestApp(engine)
        let team = try await app.team()
        let ws = team.workspaceId
        let base = "/api/v1/workspaces/\(ws)"
        try await app.run { client in
            try await client.createPlanField(ws, token: team.owner)
            let ann = try await client.addContact(
                ws, token: team.owner,
                [
                    "firstName": "Ann", "lastName": "Tan", "phone": "+60111111111", "email": "ann@example.com",
                    "language": "ms", "tags": ["vip", "kl"], "custom": ["plan": "Pro"],
                ])
            let ben = try await client.addContact(
                ws, token: team.owner, ["firstName": "Ben", "phone": "+60122222222", "tags": ["old"]])
            let cal = try await client.addContact(ws, token: team.owner, ["firstName": "Cal", "phone": "+60133333333"])
            let dee = try await client.addContact(ws, token: team.owner, ["firstName": "Dee", "phone": "+60144444444"])
            let eve = try await client.addContact(ws, token: team.owner, ["firstName": "Eve", "phone": "+60155555555"])
            _ = try await client.addContact(ws, token: team.owner, ["firstName": "Untouched", "phone": "+60166666666"])
            let before = try await client.contactsSnapshot(ws, token: team.owner)

            // Ann: last name and email cleared, tags replaced, plan changed. Ben: a new email, tags replaced. Cal:
            // a last name filled in. Dee and Eve: renamed, then changed and deleted after the import. Two new.
            let id = try await runImport(
                client, ws, token: team.owner,
                """
                First Name,Last Name,Phone Number,Email,Tags,Plan
                Ann,,+60111111111,,new,Free
                Ben,,+60122222222,ben@example.com,"b1,b2",
                Cal,Lim,+60133333333,,,
                Dee2,,+60144444444,,,
                Eve2,,+60155555555,,,
                Fay,,+60177777777,fay@example.com,x,Pro
                Gus,,+60188888888,,,

                """)
            let imported = try await client.send(.get, "\(base)/imports/\(id)", token: team.owner).json
            #expect((imported["summary"] as? [String: Any])?["imported"] as? Int == 2)
            #expect((imported["summary"] as? [String: Any])?["updated"] as? Int == 5)
            let afterImport = try await client.contactsSnapshot(ws, token: team.owner)
            #expect(afterImport[ann]?["tags"] as? [String] == ["new"])
            #expect(afterImport[ann]?["lastName"] is NSNull)

            let edited = try await client.send(
                .patch, "\(base)/contacts/\(dee)", token: team.owner, json: ["lastName": "Changed"])
            #expect(edited.status == .ok)
            let deleted = try await client.send(.delete, "\(base)/contacts/\(eve)", token: team.owner)
            #expect(deleted.status == .noContent)
            let deeNow = try await client.contactsSnapshot(ws, token: team.owner)[dee]

            let preview = try await client.send(.get, "\(base)/imports/\(id)/undo-preview", token: team.owner)
            #expect(preview.status == .ok)
            #expect(preview.json["deleted"] as? Int == 2)
            #expect(preview.json["restored"] as? Int == 3)
            #expect(preview.json["kept"] as? Int == 2)
            #expect(preview.json["keptChanged"] as? Int == 1)
            #expect(preview.json["keptDeleted"] as? Int == 1)

            #expect(try await client.send(.post, "\(base)/imports/\(id)/undo", token: team.agent).status == .forbidden)
            let undo = try await client.send(.post, "\(base)/imports/\(id)/undo", token: team.manager)
            #expect(undo.status == .accepted)
            #expect(undo.json["status"] as? String == "undoing")
            let undone = try await client.waitUntilUndone(ws, id, token: team.owner)
            #expect(undone["status"] as? String == "undone")
            let summary = try #require(undone["undoSummary"] as? [String: Any])
            #expect(summary["deleted"] as? Int == 2)
            #expect(summary["restored"] as? Int == 3)
            #expect(summary["kept"] as? Int == 2)
            let progress = try #require(undone["undoProgress"] as? [String: Any])
            #expect(progress["done"] as? Int == 7 && progress["total"] as? Int == 7)
            #expect(undone["undoFileAvailable"] as? Bool == true)
            #expect(undone["resultsFileAvailable"] as? Bool == true)

            // The whole workspace is as before the import, but for Dee (changed since: as edited) and Eve (deleted).
            var expected = before
            expected[dee] = deeNow
            expected[eve] = nil
            let after = try await client.contactsSnapshot(ws, token: team.owner)
            #expect(after == expected)
            #expect(after[ann]?["tags"] as? [String] == ["vip", "kl"])
            #expect(after[ben]?["email"] is NSNull)
            #expect(after[cal]?["lastName"] is NSNull)
            // The tag index follows: the filter finds the restored tags and not the import's.
            let vip = try await client.send(.get, "\(base)/contacts?tag=vip", token: team.owner).json
            #expect((vip["contacts"] as? [[String: Any]])?.compactMap { $0["id"] as? Int } == [ann])
            let new = try await client.send(.get, "\(base)/contacts?tag=new", token: team.owner).json
            #expect((new["contacts"] as? [[String: Any]])?.isEmpty == true)

            let file = try await client.send(.get, "\(base)/imports/\(id)/undo-file", token: team.owner)
            #expect(file.status == .ok)
            #expect(file.headers[.contentType] == "text/csv; charset=utf-8")
            let rows = parseCSV(file.text)
            #expect(rows.first == ["Row", "Contact ID", "Action"])
            #expect(rows.count == 8)
            let actions = Dictionary(uniqueKeysWithValues: rows.dropFirst().map { ($0[0], $0[2]) })
            #expect(
                actions == [
                    "1": "Restored", "2": "Restored", "3": "Restored", "4": "Kept: changed after the import",
                    "5": "Kept: already deleted", "6": "Deleted", "7": "Deleted",
                ])
            #expect(rows.dropFirst().first { $0[0] == "4" }?[1] == String(dee))

            // Once undone, never again.
            let again = try await client.send(.post, "\(base)/imports/\(id)/undo", token: team.owner)
            #expect(again.status == .unprocessableContent)
            #expect(again.errorCode == "not_completed")
            // The notification reaches the one who asked for the undo.
            let notes = try await client.send(.get, "/api/v1/notifications", token: team.manager).json
            let kinds = (notes["notifications"] as? [[String: Any]])?.compactMap { $0["kind"] as? String }
            #expect(kinds?.contains("import.undone") == true)
        }
    }

    @Test(arguments: StoreEngines.all)
    func tagsAddedUnderDoNotOverwriteAreTakenBackAndALaterImportIsLeftAsItIs(engine: String) async throws {
        let app = try await TestApp(engine)
        let team = try await app.team()
        let ws = team.workspaceId
        let base = "/api/v1/workspaces/\(ws)"
        try await app.run { client in
            try await client.createPlanField(ws, token: team.owner)
            let ann = try await client.addContact(
                ws, token: team.owner, ["firstName": "Ann", "phone": "+60111111111", "tags": ["vip"]])
            let ben = try await client.addContact(
                ws, token: team.owner, ["firstName": "Ben", "phone": "+60122222222", "tags": ["old"]])
            let before = try await client.contactsSnapshot(ws, token: team.owner)

            // The first import adds tags (Do Not Overwrite) to both and sets Ben's plan.
            let first = try await runImport(
                client, ws, token: team.owner,
                "First Name,Last Name,Phone Number,Email,Tags,Plan\nAnn,,+60111111111,,added,\nBen,,+60122222222,,added,Free\n",
                tagsDoNotOverwrite: true)
            let afterFirst = try await client.contactsSnapshot(ws, token: team.owner)
            #expect(afterFirst[ann]?["tags"] as? [String] == ["vip", "added"])
            // A later import changes Ben again and adds Hal.
            _ = try await runImport(
                client, ws, token: team.owner,
                "First Name,Last Name,Phone Number,Email,Tags,Plan\nBen,Later,+60122222222,,,\nHal,,+60199999999,,,\n")
            let afterLater = try await client.contactsSnapshot(ws, token: team.owner)

            let undo = try await client.send(.post, "\(base)/imports/\(first)/undo", token: team.owner)
            #expect(undo.status == .accepted)
            let undone = try await client.waitUntilUndone(ws, first, token: team.owner)
            let summary = try #require(undone["undoSummary"] as? [String: Any])
            #expect(summary["restored"] as? Int == 1)
            #expect(summary["kept"] as? Int == 1)

            let after = try await client.contactsSnapshot(ws, token: team.owner)
            #expect(after[ann] == before[ann])
            #expect(after[ben] == afterLater[ben])
            let hal = try #require(afterLater.keys.first { before[$0] == nil && $0 != ben && $0 != ann })
            #expect(after[hal] == afterLater[hal])
            #expect(after.count == 3)
        }
    }

    @Test(arguments: StoreEngines.all)
    func onlyACompletedImportWithItsResultsKeptCanBeUndone(engine: String) async throws {
        let clock = TestClock()
        let app = try await TestApp(engine) {
            $0.resultsRetention = .seconds(3600)
            $0.now = clock.now
        }
        let team = try await app.team()
        let ws = team.workspaceId
        let base = "/api/v1/workspaces/\(ws)"
        try await app.run { client in
            try await client.createPlanField(ws, token: team.owner)
            let draft = try await client.upload(ws, "First Name,Phone Number\nAnn,+60111111111\n", token: team.owner)
            let draftId = try #require(draft.json["id"] as? Int)
            let notYet = try await client.send(.post, "\(base)/imports/\(draftId)/undo", token: team.owner)
            #expect(notYet.status == .unprocessableContent)
            #expect(notYet.errorCode == "not_completed")
            #expect(
                try await client.send(.get, "\(base)/imports/\(draftId)/undo-file", token: team.owner).status
                    == .notFound)
            _ = try await client.send(.delete, "\(base)/imports/\(draftId)", token: team.owner)

            let id = try await runImport(
                client, ws, token: team.owner,
                "First Name,Last Name,Phone Number,Email,Tags,Plan\nAnn,,+60111111111,,,\n")
            clock.advance(by: 3601)
            let late = try await client.send(.post, "\(base)/imports/\(id)/undo", token: team.owner)
            #expect(late.status == .gone)
            #expect(late.errorCode == "results_expired")
            #expect(
                try await client.send(.get, "\(base)/imports/\(id)/undo-preview", token: team.owner).status == .gone)
            #expect(try await client.contactsSnapshot(ws, token: team.owner).count == 1)
        }
    }
    @Test(arguments: StoreEngines.all)
    func aContactWhosePhoneTheCleanUpRewroteAfterTheImportIsKept(engine: String) async throws {
        let app = try await TestApp(engine)
        let team = try await app.team()
        let ws = team.workspaceId
        let base = "/api/v1/workspaces/\(ws)"
        try await app.run { client in
            try await client.createPlanField(ws, token: team.owner)
            let zed = try await client.addContact(ws, token: team.owner, ["firstName": "Zed", "phone": "0123456789"])
            let id = try await runImport(
                client, ws, token: team.owner,
                "First Name,Last Name,Phone Number,Email,Tags,Plan\nZed,Imported,0123456789,,,\n")
            #expect(
                try await client.send(.get, "\(base)/imports/\(id)/undo-preview", token: team.owner).json["restored"]
                    as? Int == 1)

            // The clean-up of stored phones (SPEC §10) rewrites Zed's phone: a change after the import.
            let settings = try await client.send(
                .patch, "\(base)/settings", token: team.owner, json: ["phoneNumbers": "e164", "defaultCountry": "MY"])
            #expect(settings.status == .ok)
            let started = try await client.send(.post, "\(base)/phone-normalization", token: team.owner)
            let job = try #require(started.json["id"] as? Int)
            for _ in 0..<400 {
                let status =
                    try await client.send(.get, "\(base)/phone-normalization/\(job)", token: team.owner)
                    .json["status"] as? String
                if status != "processing" { break }
                try await Task.sleep(for: .milliseconds(50))
            }
            let preview = try await client.send(.get, "\(base)/imports/\(id)/undo-preview", token: team.owner).json
            #expect(preview["restored"] as? Int == 0)
            #expect(preview["keptChanged"] as? Int == 1)
            _ = try await client.send(.post, "\(base)/imports/\(id)/undo", token: team.owner)
            _ = try await client.waitUntilUndone(ws, id, token: team.owner)
            let contact = try await client.send(.get, "\(base)/contacts/\(zed)", token: team.owner).json
            #expect(contact["phone"] as? String == "+60123456789")
            #expect(contact["lastName"] as? String == "Imported")
        }
    }
}

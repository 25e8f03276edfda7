import ContactModel
import ContactStore
import Foundation
import HTTPTypes
import ImportRules
import StoreTestSupport
import Synchronization
import Testing

@testable import ContactImportApp

/// Phone numbers in E.164 (SPEC §10): the workspace setting, the contacts API, imports, and the clean-up of stored
/// phones. Under `asGiven` (the default) nothing changes.
@Suite struct PhoneNumbersAPITests {
    static func settingsPath(_ ws: Int64) -> String { "/api/v1/workspaces/\(ws)/settings" }

    static func setE164(_ client: TestApp.Client, _ team: TestApp.Team, country: String = "MY") async throws {
        let reply = try await client.send(
            .patch, settingsPath(team.workspaceId), token: team.owner,
            json: ["phoneNumbers": "e164", "defaultCountry": country])
        guard reply.status == .ok else { throw TestFailure("settings answered \(reply.status): \(reply.text)") }
    }

    static var byPhone: [String: Any] {
        [
            "purpose": "addAndUpdate", "identifier": "phone",
            "mapping": [["column": 0, "field": "firstName"], ["column": 1, "field": "phone"]],
        ]
    }

    @Test(
        arguments: [
            (#"{"phoneNumbers": "e164"}"#, "needs a “defaultCountry”"),
            (#"{"phoneNumbers": "international"}"#, "“phoneNumbers” must be “asGiven”"),
            (#"{"phoneNumbers": "e164", "defaultCountry": "ZZ"}"#, "“ZZ” is not one"),
            (#"{"phoneNumbers": "e164", "defaultCountry": "AQ"}"#, "AQ has no telephone numbering plan"),
        ] as [(String, String)])
    func aBadPhoneSettingIsRefusedNamingIt(json: String, message: String) async throws {
        let app = try await TestApp()
        let team = try await app.team()
        try await app.run { client in
            let body = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
            let reply = try await client.send(
                .patch, Self.settingsPath(team.workspaceId), token: team.owner, json: body)
            #expect(reply.status == .unprocessableContent)
            #expect(reply.errorCode == "invalid_settings")
            #expect((reply.json["message"] as? String)?.contains(message) == true, "\(reply.text)")
            let settings = try #require(try await app.store.workspaceSettings(workspaceId: team.workspaceId))
            #expect(settings.phoneNumbers == .asGiven)
            #expect(settings.defaultCountry == nil)
        }
    }

    @Test(arguments: StoreEngines.all)
    func underE164TheContactsAPIStoresEveryFormAsOneNumber(engine: String) async throws {
        let app = try await TestApp(engine)
        let team = try await app.team()
        try await app.run { client in
            let contacts = "/api/v1/workspaces/\(team.workspaceId)/contacts"
            // As given: stored as typed.
            let typed = try await client.send(
                .post, contacts, token: team.agent, json: ["firstName": "Typed", "phone": " 012-345 6789 "])
            #expect(typed.json["phone"] as? String == "012-345 6789")

            try await Self.setE164(client, team)
            let shown = try await client.send(.get, Self.settingsPath(team.workspaceId), token: team.agent)
            #expect(shown.json["phoneNumbers"] as? String == "e164")
            #expect(shown.json["defaultCountry"] as? String == "MY")
            for (name, phone, stored) in [
                ("Ann", "+60 12-345 6789", "+60123456789"), ("Bob", "012-345 6789", "+60123456789"),
                ("Cat", "+60123456789", "+60123456789"), ("Dan", "+34 612 34 56 78", "+34612345678"),
                ("Eve", "0060 12 987 6543", "+60129876543"),
            ] {
                let created = try await client.send(
                    .post, contacts, token: team.agent, json: ["firstName": name, "phone": phone])
                #expect(created.status == .created, "\(created.text)")
                #expect(created.json["phone"] as? String == stored, "\(phone)")
            }
            let refused = try await client.send(
                .post, contacts, token: team.agent, json: ["firstName": "Fay", "phone": "012-34"])
            #expect(refused.status == .unprocessableContent || refused.status == .badRequest)
            let details = try #require(refused.json["details"] as? [[String: Any]])
            #expect(details.first?["field"] as? String == "phone")
            #expect(details.first?["message"] as? String == "Phone Number is not a valid number for MY (+60).")
            // A whole number searched as typed finds its E.164 form; a prefix is searched as it is.
            for search in ["012-345%206789", "%2B60123456789", "%2B6012345"] {
                let found = try await client.send(.get, "\(contacts)?search=\(search)", token: team.agent)
                let names = ((found.json["contacts"] as? [[String: Any]]) ?? []).compactMap {
                    $0["firstName"] as? String
                }
                #expect(Set(names) == ["Ann", "Bob", "Cat"], "\(search)")
            }
            // PATCH normalises too; an empty phone clears it.
            let id = try #require(typed.json["id"] as? Int)
            let patched = try await client.send(
                .patch, "\(contacts)/\(id)", token: team.agent, json: ["phone": "(012) 555 0101"])
            #expect(patched.json["phone"] as? String == "+60125550101")
            let cleared = try await client.send(.patch, "\(contacts)/\(id)", token: team.agent, json: ["phone": ""])
            #expect(cleared.json["phone"] is NSNull)
        }
    }

    @Test(arguments: StoreEngines.all)
    func underE164AnImportMatchesAndStoresEveryFormAsE164(engine: String) async throws {
        let app = try await TestApp(engine)
        let team = try await app.team()
        try await app.run { client in
            try await Self.setE164(client, team)
            let contacts = "/api/v1/workspaces/\(team.workspaceId)/contacts"
            let existing = try await client.send(
                .post, contacts, token: team.owner, json: ["firstName": "Stored", "phone": "+60123456789"])
            let existingId = try #require(existing.json["id"] as? Int)
            let csv = """
                First Name,Phone Number
                Ann,012-345 6789
                Bob,+60 12-987 6543
                Cat,+34 612 34 56 78
                Dan,+60198765432
                Eve,12345
                Fay,+999 1234 5678

                """
            let (id, review) = try await client.prepare(team.workspaceId, csv, token: team.owner, config: Self.byPhone)
            #expect(review.status == .ok, "\(review.text)")
            let summary = try #require(review.json["summary"] as? [String: Int])
            // Ann replaces the stored contact's First Name.
            #expect(
                summary == [
                    "imported": 3, "updated": 1, "skipped": 0, "errors": 2, "phonesNormalized": 3, "valuesReplaced": 1,
                    "valuesCleared": 0, "tagsRemoved": 0,
                ])
            let errors = try await client.send(
                .get, "/api/v1/workspaces/\(team.workspaceId)/imports/\(id)/error-file", token: team.owner)
            let errorRows = parseCSV(errors.text.replacingOccurrences(of: "\u{FEFF}", with: ""))
            #expect(
                errorRows.dropFirst().map { $0.last } == [
                    "Phone Number: not a valid number for MY (+60)",
                    "Phone Number: not a valid number: no country has calling code +999",
                ])
            let started = try await client.send(
                .post, "/api/v1/workspaces/\(team.workspaceId)/imports/\(id)/start", token: team.owner)
            #expect(started.status == .accepted)
            let finished = try await client.waitUntilFinished(team.workspaceId, id, token: team.owner)
            #expect(finished["status"] as? String == "completed")
            #expect((finished["summary"] as? [String: Int])?["phonesNormalized"] == 3)

            let updated = try await client.send(.get, "\(contacts)/\(existingId)", token: team.owner)
            #expect(updated.json["firstName"] as? String == "Ann")
            let list = try await client.send(.get, "\(contacts)?limit=50", token: team.owner)
            let phones = Set(((list.json["contacts"] as? [[String: Any]]) ?? []).compactMap { $0["phone"] as? String })
            #expect(phones == ["+60123456789", "+60129876543", "+34612345678", "+60198765432"])
        }
    }

    @Test func underE164TwoFormsOfOneNumberInAFileAreTheSameIdentifier() async throws {
        let app = try await TestApp()
        let team = try await app.team()
        try await app.run { client in
            try await Self.setE164(client, team)
            let csv = "First Name,Phone Number\nAnn,+60 12-345 6789\nBob,012-345 6789\nCat,+60123456789\n"
            let (_, review) = try await client.prepare(team.workspaceId, csv, token: team.owner, config: Self.byPhone)
            #expect((review.json["summary"] as? [String: Int])?["errors"] == 3)
        }
    }

    @Test(arguments: StoreEngines.all)
    func asGivenAnImportIsThePagesExactText(engine: String) async throws {
        let app = try await TestApp(engine)
        let team = try await app.team()
        try await app.run { client in
            let csv = "First Name,Phone Number\nAnn,+60 12-345 6789\nBob,012-345 6789\nCat,+60123456789\n"
            let (id, review) = try await client.prepare(team.workspaceId, csv, token: team.owner, config: Self.byPhone)
            // Three contacts, and the summary is the page's four counts.
            #expect(
                review.json["summary"] as? [String: Int] == ["imported": 3, "updated": 0, "skipped": 0, "errors": 0])
            _ = try await client.send(
                .post, "/api/v1/workspaces/\(team.workspaceId)/imports/\(id)/start", token: team.owner)
            let finished = try await client.waitUntilFinished(team.workspaceId, id, token: team.owner)
            #expect((finished["summary"] as? [String: Int])?["phonesNormalized"] == nil)
            let list = try await client.send(
                .get, "/api/v1/workspaces/\(team.workspaceId)/contacts", token: team.owner)
            let phones = Set(((list.json["contacts"] as? [[String: Any]]) ?? []).compactMap { $0["phone"] as? String })
            #expect(phones == ["+60 12-345 6789", "012-345 6789", "+60123456789"])
        }
    }

    @Test(arguments: StoreEngines.all)
    func theReviewedRuleIsWhatTheJobKeepsTo(engine: String) async throws {
        let app = try await TestApp(engine)
        let team = try await app.team()
        try await app.run { client in
            try await Self.setE164(client, team)
            let csv = "First Name,Phone Number\nAnn,012-345 6789\n"
            let (id, _) = try await client.prepare(team.workspaceId, csv, token: team.owner, config: Self.byPhone)
            // Turned off between the review and the start: the job writes what the review showed.
            _ = try await client.send(
                .patch, Self.settingsPath(team.workspaceId), token: team.owner, json: ["phoneNumbers": "asGiven"])
            _ = try await client.send(
                .post, "/api/v1/workspaces/\(team.workspaceId)/imports/\(id)/start", token: team.owner)
            _ = try await client.waitUntilFinished(team.workspaceId, id, token: team.owner)
            let list = try await client.send(
                .get, "/api/v1/workspaces/\(team.workspaceId)/contacts", token: team.owner)
            #expect(((list.json["contacts"] as? [[String: Any]]) ?? []).first?["phone"] as? String == "+60123456789")
        }
    }

    // MARK: The clean-up of stored phones

    /// Contacts stored as given, in id order: what each becomes under E.164 in MY.
    static let stored: [(name: String, phone: String, status: String, new: String)] = [
        ("Ann", "+60 12-345 6789", "Changed", "+60123456789"),
        ("Bob", "012-987 6543", "Conflict, kept", "+60129876543"),
        ("Cat", "+34 612 34 56 78", "Changed", "+34612345678"),
        ("Dan", "+60129876543", "Unchanged", "+60129876543"),
        ("Eve", "12345", "Not valid, kept", ""),
        ("Fay", "012-345 6789", "Conflict, kept", "+60123456789"),
    ]

    static func storeAsGiven(_ app: TestApp, _ team: TestApp.Team) async throws -> [Int64] {
        var ids: [Int64] = []
        for contact in stored {
            ids.append(
                try await app.store.createContact(
                    workspaceId: team.workspaceId, contact: .init(firstName: contact.name, phone: contact.phone)
                ).id)
        }
        return ids
    }

    @Test(arguments: StoreEngines.all)
    func theCleanUpCountsFirstThenRewritesStoredPhonesWithAResultsFile(engine: String) async throws {
        let app = try await TestApp(engine)
        let team = try await app.team()
        let ids = try await Self.storeAsGiven(app, team)
        let base = "/api/v1/workspaces/\(team.workspaceId)/phone-normalization"
        try await app.run { client in
            // Only under E.164.
            let refused = try await client.send(.post, base, token: team.owner)
            #expect(refused.status == .unprocessableContent)
            #expect((refused.json["message"] as? String)?.contains("kept as given") == true)
            #expect(try await client.send(.get, "\(base)/preview", token: team.owner).status == .unprocessableContent)

            try await Self.setE164(client, team)
            let expected: [String: Int] = ["changed": 2, "unchanged": 1, "notValid": 1, "conflicts": 2]
            let preview = try await client.send(.get, "\(base)/preview", token: team.manager)
            #expect(preview.status == .ok)
            #expect(preview.json["summary"] as? [String: Int] == expected)
            #expect(preview.json["defaultCountry"] as? String == "MY")
            // The dry count wrote nothing.
            #expect(try await app.store.contact(workspaceId: team.workspaceId, id: ids[0])?.phone == "+60 12-345 6789")
            #expect(try await client.send(.post, base, token: team.agent).status == .forbidden)

            let started = try await client.send(.post, base, token: team.manager)
            #expect(started.status == .accepted)
            #expect(started.json["status"] as? String == "processing")
            let id = try #require(started.json["id"] as? Int)
            var job: [String: Any] = [:]
            for _ in 0..<400 {
                job = try await client.send(.get, "\(base)/\(id)", token: team.owner).json
                if job["status"] as? String != "processing" { break }
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(job["status"] as? String == "completed")
            #expect(job["summary"] as? [String: Int] == expected)
            #expect(job["progress"] as? [String: Int] == ["done": 6, "total": 6])
            #expect(job["resultsFileAvailable"] as? Bool == true)

            let results = try await client.send(.get, "\(base)/\(id)/results-file", token: team.owner)
            #expect(results.headers[.contentType] == "text/csv; charset=utf-8")
            let rows = parseCSV(results.text.replacingOccurrences(of: "\u{FEFF}", with: ""))
            #expect(rows.first == ["Contact ID", "Old Phone", "New Phone", "Status"])
            #expect(
                rows.dropFirst().map { $0 }
                    == zip(ids, Self.stored).map { [String($0), $1.phone, $1.new, $1.status] })
            for (id, contact) in zip(ids, Self.stored) {
                let phone = try await app.store.contact(workspaceId: team.workspaceId, id: id)?.phone
                #expect(phone == (contact.status == "Changed" ? contact.new : contact.phone), "\(contact.name)")
            }
            let list = try await client.send(.get, base, token: team.owner)
            #expect((list.json["jobs"] as? [[String: Any]])?.first?["id"] as? Int == id)
            // Another workspace sees none of it.
            let other = try await app.team("Other")
            #expect(try await client.send(.get, "\(base)/\(id)", token: other.owner).status.code >= 403)
        }
    }

    @Test(arguments: StoreEngines.all)
    func theCleanUpAndImportsShareTheWorkspacesOneJobSlot(engine: String) async throws {
        let app = try await TestApp(engine) { $0.jobPollInterval = .seconds(3600) }
        let team = try await app.team()
        _ = try await Self.storeAsGiven(app, team)
        let base = "/api/v1/workspaces/\(team.workspaceId)/phone-normalization"
        try await app.run { client in
            try await Self.setE164(client, team)
            let (importId, _) = try await client.prepare(
                team.workspaceId, "First Name,Phone Number\nZed,0123334444\n", token: team.owner, config: Self.byPhone)
            // The runner sleeps: the clean-up stays processing and holds the slot.
            #expect(try await client.send(.post, base, token: team.owner).status == .accepted)
            let busy = try await client.send(.post, base, token: team.owner)
            #expect(busy.status == .conflict)
            #expect(busy.errorCode == "import_in_progress")
            let start = try await client.send(
                .post, "/api/v1/workspaces/\(team.workspaceId)/imports/\(importId)/start", token: team.owner)
            #expect(start.status == .conflict)
            #expect(start.errorCode == "import_in_progress")
            let upload = try await client.upload(team.workspaceId, "First Name\nAnn\n", token: team.owner)
            #expect(upload.status == .conflict)
        }
    }

    @Test(arguments: StoreEngines.all)
    func aCleanUpStoppedMidWayResumesFromItsCheckpointWithEveryContactOnce(engine: String) async throws {
        let app = try await TestApp(engine)
        let team = try await app.team()
        let ids = try await Self.storeAsGiven(app, team)
        var cleanUp = PhoneCleanUp(store: app.store, configuration: app.configuration)
        cleanUp.batchSize = 2
        let user = try #require(try await app.store.user(forToken: team.owner))
        _ = try await app.store.updateWorkspaceSettings(workspaceId: team.workspaceId) {
            $0.phoneNumbers = .e164
            $0.defaultCountry = "MY"
        }
        let job = try await cleanUp.start(workspaceId: team.workspaceId, user: user, defaultCountry: "MY")
        // The first worker stops after one batch, as a server on its way down does.
        let batches = BatchCounter()
        let stopped = try #require(try await cleanUp.run(id: job.id, shouldStop: { batches.next() > 1 }))
        #expect(stopped.status == .processing)
        #expect(stopped.done == 2)
        #expect(stopped.lastContactId == ids[1])
        // A batch from a stale checkpoint is refused: nothing is applied twice.
        await #expect(throws: ImportError.self) {
            _ = try await app.store.applyPhoneNormalizationBatch(
                PhoneNormalizationBatch(
                    jobId: job.id, workspaceId: team.workspaceId, afterContactId: 0, limit: 2, now: Date(),
                    normalize: { _ in nil }, render: { _ in [] }))
        }
        // Another worker resumes after the checkpoint.
        let finished = try #require(try await cleanUp.run(id: job.id))
        #expect(finished.status == .completed)
        #expect(finished.done == 6)
        #expect(finished.counts == PhoneNormalizationCounts(changed: 2, unchanged: 1, notValid: 1, conflicts: 2))
        let file = try #require(try await app.store.phoneNormalizationResults(id: job.id))
        let rows = parseCSV(String(decoding: file, as: UTF8.self).replacingOccurrences(of: "\u{FEFF}", with: ""))
        #expect(rows.dropFirst().map { Int64($0[0]) } == ids.map { $0 })
    }
}

/// Counts calls, across tasks.
final class BatchCounter: Sendable {
    private let value = Mutex(0)
    func next() -> Int {
        value.withLock {
            $0 += 1; return $0
        }
    }
}

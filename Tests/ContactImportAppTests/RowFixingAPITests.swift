import ContactStore
import Foundation
import HTTPTypes
import StoreTestSupport
import Synchronization
import Testing

@testable import ContactImportApp

/// Fixing rows in review (SPEC §11): rows paged by status, one row corrected, bulk fixes, and the job, the error file
/// and the results file reading the corrected rows.
@Suite struct RowFixingAPITests {
    static var config: [String: Any] {
        [
            "purpose": "addAndUpdate", "identifier": "phone",
            "mapping": [
                ["column": 0, "field": "firstName"], ["column": 1, "field": "phone"], ["column": 2, "field": "email"],
            ],
        ]
    }

    /// Row 1 fine, row 2 a bad email, rows 3 and 5 share a phone, row 4 has no first name.
    static let csv = """
        First Name,Phone,Email
        Ann,+60111111111,ann@example.com
        Bob,+60122222222,bob-at-example
        Cat,+60133333333,cat@example.com
        ,+60144444444,dan@example.com
        Eve,+60133333333,eve@example.com

        """

    static func summary(_ json: [String: Any]) -> [String: Int] {
        (json["summary"] as? [String: Int]) ?? [:]
    }

    @Test(arguments: StoreEngines.all)
    func rowsInErrorArePagedWithTheirErrorsPerColumnAndGroupedByRule(engine: String) async throws {
        let app = try await TestApp(engine)
        let team = try await app.team()
        try await app.run { client in
            let ws = team.workspaceId
            let (id, review) = try await client.prepare(ws, Self.csv, token: team.owner, config: Self.config)
            #expect(Self.summary(review.json) == ["imported": 1, "updated": 0, "skipped": 0, "errors": 4])
            let groups = try #require(review.json["errorGroups"] as? [[String: Any]])
            #expect(groups.map { $0["rows"] as? Int } == [2, 1, 1])
            #expect(groups.first?["message"] as? String == "Duplicate phone number in the file")
            #expect(groups.first?["field"] is NSNull)
            #expect(groups.contains { $0["field"] as? String == "email" && $0["column"] as? Int == 2 })
            let record = try await client.send(.get, "/api/v1/workspaces/\(ws)/imports/\(id)", token: team.owner)
            #expect((record.json["errorGroups"] as? [[String: Any]])?.count == 3)

            let base = "/api/v1/workspaces/\(ws)/imports/\(id)/rows"
            let first = try await client.send(.get, "\(base)?status=error&limit=2", token: team.manager)
            #expect(first.status == .ok, "\(first.text)")
            let rows = try #require(first.json["rows"] as? [[String: Any]])
            #expect(rows.map { $0["row"] as? Int } == [2, 3])
            #expect(rows[0]["values"] as? [String] == ["Bob", "+60122222222", "bob-at-example"])
            let emailError = try #require((rows[0]["errors"] as? [[String: Any]])?.first)
            #expect(emailError["column"] as? Int == 2)
            #expect(emailError["field"] as? String == "email")
            #expect((emailError["message"] as? String)?.hasPrefix("Email: ") == true)
            #expect(((rows[1]["errors"] as? [[String: Any]])?.first?["column"]) is NSNull)
            let cursor = try #require(first.json["nextCursor"] as? String)
            let second = try await client.send(.get, "\(base)?status=error&limit=2&cursor=\(cursor)", token: team.owner)
            #expect((second.json["rows"] as? [[String: Any]])?.map { $0["row"] as? Int } == [4, 5])
            #expect(second.json["nextCursor"] is NSNull)
            // One group's rows: the duplicates.
            let group = try await client.send(.get, "\(base)?status=error&group=0", token: team.owner)
            #expect((group.json["rows"] as? [[String: Any]])?.map { $0["row"] as? Int } == [3, 5])
            let imported = try await client.send(.get, "\(base)?status=imported", token: team.owner)
            #expect((imported.json["rows"] as? [[String: Any]])?.map { $0["status"] as? String } == ["imported"])
            // Bad parameters name themselves; agents cannot read rows.
            #expect(
                try await client.send(.get, "\(base)?status=nope", token: team.owner).status == .unprocessableContent)
            let noGroup = try await client.send(.get, "\(base)?status=error&group=9", token: team.owner)
            #expect(noGroup.status == .unprocessableContent)
            #expect(noGroup.text.contains("group"))
            #expect(try await client.send(.get, base, token: team.agent).status == .forbidden)
        }
    }

    @Test func rowsAnywhereInALongerFileComeWithTheirOwnValues() async throws {
        // The review keeps where every 16th row starts: rows on both sides of those marks read their own cells.
        let bad: Set<Int> = [1, 15, 16, 17, 32, 33, 40]
        var text = "First Name,Phone,Email\n"
        for row in 1...40 {
            let email = bad.contains(row) ? "bad\(row)" : "p\(row)@x.test"
            text += "P\(row),+6010\(String(format: "%07d", row)),\(email)\n"
        }
        let csv = text
        let app = try await TestApp()
        let team = try await app.team()
        try await app.run { client in
            let ws = team.workspaceId
            let (id, _) = try await client.prepare(ws, csv, token: team.owner, config: Self.config)
            let page = try await client.send(
                .get, "/api/v1/workspaces/\(ws)/imports/\(id)/rows?status=error", token: team.owner)
            let rows = try #require(page.json["rows"] as? [[String: Any]])
            #expect(rows.map { $0["row"] as? Int } == bad.sorted())
            for row in rows {
                let number = try #require(row["row"] as? Int)
                #expect(
                    row["values"] as? [String] == [
                        "P\(number)", "+6010\(String(format: "%07d", number))", "bad\(number)",
                    ])
            }
        }
    }

    @Test(arguments: StoreEngines.all)
    func correctingOneOfTwoDuplicatesClearsBothAndRestartsTheReviewsHour(engine: String) async throws {
        let clock = TestClock()
        let app = try await TestApp(engine) {
            $0.reviewTTL = .seconds(3600)
            $0.now = clock.now
        }
        let team = try await app.team()
        try await app.run { client in
            let ws = team.workspaceId
            let (id, review) = try await client.prepare(ws, Self.csv, token: team.owner, config: Self.config)
            let expiresBefore = try #require(review.json["reviewExpiresAt"] as? String)
            clock.advance(by: 600)
            let base = "/api/v1/workspaces/\(ws)/imports/\(id)"
            let fixed = try await client.send(
                .patch, "\(base)/rows/5", token: team.owner, json: ["values": ["1": "+60155555555"]])
            #expect(fixed.status == .ok, "\(fixed.text)")
            #expect(Self.summary(fixed.json) == ["imported": 3, "updated": 0, "skipped": 0, "errors": 2])
            let row = try #require(fixed.json["row"] as? [String: Any])
            #expect(row["status"] as? String == "imported")
            #expect(row["values"] as? [String] == ["Eve", "+60155555555", "eve@example.com"])
            #expect(row["correctedColumns"] as? [Int] == [1])
            // Row 3 was its duplicate: it is decided again and comes back too.
            let changed = try #require(fixed.json["rows"] as? [[String: Any]])
            #expect(changed.map { $0["row"] as? Int } == [3, 5])
            #expect(changed.first?["status"] as? String == "imported")
            let expiresAfter = try #require(fixed.json["reviewExpiresAt"] as? String)
            #expect(expiresAfter > expiresBefore)
            #expect((fixed.json["errorGroups"] as? [[String: Any]])?.count == 2)

            // Making row 1 share row 3's phone makes both errors.
            let clash = try await client.send(
                .patch, "\(base)/rows/1", token: team.owner, json: ["values": ["1": "+60133333333"]])
            #expect(Self.summary(clash.json)["errors"] == 4)
            #expect((clash.json["rows"] as? [[String: Any]])?.map { $0["row"] as? Int } == [1, 3])

            // Bad corrections name the row or column and change nothing.
            let noRow = try await client.send(
                .patch, "\(base)/rows/99", token: team.owner, json: ["values": ["0": "X"]])
            #expect(noRow.status == .unprocessableContent)
            #expect(noRow.text.contains("row 99"))
            let noColumn = try await client.send(
                .patch, "\(base)/rows/2", token: team.owner, json: ["values": ["7": "X"]])
            #expect(noColumn.status == .unprocessableContent)
            #expect(noColumn.text.contains("column 7"))
            let notText = try await client.send(.patch, "\(base)/rows/2", token: team.owner, json: ["values": ["0": 5]])
            #expect(notText.status == .unprocessableContent)
            let after = try await client.send(.get, base, token: team.owner)
            #expect(Self.summary(after.json)["errors"] == 4)
            #expect(after.json["correctedRows"] as? Int == 2)

            // Past the review's hour, corrections are refused like a start.
            clock.advance(by: 3700)
            let late = try await client.send(
                .patch, "\(base)/rows/2", token: team.owner, json: ["values": ["2": "bob@example.com"]])
            #expect(late.status == .gone)
        }
    }

    @Test(arguments: StoreEngines.all)
    func correctedRowsAreWhatTheJobTheErrorFileAndTheResultsFileUse(engine: String) async throws {
        let app = try await TestApp(engine)
        let team = try await app.team()
        try await app.run { client in
            let ws = team.workspaceId
            let (id, _) = try await client.prepare(ws, Self.csv, token: team.owner, config: Self.config)
            let base = "/api/v1/workspaces/\(ws)/imports/\(id)"
            _ = try await client.send(
                .patch, "\(base)/rows/2", token: team.owner, json: ["values": ["2": "bob@example.com"]])
            // The error file is written from the corrected rows: row 2 is no longer in it.
            let errors = try await client.send(.get, "\(base)/error-file", token: team.owner)
            #expect(errors.status == .ok)
            let errorRows = parseCSV(errors.text)
            #expect(errorRows.map { $0[0] } == ["First Name", "Cat", "", "Eve"])
            // Skip what is left; the four counts say so.
            let skipped = try await client.send(
                .post, "\(base)/fixes", token: team.owner, json: ["action": "skipErrors"])
            #expect(skipped.status == .ok, "\(skipped.text)")
            #expect(skipped.json["changedRows"] as? Int == 3)
            #expect(Self.summary(skipped.json) == ["imported": 2, "updated": 0, "skipped": 3, "errors": 0])
            #expect((skipped.json["errorGroups"] as? [[String: Any]])?.isEmpty == true)
            let skippedRows = try await client.send(.get, "\(base)/rows?status=skipped", token: team.owner)
            #expect(
                (skippedRows.json["rows"] as? [[String: Any]])?.map { $0["skippedInReview"] as? Bool }
                    == [true, true, true])

            let started = try await client.send(.post, "\(base)/start", token: team.owner)
            #expect(started.status == .accepted)
            let finished = try await client.waitUntilFinished(ws, id, token: team.owner)
            #expect(Self.summary(finished) == ["imported": 2, "updated": 0, "skipped": 3, "errors": 0])
            let results = parseCSV(try await client.send(.get, "\(base)/results-file", token: team.owner).text)
            #expect(results[2] == ["Bob", "+60122222222", "bob@example.com", "Imported", ""])
            #expect(results.dropFirst().map { $0[3] } == ["Imported", "Imported", "Skipped", "Skipped", "Skipped"])
            let contacts = try await client.send(.get, "/api/v1/workspaces/\(ws)/contacts", token: team.owner)
            let emails = ((contacts.json["contacts"] as? [[String: Any]]) ?? []).compactMap { $0["email"] as? String }
            #expect(Set(emails) == ["ann@example.com", "bob@example.com"])
        }
    }

    @Test(arguments: StoreEngines.all)
    func bulkFixesReplaceExactValuesAndPutACountryCodeInFront(engine: String) async throws {
        let app = try await TestApp(engine)
        let team = try await app.team()
        try await app.run { client in
            let ws = team.workspaceId
            let csv = """
                First Name,Phone,Country
                Ann,012-345 6789,Malaysia
                Bob,+60198765432,Malaysia
                Cat,0187654321,MY
                Dan,n/a,Malaysia

                """
            let config: [String: Any] = [
                "purpose": "addNew", "identifier": "phone",
                "mapping": [
                    ["column": 0, "field": "firstName"], ["column": 1, "field": "phone"],
                    ["column": 2, "field": "country"],
                ],
            ]
            let (id, review) = try await client.prepare(ws, csv, token: team.owner, config: config)
            // "Malaysia" is not a country code (rows 1, 2, 4) and "n/a" not a phone (row 4).
            #expect(Self.summary(review.json)["errors"] == 3)
            let base = "/api/v1/workspaces/\(ws)/imports/\(id)"
            let replaced = try await client.send(
                .post, "\(base)/fixes", token: team.owner,
                json: ["action": "replace", "column": 2, "from": "Malaysia", "to": "MY"])
            #expect(replaced.status == .ok, "\(replaced.text)")
            #expect(replaced.json["changedRows"] as? Int == 3)
            #expect(Self.summary(replaced.json)["errors"] == 1)
            let prefixed = try await client.send(
                .post, "\(base)/fixes", token: team.owner,
                json: ["action": "prefixCountryCode", "column": 1, "code": "+60"])
            #expect(prefixed.status == .ok, "\(prefixed.text)")
            #expect(prefixed.json["changedRows"] as? Int == 2)
            let rows = try await client.send(.get, "\(base)/rows?limit=10", token: team.owner)
            let values = ((rows.json["rows"] as? [[String: Any]]) ?? []).compactMap { $0["values"] as? [String] }
            #expect(values.map { $0[1] } == ["+60123456789", "+60198765432", "+60187654321", "n/a"])
            #expect(values.map { $0[2] } == ["MY", "MY", "MY", "MY"])
            // Fixes that cannot be made name the column or rule.
            let notPhone = try await client.send(
                .post, "\(base)/fixes", token: team.owner,
                json: ["action": "prefixCountryCode", "column": 2, "code": "+60"])
            #expect(notPhone.status == .unprocessableContent)
            #expect(notPhone.text.contains("not mapped to Phone Number"))
            let badCode = try await client.send(
                .post, "\(base)/fixes", token: team.owner,
                json: ["action": "prefixCountryCode", "column": 1, "code": "sixty"])
            #expect(badCode.status == .unprocessableContent)
            let noColumn = try await client.send(
                .post, "\(base)/fixes", token: team.owner,
                json: ["action": "replace", "column": 9, "from": "a", "to": "b"])
            #expect(noColumn.status == .unprocessableContent)
            #expect(noColumn.text.contains("column 9"))
            let unknown = try await client.send(.post, "\(base)/fixes", token: team.owner, json: ["action": "shred"])
            #expect(unknown.status == .unprocessableContent)
        }
    }

    @Test(arguments: StoreEngines.all)
    func correctionsOutliveAReviewAgainAndGoWithAReplacedFile(engine: String) async throws {
        let app = try await TestApp(engine)
        let team = try await app.team()
        try await app.run { client in
            let ws = team.workspaceId
            let (id, _) = try await client.prepare(ws, Self.csv, token: team.owner, config: Self.config)
            let base = "/api/v1/workspaces/\(ws)/imports/\(id)"
            _ = try await client.send(
                .patch, "\(base)/rows/2", token: team.owner, json: ["values": ["2": "bob@example.com"]])
            // Reviewing again keeps the corrections of the same file.
            let again = try await client.send(.post, "\(base)/review", token: team.owner)
            #expect(Self.summary(again.json)["errors"] == 3)
            // A new file drops them.
            _ = try await client.send(.put, "\(base)/file", token: team.owner, raw: Self.csv, contentType: "text/csv")
            let fresh = try await client.send(.post, "\(base)/review", token: team.owner)
            #expect(Self.summary(fresh.json)["errors"] == 4)
            // A draft's rows cannot be corrected.
            _ = try await client.send(.put, "\(base)/config", token: team.owner, json: Self.config)
            let draft = try await client.send(
                .patch, "\(base)/rows/2", token: team.owner, json: ["values": ["2": "bob@example.com"]])
            #expect(draft.status == .unprocessableContent)
        }
    }

    @Test(arguments: StoreEngines.all)
    func aServerWithoutTheReviewInMemoryBuildsItFromTheStore(engine: String) async throws {
        // Two servers on one database: the second has never seen the review and must agree with the first.
        let first = try await TestApp(engine)
        let team = try await first.team()
        let second = try await TestApp(engine, store: first.store)
        let ws = team.workspaceId
        let prepared = Mutex(0)
        try await first.run { client in
            let (id, _) = try await client.prepare(ws, Self.csv, token: team.owner, config: Self.config)
            _ = try await client.send(
                .patch, "/api/v1/workspaces/\(ws)/imports/\(id)/rows/5", token: team.owner,
                json: ["values": ["1": "+60155555555"]])
            prepared.withLock { $0 = id }
        }
        let id = prepared.withLock { $0 }
        try await second.run { client in
            let base = "/api/v1/workspaces/\(ws)/imports/\(id)"
            let rows = try await client.send(.get, "\(base)/rows?status=error", token: team.owner)
            #expect((rows.json["rows"] as? [[String: Any]])?.map { $0["row"] as? Int } == [2, 4])
            let fixed = try await client.send(
                .patch, "\(base)/rows/4", token: team.owner, json: ["values": ["0": "Dan"]])
            #expect(Self.summary(fixed.json) == ["imported": 4, "updated": 0, "skipped": 0, "errors": 1])
        }
    }
}

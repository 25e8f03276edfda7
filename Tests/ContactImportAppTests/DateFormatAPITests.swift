import ContactStore
import Foundation
import HTTPTypes
import StoreTestSupport
import Testing

/// SPEC §9's date formats over the API: the upload lists the formats a column fits; a mapping entry names one; the
/// import stores YYYY-MM-DD and a value not real in that format is an Error naming it.
@Suite struct DateFormatAPITests {
    @Test(arguments: StoreEngines.all)
    func aColumnOfGermanDatesIsReadInItsFormatAndStoredAsISO(engine: String) async throws {
        let app = try await TestApp(engine)
        let team = try await app.team()
        let ws = team.workspaceId
        try await app.run { client in
            let field = try await client.send(
                .post, "/api/v1/workspaces/\(ws)/contact-fields", token: team.owner,
                json: ["name": "Birthday", "fieldId": "birthday", "type": "date"])
            #expect(field.status == .created)
            let csv =
                "Vorname,Telefon,Geburtstag,Termin\nJürgen,+49301234567,17.05.1980,05/06/2024\nÖzlem,+49401234567,31.02.1975,02/01/2024\n"
            let uploaded = try await client.upload(ws, csv, token: team.owner)
            let columns = try #require(uploaded.json["columns"] as? [[String: Any]])
            // 31.02 is no real date: no format fits that column as a whole; the other fits two.
            #expect(columns[2]["dateFormats"] == nil)
            #expect(columns[3]["dateFormats"] as? [String] == ["DD/MM/YYYY", "MM/DD/YYYY"])
            #expect(columns[0]["dateFormats"] == nil)

            let id = try #require(uploaded.json["id"] as? Int)
            let configured = try await client.send(
                .put, "/api/v1/workspaces/\(ws)/imports/\(id)/config", token: team.owner,
                json: [
                    "purpose": "addNew", "identifier": "phone",
                    "mapping": [
                        ["column": 0, "field": "firstName"], ["column": 1, "field": "phone"],
                        ["column": 2, "field": "custom.birthday", "dateFormat": "DD.MM.YYYY"],
                    ],
                ])
            #expect(configured.status == .ok)
            let mapping = try #require((configured.json["config"] as? [String: Any])?["mapping"] as? [[String: Any]])
            #expect(mapping.last?["dateFormat"] as? String == "DD.MM.YYYY")
            let review = try await client.send(
                .post, "/api/v1/workspaces/\(ws)/imports/\(id)/review", token: team.owner)
            #expect((review.json["summary"] as? [String: Any])?["errors"] as? Int == 1)
            let errors = try await client.send(
                .get, "/api/v1/workspaces/\(ws)/imports/\(id)/error-file", token: team.owner)
            #expect(errors.text.contains("Birthday: must be a real date written as DD.MM.YYYY"))
            _ = try await client.send(.post, "/api/v1/workspaces/\(ws)/imports/\(id)/start", token: team.owner)
            #expect(try await client.waitUntilFinished(ws, id, token: team.owner)["status"] as? String == "completed")
            let contacts = try await client.send(
                .get, "/api/v1/workspaces/\(ws)/contacts?search=J%C3%BCrgen", token: team.owner)
            let custom = (contacts.json["contacts"] as? [[String: Any]])?.first?["custom"] as? [String: Any]
            #expect(custom?["birthday"] as? String == "1980-05-17")

            // The workspace remembers the column's format with its field, for a file whose dates fit it.
            let weekly = "Vorname,Telefon,Geburtstag,Termin\nKäthe,+49301234568,01.02.1990,05/06/2024\n"
            let again = try await client.upload(ws, weekly, token: team.owner)
            let proposed = try #require((again.json["config"] as? [String: Any])?["mapping"] as? [[String: Any]])
            #expect(proposed.first { $0["column"] as? Int == 2 }?["dateFormat"] as? String == "DD.MM.YYYY")
            _ = try await client.send(
                .delete, "/api/v1/workspaces/\(ws)/imports/\(again.json["id"] as? Int ?? 0)", token: team.owner)

            let notADate = try await client.send(
                .put,
                "/api/v1/workspaces/\(ws)/imports/\(try #require(try await client.upload(ws, csv, token: team.owner).json["id"] as? Int))/config",
                token: team.owner,
                json: [
                    "purpose": "addNew", "identifier": "phone",
                    "mapping": [
                        ["column": 0, "field": "firstName", "dateFormat": "DD.MM.YYYY"],
                        ["column": 1, "field": "phone"],
                    ],
                ])
            #expect(notADate.status == .unprocessableContent)
            #expect(
                (notADate.json["message"] as? String)?.contains("applies only to a column mapped to a date field")
                    == true)
        }
    }
}

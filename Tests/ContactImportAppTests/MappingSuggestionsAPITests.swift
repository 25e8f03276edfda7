import ContactStore
import Foundation
import HTTPTypes
import StoreTestSupport
import Testing

/// SPEC §9 over the API: each column says how it was matched (`matchedBy`), why a field is suggested
/// (`suggestionReason`), and whether it is empty; suggestions are not applied.
@Suite struct MappingSuggestionsAPITests {
    @Test(arguments: StoreEngines.all)
    func anUploadSaysHowEachColumnWasMatched(engine: String) async throws {
        let app = try await TestApp(engine)
        let team = try await app.team()
        let csv = """
            First Name,Middle Name,E-mail 1 - Value,Kontakt,Where,Notes
            Aisyah,,aisyah@example.com,+60123456789,MY,
            Ben,,ben@example.com,+6591234567,SG,

            """
        try await app.run { client in
            let uploaded = try await client.upload(team.workspaceId, csv, token: team.owner)
            #expect(uploaded.status == .created)
            let columns = try #require(uploaded.json["columns"] as? [[String: Any]])
            func column(_ header: String) -> [String: Any] {
                columns.first { $0["header"] as? String == header } ?? [:]
            }

            #expect(column("First Name")["field"] as? String == "firstName")
            #expect(column("First Name")["matchedBy"] as? String == "name")
            #expect(column("E-mail 1 - Value")["suggestion"] as? String == "email")
            #expect(column("E-mail 1 - Value")["suggestionReason"] as? String == "synonym")
            #expect(column("Kontakt")["suggestion"] as? String == "phone")
            #expect(column("Kontakt")["suggestionReason"] as? String == "values")
            #expect(column("Where")["suggestion"] as? String == "country")
            #expect(column("Middle Name")["empty"] as? Bool == true)
            #expect(column("Notes")["empty"] as? Bool == true)
            #expect(column("First Name")["empty"] == nil)
            #expect(column("Middle Name")["suggestion"] == nil && column("Middle Name")["field"] == nil)

            // Suggestions are shown, not applied: the proposal maps First Name alone.
            let mapping = try #require((uploaded.json["config"] as? [String: Any])?["mapping"] as? [[String: Any]])
            #expect(mapping.map { $0["field"] as? String } == ["firstName"])

            // The import read back says the same.
            let id = try #require(uploaded.json["id"] as? Int)
            let again = try await client.send(
                .get, "/api/v1/workspaces/\(team.workspaceId)/imports/\(id)", token: team.owner)
            #expect((again.json["columns"] as? [[String: Any]])?.count == 6)
            #expect(
                ((again.json["columns"] as? [[String: Any]])?.first { $0["header"] as? String == "Kontakt" })?[
                    "suggestionReason"] as? String == "values")
        }
    }

    @Test func aGermanWindows1252FileIsSuggestedItsNamePhoneAndEmailColumns() async throws {
        let app = try await TestApp()
        let team = try await app.team()
        let text =
            "Vorname;Nachname;E-Mail;Telefon;Geburtstag\r\nJürgen;Müller;j@example.de;+49 30 1234567;17.05.1980\r\n"
        let bytes = try #require(text.data(using: .windowsCP1252))
        try await app.run { client in
            let uploaded = try await client.send(
                .post, "/api/v1/workspaces/\(team.workspaceId)/imports?fileName=kontakte.csv", token: team.owner,
                bytes: Array(bytes), contentType: "text/csv")
            #expect(uploaded.status == .created)
            let columns = try #require(uploaded.json["columns"] as? [[String: Any]])
            #expect(
                columns.map { $0["suggestion"] as? String } == ["firstName", "lastName", "email", "phone", nil])
            #expect((columns.first?["samples"] as? [String]) == ["Jürgen"])
        }
    }
}

import ContactImportApp
import ContactStore
import Foundation
import HTTPTypes
import Logging
import Mailer
import SMTPTestSupport
import Testing

/// SPEC §7: the user who started an import is emailed when it ends, through a real SMTP server.
@Suite struct ImportEmailTests {
    @Test func theUploaderIsEmailedTheSummaryAndLinkWhenTheImportCompletes() async throws {
        let sink = try await SMTPSink.start()
        var app = try await TestApp { $0.publicURL = "https://contacts.example.com/" }
        app.mailer = SMTPMailer(
            configuration: try SMTPConfiguration(
                url: "smtp://127.0.0.1:\(sink.port)?starttls=off&from=imports@example.com"),
            logger: Logger(label: "test"))
        let team = try await app.team()
        let ws = team.workspaceId
        try await app.run { client in
            let (id, _) = try await client.prepare(
                ws, "First Name,Phone Number\nAnn,+60101010101\nBob,bad\n", token: team.manager,
                config: [
                    "purpose": "addNew", "identifier": "phone",
                    "mapping": [["column": 0, "field": "firstName"], ["column": 1, "field": "phone"]],
                ])
            _ = try await client.send(.post, "/api/v1/workspaces/\(ws)/imports/\(id)/start", token: team.manager)
            let finished = try await client.waitUntilFinished(ws, id, token: team.manager)
            #expect(finished["status"] as? String == "completed")
        }
        var messages = sink.messages
        for _ in 0..<100 where messages.isEmpty {
            try await Task.sleep(for: .milliseconds(20))
            messages = sink.messages
        }
        await sink.stop()
        let message = try #require(messages.first)
        #expect(messages.count == 1)
        #expect(message.recipients.map { $0.lowercased() }.contains { $0.contains("manager@acme.test") })
        #expect(message.mailFrom.contains("imports@example.com"))
        #expect(message.data.contains("Imported: 1"))
        #expect(message.data.contains("Errors: 1"))
        // The web UI's page of the import (which signs in, then offers the results file), not an API address that a
        // click from a webmail page would meet with 401.
        #expect(message.data.contains("https://contacts.example.com/#/workspaces/\(ws)/imports/1"))
        #expect(!message.data.contains("/api/v1/"))
        #expect(message.data.contains("Subject:"))
    }
}

import ContactStore
import Foundation
import ImportRules
import Logging
import Mailer

/// Tells the user who started an import that it ended: in the notification centre and, when mail is
/// configured, by email (SPEC §7). A failure to notify is logged and never fails the import.
struct ImportNotifier: Sendable {
    let store: any NotificationStore
    let mailer: (any Mailer)?
    /// The server's public address, for links in emails (`http://127.0.0.1:8080`).
    let publicURL: String
    /// How long results files are kept, as the email says it.
    let resultsRetention: Duration
    /// Counts imports completed and failed (nil for the command line, which serves no metrics).
    var metrics: AppMetrics? = nil
    var logger = Logger(label: "contact-import.notifications")

    func importFinished(_ record: ImportRecord) async {
        metrics?.importFinished(completed: record.status == .completed)
        let link = "/api/v1/workspaces/\(record.workspaceId)/imports/\(record.id)"
        let message = Self.message(for: record)
        do {
            try await store.addNotification(
                NewNotification(
                    userId: record.uploadedBy, workspaceId: record.workspaceId,
                    kind: record.status == .completed ? "import.completed" : "import.failed", message: message,
                    link: link))
        } catch {
            logger.error("Could not record the notification for import \(record.id)", metadata: ["error": "\(error)"])
        }
        guard let mailer else { return }
        // The web UI's page of the import: it signs the user in if needed, then offers the results file (a link
        // straight to the API would meet a 401 from a webmail page, whose click does not carry the session cookie).
        let page = "\(publicURL)/#/workspaces/\(record.workspaceId)/imports/\(record.id)"
        var body = message + "\n\n"
        if record.status == .completed {
            body += """
                Imported: \(record.summary.imported)
                Updated: \(record.summary.updated)
                Skipped: \(record.summary.skipped)
                Errors: \(record.summary.errors)

                Open the import to download its results file (available for \(RetentionText.describe(resultsRetention)), until \(Self.dateText(record.resultsAvailableUntil))):
                \(page)

                """
        } else {
            body += "Import details: \(page)\n"
        }
        do {
            try await mailer.send(
                EmailMessage(
                    to: [record.uploadedByEmail],
                    subject: record.status == .completed
                        ? "Your contact import “\(record.fileName)” is complete"
                        : "Your contact import “\(record.fileName)” failed",
                    textBody: body))
        } catch {
            logger.error("Could not email the result of import \(record.id)", metadata: ["error": "\(error)"])
        }
    }

    /// An undo ended (SPEC §12): the user who asked for it is told in the notification centre and, with mail set up,
    /// by email.
    func undoFinished(_ record: ImportRecord) async {
        guard let userId = record.undoneBy else { return }
        let undo = record.undoSummary
        let message =
            "Undo of the import of \(record.fileName) finished: \(undo.deleted) contacts deleted, "
            + "\(undo.restored) restored, \(undo.kept) kept because they changed after the import or were deleted."
        do {
            try await store.addNotification(
                NewNotification(
                    userId: userId, workspaceId: record.workspaceId, kind: "import.undone", message: message,
                    link: "/api/v1/workspaces/\(record.workspaceId)/imports/\(record.id)"))
        } catch {
            logger.error("Could not record the notification for undo \(record.id)", metadata: ["error": "\(error)"])
        }
        guard let mailer, let email = await email(ofUser: userId, workspaceId: record.workspaceId) else { return }
        let page = "\(publicURL)/#/workspaces/\(record.workspaceId)/imports/\(record.id)"
        do {
            try await mailer.send(
                EmailMessage(
                    to: [email], subject: "The import “\(record.fileName)” has been undone",
                    textBody: message + "\n\nOpen the import to download its undo file:\n\(page)\n"))
        } catch {
            logger.error("Could not email the end of undo \(record.id)", metadata: ["error": "\(error)"])
        }
    }

    private func email(ofUser userId: Int64, workspaceId: Int64) async -> String? {
        guard let members = store as? any AccountStore else { return nil }
        return try? await members.members(workspaceId: workspaceId).first { $0.user.id == userId }?.user.email
    }

    static func message(for record: ImportRecord) -> String {
        let summary = record.summary
        switch record.status {
        case .completed:
            return "Import of \(record.fileName) completed: \(summary.imported) imported, \(summary.updated) updated, "
                + "\(summary.skipped) skipped, \(summary.errors) with errors."
        default:
            return "Import of \(record.fileName) failed: \(record.failureMessage ?? "a server error stopped it.")"
        }
    }

    static func dateText(_ date: Date?) -> String {
        guard let date else { return "" }
        return date.formatted(.iso8601)
    }
}

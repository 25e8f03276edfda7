import ArgumentParser
import ContactImportApp
import ContactStore
import Foundation

/// `--password` for the web UI's sign-in: checked, then stored only as a bcrypt hash.
func passwordHash(_ password: String?) async throws -> String? {
    guard let password else { return nil }
    if let problem = Passwords.problem(with: password, what: "--password") { throw ValidationError(problem) }
    return try await Passwords.hash(password)
}

struct WorkspaceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "workspace", abstract: "Manage workspaces.", subcommands: [Create.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a workspace and its owner; prints {\"workspaceId\", \"userId\", \"apiToken\"}.")

        @Option(help: "The workspace's name.") var name: String
        @Option(name: .customLong("owner-email"), help: "The owner's email address.") var ownerEmail: String
        @Option(help: "The owner's password for signing in to the web UI (stored only as a bcrypt hash).")
        var password: String?
        @OptionGroup var storage: StorageOptions

        func run() async throws {
            let name = name.trimmingCharacters(in: .whitespaces)
            guard (1...200).contains(name.count) else { throw ValidationError("--name must be 1 to 200 characters.") }
            let email = try checkEmail(ownerEmail)
            let store = try await storage.openStore()
            let created = try await store.createWorkspace(
                name: name, ownerEmail: email, passwordHash: try await passwordHash(password))
            try printJSON([
                "workspaceId": created.workspace.id, "userId": created.owner.id, "apiToken": created.token,
            ])
        }
    }
}

struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Manage users.", subcommands: [Add.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a user to a workspace; prints {\"userId\", \"apiToken\"}.")

        @Option(help: "The workspace id.") var workspace: Int64
        @Option(help: "The user's email address.") var email: String
        @Option(help: "owner, manager or agent.") var role: String
        @Option(
            help: "A password for signing in to the web UI (stored only as a bcrypt hash; replaces an existing one).")
        var password: String?
        @OptionGroup var storage: StorageOptions

        func run() async throws {
            guard let role = Role(rawValue: role) else {
                throw ValidationError("--role must be owner, manager or agent.")
            }
            let email = try checkEmail(email)
            let hash = try await passwordHash(password)
            let store = try await storage.openStore()
            do {
                let issued = try await store.addUser(
                    workspaceId: workspace, email: email, role: role, passwordHash: hash)
                try printJSON(["userId": issued.user.id, "apiToken": issued.token])
            } catch let error as StoreError {
                throw ValidationError(error.message)
            }
        }
    }
}

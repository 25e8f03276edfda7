import ContactModel
import Foundation

/// Everything the application keeps, behind one protocol with one implementation per engine.
///
/// Methods are focused writes that keep data consistent; each runs in one transaction.
/// Validation of contact values (SPEC §1) happens before a call, with `ContactModel`'s shared rules.
public protocol DataStore: Sendable {
    // MARK: Accounts
    /// Creates a workspace, its owner (reusing the user of that email if one exists) and an API token for the owner.
    func createWorkspace(name: String, ownerEmail: String, passwordHash: String?) async throws -> CreatedWorkspace
    /// Adds a user (new, or existing by email) to a workspace with a role and issues an API token.
    func addUser(workspaceId: Int64, email: String, role: Role, passwordHash: String?) async throws -> IssuedToken
    /// The user a raw API token belongs to, or nil when the token is unknown.
    func user(forToken token: String) async throws -> User?
    /// The caller's role in a workspace, or nil when not a member (or no such workspace).
    func role(userId: Int64, workspaceId: Int64) async throws -> Role?
    func workspace(id: Int64) async throws -> Workspace?

    // MARK: Contact fields
    func customFields(workspaceId: Int64) async throws -> [CustomField]
    /// Adds a custom field; throws `StoreError.conflict` when its name or id is taken.
    func createCustomField(workspaceId: Int64, field: CustomField) async throws -> CustomField

    // MARK: Contacts
    func createContact(workspaceId: Int64, contact: ContactDraft) async throws -> Contact
    func contact(workspaceId: Int64, id: Int64) async throws -> Contact?
    /// Reads, changes and writes one contact in a single transaction. Nil when it does not exist.
    func updateContact(
        workspaceId: Int64, id: Int64, change: @Sendable (inout ContactDraft) throws -> Void
    ) async throws -> Contact?
    /// True when a contact was deleted.
    func deleteContact(workspaceId: Int64, id: Int64) async throws -> Bool
    func listContacts(workspaceId: Int64, query: ContactQuery) async throws -> ContactPage

    // MARK: Notifications
    func notifications(userId: Int64) async throws -> [UserNotification]
    func addNotification(_ notification: NewNotification) async throws
}

public enum Role: String, Sendable, Codable, CaseIterable {
    case owner, manager, agent

    /// Owners and managers run imports and change settings; agents do not.
    public var canManage: Bool { self != .agent }
}

public struct Workspace: Sendable, Equatable {
    public var id: Int64
    public var name: String
    public var timeZone: String
    public var createdAt: Date
}

public struct User: Sendable, Equatable {
    public var id: Int64
    public var email: String
}

public struct CreatedWorkspace: Sendable {
    public var workspace: Workspace
    public var owner: User
    public var token: String
}

public struct IssuedToken: Sendable {
    public var user: User
    public var token: String
}

/// A contact's values without its identity: what is created or written back on update.
public struct ContactDraft: Sendable, Equatable {
    public var firstName: String
    public var lastName: String?
    public var phone: String?
    public var email: String?
    public var language: String?
    public var country: String?
    public var tags: [String]
    public var custom: [String: FieldValue]

    public init(
        firstName: String, lastName: String? = nil, phone: String? = nil, email: String? = nil,
        language: String? = nil, country: String? = nil, tags: [String] = [], custom: [String: FieldValue] = [:]
    ) {
        self.firstName = firstName
        self.lastName = lastName
        self.phone = phone
        self.email = email
        self.language = language
        self.country = country
        self.tags = tags
        self.custom = custom
    }

    public init(_ contact: Contact) {
        self.init(
            firstName: contact.firstName, lastName: contact.lastName, phone: contact.phone, email: contact.email,
            language: contact.language, country: contact.country, tags: contact.tags, custom: contact.custom)
    }
}

public struct ContactQuery: Sendable, Equatable {
    /// Case-insensitive text found in the name, phone or email.
    public var search: String?
    public var tag: String?
    public var limit: Int
    /// Opaque position returned as `nextCursor` by the previous page.
    public var cursor: String?

    public init(search: String? = nil, tag: String? = nil, limit: Int = 50, cursor: String? = nil) {
        self.search = search
        self.tag = tag
        self.limit = limit
        self.cursor = cursor
    }
}

public struct ContactPage: Sendable {
    public var contacts: [Contact]
    public var nextCursor: String?
}

public struct UserNotification: Sendable, Equatable {
    public var id: Int64
    public var kind: String
    public var message: String
    public var link: String?
    public var createdAt: Date
    public var read: Bool
}

public struct NewNotification: Sendable {
    public var userId: Int64
    public var workspaceId: Int64
    public var kind: String
    public var message: String
    public var link: String?

    public init(userId: Int64, workspaceId: Int64, kind: String, message: String, link: String?) {
        self.userId = userId
        self.workspaceId = workspaceId
        self.kind = kind
        self.message = message
        self.link = link
    }
}

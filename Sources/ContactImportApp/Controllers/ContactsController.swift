import ContactModel
import ContactStore
import HTTPTypes
import Hummingbird
import ImportRules
import PhoneNumbers

/// The Contacts module: list with search, tag filter and cursor paging; create, read, change, delete.
/// Every member of a workspace (agents too) works with its contacts.
struct ContactsController {
    let store: any ContactRecordStore & ContactFieldStore & MemberStore
    let access: WorkspaceAccess

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("workspaces/:ws/contacts", use: list)
        group.get("workspaces/:ws/contacts/export", use: export)
        group.post("workspaces/:ws/contacts", use: create)
        group.get("workspaces/:ws/contacts/:id", use: get)
        group.patch("workspaces/:ws/contacts/:id", use: patch)
        group.delete("workspaces/:ws/contacts/:id", use: delete)
    }

    struct Page: Encodable {
        var contacts: [Contact]
        var nextCursor: String?

        enum CodingKeys: CodingKey { case contacts, nextCursor }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(contacts, forKey: .contacts)
            try container.encode(nextCursor, forKey: .nextCursor)
        }
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (workspaceId, _, _) = try await access.authorize(context, .member)
        let query = request.uri.queryParameters
        var limit = 50
        if let raw = query["limit"] {
            guard let value = Int(String(raw)), (1...500).contains(value) else {
                throw APIError(.badRequest, "invalid_request", "limit must be a whole number from 1 to 500.")
            }
            limit = value
        }
        let page = try await store.listContacts(
            workspaceId: workspaceId,
            query: ContactQuery(
                search: try await search(request, workspaceId: workspaceId), tag: Self.tag(request), limit: limit,
                cursor: query["cursor"].map(String.init).flatMap { $0.isEmpty ? nil : $0 }))
        return try JSONBody.response(Page(contacts: page.contacts, nextCursor: page.nextCursor))
    }

    /// The list's search text: under E.164 a whole phone number searched as typed ("012-345 6789") finds its stored
    /// E.164 form.
    func search(_ request: Request, workspaceId: Int64) async throws -> String? {
        let search = request.uri.queryParameters["search"].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
        if let text = search, text.contains(where: \.isNumber), let normalizer = try await phoneNormalizer(workspaceId),
            case .success(let e164) = normalizer.normalize(TextRules.trimmed(text))
        {
            return e164
        }
        return search
    }

    static func tag(_ request: Request) -> String? {
        request.uri.queryParameters["tag"].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The contacts of the search and tag as CSV (owners and managers), streamed a page at a time.
    @Sendable func export(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (workspaceId, _, _) = try await access.authorize(context, .manager)
        let search = try await search(request, workspaceId: workspaceId)
        let tag = Self.tag(request)
        let export = ContactExport(store: store)
        return Response(
            status: .ok,
            headers: [
                .contentType: "text/csv; charset=utf-8",
                .contentDisposition: "attachment; filename=\"contacts.csv\"",
            ],
            body: ResponseBody { writer in
                try await export.write(workspaceId: workspaceId, search: search, tag: tag) { bytes in
                    try await writer.write(ByteBuffer(bytes: bytes))
                }
                try await writer.finish(nil)
            })
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (workspaceId, user, _) = try await access.authorize(context, .member)
        let body = try await JSONBody.value(from: request, context: context)
        let fields = try await store.customFields(workspaceId: workspaceId)
        let patch = try ContactPatch(
            json: body, customFields: fields, creating: true, phones: try await phoneNormalizer(workspaceId))
        var draft = ContactDraft(firstName: "")
        patch.apply(to: &draft)
        let contact = try await store.createContact(workspaceId: workspaceId, contact: draft, by: user.id)
        return try JSONBody.response(contact, status: .created)
    }

    /// The workspace's E.164 normaliser when it is set to E.164 (SPEC §10); nil when phones are kept as given.
    func phoneNormalizer(_ workspaceId: Int64) async throws -> PhoneNormalizer? {
        try await store.workspaceSettings(workspaceId: workspaceId)?.phoneRule.normalizer
    }

    @Sendable func get(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (workspaceId, _, _) = try await access.authorize(context, .member)
        let id = try context.id("id", naming: "contact")
        guard let contact = try await store.contact(workspaceId: workspaceId, id: id) else {
            throw APIError.notFound("contact")
        }
        return try JSONBody.response(contact)
    }

    @Sendable func patch(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (workspaceId, user, _) = try await access.authorize(context, .member)
        let id = try context.id("id", naming: "contact")
        let body = try await JSONBody.value(from: request, context: context)
        let fields = try await store.customFields(workspaceId: workspaceId)
        let patch = try ContactPatch(
            json: body, customFields: fields, creating: false, phones: try await phoneNormalizer(workspaceId))
        guard
            let contact = try await store.updateContact(
                workspaceId: workspaceId, id: id, by: user.id, change: patch.apply)
        else { throw APIError.notFound("contact") }
        return try JSONBody.response(contact)
    }

    @Sendable func delete(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (workspaceId, _, _) = try await access.authorize(context, .member)
        let id = try context.id("id", naming: "contact")
        guard try await store.deleteContact(workspaceId: workspaceId, id: id) else {
            throw APIError.notFound("contact")
        }
        return Response(status: .noContent)
    }
}

import ContactModel
import ContactStore
import Foundation
import Hummingbird

/// Merge Suggestions, merging and Contact Activity (SPEC §14). Duplicates and merging are for owners and managers;
/// every member sees a contact's activity.
struct ContactMergeController {
    let store: any ContactMergeStore & ContactFieldStore & MemberStore
    let access: WorkspaceAccess

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("workspaces/:ws/contacts/duplicates", use: duplicates)
        group.post("workspaces/:ws/contacts/merge", use: merge)
        group.get("workspaces/:ws/contacts/:id/activity", use: activity)
    }

    struct GroupJSON: Encodable {
        var key: String
        var size: Int
        var contacts: [Contact]
    }

    struct PageJSON: Encodable {
        var groups: [GroupJSON]
        var nextCursor: String?

        enum CodingKeys: CodingKey { case groups, nextCursor }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(groups, forKey: .groups)
            try container.encode(nextCursor, forKey: .nextCursor)
        }
    }

    @Sendable func duplicates(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (workspaceId, _, _) = try await access.authorize(context, .manager)
        let query = request.uri.queryParameters
        let by = String(query["by"] ?? "phone")
        guard let key = DuplicateKey(rawValue: by) else {
            throw APIError(.badRequest, "invalid_request", "by must be phone or email.")
        }
        var limit = 20
        if let raw = query["limit"] {
            guard let value = Int(String(raw)), (1...100).contains(value) else {
                throw APIError(.badRequest, "invalid_request", "limit must be a whole number from 1 to 100.")
            }
            limit = value
        }
        let page = try await store.duplicateGroups(
            workspaceId: workspaceId, by: key, cursor: query["cursor"].map(String.init), limit: limit)
        return try JSONBody.response(
            PageJSON(
                groups: page.groups.map { GroupJSON(key: $0.key, size: $0.size, contacts: $0.contacts) },
                nextCursor: page.nextCursor))
    }

    @Sendable func merge(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (workspaceId, user, _) = try await access.authorize(context, .manager)
        let body = try await JSONBody.value(from: request, context: context)
        let fields = try await store.customFields(workspaceId: workspaceId)
        let plan = try MergeRequest(json: body, customFields: fields)
        let take = plan.take
        guard
            let contact = try await store.mergeContacts(
                workspaceId: workspaceId, keep: plan.keep, others: plan.others, by: user.id,
                merge: { keep, others in ContactMerge.merged(keep: keep, others: others, take: take) })
        else { throw APIError.notFound("contact") }
        return try JSONBody.response(contact)
    }

    struct ActivityJSON: Encodable {
        var kind: String
        var at: Date
        var by: String?
        var importId: Int64?
        var details: String
        var mergedFrom: [MergedContact]?
    }

    struct ActivityListJSON: Encodable {
        var activity: [ActivityJSON]
    }

    @Sendable func activity(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (workspaceId, _, _) = try await access.authorize(context, .member)
        let id = try context.id("id", naming: "contact")
        guard let entries = try await store.contactActivity(workspaceId: workspaceId, contactId: id) else {
            throw APIError.notFound("contact")
        }
        return try JSONBody.response(
            ActivityListJSON(
                activity: entries.map {
                    ActivityJSON(
                        kind: $0.kind.rawValue, at: $0.at, by: $0.by, importId: $0.importId,
                        details: ContactActivityWords.details($0),
                        mergedFrom: $0.mergedFrom.isEmpty ? nil : $0.mergedFrom)
                }))
    }
}

/// A merge request's body, `{"keep": id, "others": [id, …], "take": {"<field key>": id}}`, checked: every problem is
/// reported at once, each naming its member.
struct MergeRequest {
    var keep: Int64
    var others: [Int64]
    var take: [FieldKey: Int64]

    init(json: JSONValue, customFields: [CustomField]) throws(APIError) {
        guard case .object(let object) = json else {
            throw APIError(.badRequest, "invalid_json", "The body must be a JSON object: keep, others and take.")
        }
        var problems: [APIError.Detail] = []
        func id(_ value: JSONValue?) -> Int64? {
            if case .integer(let id)? = value, id > 0 { return id }
            return nil
        }
        let keep = id(object["keep"])
        if keep == nil { problems.append(.init(field: "keep", message: "keep must be the id of the contact to keep.")) }
        var others: [Int64] = []
        if case .array(let items)? = object["others"], items.allSatisfy({ id($0) != nil }) {
            others = items.compactMap(id)
        } else {
            problems.append(.init(field: "others", message: "others must be an array of contact ids."))
        }
        var take: [FieldKey: Int64] = [:]
        switch object["take"] {
        case nil, .null?: break
        case .object(let choices)?:
            for (key, value) in choices.sorted(by: { $0.key < $1.key }) {
                guard let field = FieldKey(key: key), ContactMerge.isChoosable(field) else {
                    problems.append(
                        .init(
                            field: "take.\(key)",
                            message: "“\(TextRules.excerpt(key))” is not a field whose value a merge can choose."))
                    continue
                }
                if let fieldId = field.customFieldId, !customFields.contains(where: { $0.fieldId == fieldId }) {
                    problems.append(
                        .init(
                            field: "take.\(key)", message: "There is no custom contact field with the id “\(fieldId)”.")
                    )
                    continue
                }
                guard let contactId = id(value) else {
                    problems.append(.init(field: "take.\(key)", message: "take.\(key) must be a contact id."))
                    continue
                }
                take[field] = contactId
            }
        case .some:
            problems.append(.init(field: "take", message: "take must be an object of field key to contact id."))
        }
        if let keep, problems.isEmpty {
            for message in ContactMerge.problems(keep: keep, others: others, take: take) {
                problems.append(.init(field: "merge", message: message))
            }
        }
        guard let keep, problems.isEmpty else {
            throw APIError(
                .badRequest, "invalid_request", problems.first?.message ?? "The merge request is not valid.",
                details: problems)
        }
        self.keep = keep
        self.others = others
        self.take = take
    }
}

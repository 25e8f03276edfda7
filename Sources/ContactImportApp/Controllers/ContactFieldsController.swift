import ContactModel
import ContactStore
import HTTPTypes
import Hummingbird

/// Settings > Contact Fields: the standard fields and the workspace's custom fields.
struct ContactFieldsController {
    let store: any ContactFieldStore
    let access: WorkspaceAccess

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("workspaces/:ws/contact-fields", use: list)
        group.post("workspaces/:ws/contact-fields", use: create)
    }

    struct FieldJSON: Encodable {
        var key: String
        var name: String
        var type: String
        var options: [String]?
        var standard: Bool
    }

    struct FieldList: Encodable { var fields: [FieldJSON] }

    struct CreateFieldBody: Decodable {
        var name: String
        var fieldId: String
        var type: String
        var options: [String]?
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (workspaceId, _, _) = try await access.authorize(context, .manager)
        let standard = StandardField.allCases.map {
            FieldJSON(key: $0.rawValue, name: $0.name, type: $0.apiType, options: nil, standard: true)
        }
        let custom = try await store.customFields(workspaceId: workspaceId).map(Self.json)
        return try JSONBody.response(FieldList(fields: standard + custom))
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (workspaceId, _, _) = try await access.authorize(context, .manager)
        let body = try await JSONBody.decode(CreateFieldBody.self, from: request, context: context)
        guard let type = FieldType(rawValue: body.type) else {
            throw APIError(
                .unprocessableContent, "invalid_field",
                "type must be one of: \(FieldType.allCases.map(\.rawValue).joined(separator: ", ")).")
        }
        let field: CustomField
        do {
            field = try CustomField.validated(
                fieldId: body.fieldId, name: body.name, type: type, options: body.options ?? [])
        } catch {
            throw APIError(.unprocessableContent, "invalid_field", error.message)
        }
        let created = try await store.createCustomField(workspaceId: workspaceId, field: field)
        return try JSONBody.response(Self.json(created), status: .created)
    }

    static func json(_ field: CustomField) -> FieldJSON {
        FieldJSON(
            key: FieldKey.custom(field.fieldId).key, name: field.name, type: field.type.rawValue,
            options: field.type == .list ? field.options : nil, standard: false)
    }
}

extension StandardField {
    /// The type shown for a standard field in the fields list.
    var apiType: String {
        switch self {
        case .firstName, .lastName: "text"
        case .phone: "phone"
        case .email: "email"
        case .language: "language"
        case .country: "country"
        case .tags: "tags"
        case .contactId: "contactId"
        }
    }
}

import ContactModel
import Foundation
import PostgresNIO

extension PostgresStore {
    public func customFields(workspaceId: Int64) async throws -> [CustomField] {
        try await rows(
            "SELECT field_id, name, type, options::text FROM custom_field WHERE workspace_id = \(workspaceId) ORDER BY position"
        ).map {
            let (fieldId, name, type, options) = try $0.decode((String, String, String, String).self)
            return CustomField(
                fieldId: fieldId, name: name, type: FieldType(rawValue: type) ?? .text,
                options: try StoredJSON.decodeStrings(options))
        }
    }

    public func createCustomField(workspaceId: Int64, field: CustomField) async throws -> CustomField {
        if StandardField.allCases.contains(where: { $0.name.lowercased() == field.name.lowercased() }) {
            throw StoreError(.conflict, "“\(field.name)” is the name of a standard contact field.")
        }
        let options = try StoredJSON.encode(field.options)
        do {
            return try await transaction { connection in
                if try await !connection.rows(
                    "SELECT 1 FROM custom_field WHERE workspace_id = \(workspaceId) AND name_key = \(field.name.lowercased())",
                    logger: logger
                ).isEmpty {
                    throw StoreError(.conflict, "A contact field named “\(field.name)” already exists.")
                }
                if try await !connection.rows(
                    "SELECT 1 FROM custom_field WHERE workspace_id = \(workspaceId) AND field_id = \(field.fieldId)",
                    logger: logger
                ).isEmpty {
                    throw StoreError(.conflict, "A contact field with the id “\(field.fieldId)” already exists.")
                }
                try await connection.query(
                    """
                    INSERT INTO custom_field (workspace_id, field_id, name, name_key, type, options, position)
                    SELECT \(workspaceId), \(field.fieldId), \(field.name), \(field.name.lowercased()), \(field.type.rawValue),
                           \(options)::jsonb, COALESCE(MAX(position), 0) + 1
                    FROM custom_field WHERE workspace_id = \(workspaceId)
                    """, logger: logger)
                return field
            }
        } catch  where Self.isUniqueViolation(error) {
            // Another server created the same field between the checks and the insert.
            throw StoreError(
                .conflict, "A contact field named “\(field.name)” or with the id “\(field.fieldId)” already exists.")
        }
    }

    public func tagsInUse(workspaceId: Int64, prefix: String) async throws -> Set<String> {
        // '-' sorts just before '.', so [prefix, prefix + ".") holds prefix and every prefix-… tag (byte order).
        var tags = Set(
            try await rows(
                """
                SELECT DISTINCT tag FROM contact_tag
                WHERE workspace_id = \(workspaceId) AND tag >= \(prefix) AND tag < \(prefix + ".")
                """
            ).map { try $0.decode(String.self) })
        let pending = try await rows(
            """
            SELECT config::jsonb ->> 'importTag' FROM import
            WHERE workspace_id = \(workspaceId) AND status IN ('draft', 'review', 'processing')
              AND config::jsonb ->> 'importTag' IS NOT NULL
            """
        ).map { try $0.decode(String.self) }
        tags.formUnion(pending.filter { $0 == prefix || $0.hasPrefix(prefix + "-") })
        return tags.filter { $0 == prefix || $0.hasPrefix(prefix + "-") }
    }
}

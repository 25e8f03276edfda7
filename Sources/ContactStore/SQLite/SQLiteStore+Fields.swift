import ContactModel
import Foundation
import GRDB

extension SQLiteStore {
    public func customFields(workspaceId: Int64) async throws -> [CustomField] {
        try await pool.read { db in try Self.customFields(db, workspaceId: workspaceId) }
    }

    static func customFields(_ db: Database, workspaceId: Int64) throws -> [CustomField] {
        try Row.fetchAll(
            db, sql: "SELECT * FROM customField WHERE workspaceId = ? ORDER BY position", arguments: [workspaceId]
        ).map { row in
            CustomField(
                fieldId: row["fieldId"], name: row["name"],
                type: FieldType(rawValue: row["type"]) ?? .text,
                options: try StoredJSON.decodeStrings(row["options"]))
        }
    }

    public func createCustomField(workspaceId: Int64, field: CustomField) async throws -> CustomField {
        try await pool.write { db in
            if StandardField.allCases.contains(where: { $0.name.lowercased() == field.name.lowercased() }) {
                throw StoreError(.conflict, "“\(field.name)” is the name of a standard contact field.")
            }
            if try Bool.fetchOne(
                db, sql: "SELECT 1 FROM customField WHERE workspaceId = ? AND nameKey = ?",
                arguments: [workspaceId, field.name.lowercased()]) != nil
            {
                throw StoreError(.conflict, "A contact field named “\(field.name)” already exists.")
            }
            if try Bool.fetchOne(
                db, sql: "SELECT 1 FROM customField WHERE workspaceId = ? AND fieldId = ?",
                arguments: [workspaceId, field.fieldId]) != nil
            {
                throw StoreError(.conflict, "A contact field with the id “\(field.fieldId)” already exists.")
            }
            let position =
                try Int.fetchOne(
                    db, sql: "SELECT COALESCE(MAX(position), 0) + 1 FROM customField WHERE workspaceId = ?",
                    arguments: [workspaceId]) ?? 1
            try db.execute(
                sql: """
                    INSERT INTO customField (workspaceId, fieldId, name, nameKey, type, options, position)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    workspaceId, field.fieldId, field.name, field.name.lowercased(), field.type.rawValue,
                    try StoredJSON.encode(field.options), position,
                ])
            return field
        }
    }

    public func tagsInUse(workspaceId: Int64, prefix: String) async throws -> Set<String> {
        try await pool.read { db in
            // '-' sorts just before '.', so [prefix, prefix + ".") holds prefix and every prefix-… tag.
            var tags = Set(
                try String.fetchAll(
                    db, sql: "SELECT DISTINCT tag FROM contactTag WHERE workspaceId = ? AND tag >= ? AND tag < ?",
                    arguments: [workspaceId, prefix, prefix + "."]))
            let pending = try String.fetchAll(
                db,
                sql: """
                    SELECT json_extract(config, '$.importTag') FROM import
                    WHERE workspaceId = ? AND status IN ('draft', 'review', 'processing')
                      AND json_extract(config, '$.importTag') IS NOT NULL
                    """,
                arguments: [workspaceId])
            tags.formUnion(pending.filter { $0 == prefix || $0.hasPrefix(prefix + "-") })
            return tags.filter { $0 == prefix || $0.hasPrefix(prefix + "-") }
        }
    }
}

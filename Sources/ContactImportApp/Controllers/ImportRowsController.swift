import ContactModel
import ContactStore
import Foundation
import Hummingbird
import ImportRules

/// Fixing the rows of an import in review (SPEC §11): owners and managers, as the rest of Contact Import.
struct ImportRowsController {
    let access: WorkspaceAccess
    let pipeline: ImportPipeline

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("workspaces/:ws/imports/:id/rows", use: rows)
        group.patch("workspaces/:ws/imports/:id/rows/:row", use: correctRow)
        group.post("workspaces/:ws/imports/:id/fixes", use: fix)
    }

    /// A row as the API shows it.
    struct RowJSON: Encodable {
        struct ErrorJSON: Encodable {
            var column: Int?
            var field: String?
            var message: String

            enum Keys: String, CodingKey { case column, field, message }

            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: Keys.self)
                try container.encode(column, forKey: .column)
                try container.encode(field, forKey: .field)
                try container.encode(message, forKey: .message)
            }
        }

        var row: Int
        var values: [String]
        var status: String
        var errors: [ErrorJSON]
        var skippedInReview: Bool?
        var correctedColumns: [Int]?

        init(_ row: ImportPipeline.ReviewRow) {
            self.row = row.row
            values = row.values
            status = row.status.rawValue
            errors = row.errors.map { ErrorJSON(column: $0.column, field: $0.field?.key, message: $0.message) }
            skippedInReview = row.skippedByUser ? true : nil
            correctedColumns = row.correctedColumns.isEmpty ? nil : row.correctedColumns
        }
    }

    struct Page: Encodable {
        var rows: [RowJSON]
        var nextCursor: String?

        enum Keys: String, CodingKey { case rows, nextCursor }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(rows, forKey: .rows)
            try container.encode(nextCursor, forKey: .nextCursor)
        }
    }

    @Sendable func rows(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (workspaceId, _, _) = try await access.authorize(context, .manager)
        let id = try context.id("id", naming: "import")
        let query = request.uri.queryParameters
        var status: ImportStatus?
        if let raw = query["status"], !raw.isEmpty {
            guard let value = ImportStatus(rawValue: String(raw)) else {
                throw APIError.invalidRequest("status must be one of error, imported, updated, skipped.")
            }
            status = value
        }
        func number(_ name: String, default value: Int?) throws -> Int? {
            guard let raw = query[Substring(name)], !raw.isEmpty else { return value }
            guard let number = Int(String(raw)), number >= 0 else {
                throw APIError.invalidRequest("\(name) must be a whole number.")
            }
            return number
        }
        let page = try await pipeline.rows(
            workspaceId: workspaceId, id: id, status: status, group: try number("group", default: nil),
            cursor: try number("cursor", default: 0) ?? 0, limit: try number("limit", default: 100) ?? 100)
        return try JSONBody.response(
            Page(rows: page.rows.map(RowJSON.init), nextCursor: page.nextCursor.map(String.init)))
    }

    /// What a correction answers: the counts, groups and expiry after it, and the rows it decided again.
    struct Corrected: Encodable {
        var row: RowJSON?
        var changedRows: Int?
        var rows: [RowJSON]
        var summary: ImportJSON.SummaryJSON
        var errorGroups: [ErrorGroup]
        var correctedRows: Int
        var reviewExpiresAt: Date?
    }

    @Sendable func correctRow(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (workspaceId, _, _) = try await access.authorize(context, .manager)
        let id = try context.id("id", naming: "import")
        guard let rawRow = context.parameters.get("row"), let row = Int(rawRow) else {
            throw APIError.notFound("row")
        }
        let body = try await JSONObjectBody.read(request, context: context, allowed: ["values", "skip"])
        var cells: [Int: String] = [:]
        switch body.fields["values"] {
        case nil:
            break
        case .object(let values)?:
            for (key, value) in values {
                guard let column = Int(key), column >= 0 else {
                    throw APIError.invalidRequest(
                        "“values” is keyed by column index (0, 1, …); “\(TextRules.excerpt(key))” is not one.")
                }
                guard case .string(let text) = value else {
                    throw APIError.invalidRequest("“values.\(column)” must be a string, not \(value.kindName).")
                }
                cells[column] = text
            }
        case let value?:
            throw APIError.invalidRequest("“values” must be an object of column index to text, not \(value.kindName).")
        }
        var skip: Bool?
        switch body.fields["skip"] {
        case nil: break
        case .bool(let value)?: skip = value
        case let value?: throw APIError.invalidRequest("“skip” must be true or false, not \(value.kindName).")
        }
        if cells.isEmpty && skip == nil {
            throw APIError.invalidRequest("Give “values” to correct, or “skip”.")
        }
        let correction = try await pipeline.correctRow(
            workspaceId: workspaceId, id: id, row: row, cells: cells, skip: skip)
        let rows = correction.rows.map(RowJSON.init)
        return try JSONBody.response(
            Corrected(
                row: rows.first { $0.row == row }, rows: rows, summary: ImportJSON.SummaryJSON(correction.record),
                errorGroups: correction.record.errorGroups, correctedRows: correction.record.correctedRows,
                reviewExpiresAt: correction.record.reviewExpiresAt))
    }

    @Sendable func fix(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (workspaceId, _, _) = try await access.authorize(context, .manager)
        let id = try context.id("id", naming: "import")
        let body = try await JSONObjectBody.read(
            request, context: context, allowed: ["action", "column", "from", "to", "code"])
        func column() throws -> Int {
            guard case .integer(let value)? = body.fields["column"], let column = Int(exactly: value) else {
                throw APIError.invalidRequest("“column” must be a column index (0, 1, …).")
            }
            return column
        }
        let fix: BulkFix
        switch try body.requiredString("action") {
        case "replace":
            fix = .replace(
                column: try column(), from: try body.requiredString("from"), to: try body.requiredString("to"))
        case "prefixCountryCode":
            fix = .prefixCountryCode(column: try column(), code: try body.requiredString("code"))
        case "skipErrors":
            fix = .skipErrors
        case let other:
            throw APIError.invalidRequest(
                "“\(TextRules.excerpt(other))” is not an action; use replace, prefixCountryCode or skipErrors.")
        }
        let (changedRows, record) = try await pipeline.applyFix(workspaceId: workspaceId, id: id, fix)
        return try JSONBody.response(
            Corrected(
                changedRows: changedRows, rows: [], summary: ImportJSON.SummaryJSON(record),
                errorGroups: record.errorGroups, correctedRows: record.correctedRows,
                reviewExpiresAt: record.reviewExpiresAt))
    }
}

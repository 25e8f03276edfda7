import ContactCSV
import ContactStore
import Foundation
import HTTPTypes
import ImportRules
import Hummingbird
import MultipartKit
import NIOCore

/// Contact Import and Settings > Data Import: owners and managers only.
struct ImportsController {
    let store: any DataStore
    let access: WorkspaceAccess
    let pipeline: ImportPipeline
    let metrics: AppMetrics

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("workspaces/:ws/imports", use: upload)
        group.get("workspaces/:ws/imports", use: list)
        group.get("workspaces/:ws/imports/:id", use: get)
        group.delete("workspaces/:ws/imports/:id", use: cancel)
        group.put("workspaces/:ws/imports/:id/config", use: configure)
        group.post("workspaces/:ws/imports/:id/review", use: review)
        group.get("workspaces/:ws/imports/:id/error-file", use: errorFile)
        group.post("workspaces/:ws/imports/:id/start", use: start)
        group.get("workspaces/:ws/imports/:id/results-file", use: resultsFile)
    }

    // MARK: Upload

    @Sendable func upload(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (workspaceId, user, _) = try await access.authorize(context, .manager)
        // Refuse before reading a byte of the file when another import is running.
        if try await store.imports(workspaceId: workspaceId).contains(where: { $0.status == .processing }) {
            throw ImportPipeline.apiError(for: StoreError.importInProgress)
        }
        // A body announced at 20 MB or more is refused before a byte of it is read.
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length >= CSVLimits.standard.maxBytes {
            throw ImportPipeline.apiError(for: CSVError(code: .tooLarge, message: "The file must be smaller than 20 MB."))
        }
        let received: (bytes: [UInt8], fileName: String?)
        do {
            if let boundary = Self.multipartBoundary(request.headers[.contentType]) {
                received = try await Self.readMultipart(request, boundary: boundary)
            } else {
                var buffer = CSVUploadBuffer(expectedSize: Self.uploadReservation)
                for try await chunk in request.body { try buffer.append(contentsOf: chunk.readableBytesView) }
                received = (buffer.take(), nil)
            }
        } catch let error as CSVError {
            throw ImportPipeline.apiError(for: error)
        }
        let fileName = try Self.fileName(request.uri.queryParameters["fileName"].map(String.init) ?? received.fileName)
        let record = try await pipeline.upload(workspaceId: workspaceId, user: user, fileName: fileName, bytes: received.bytes)
        return try JSONBody.response(ImportJSON(record: record), status: .created)
    }

    /// The upload buffer reserves the whole limit at once: the address space is only reserved (pages are touched as
    /// bytes arrive), and the buffer never grows by copying itself, which would briefly hold it twice (up to 50 MB).
    static let uploadReservation = CSVLimits.standard.maxBytes

    /// A display name for the file: its last path component, without control characters; only `.csv`.
    static func fileName(_ raw: String?) throws -> String {
        guard let raw, !raw.trimmingCharacters(in: .whitespaces).isEmpty else { return "contacts.csv" }
        var name = String(raw.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last ?? "")
        name = String(name.unicodeScalars.filter { !CharacterSet.controlCharacters.contains($0) }.map(Character.init))
            .trimmingCharacters(in: .whitespaces)
        guard name.lowercased().hasSuffix(".csv"), name.count > 4 else {
            throw APIError(
                .unprocessableContent, "invalid_file", "Only CSV files are accepted: the file name must end in .csv.")
        }
        return String(name.prefix(255))
    }

    static func multipartBoundary(_ contentType: String?) -> String? {
        guard let contentType, contentType.lowercased().hasPrefix("multipart/form-data") else { return nil }
        for parameter in contentType.split(separator: ";").dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if pair.count == 2, pair[0].lowercased() == "boundary" {
                return pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            }
        }
        return nil
    }

    /// Streams a multipart body, keeping only the part named `file`, and stops at the size limit.
    static func readMultipart(_ request: Request, boundary: String) async throws -> (bytes: [UInt8], fileName: String?) {
        let parser = MultipartParser(boundary: boundary)
        var upload = CSVUploadBuffer(expectedSize: uploadReservation)
        var partName: String?
        var partFileName: String?
        var fileName: String?
        var sawFile = false
        var failure: CSVError?
        parser.onHeader = { name, value in
            guard name.lowercased() == "content-disposition" else { return }
            partName = dispositionParameter("name", in: value)
            partFileName = dispositionParameter("filename", in: value)
        }
        parser.onBody = { body in
            guard partName == "file", failure == nil else { return }
            do { try upload.append(contentsOf: body.readableBytesView) } catch let error as CSVError { failure = error } catch {}
        }
        parser.onPartComplete = {
            if partName == "file" {
                sawFile = true
                fileName = partFileName
            }
            partName = nil
        }
        do {
            for try await chunk in request.body {
                try parser.execute(chunk)
                if let failure { throw failure }
            }
        } catch let error as CSVError {
            throw error
        } catch {
            throw APIError(.badRequest, "invalid_request", "The multipart body could not be read.")
        }
        guard sawFile else {
            throw APIError(.unprocessableContent, "invalid_file", "The multipart body has no part named “file”.")
        }
        return (upload.take(), fileName)
    }

    static func dispositionParameter(_ name: String, in value: String) -> String? {
        for parameter in value.split(separator: ";").dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if pair.count == 2, pair[0].lowercased() == name {
                return pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            }
        }
        return nil
    }

    // MARK: The other steps

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (workspaceId, _, _) = try await access.authorize(context, .manager)
        let records = try await store.imports(workspaceId: workspaceId)
        return try JSONBody.response(ImportList(imports: records.map(ImportJSON.init)))
    }

    @Sendable func get(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (workspaceId, _, _) = try await access.authorize(context, .manager)
        let record = try await pipeline.requireImport(workspaceId: workspaceId, id: try context.id("id", naming: "import"))
        return try JSONBody.response(ImportJSON(record: record))
    }

    @Sendable func cancel(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (workspaceId, _, _) = try await access.authorize(context, .manager)
        let record = try await pipeline.cancel(workspaceId: workspaceId, id: try context.id("id", naming: "import"))
        return try JSONBody.response(ImportJSON(record: record))
    }

    @Sendable func configure(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (workspaceId, _, _) = try await access.authorize(context, .manager)
        let id = try context.id("id", naming: "import")
        let body = try await JSONBody.value(from: request, context: context)
        let record = try await pipeline.configure(workspaceId: workspaceId, id: id, body: body)
        return try JSONBody.response(ImportJSON(record: record))
    }

    struct ReviewJSON: Encodable {
        var status: String
        var summary: ImportSummary
        var reviewExpiresAt: Date?
        var errorFile: String
    }


    @Sendable func review(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (workspaceId, _, _) = try await access.authorize(context, .manager)
        let id = try context.id("id", naming: "import")
        let record = try await pipeline.review(workspaceId: workspaceId, id: id)
        return try JSONBody.response(
            ReviewJSON(
                status: record.status.rawValue, summary: record.summary, reviewExpiresAt: record.reviewExpiresAt,
                errorFile: "/api/v1/workspaces/\(workspaceId)/imports/\(id)/error-file"))
    }

    @Sendable func start(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (workspaceId, _, _) = try await access.authorize(context, .manager)
        let record = try await pipeline.start(workspaceId: workspaceId, id: try context.id("id", naming: "import"))
        metrics.importStarted()
        struct Started: Encodable {
            var id: Int64
            var status: String
            var message: String
        }
        return try JSONBody.response(
            Started(id: record.id, status: record.status.rawValue, message: "The import has started. You will be notified when it completes."),
            status: .accepted)
    }

    @Sendable func errorFile(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (workspaceId, _, _) = try await access.authorize(context, .manager)
        let record = try await pipeline.requireImport(workspaceId: workspaceId, id: try context.id("id", naming: "import"))
        guard record.status == .review, let bytes = try await store.importFile(importId: record.id, kind: .errors) else {
            throw APIError(.notFound, "not_found", "There is no error file: review the import first.")
        }
        return Self.csv(bytes, name: Self.derivedName(record.fileName, suffix: "errors"))
    }

    @Sendable func resultsFile(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (workspaceId, _, _) = try await access.authorize(context, .manager)
        let record = try await pipeline.requireImport(workspaceId: workspaceId, id: try context.id("id", naming: "import"))
        switch record.status {
        case .completed:
            guard let bytes = try await store.importFile(importId: record.id, kind: .results) else {
                throw APIError(.gone, "results_expired", "The results file is no longer available (results are kept for 7 days).")
            }
            return Self.csv(bytes, name: Self.derivedName(record.fileName, suffix: "results"))
        case .expired:
            throw APIError(.gone, "results_expired", "The results file is no longer available (results are kept for 7 days).")
        default:
            throw APIError(.notFound, "not_found", "There is no results file yet: the import is \(record.status.rawValue).")
        }
    }

    static func derivedName(_ fileName: String, suffix: String) -> String {
        let base = fileName.lowercased().hasSuffix(".csv") ? String(fileName.dropLast(4)) : fileName
        let safe = base.unicodeScalars.map { $0.isASCII && ($0.properties.isAlphabetic || $0.properties.numericType != nil || "-_ .".unicodeScalars.contains($0)) ? Character($0) : "_" }
        return String(safe) + "-\(suffix).csv"
    }

    static func csv(_ bytes: [UInt8], name: String) -> Response {
        Response(
            status: .ok,
            headers: [
                .contentType: "text/csv; charset=utf-8",
                .contentDisposition: "attachment; filename=\"\(name)\"",
            ],
            body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}

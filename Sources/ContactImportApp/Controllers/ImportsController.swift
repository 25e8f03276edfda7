import ContactCSV
import ContactStore
import Foundation
import HTTPTypes
import Hummingbird
import ImportRules
import MultipartKit
import NIOCore

/// Contact Import and Settings > Data Import: owners and managers only.
///
/// Each handler reads the request, calls one step of `ImportPipeline` and writes its answer; the pipeline's
/// `ImportError`s become HTTP in `ErrorMiddleware`.
struct ImportsController {
    let store: any ImportStore
    let access: WorkspaceAccess
    let pipeline: ImportPipeline
    let metrics: AppMetrics

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("workspaces/:ws/imports", use: upload)
        group.get("workspaces/:ws/imports", use: list)
        group.get("workspaces/:ws/imports/:id", use: get)
        group.delete("workspaces/:ws/imports/:id", use: cancel)
        group.put("workspaces/:ws/imports/:id/config", use: configure)
        group.put("workspaces/:ws/imports/:id/file", use: replaceFile)
        group.post("workspaces/:ws/imports/:id/review", use: review)
        group.get("workspaces/:ws/imports/:id/error-file", use: errorFile)
        group.post("workspaces/:ws/imports/:id/start", use: start)
        group.get("workspaces/:ws/imports/:id/results-file", use: resultsFile)
    }

    // MARK: Upload

    @Sendable func upload(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (workspaceId, user, _) = try await access.authorize(context, .manager)
        let (bytes, fileName) = try await receiveFile(request, workspaceId: workspaceId)
        guard let like = request.uri.queryParameters["like"] else {
            let record = try await pipeline.upload(
                workspaceId: workspaceId, user: user, fileName: fileName, bytes: bytes)
            return try JSONBody.response(ImportJSON(record: record), status: .created)
        }
        guard let earlierId = Int64(String(like)), earlierId > 0 else {
            throw APIError.invalidRequest("“like” must be the id of an earlier import of this workspace.")
        }
        let (record, warnings) = try await pipeline.upload(
            workspaceId: workspaceId, user: user, fileName: fileName, bytes: bytes, like: earlierId)
        return try JSONBody.response(ImportJSON(record: record, warnings: warnings), status: .created)
    }

    /// "Upload a corrected file" (SPEC §11): the same body as an upload, for a draft or reviewed import.
    @Sendable func replaceFile(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (workspaceId, _, _) = try await access.authorize(context, .manager)
        let id = try context.id("id", naming: "import")
        _ = try await pipeline.requireImport(workspaceId: workspaceId, id: id)
        let (bytes, fileName) = try await receiveFile(request, workspaceId: workspaceId)
        let (record, warnings) = try await pipeline.replaceFile(
            workspaceId: workspaceId, id: id, fileName: fileName, bytes: bytes)
        return try JSONBody.response(ImportJSON(record: record, warnings: warnings))
    }

    /// An uploaded file (raw body, or the multipart part named `file`) and its display name, read as it arrives and
    /// refused at the size limit, after `ImportPipeline.admitUpload` (one job at a time, the announced size).
    func receiveFile(_ request: Request, workspaceId: Int64) async throws -> (bytes: [UInt8], fileName: String) {
        try await pipeline.admitUpload(
            workspaceId: workspaceId, announcedBytes: request.headers[.contentLength].flatMap { Int($0) })
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
            throw ImportError(error)
        }
        let fileName = try ImportPipeline.fileName(
            request.uri.queryParameters["fileName"].map(String.init) ?? received.fileName)
        return (received.bytes, fileName)
    }

    /// The upload buffer reserves the whole limit at once: the address space is only reserved (pages are touched as
    /// bytes arrive), and the buffer never grows by copying itself, which would briefly hold it twice (up to 50 MB).
    static let uploadReservation = CSVLimits.standard.maxBytes

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
    static func readMultipart(_ request: Request, boundary: String) async throws -> (bytes: [UInt8], fileName: String?)
    {
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
            do { try upload.append(contentsOf: body.readableBytesView) } catch let error as CSVError {
                failure = error
            } catch {}
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
        return try JSONBody.response(ImportList(imports: records.map { ImportJSON(record: $0) }))
    }

    @Sendable func get(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (workspaceId, _, _) = try await access.authorize(context, .manager)
        let record = try await pipeline.requireImport(
            workspaceId: workspaceId, id: try context.id("id", naming: "import"))
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
        let record = try await pipeline.configure(
            workspaceId: workspaceId, id: id, try ConfigurationRequest(json: body))
        return try JSONBody.response(ImportJSON(record: record))
    }

    struct ReviewJSON: Encodable {
        var status: String
        var summary: ImportJSON.SummaryJSON
        var reviewExpiresAt: Date?
        var errorFile: String
        var errorGroups: [ErrorGroup]
        var correctedRows: Int
    }

    @Sendable func review(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (workspaceId, _, _) = try await access.authorize(context, .manager)
        let id = try context.id("id", naming: "import")
        let record = try await pipeline.review(workspaceId: workspaceId, id: id)
        return try JSONBody.response(
            ReviewJSON(
                status: record.status.rawValue, summary: ImportJSON.SummaryJSON(record),
                reviewExpiresAt: record.reviewExpiresAt,
                errorFile: "/api/v1/workspaces/\(workspaceId)/imports/\(id)/error-file",
                errorGroups: record.errorGroups, correctedRows: record.correctedRows))
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
        // A failed import started again carries on after its last committed row.
        let message =
            record.progressDone > 0
            ? "The import has started again and carries on from row \(JobFailure.number(record.progressDone + 1)). "
                + "You will be notified when it completes."
            : "The import has started. You will be notified when it completes."
        return try JSONBody.response(
            Started(id: record.id, status: record.status.rawValue, message: message), status: .accepted)
    }

    @Sendable func errorFile(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (workspaceId, _, _) = try await access.authorize(context, .manager)
        return Self.csv(
            try await pipeline.errorFile(workspaceId: workspaceId, id: try context.id("id", naming: "import")))
    }

    @Sendable func resultsFile(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (workspaceId, _, _) = try await access.authorize(context, .manager)
        return Self.csv(
            try await pipeline.resultsFile(workspaceId: workspaceId, id: try context.id("id", naming: "import")))
    }

    static func csv(_ file: ImportPipeline.DownloadFile) -> Response {
        Response(
            status: .ok,
            headers: [
                .contentType: "text/csv; charset=utf-8",
                .contentDisposition: "attachment; filename=\"\(file.name)\"",
            ],
            body: .init(byteBuffer: ByteBuffer(bytes: file.bytes)))
    }
}

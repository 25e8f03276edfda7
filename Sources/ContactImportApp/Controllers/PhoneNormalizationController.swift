import ContactStore
import Foundation
import HTTPTypes
import Hummingbird
import ImportRules
import PhoneNumbers

/// The clean-up of stored phones (SPEC §10) from Settings › Workspace: a dry count, the job in the workspace's one
/// job slot, its status and its results file. Owners and managers; only while the workspace is set to E.164.
struct PhoneNormalizationController {
    let store: any DataStore
    let access: WorkspaceAccess
    let cleanUp: PhoneCleanUp

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("workspaces/:ws/phone-normalization", use: list)
        group.post("workspaces/:ws/phone-normalization", use: start)
        group.get("workspaces/:ws/phone-normalization/preview", use: preview)
        group.get("workspaces/:ws/phone-normalization/:id", use: show)
        group.get("workspaces/:ws/phone-normalization/:id/results-file", use: resultsFile)
        group.get("phone-countries", use: countries)
    }

    /// The countries of the numbering plan with their calling codes, for the default-country choice.
    @Sendable func countries(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.requireUser()
        struct Country: Encodable {
            var code: String
            var callingCode: Int
        }
        struct Countries: Encodable {
            var countries: [Country]
            var source: String
        }
        let countries = NumberingPlan.regions.compactMap { code in
            NumberingPlan.callingCode(of: code).map { Country(code: code, callingCode: $0) }
        }
        return try JSONBody.response(Countries(countries: countries, source: NumberingPlan.source))
    }

    struct JobJSON: Encodable {
        struct Progress: Encodable {
            var done: Int
            var total: Int
        }

        var id: Int64
        var status: String
        var defaultCountry: String
        var progress: Progress
        /// `{"changed", "unchanged", "notValid", "conflicts"}`.
        var summary: PhoneNormalizationCounts
        var createdAt: Date
        var completedAt: Date?
        var resultsAvailableUntil: Date?
        var resultsFileAvailable: Bool
        var message: String?

        init(_ job: PhoneNormalizationRecord) {
            id = job.id
            status = job.status.rawValue
            defaultCountry = job.defaultCountry
            progress = Progress(done: job.done, total: max(job.total, job.done))
            summary = job.counts
            createdAt = job.createdAt
            completedAt = job.completedAt
            resultsAvailableUntil = job.status == .completed ? job.resultsAvailableUntil : nil
            resultsFileAvailable = job.status == .completed
            message = job.failureMessage
        }

        enum CodingKeys: String, CodingKey {
            case id, status, defaultCountry, progress, summary, createdAt, completedAt, resultsAvailableUntil
            case resultsFileAvailable, message
        }

        // Absent dates and the message are written as null, as the imports' are.
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(id, forKey: .id)
            try c.encode(status, forKey: .status)
            try c.encode(defaultCountry, forKey: .defaultCountry)
            try c.encode(progress, forKey: .progress)
            try c.encode(summary, forKey: .summary)
            try c.encode(createdAt, forKey: .createdAt)
            try c.encode(completedAt, forKey: .completedAt)
            try c.encode(resultsAvailableUntil, forKey: .resultsAvailableUntil)
            try c.encode(resultsFileAvailable, forKey: .resultsFileAvailable)
            try c.encode(message, forKey: .message)
        }
    }

    /// The workspace's default country while it is set to E.164; 422 otherwise.
    func e164Country(_ workspaceId: Int64) async throws -> String {
        guard let settings = try await store.workspaceSettings(workspaceId: workspaceId) else {
            throw APIError.workspaceNotFound
        }
        guard case .e164(let country) = settings.phoneRule else {
            throw WorkspaceSettingsController.invalid(
                "Phone numbers are kept as given in this workspace: set “phoneNumbers” to “e164” with a default country in Settings › Workspace first."
            )
        }
        return country
    }

    @Sendable func preview(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (workspaceId, _, _) = try await access.authorize(context, .manager)
        let country = try await e164Country(workspaceId)
        struct Preview: Encodable {
            var defaultCountry: String
            var summary: PhoneNormalizationCounts
        }
        let counts = try await cleanUp.dryCount(workspaceId: workspaceId, defaultCountry: country)
        return try JSONBody.response(Preview(defaultCountry: country, summary: counts))
    }

    @Sendable func start(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (workspaceId, user, _) = try await access.authorize(context, .manager)
        let country = try await e164Country(workspaceId)
        let job = try await cleanUp.start(workspaceId: workspaceId, user: user, defaultCountry: country)
        struct Started: Encodable {
            var id: Int64
            var status: String
        }
        return try JSONBody.response(Started(id: job.id, status: job.status.rawValue), status: .accepted)
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (workspaceId, _, _) = try await access.authorize(context, .manager)
        struct List: Encodable { var jobs: [JobJSON] }
        let jobs = try await store.phoneNormalizations(workspaceId: workspaceId, limit: 20)
        return try JSONBody.response(List(jobs: jobs.map(JobJSON.init)))
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (workspaceId, _, _) = try await access.authorize(context, .manager)
        let job = try await cleanUp.job(workspaceId: workspaceId, id: try context.id("id", naming: "phone clean-up"))
        return try JSONBody.response(JobJSON(job))
    }

    @Sendable func resultsFile(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (workspaceId, _, _) = try await access.authorize(context, .manager)
        return ImportsController.csv(
            try await cleanUp.resultsFile(
                workspaceId: workspaceId, id: try context.id("id", naming: "phone clean-up")))
    }
}

import ContactModel
import ContactStore
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import PhoneNumbers

/// Settings › Workspace (SPEC §10, §13): the name, the time zone the import tag's clock reads, and how phone numbers
/// are written (as given, or E.164 with a default country). Members read them; owners change them.
struct WorkspaceSettingsController {
    let store: any MemberStore
    let access: WorkspaceAccess

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("workspaces/:ws/settings", use: show)
        group.patch("workspaces/:ws/settings", use: change)
    }

    struct SettingsJSON: Encodable {
        var name: String
        var timeZone: String
        var phoneNumbers: String
        /// Written as null when absent (API.md).
        var defaultCountry: String?

        init(_ settings: WorkspaceSettings) {
            name = settings.name
            timeZone = settings.timeZone
            phoneNumbers = settings.phoneNumbers.rawValue
            defaultCountry = settings.defaultCountry
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(name, forKey: .name)
            try container.encode(timeZone, forKey: .timeZone)
            try container.encode(phoneNumbers, forKey: .phoneNumbers)
            try container.encode(defaultCountry, forKey: .defaultCountry)
        }

        enum CodingKeys: String, CodingKey { case name, timeZone, phoneNumbers, defaultCountry }
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (workspaceId, _, _) = try await access.authorize(context, .member)
        guard let settings = try await store.workspaceSettings(workspaceId: workspaceId) else {
            throw APIError.workspaceNotFound
        }
        return try JSONBody.response(SettingsJSON(settings))
    }

    static func invalid(_ message: String) -> APIError { APIError(.unprocessableContent, "invalid_settings", message) }

    @Sendable func change(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (workspaceId, _, _) = try await access.authorize(context, .owner)
        let body = try await JSONObjectBody.read(
            request, context: context, allowed: ["name", "timeZone", "phoneNumbers", "defaultCountry"])
        // Every field is checked before anything is written.
        let name = try body.optionalString("name")?.trimmingCharacters(in: .whitespacesAndNewlines)
        if let name, !(1...200).contains(name.count) || name.unicodeScalars.contains(where: SetupController.isControl) {
            throw Self.invalid("“name” must be 1 to 200 characters, without control characters.")
        }
        let timeZone = try body.optionalString("timeZone")
        if let timeZone, !TimeZoneNames.isValid(timeZone) { throw Self.invalid(TimeZoneNames.problem(timeZone)) }
        let format = try body.optionalString("phoneNumbers").map { raw in
            guard let format = PhoneNumberFormat(rawValue: raw) else {
                throw Self.invalid(
                    "“phoneNumbers” must be “asGiven” (kept as typed) or “e164” (rewritten to +60123456789 form), not “\(TextRules.excerpt(raw))”."
                )
            }
            return format
        }
        let country = try body.string("defaultCountry", nullable: true)
        if case .some(.some(let code)) = country {
            guard ISOCodes.isCountry(code.uppercased()) else {
                throw Self.invalid(
                    "“defaultCountry” must be an ISO 3166-1 alpha-2 country code such as MY, or null; “\(TextRules.excerpt(code))” is not one."
                )
            }
            guard NumberingPlan.callingCode(of: code.uppercased()) != nil else {
                throw Self.invalid(
                    "“defaultCountry” \(code.uppercased()) has no telephone numbering plan of its own: choose the country whose numbers the workspace's contacts have."
                )
            }
        }
        guard
            let settings = try await store.updateWorkspaceSettings(
                workspaceId: workspaceId,
                change: { settings in
                    if let name { settings.name = name }
                    if let timeZone { settings.timeZone = timeZone }
                    if let country { settings.defaultCountry = country?.uppercased() }
                    if let format { settings.phoneNumbers = format }
                    // Checked on the settings as they will be: E.164 reads national numbers in the default country.
                    if settings.phoneNumbers == .e164, settings.defaultCountry == nil {
                        throw Self.invalid(
                            "“phoneNumbers” “e164” needs a “defaultCountry” (such as MY) to read national numbers like 012-345 6789."
                        )
                    }
                })
        else { throw APIError.workspaceNotFound }
        return try JSONBody.response(SettingsJSON(settings))
    }
}

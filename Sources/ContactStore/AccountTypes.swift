import Foundation
import ImportRules

/// A workspace's settings (SPEC §10, §13): its name, the time zone the import tag's clock reads, and how phone
/// numbers are written.
public struct WorkspaceSettings: Sendable, Equatable {
    public var name: String
    /// An IANA time zone name (`Asia/Kuala_Lumpur`); the generated import tag's date and time are in it.
    public var timeZone: String
    public var phoneNumbers: PhoneNumberFormat
    /// ISO 3166-1 alpha-2 country whose calling code completes national numbers, or nil.
    public var defaultCountry: String?

    public init(
        name: String, timeZone: String, phoneNumbers: PhoneNumberFormat = .asGiven, defaultCountry: String? = nil
    ) {
        self.name = name
        self.timeZone = timeZone
        self.phoneNumbers = phoneNumbers
        self.defaultCountry = defaultCountry
    }
}

extension WorkspaceSettings {
    /// How phones are written in the workspace now: E.164 needs a default country too.
    public var phoneRule: PhoneRule {
        guard phoneNumbers == .e164, let defaultCountry else { return .asGiven }
        return .e164(defaultCountry: defaultCountry)
    }
}

/// How a workspace stores phone numbers: as given (trimmed, the page's behaviour) or normalised to E.164.
public enum PhoneNumberFormat: String, Sendable, Codable, CaseIterable {
    case asGiven
    case e164
}

/// A member of a workspace with their role.
public struct Member: Sendable, Equatable {
    public var user: User
    public var role: Role

    public init(user: User, role: Role) {
        self.user = user
        self.role = role
    }
}

/// A member just added: `hasPassword` is false for someone new, who needs a password link to sign in.
public struct AddedMember: Sendable, Equatable {
    public var member: Member
    public var hasPassword: Bool
}

/// One of a user's API tokens as listed (the secret is never shown again).
public struct APITokenInfo: Sendable, Equatable {
    public var id: Int64
    /// The name its owner gave it; nil for tokens issued by the command line.
    public var name: String?
    public var createdAt: Date
}

/// A token just created: `token` is the only time the secret is seen.
public struct NewAPIToken: Sendable {
    public var info: APITokenInfo
    public var token: String
}

/// A password-reset link's secret, just issued; only its SHA-256 is stored.
public struct NewPasswordReset: Sendable, Equatable {
    public var code: String
    public var user: User
    public var expiresAt: Date
}

/// What a password-reset code stands for now.
public enum PasswordResetState: Sendable, Equatable {
    /// Usable by `user` until `expiresAt`.
    case valid(user: User, expiresAt: Date)
    /// Known, but used already or past its time.
    case gone
    /// Never issued (or malformed).
    case unknown
}

/// Failed sign-ins counted for one key (an email address or a client address), as `SignInThrottle` keeps them.
public struct SignInThrottleRecord: Sendable, Equatable {
    /// Failures since `windowStart`.
    public var failures: Int
    public var windowStart: Date
    /// Lock-outs in a row; each doubles the next wait.
    public var lockouts: Int
    /// Sign-in for this key is refused until then.
    public var lockedUntil: Date?

    public init(failures: Int = 0, windowStart: Date, lockouts: Int = 0, lockedUntil: Date? = nil) {
        self.failures = failures
        self.windowStart = windowStart
        self.lockouts = lockouts
        self.lockedUntil = lockedUntil
    }
}

/// A refusal of an account change, in the domain's words; `ErrorMiddleware` turns it into HTTP.
public struct AccountError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable {
        /// The change would leave the workspace without an owner.
        case lastOwner
        /// The email is a member of the workspace already.
        case alreadyMember
        /// A password-reset link was used already or is past its time.
        case linkGone
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code.rawValue): \(message)" }

    static let lastOwner = AccountError(
        .lastOwner, "A workspace needs an owner: make another member an owner first, then change or remove this one.")
}

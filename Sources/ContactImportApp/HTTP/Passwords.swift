import HummingbirdBcrypt
import NIOPosix

/// Password hashing for web sign-in: bcrypt, run off the cooperative thread pool (it is slow on purpose).
public enum Passwords {
    /// The bcrypt cost (log2 of the rounds): about a quarter of a second per check on a small server.
    static let cost: UInt8 = 12

    /// Passwords shorter than this are refused when set.
    public static let minimumLength = 8
    /// bcrypt reads at most 72 bytes: longer passwords are refused rather than silently cut.
    public static let maximumBytes = 72

    /// Why a new password cannot be used, naming `what` ("The password", "--password"); nil when it can.
    public static func problem(with password: String, what: String = "The password") -> String? {
        guard password.count >= minimumLength, password.utf8.count <= maximumBytes else {
            return "\(what) must be \(minimumLength) to \(maximumBytes) characters (bcrypt reads at most 72 bytes)."
        }
        guard !password.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            return "\(what) must not contain control characters."
        }
        return nil
    }

    /// A bcrypt hash of `password`, for storing.
    public static func hash(_ password: String) async throws -> String {
        try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: cost) }
    }

    /// Whether `password` matches `hash`. With no hash (a user without a password) a dummy hash is still
    /// checked, so an unknown email takes as long to refuse as a wrong password.
    static func verify(_ password: String, hash: String?) async throws -> Bool {
        let matches = try await NIOThreadPool.singleton.runIfActive {
            Bcrypt.verify(password, hash: hash ?? dummyHash)
        }
        return hash != nil && matches
    }

    /// A real bcrypt hash (same cost) of a random string nobody knows; made once, on the thread pool, when first needed.
    private static let dummyHash = Bcrypt.hash(String(UInt64.random(in: .min ... .max), radix: 36), cost: cost)
}

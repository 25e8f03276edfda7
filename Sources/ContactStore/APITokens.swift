import Crypto
import Foundation

/// API tokens: `cit_<tokenId>_<secret>`, the secret 256 random bits; only SHA-256 of the secret is stored.
///
/// The token id finds the row; the secret's hash is then compared in constant time,
/// so neither a lookup by hash nor an early-exit comparison leaks how close a guess was.
enum APITokens {
    struct Parsed {
        var id: Int64
        var secret: String
    }

    static let prefix = "cit_"

    static func newSecret() -> String { SecretCode.random() }

    static func token(id: Int64, secret: String) -> String { "\(prefix)\(id)_\(secret)" }

    static func parse(_ token: String) -> Parsed? {
        guard token.hasPrefix(prefix) else { return nil }
        let rest = token.dropFirst(prefix.count)
        guard let underscore = rest.firstIndex(of: "_"), let id = Int64(rest[..<underscore]), id > 0 else { return nil }
        let secret = String(rest[rest.index(after: underscore)...])
        guard !secret.isEmpty, secret.utf8.count <= 128 else { return nil }
        return Parsed(id: id, secret: secret)
    }

    static func hash(_ secret: String) -> Data {
        Data(SHA256.hash(data: Data(secret.utf8)))
    }

    /// Compares two digests without stopping at the first difference.
    static func constantTimeEqual(_ a: Data, _ b: Data) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for (x, y) in zip(a, b) { difference |= x ^ y }
        return difference == 0
    }
}

/// 256 random bits, base64url without padding: the secret of API tokens, session ids, CSRF tokens, password links and
/// the first-run setup code.
public enum SecretCode {
    public static func random() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}

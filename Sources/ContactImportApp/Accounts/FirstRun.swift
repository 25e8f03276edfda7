import Foundation

/// The first run: while the database has no user, `serve` makes a one-time code and prints the setup link; the setup
/// page creates the first workspace and its owner. Once any user exists the page is gone (404).
public enum FirstRun {
    /// A new setup code: 256 random bits, base64url.
    public static func newCode() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// The setup page's address for `code` on a server reached at `configuration`'s public address.
    public static func link(code: String, configuration: AppConfiguration) -> String {
        "\(configuration.resolvedPublicURL)/setup?code=\(code)"
    }
}

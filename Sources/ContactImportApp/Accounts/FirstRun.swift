import ContactStore
import Foundation

/// The first run: while the database has no user, `serve` makes a one-time code and prints the setup link; the setup
/// page creates the first workspace and its owner. Once any user exists the page is gone (404).
public enum FirstRun {
    /// A new setup code: 256 random bits, base64url.
    public static func newCode() -> String { SecretCode.random() }

    /// The setup page's address for `code` on a server reached at `configuration`'s public address.
    public static func link(code: String, configuration: AppConfiguration) -> String {
        "\(configuration.resolvedPublicURL)/setup?code=\(code)"
    }
}

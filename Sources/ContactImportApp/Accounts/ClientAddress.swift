import Foundation
import HTTPTypes
import Hummingbird

/// The address a request comes from, for sign-in throttling and logs: the connection's peer, or, behind a reverse
/// proxy that says so (`--client-address-header`), the last entry of that header (the one the proxy added).
struct ClientAddress: Sendable {
    /// The header to trust, or nil to use the connection's peer.
    let header: HTTPField.Name?

    init(headerName: String?) {
        header = headerName.flatMap { HTTPField.Name($0) }
    }

    func of(_ request: Request, context: AppRequestContext) -> String {
        if let header, let value = request.headers[values: header].last,
            let last = value.split(separator: ",").last?.trimmingCharacters(in: .whitespaces), !last.isEmpty
        {
            return String(LogText.safe(last).prefix(64))
        }
        return context.remoteAddress?.ipAddress ?? "unknown"
    }
}

/// Text from a request made safe for a log line: control characters become "?", and it is cut at 200 characters.
enum LogText {
    static func safe(_ text: some StringProtocol) -> String {
        String(
            String.UnicodeScalarView(
                text.unicodeScalars.prefix(200).map { $0.properties.generalCategory == .control ? "?" : $0 }))
    }
}

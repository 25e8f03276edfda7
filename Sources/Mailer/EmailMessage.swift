/// A plain-text email to be sent by a ``Mailer``.
public struct EmailMessage: Sendable, Equatable {
    /// The sender address, either bare (`a@example.com`) or with a display name (`Contact Import <a@example.com>`).
    /// When empty, ``SMTPMailer`` uses ``SMTPConfiguration/from``.
    public var from: String
    /// The recipients, each bare or with a display name. Must not be empty.
    public var to: [String]
    /// The subject; any Unicode text (non-ASCII is sent RFC 2047-encoded). Line breaks are replaced by spaces.
    public var subject: String
    /// The UTF-8 text body. Line ends may be `\n`, `\r\n` or `\r`; they are sent as CRLF.
    public var textBody: String

    /// - Parameter from: The sender; `nil` (the default) or empty means "use the mailer's configured sender".
    public init(from: String? = nil, to: [String], subject: String, textBody: String) {
        self.from = from ?? ""
        self.to = to
        self.subject = subject
        self.textBody = textBody
    }
}

/// Something that can send an ``EmailMessage``.
public protocol Mailer: Sendable {
    /// Sends `message`, returning once the server has accepted it for delivery.
    func send(_ message: EmailMessage) async throws
}

/// Why sending failed: the step, the kind of failure and, when the server answered, its reply.
/// Never contains the password or the AUTH exchange.
public struct SMTPError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The step of the SMTP conversation that failed.
    public enum Step: String, Sendable, Equatable {
        case message = "message"  // the EmailMessage itself was unusable (bad address, no recipients); nothing sent
        case connect = "connect"
        case greeting = "greeting"
        case ehlo = "EHLO"
        case startTLS = "STARTTLS"
        case auth = "AUTH"
        case mailFrom = "MAIL FROM"
        case rcptTo = "RCPT TO"
        case data = "DATA"
    }

    public enum Kind: String, Sendable, Equatable {
        /// The server answered with an error reply (see ``code`` and ``reply``).
        case rejected
        /// No connection, or no reply, within the configured time.
        case timedOut
        /// The TCP connection could not be established, or was closed or broken mid-conversation.
        case connectionFailed
        /// The TLS handshake failed (e.g. untrusted certificate).
        case tlsFailed
        /// The server lacks something required: STARTTLS (with starttls=required) or a usable AUTH mechanism.
        case unsupported
        /// The server sent something that is not a valid SMTP reply.
        case protocolViolation
        /// The message is invalid (e.g. a malformed address); nothing was sent.
        case invalidMessage
    }

    public var step: Step
    public var kind: Kind
    /// The server's reply code (e.g. 550), when the server answered.
    public var code: Int?
    /// The server's reply text (lines joined with " / ", shortened), when the server answered.
    public var reply: String?
    /// A human-readable explanation naming the step.
    public var message: String

    public init(step: Step, kind: Kind, code: Int? = nil, reply: String? = nil, message: String) {
        self.step = step
        self.kind = kind
        self.code = code
        self.reply = reply
        self.message = message
    }

    init(step: Step, rejectedWith reply: SMTPReply, _ what: String) {
        self.init(
            step: step, kind: .rejected, code: reply.code, reply: reply.summary,
            message: "SMTP \(step.rawValue) failed: \(what) (server replied \(reply.code) \(reply.summary))"
        )
    }

    public var description: String { message }
}

/// One (possibly multi-line) SMTP reply.
struct SMTPReply: Sendable, Equatable {
    var code: Int
    var lines: [String]

    var isPositive: Bool { (200..<300).contains(code) }
    var isIntermediate: Bool { (300..<400).contains(code) }

    /// The reply text made printable and short, for errors and logs.
    var summary: String {
        let joined = lines.joined(separator: " / ")
        let printable = String(
            String.UnicodeScalarView(joined.unicodeScalars.map { ($0.value < 0x20 || $0.value == 0x7F) ? "?" : $0 })
        )
        return printable.count > 300 ? String(printable.prefix(300)) + "…" : printable
    }
}

struct SMTPReplyParseError: Error, Sendable, Equatable, CustomStringConvertible {
    var description: String
}

/// Incremental parser of SMTP replies (RFC 5321 §4.2): `250-first`, `250-…`, `250 last`. Accepts CRLF or LF.
struct SMTPReplyParser: Sendable {
    static let maxLineLength = 4096
    static let maxLines = 200

    private var buffer: [UInt8] = []
    private var pendingCode: Int? = nil
    private var pendingLines: [String] = []

    /// Bytes received but not yet part of a complete reply.
    var hasBufferedBytes: Bool { !buffer.isEmpty || pendingCode != nil }

    mutating func feed<S: Sequence>(_ bytes: S) where S.Element == UInt8 {
        buffer.append(contentsOf: bytes)
    }

    /// The next complete reply, or `nil` if more bytes are needed.
    mutating func next() throws(SMTPReplyParseError) -> SMTPReply? {
        while let newline = buffer.firstIndex(of: 0x0A) {
            var line = Array(buffer[..<newline])
            buffer.removeSubrange(...newline)
            if line.last == 0x0D { line.removeLast() }
            guard line.count >= 3, line[0...2].allSatisfy(isDigit) else {
                throw SMTPReplyParseError(description: "a reply line does not start with a 3-digit code")
            }
            let code = Int(line[0] - 0x30) * 100 + Int(line[1] - 0x30) * 10 + Int(line[2] - 0x30)
            let separator: UInt8? = line.count > 3 ? line[3] : nil
            guard separator == nil || separator == UInt8(ascii: " ") || separator == UInt8(ascii: "-") else {
                throw SMTPReplyParseError(description: "a reply line has no ' ' or '-' after its code")
            }
            if let pendingCode, pendingCode != code {
                throw SMTPReplyParseError(description: "a multi-line reply changes its code")
            }
            let text = line.count > 4 ? String(decoding: line[4...], as: UTF8.self) : ""
            pendingLines.append(text)
            guard pendingLines.count <= Self.maxLines else {
                throw SMTPReplyParseError(description: "a reply has too many lines")
            }
            if separator == UInt8(ascii: "-") {
                pendingCode = code
                continue
            }
            let reply = SMTPReply(code: code, lines: pendingLines)
            pendingCode = nil
            pendingLines = []
            return reply
        }
        if buffer.count > Self.maxLineLength {
            throw SMTPReplyParseError(description: "a reply line is longer than \(Self.maxLineLength) bytes")
        }
        return nil
    }
}

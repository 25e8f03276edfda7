import Logging
import NIOCore
import NIOPosix
import NIOSSL
import Synchronization

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Sends mail over SMTP (RFC 5321): EHLO (falling back to HELO), STARTTLS as configured, AUTH PLAIN or LOGIN
/// when credentials are configured, MAIL FROM, RCPT TO, DATA, QUIT. One connection per message.
///
/// Every step is bounded by ``SMTPConfiguration/replyTimeout`` and the connection by
/// ``SMTPConfiguration/connectTimeout``, so an unresponsive server makes ``send(_:)`` throw a ``SMTPError``
/// with kind `.timedOut` instead of hanging.
public struct SMTPMailer: Mailer {
    public let configuration: SMTPConfiguration
    private let eventLoopGroup: any EventLoopGroup
    private let logger: Logger

    public init(
        configuration: SMTPConfiguration,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger
    ) {
        self.configuration = configuration
        self.eventLoopGroup = eventLoopGroup
        var logger = logger
        logger[metadataKey: "smtp.server"] = "\(configuration.host):\(configuration.port)"
        self.logger = logger
    }

    /// Sends `message`; returns once the server has accepted it (250 after DATA).
    /// - Throws: ``SMTPError`` naming the failed step (or `CancellationError` when the task is cancelled).
    public func send(_ message: EmailMessage) async throws {
        let prepared = try PreparedMessage(message, defaultFrom: configuration.from)
        let tlsContext = try makeTLSContext()
        let config = configuration

        let channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>
        do {
            logger.debug("SMTP connecting")
            channel = try await ClientBootstrap(group: eventLoopGroup)
                .connectTimeout(TimeAmount(config.connectTimeout))
                .channelOption(.socketOption(.tcp_nodelay), value: 1)
                .connect(host: config.host, port: config.port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                    }
                }
        } catch let error as ChannelError {
            if case .connectTimeout = error {
                throw SMTPError(
                    step: .connect, kind: .timedOut,
                    message:
                        "SMTP connect failed: no connection to \(config.host):\(config.port) within \(config.connectTimeout)"
                )
            }
            throw SMTPError(
                step: .connect, kind: .connectionFailed,
                message: "SMTP connect failed: could not connect to \(config.host):\(config.port): \(error)"
            )
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw SMTPError(
                step: .connect, kind: .connectionFailed,
                message: "SMTP connect failed: could not connect to \(config.host):\(config.port): \(error)"
            )
        }

        let logger = self.logger
        try await channel.executeThenClose { inbound, outbound in
            let session = SMTPSession(
                channel: channel.channel, inbound: inbound, outbound: outbound,
                configuration: config, tlsContext: tlsContext, logger: logger
            )
            try await session.run(prepared)
        }
    }

    private func makeTLSContext() throws(SMTPError) -> NIOSSLContext? {
        guard configuration.startTLS != .off else { return nil }
        var tls = TLSConfiguration.makeClientConfiguration()
        switch configuration.tlsTrust {
        case .system: break
        case .certificates(let certificates): tls.trustRoots = .certificates(certificates)
        case .noVerification: tls.certificateVerification = .none
        }
        do {
            return try NIOSSLContext(configuration: tls)
        } catch {
            throw SMTPError(
                step: .startTLS, kind: .tlsFailed,
                message: "SMTP STARTTLS failed: could not set up TLS: \(error)"
            )
        }
    }
}

/// The validated parts of an ``EmailMessage``.
struct PreparedMessage: Sendable {
    var from: Mailbox
    var to: [Mailbox]
    var subject: String
    var body: String  // CRLF line ends

    init(_ message: EmailMessage, defaultFrom: String) throws(SMTPError) {
        let sender = message.from.isEmpty ? defaultFrom : message.from
        do {
            from = try parseMailbox(sender)
        } catch {
            throw SMTPError(
                step: .message, kind: .invalidMessage,
                message: "invalid sender address '\(printable(sender))': \(error.reason); nothing was sent"
            )
        }
        guard !message.to.isEmpty else {
            throw SMTPError(
                step: .message, kind: .invalidMessage, message: "the message has no recipients; nothing was sent")
        }
        var recipients: [Mailbox] = []
        for raw in message.to {
            do {
                recipients.append(try parseMailbox(raw))
            } catch {
                throw SMTPError(
                    step: .message, kind: .invalidMessage,
                    message: "invalid recipient address '\(printable(raw))': \(error.reason); nothing was sent"
                )
            }
        }
        to = recipients
        subject = message.subject
        body = normalizeLineEndings(message.textBody)
    }
}

private func printable(_ s: String) -> String {
    let p = String(String.UnicodeScalarView(s.unicodeScalars.map { ($0.value < 0x20 || $0.value == 0x7F) ? "?" : $0 }))
    return p.count > 100 ? String(p.prefix(100)) + "…" : p
}

/// Set once when a step's timer fires.
private final class TimeoutFlag: Sendable {
    private let fired = Atomic<Bool>(false)
    func set() { fired.store(true, ordering: .relaxed) }
    var isSet: Bool { fired.load(ordering: .relaxed) }
}

/// One SMTP conversation on an open connection. Used by a single task only.
private final class SMTPSession {
    private let channel: any Channel
    private var iterator: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
    private let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    private let configuration: SMTPConfiguration
    private let tlsContext: NIOSSLContext?
    private let logger: Logger
    private var parser = SMTPReplyParser()
    private var extensions: [String: String] = [:]  // EHLO keyword (uppercased) -> parameters
    private var tlsActive = false

    init(
        channel: any Channel,
        inbound: NIOAsyncChannelInboundStream<ByteBuffer>,
        outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>,
        configuration: SMTPConfiguration,
        tlsContext: NIOSSLContext?,
        logger: Logger
    ) {
        self.channel = channel
        self.iterator = inbound.makeAsyncIterator()
        self.outbound = outbound
        self.configuration = configuration
        self.tlsContext = tlsContext
        self.logger = logger
    }

    func run(_ message: PreparedMessage) async throws {
        // Greeting
        let greeting = try await withDeadline(.greeting) { try await self.readReply(.greeting) }
        guard greeting.code == 220 else {
            throw SMTPError(step: .greeting, rejectedWith: greeting, "the server refused the connection")
        }

        try await hello()

        // STARTTLS
        if configuration.startTLS != .off {
            if extensions["STARTTLS"] != nil {
                let reply = try await command("STARTTLS", step: .startTLS)
                if reply.code == 220 {
                    try await startTLS()  // includes the EHLO over TLS
                } else if configuration.startTLS == .required {
                    throw SMTPError(step: .startTLS, rejectedWith: reply, "the server refused STARTTLS")
                } else {
                    logger.warning(
                        "SMTP server refused STARTTLS; continuing without TLS (starttls=opportunistic)",
                        metadata: ["smtp.reply": "\(reply.code) \(reply.summary)"]
                    )
                }
            } else if configuration.startTLS == .required {
                throw SMTPError(
                    step: .startTLS, kind: .unsupported,
                    message: "SMTP STARTTLS failed: the server does not offer STARTTLS, and starttls=required"
                )
            } else {
                logger.notice("SMTP server does not offer STARTTLS; sending without TLS (starttls=opportunistic)")
            }
        }

        // AUTH
        if let username = configuration.username {
            try await authenticate(username: username, password: configuration.password ?? "")
        }

        // Envelope
        let bodyEncoding = chooseBodyEncoding(message.body, serverSupports8BitMIME: extensions["8BITMIME"] != nil)
        var mailFrom = "MAIL FROM:<\(message.from.address)>"
        if bodyEncoding == .eightBit { mailFrom += " BODY=8BITMIME" }
        let mailReply = try await command(mailFrom, step: .mailFrom)
        guard mailReply.isPositive else {
            throw SMTPError(
                step: .mailFrom, rejectedWith: mailReply, "the sender <\(message.from.address)> was refused")
        }
        for recipient in message.to {
            let reply = try await command("RCPT TO:<\(recipient.address)>", step: .rcptTo)
            guard reply.isPositive else {
                await abandon()
                throw SMTPError(step: .rcptTo, rejectedWith: reply, "the recipient <\(recipient.address)> was refused")
            }
        }

        // Content
        let dataReply = try await command("DATA", step: .data)
        guard dataReply.code == 354 else {
            throw SMTPError(step: .data, rejectedWith: dataReply, "the server refused DATA")
        }
        let content = renderMessage(
            from: message.from,
            to: message.to,
            subject: message.subject,
            textBody: message.body,
            date: rfc5322Date(unixSeconds: Int64(Date().timeIntervalSince1970)),
            messageID: makeMessageID(senderAddress: message.from.address),
            bodyEncoding: bodyEncoding
        )
        let payload = dotStuff(content) + ".\r\n"  // content ends with CRLF, so this is CRLF.CRLF
        let accepted = try await withDeadline(.data) {
            try await self.write(payload, step: .data, log: "<message, \(payload.utf8.count) bytes>")
            return try await self.readReply(.data)
        }
        guard accepted.isPositive else {
            throw SMTPError(step: .data, rejectedWith: accepted, "the server refused the message")
        }
        logger.info(
            "SMTP message accepted",
            metadata: ["smtp.recipients": "\(message.to.count)", "smtp.reply": "\(accepted.summary)"]
        )

        // The message is accepted: QUIT is a courtesy, its failure is not the caller's problem.
        _ = try? await withDeadline(.data, timeout: min(configuration.replyTimeout, .seconds(2))) {
            try await self.write("QUIT\r\n", step: .data, log: "QUIT")
            return try await self.readReply(.data)
        }
    }

    // MARK: Steps

    private func hello() async throws {
        let name = clientName()
        let reply = try await command("EHLO \(name)", step: .ehlo)
        if reply.code == 250 {
            extensions = [:]
            for line in reply.lines.dropFirst() {
                let parts = line.split(separator: " ", maxSplits: 1)
                guard let keyword = parts.first else { continue }
                var key = keyword.uppercased()
                var params = parts.count > 1 ? String(parts[1]) : ""
                if key.hasPrefix("AUTH=") {  // old-style "AUTH=LOGIN PLAIN"
                    params = String(keyword.dropFirst(5)) + (params.isEmpty ? "" : " " + params)
                    key = "AUTH"
                    if let existing = extensions[key] { params = existing + " " + params }
                }
                extensions[key] = params
            }
            return
        }
        guard [500, 501, 502, 504, 550].contains(reply.code) else {
            throw SMTPError(step: .ehlo, rejectedWith: reply, "the server refused EHLO")
        }
        logger.debug("SMTP server refused EHLO; trying HELO")
        let helo = try await command("HELO \(name)", step: .ehlo)
        guard helo.code == 250 else {
            throw SMTPError(step: .ehlo, rejectedWith: helo, "the server refused both EHLO and HELO")
        }
        extensions = [:]
    }

    private func startTLS() async throws {
        guard let tlsContext else {
            throw SMTPError(step: .startTLS, kind: .tlsFailed, message: "SMTP STARTTLS failed: no TLS context")
        }
        if parser.hasBufferedBytes {
            // Bytes sent before the TLS handshake could be injected by an attacker (CVE-2011-0411 style).
            throw SMTPError(
                step: .startTLS, kind: .protocolViolation,
                message: "SMTP STARTTLS failed: the server sent data after its STARTTLS reply"
            )
        }
        let host = configuration.host
        let serverHostname: String? = (try? SocketAddress(ipAddress: host, port: 0)) == nil ? host : nil
        let channel = self.channel
        let tlsError = ErrorBox()
        try await withDeadline(.startTLS) {
            do {
                try await channel.eventLoop.submit {
                    let tlsHandler = try NIOSSLClientHandler(context: tlsContext, serverHostname: serverHostname)
                    try channel.pipeline.syncOperations.addHandler(tlsHandler, position: .first)
                    try channel.pipeline.syncOperations.addHandler(
                        TLSErrorRecorder(box: tlsError), position: .after(tlsHandler)
                    )
                }.get()
            } catch {
                throw SMTPError(
                    step: .startTLS, kind: .tlsFailed, message: "SMTP STARTTLS failed: could not start TLS: \(error)"
                )
            }
        }
        // The handshake runs now; the client's writes wait for it. A failed handshake surfaces as an error on the
        // EHLO that follows, which is reported as a STARTTLS failure.
        do {
            try await hello()
        } catch let error as SMTPError where error.kind != .rejected {
            // Whichever of our own operations noticed first (a write, a read, the timer), the error the TLS
            // layer raised is the one that explains it.
            if let tlsFailure = tlsError.value {
                throw SMTPError(
                    step: .startTLS, kind: .tlsFailed,
                    message: "SMTP STARTTLS failed: the TLS handshake failed: \(tlsFailure)"
                )
            }
            var relabeled = error
            let detail = error.message.replacing("SMTP \(error.step.rawValue) failed: ", with: "")
            relabeled.step = .startTLS
            relabeled.message = "SMTP STARTTLS failed: during the TLS handshake or the EHLO over TLS: \(detail)"
            throw relabeled
        }
        tlsActive = true
        logger.debug("SMTP TLS established")
    }

    private func authenticate(username: String, password: String) async throws {
        guard let auth = extensions["AUTH"] else {
            var hint = ""
            if !tlsActive && configuration.startTLS != .off && extensions["STARTTLS"] == nil {
                hint = " (the connection is not encrypted; many servers offer AUTH only after STARTTLS)"
            }
            throw SMTPError(
                step: .auth, kind: .unsupported,
                message: "SMTP AUTH failed: credentials are configured but the server does not offer AUTH\(hint)"
            )
        }
        if !tlsActive {
            logger.warning("SMTP sending credentials over an unencrypted connection")
        }
        let mechanisms = Set(auth.uppercased().split(separator: " ").map(String.init))
        let reply: SMTPReply
        if mechanisms.contains("PLAIN") {
            let token = base64Encode([0] + Array(username.utf8) + [0] + Array(password.utf8))
            let first = try await command("AUTH PLAIN \(token)", step: .auth, log: "AUTH PLAIN <redacted>")
            if first.code == 334 {  // server wanted the initial response separately
                reply = try await command(token, step: .auth, log: "<redacted>")
            } else {
                reply = first
            }
        } else if mechanisms.contains("LOGIN") {
            let start = try await command("AUTH LOGIN", step: .auth)
            guard start.code == 334 else {
                throw SMTPError(step: .auth, rejectedWith: start, "the server refused AUTH LOGIN")
            }
            let afterUser = try await command(base64Encode(Array(username.utf8)), step: .auth, log: "<redacted>")
            guard afterUser.code == 334 else {
                throw SMTPError(step: .auth, rejectedWith: afterUser, "the server refused the user name")
            }
            reply = try await command(base64Encode(Array(password.utf8)), step: .auth, log: "<redacted>")
        } else {
            throw SMTPError(
                step: .auth, kind: .unsupported,
                message: "SMTP AUTH failed: the server offers neither PLAIN nor LOGIN (it offers: \(printable(auth)))"
            )
        }
        guard reply.code == 235 else {
            throw SMTPError(step: .auth, rejectedWith: reply, "authentication as '\(printable(username))' was refused")
        }
        logger.debug("SMTP authenticated")
    }

    /// After a refusal mid-transaction: RSET and QUIT, best effort and briefly.
    private func abandon() async {
        _ = try? await withDeadline(.data, timeout: min(configuration.replyTimeout, .seconds(2))) {
            try await self.write("RSET\r\nQUIT\r\n", step: .data, log: "RSET, QUIT")
            return try await self.readReply(.data)
        }
    }

    // MARK: I/O

    private func clientName() -> String {
        if let name = configuration.clientHostname, !name.isEmpty { return name }
        guard let address = channel.localAddress, let ip = address.ipAddress else { return "localhost" }
        if case .v6 = address { return "[IPv6:\(ip)]" }
        return "[\(ip)]"
    }

    /// Sends one command line and reads its reply, within the reply timeout.
    private func command(_ line: String, step: SMTPError.Step, log: String? = nil) async throws -> SMTPReply {
        try await withDeadline(step) {
            try await self.write(line + "\r\n", step: step, log: log ?? line)
            return try await self.readReply(step)
        }
    }

    private func write(_ text: String, step: SMTPError.Step, log: String) async throws {
        logger.trace("SMTP C: \(log)")
        do {
            try await outbound.write(ByteBuffer(string: text))
        } catch {
            throw connectionError(error, step: step)
        }
    }

    private func readReply(_ step: SMTPError.Step) async throws -> SMTPReply {
        while true {
            do {
                if let reply = try parser.next() {
                    logger.trace("SMTP S: \(reply.code) \(reply.summary)")
                    return reply
                }
            } catch {
                throw SMTPError(
                    step: step, kind: .protocolViolation,
                    message: "SMTP \(step.rawValue) failed: the server sent an invalid reply: \(error)"
                )
            }
            let chunk: ByteBuffer?
            do {
                chunk = try await iterator.next()
            } catch {
                throw connectionError(error, step: step)
            }
            guard let chunk else {
                try Task.checkCancellation()
                throw SMTPError(
                    step: step, kind: .connectionFailed,
                    message: "SMTP \(step.rawValue) failed: the server closed the connection"
                )
            }
            parser.feed(chunk.readableBytesView)
        }
    }

    private func connectionError(_ error: any Error, step: SMTPError.Step) -> any Error {
        if error is SMTPError || error is CancellationError { return error }
        if error is NIOSSLError || error is NIOSSLExtraError || error is BoringSSLError {
            return SMTPError(
                step: step, kind: .tlsFailed, message: "SMTP \(step.rawValue) failed: TLS error: \(error)"
            )
        }
        return SMTPError(
            step: step, kind: .connectionFailed, message: "SMTP \(step.rawValue) failed: connection error: \(error)"
        )
    }

    /// Runs `body`; if it has not finished within the timeout, closes the connection, which makes `body` fail,
    /// and throws a `.timedOut` error naming `step`.
    private func withDeadline<T>(
        _ step: SMTPError.Step,
        timeout: Duration? = nil,
        _ body: () async throws -> T
    ) async throws -> T {
        let timeout = timeout ?? configuration.replyTimeout
        let flag = TimeoutFlag()
        let channel = self.channel
        let timer = channel.eventLoop.scheduleTask(in: TimeAmount(timeout)) {
            flag.set()
            channel.close(promise: nil)
        }
        defer { timer.cancel() }
        do {
            return try await body()
        } catch {
            if flag.isSet {
                throw SMTPError(
                    step: step, kind: .timedOut,
                    message: "SMTP \(step.rawValue) failed: no reply from the server within \(timeout)"
                )
            }
            throw error
        }
    }
}

/// The description of the first error seen by a ``TLSErrorRecorder``.
private final class ErrorBox: Sendable {
    private let stored = Mutex<String?>(nil)
    var value: String? { stored.withLock { $0 } }
    func record(_ description: String) { stored.withLock { if $0 == nil { $0 = description } } }
}

/// Sits right after the TLS handler and remembers the first error it raises (e.g. a failed handshake).
private final class TLSErrorRecorder: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    private let box: ErrorBox

    init(box: ErrorBox) { self.box = box }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        box.record("\(error)")
        context.fireErrorCaught(error)
    }
}

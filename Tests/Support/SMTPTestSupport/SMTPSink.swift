import Foundation
import NIOCore
import NIOPosix
import NIOSSL
import Synchronization

/// Shared by the Mailer tests and the application's tests.
/// A tiny SMTP server for tests, listening on 127.0.0.1 on a free port. It speaks EHLO/HELO, STARTTLS,
/// AUTH PLAIN/LOGIN, MAIL, RCPT, DATA, RSET, NOOP and QUIT, and records each message it accepts.
public final class SMTPSink: Sendable {
    public struct Options: Sendable {
        public init() {}
        /// Advertise and accept STARTTLS with this context.
        public var tls: NIOSSLContext? = nil
        /// Require AUTH with these credentials before MAIL.
        public var credentials: (user: String, password: String)? = nil
        public var authMechanisms: [String] = ["PLAIN", "LOGIN"]
        public var offer8BitMIME = true
        /// Answer EHLO with 502 so the client must fall back to HELO.
        public var refuseEHLO = false
        /// Reject RCPT TO for these addresses with 550.
        public var rejectedRecipients: Set<String> = []
        /// Accept connections but never send anything.
        public var silent = false
        /// Never answer this command verb (e.g. "RCPT").
        public var ignoredCommand: String? = nil
    }

    public struct Received: Sendable, Equatable {
        public var ehloName: String?
        public var mailFrom: String  // the whole argument, e.g. "<a@b> BODY=8BITMIME"
        public var recipients: [String]
        public var data: String  // dot-unstuffed, CRLF line ends, without the final "."
        public var usedTLS: Bool
        public var authenticatedUser: String?
    }

    final class Recorder: Sendable {
        let messages = Mutex<[Received]>([])
        let commands = Mutex<[String]>([])
    }

    public let port: Int
    private let channel: any Channel
    private let recorder: Recorder

    public var messages: [Received] { recorder.messages.withLock { $0 } }
    /// Commands received, AUTH payloads redacted.
    public var commands: [String] { recorder.commands.withLock { $0 } }

    private init(channel: any Channel, recorder: Recorder) {
        self.channel = channel
        self.recorder = recorder
        self.port = channel.localAddress!.port!
    }

    public static func start(_ options: Options = Options()) async throws -> SMTPSink {
        let recorder = Recorder()
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(SinkHandler(options: options, recorder: recorder))
                }
            }
            .bind(host: "127.0.0.1", port: 0)
            .get()
        return SMTPSink(channel: channel, recorder: recorder)
    }

    public func stop() async {
        try? await channel.close()
    }
}

private final class SinkHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private enum State {
        case command
        case data([String])
        case authPlain
        case authLoginUser
        case authLoginPassword(String)
    }

    private let options: SMTPSink.Options
    private let recorder: SMTPSink.Recorder
    private var buffer: [UInt8] = []
    private var state = State.command
    private var tlsActive = false
    private var authenticatedUser: String? = nil
    private var ehloName: String? = nil
    private var mailFrom: String? = nil
    private var recipients: [String] = []

    init(options: SMTPSink.Options, recorder: SMTPSink.Recorder) {
        self.options = options
        self.recorder = recorder
    }

    func channelActive(context: ChannelHandlerContext) {
        if !options.silent { send(context, "220 sink.test ESMTP ready") }
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !options.silent else { return }
        var bytes = unwrapInboundIn(data)
        buffer += bytes.readBytes(length: bytes.readableBytes) ?? []
        while let lf = buffer.firstIndex(of: 0x0A) {
            var line = Array(buffer[..<lf])
            buffer.removeSubrange(...lf)
            if line.last == 0x0D { line.removeLast() }
            handle(String(decoding: line, as: UTF8.self), context: context)
        }
    }

    private func send(_ context: ChannelHandlerContext, _ lines: String...) {
        var out = context.channel.allocator.buffer(capacity: 64)
        for line in lines { out.writeString(line + "\r\n") }
        context.writeAndFlush(wrapOutboundOut(out), promise: nil)
    }

    private func record(_ command: String) {
        recorder.commands.withLock { $0.append(command) }
    }

    private func checkCredentials(user: String, password: String, context: ChannelHandlerContext) {
        state = .command
        if let expected = options.credentials, expected.user == user, expected.password == password {
            authenticatedUser = user
            send(context, "235 2.7.0 Authentication successful")
        } else {
            send(context, "535 5.7.8 Authentication credentials invalid")
        }
    }

    private func handle(_ line: String, context: ChannelHandlerContext) {
        switch state {
        case .data(var lines):
            if line == "." {
                let message = SMTPSink.Received(
                    ehloName: ehloName, mailFrom: mailFrom ?? "", recipients: recipients,
                    data: lines.joined(separator: "\r\n"), usedTLS: tlsActive, authenticatedUser: authenticatedUser
                )
                recorder.messages.withLock { $0.append(message) }
                state = .command
                mailFrom = nil
                recipients = []
                send(context, "250 2.0.0 Ok: queued as TEST1")
            } else {
                lines.append(line.hasPrefix(".") ? String(line.dropFirst()) : line)
                state = .data(lines)
            }
            return
        case .authPlain:
            record("<auth plain response>")
            let fields = decodeBase64(line).split(separator: 0, omittingEmptySubsequences: false)
            guard fields.count == 3 else { state = .command; return send(context, "501 5.5.2 bad AUTH PLAIN") }
            checkCredentials(
                user: String(decoding: fields[1], as: UTF8.self), password: String(decoding: fields[2], as: UTF8.self),
                context: context)
            return
        case .authLoginUser:
            record("<auth login user>")
            state = .authLoginPassword(String(decoding: decodeBase64(line), as: UTF8.self))
            send(context, "334 UGFzc3dvcmQ6")
            return
        case .authLoginPassword(let user):
            record("<auth login password>")
            checkCredentials(
                user: user, password: String(decoding: decodeBase64(line), as: UTF8.self), context: context)
            return
        case .command:
            break
        }

        let verb = line.split(separator: " ", maxSplits: 1).first.map { $0.uppercased() } ?? ""
        let argument = line.count > verb.count ? String(line.dropFirst(verb.count + 1)) : ""
        record(verb == "AUTH" ? "AUTH \(argument.split(separator: " ").first ?? "") <redacted>" : line)

        if verb == options.ignoredCommand { return }
        switch verb {
        case "EHLO":
            if options.refuseEHLO { return send(context, "502 5.5.1 EHLO not implemented") }
            ehloName = argument
            var lines = ["250-sink.test greets \(argument)"]
            if options.offer8BitMIME { lines.append("250-8BITMIME") }
            if options.tls != nil && !tlsActive { lines.append("250-STARTTLS") }
            if options.credentials != nil { lines.append("250-AUTH \(options.authMechanisms.joined(separator: " "))") }
            lines.append("250 SIZE 10240000")
            var out = context.channel.allocator.buffer(capacity: 128)
            for l in lines { out.writeString(l + "\r\n") }
            context.writeAndFlush(wrapOutboundOut(out), promise: nil)
        case "HELO":
            ehloName = argument
            send(context, "250 sink.test")
        case "STARTTLS":
            guard let tls = options.tls, !tlsActive else { return send(context, "502 5.5.1 STARTTLS not available") }
            send(context, "220 2.0.0 Ready to start TLS")
            do {
                try context.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: tls), position: .first)
                tlsActive = true
                ehloName = nil
                authenticatedUser = nil
            } catch {
                context.close(promise: nil)
            }
        case "AUTH":
            let parts = argument.split(separator: " ")
            let mechanism = parts.first.map { $0.uppercased() } ?? ""
            guard options.credentials != nil, options.authMechanisms.contains(mechanism) else {
                return send(context, "504 5.5.4 Unrecognized authentication type")
            }
            if mechanism == "PLAIN" {
                if parts.count > 1 {
                    state = .authPlain
                    handle(String(parts[1]), context: context)
                } else {
                    state = .authPlain
                    send(context, "334 ")
                }
            } else {
                state = .authLoginUser
                send(context, "334 VXNlcm5hbWU6")
            }
        case "MAIL":
            if options.credentials != nil && authenticatedUser == nil {
                return send(context, "530 5.7.0 Authentication required")
            }
            guard argument.uppercased().hasPrefix("FROM:") else {
                return send(context, "501 5.5.4 Syntax: MAIL FROM:<address>")
            }
            mailFrom = String(argument.dropFirst(5))
            recipients = []
            send(context, "250 2.1.0 Ok")
        case "RCPT":
            guard mailFrom != nil else { return send(context, "503 5.5.1 need MAIL first") }
            guard argument.uppercased().hasPrefix("TO:<"), argument.hasSuffix(">") else {
                return send(context, "501 5.5.4 Syntax: RCPT TO:<address>")
            }
            let address = String(argument.dropFirst(4).dropLast())
            if options.rejectedRecipients.contains(address) {
                return send(context, "550 5.1.1 <\(address)>: Recipient address rejected: User unknown")
            }
            recipients.append(address)
            send(context, "250 2.1.5 Ok")
        case "DATA":
            guard !recipients.isEmpty else { return send(context, "503 5.5.1 need RCPT first") }
            state = .data([])
            send(context, "354 End data with <CR><LF>.<CR><LF>")
        case "RSET":
            mailFrom = nil
            recipients = []
            send(context, "250 2.0.0 Ok")
        case "NOOP":
            send(context, "250 2.0.0 Ok")
        case "QUIT":
            let channel = context.channel
            context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: "221 2.0.0 Bye\r\n"))).whenComplete { _ in
                channel.close(promise: nil)
            }
        default:
            send(context, "500 5.5.2 Error: command not recognized")
        }
    }
}

public func decodeBase64(_ text: String) -> [UInt8] {
    Array(Data(base64Encoded: text) ?? Data())
}

/// A self-signed certificate for CN=localhost with subjectAltName localhost and 127.0.0.1, made with openssl.
public struct TestCertificate: Sendable {
    public var certificatePEM: String
    public var certificate: NIOSSLCertificate
    public var privateKey: NIOSSLPrivateKey

    public func serverContext() throws -> NIOSSLContext {
        try NIOSSLContext(
            configuration: .makeServerConfiguration(
                certificateChain: [.certificate(certificate)], privateKey: .privateKey(privateKey)
            )
        )
    }

    public static let shared: Result<TestCertificate, any Error> = Result { try make() }

    private static func make() throws -> TestCertificate {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("mailer-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let keyPath = directory.appendingPathComponent("key.pem").path
        let certPath = directory.appendingPathComponent("cert.pem").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-subj", "/CN=localhost", "-days", "1",
            "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
            "-keyout", keyPath, "-out", certPath,
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw TestCertificateError(description: "openssl req exited with \(process.terminationStatus)")
        }
        let pem = try String(contentsOfFile: certPath, encoding: .utf8)
        return TestCertificate(
            certificatePEM: pem,
            certificate: try {
                guard let first = try NIOSSLCertificate.fromPEMFile(certPath).first else {
                    throw TestCertificateError(description: "openssl wrote no certificate")
                }; return first
            }(),
            privateKey: try NIOSSLPrivateKey(file: keyPath, format: .pem)
        )
    }
}

public struct TestCertificateError: Error, CustomStringConvertible {
    public var description: String
}

import Foundation
import Logging
import NIOSSL
import SMTPTestSupport
import Testing

@testable import Mailer

/// Sends real mail to an `SMTPSink` on 127.0.0.1.
@Suite("SMTP end to end")
struct EndToEndTests {
    static let logger: Logger = {
        var logger = Logger(label: "MailerTests")
        logger.logLevel = .critical
        return logger
    }()

    func config(_ sink: SMTPSink, _ query: String = "", user: String? = nil) throws -> SMTPConfiguration {
        let userinfo = user.map { "\($0)@" } ?? ""
        var c = try SMTPConfiguration(url: "smtp://\(userinfo)127.0.0.1:\(sink.port)\(query)")
        c.replyTimeout = .seconds(10)
        c.connectTimeout = .seconds(10)
        return c
    }

    /// Splits a received DATA payload into headers (unfolded) and body.
    func parse(_ data: String) -> (headers: [String: String], body: String) {
        let parts = data.components(separatedBy: "\r\n\r\n")
        let head = parts[0].replacingOccurrences(of: "\r\n ", with: " ")
        var headers: [String: String] = [:]
        for line in head.components(separatedBy: "\r\n") {
            let kv = line.split(separator: ":", maxSplits: 1)
            headers[String(kv[0])] = String(kv[1].dropFirst())
        }
        return (headers, parts.dropFirst().joined(separator: "\r\n\r\n"))
    }

    static let subject = "Import terminé: 3 contacts ✅ — Grüße aus Köln"
    static let body = """
        Hello Zoë,

        your import of "contacts.csv" has finished.
        .this line starts with a dot
        .
        ..two dots
        Ünïcödé and emoji 🎉 are intact.
        """

    @Test func plainDeliveryWithUTF8AndDotLines() async throws {
        let sink = try await SMTPSink.start()
        defer { Task { await sink.stop() } }
        let mailer = SMTPMailer(
            configuration: try config(sink, "?from=Contact%20Import%20%3Cimports%40example.org%3E"), logger: Self.logger
        )

        try await mailer.send(
            EmailMessage(
                to: ["zoe@example.com", "Bob Smith <bob@example.net>"], subject: Self.subject, textBody: Self.body))

        let messages = sink.messages
        try #require(messages.count == 1)
        let m = messages[0]
        #expect(m.mailFrom == "<imports@example.org> BODY=8BITMIME")
        #expect(m.recipients == ["zoe@example.com", "bob@example.net"])
        #expect(m.usedTLS == false)
        #expect(m.ehloName == "[127.0.0.1]")
        let (headers, body) = parse(m.data)
        #expect(headers["From"] == "Contact Import <imports@example.org>")
        #expect(headers["To"] == "zoe@example.com, Bob Smith <bob@example.net>")
        #expect(decodeRFC2047(headers["Subject"] ?? "") == Self.subject)
        #expect(headers["MIME-Version"] == "1.0")
        #expect(headers["Content-Type"] == "text/plain; charset=utf-8")
        #expect(headers["Content-Transfer-Encoding"] == "8bit")
        #expect(headers["Message-ID"]?.hasSuffix("@example.org>") == true)
        #expect(headers["Date"]?.hasSuffix("+0000") == true)
        #expect(body == Self.body.replacingOccurrences(of: "\n", with: "\r\n"))
    }

    @Test func quotedPrintableWithout8BitMIMEAndHELOFallback() async throws {
        var options = SMTPSink.Options()
        options.offer8BitMIME = false
        options.refuseEHLO = true
        let sink = try await SMTPSink.start(options)
        defer { Task { await sink.stop() } }
        var c = try config(sink)
        c.clientHostname = "client.test"
        let mailer = SMTPMailer(configuration: c, logger: Self.logger)

        try await mailer.send(
            EmailMessage(from: "me@example.org", to: ["zoe@example.com"], subject: "Plain ASCII", textBody: Self.body))

        let m = try #require(sink.messages.first)
        #expect(m.ehloName == "client.test")
        #expect(sink.commands.prefix(2) == ["EHLO client.test", "HELO client.test"])
        #expect(m.mailFrom == "<me@example.org>")
        let (headers, body) = parse(m.data)
        #expect(headers["Subject"] == "Plain ASCII")
        #expect(headers["Content-Transfer-Encoding"] == "quoted-printable")
        #expect(body.utf8.allSatisfy { $0 < 0x80 })
        #expect(decodeQuotedPrintable(body) == Self.body.replacingOccurrences(of: "\n", with: "\r\n"))
    }

    @Test(arguments: ["PLAIN", "LOGIN"])
    func startTLSDeliveryWithAuth(mechanism: String) async throws {
        let certificate = try TestCertificate.shared.get()
        var options = SMTPSink.Options()
        options.tls = try certificate.serverContext()
        options.credentials = ("mailer@example.org", "p@ss wörd:/")
        options.authMechanisms = [mechanism]
        let sink = try await SMTPSink.start(options)
        defer { Task { await sink.stop() } }
        var c = try config(sink, "?starttls=required", user: "mailer%40example.org:p%40ss%20w%C3%B6rd%3A%2F")
        c.tlsTrust = try .pem(certificate.certificatePEM)
        let mailer = SMTPMailer(configuration: c, logger: Self.logger)

        try await mailer.send(EmailMessage(to: ["zoe@example.com"], subject: Self.subject, textBody: Self.body))

        let m = try #require(sink.messages.first)
        #expect(m.usedTLS)
        #expect(m.authenticatedUser == "mailer@example.org")
        #expect(m.mailFrom.hasPrefix("<contact-import@127.0.0.1>"))
        let (headers, body) = parse(m.data)
        #expect(decodeRFC2047(headers["Subject"] ?? "") == Self.subject)
        #expect(body == Self.body.replacingOccurrences(of: "\n", with: "\r\n"))
        // EHLO again after TLS, and AUTH only inside TLS.
        let commands = sink.commands
        #expect(commands.filter { $0.hasPrefix("EHLO") }.count == 2)
        let startTLS = try #require(commands.firstIndex(of: "STARTTLS"))
        let auth = try #require(commands.firstIndex { $0.hasPrefix("AUTH") })
        #expect(startTLS < auth)
    }

    @Test func opportunisticStartTLSIsUsedWhenOffered() async throws {
        let certificate = try TestCertificate.shared.get()
        var options = SMTPSink.Options()
        options.tls = try certificate.serverContext()
        let sink = try await SMTPSink.start(options)
        defer { Task { await sink.stop() } }
        var c = try config(sink)
        c.tlsTrust = .noVerification
        try await SMTPMailer(configuration: c, logger: Self.logger).send(
            EmailMessage(to: ["a@example.com"], subject: "s", textBody: "b"))
        #expect(sink.messages.first?.usedTLS == true)
    }

    @Test func untrustedCertificateFailsAtSTARTTLS() async throws {
        let certificate = try TestCertificate.shared.get()
        var options = SMTPSink.Options()
        options.tls = try certificate.serverContext()
        let sink = try await SMTPSink.start(options)
        defer { Task { await sink.stop() } }
        let c = try config(sink)  // tlsTrust: .system does not trust the self-signed certificate
        let error = await #expect(throws: SMTPError.self) {
            try await SMTPMailer(configuration: c, logger: Self.logger).send(
                EmailMessage(to: ["a@example.com"], subject: "s", textBody: "b"))
        }
        #expect(error?.step == .startTLS)
        #expect(error?.kind == .tlsFailed)
        #expect(error?.message.hasPrefix("SMTP STARTTLS failed: the TLS handshake failed") == true)
        #expect(error?.message.contains("CERTIFICATE_VERIFY_FAILED") == true)
        #expect(sink.messages.isEmpty)
    }

    @Test func requiredStartTLSAgainstAServerWithoutIt() async throws {
        let sink = try await SMTPSink.start()
        defer { Task { await sink.stop() } }
        let c = try config(sink, "?starttls=required&from=a@b.c")
        let error = await #expect(throws: SMTPError.self) {
            try await SMTPMailer(configuration: c, logger: Self.logger).send(
                EmailMessage(to: ["a@example.com"], subject: "s", textBody: "b"))
        }
        #expect(error?.step == .startTLS)
        #expect(error?.kind == .unsupported)
        #expect(error?.message.contains("does not offer STARTTLS") == true)
        #expect(!sink.commands.contains { $0.hasPrefix("MAIL") })
    }

    @Test func rejectedRecipientNamesRCPTTO() async throws {
        var options = SMTPSink.Options()
        options.rejectedRecipients = ["nobody@example.com"]
        let sink = try await SMTPSink.start(options)
        defer { Task { await sink.stop() } }
        let error = await #expect(throws: SMTPError.self) {
            try await SMTPMailer(configuration: try config(sink), logger: Self.logger)
                .send(EmailMessage(to: ["ok@example.com", "nobody@example.com"], subject: "s", textBody: "b"))
        }
        #expect(error?.step == .rcptTo)
        #expect(error?.kind == .rejected)
        #expect(error?.code == 550)
        #expect(error?.message.contains("RCPT TO") == true)
        #expect(error?.message.contains("nobody@example.com") == true)
        #expect(sink.messages.isEmpty)
        #expect(!sink.commands.contains("DATA"))
    }

    @Test func wrongPasswordFailsAtAUTHWithoutLeakingIt() async throws {
        let certificate = try TestCertificate.shared.get()
        var options = SMTPSink.Options()
        options.tls = try certificate.serverContext()
        options.credentials = ("u", "right")
        let sink = try await SMTPSink.start(options)
        defer { Task { await sink.stop() } }
        var c = try config(sink, user: "u:Wr0ngS3cret")
        c.tlsTrust = .certificates([certificate.certificate])
        let error = await #expect(throws: SMTPError.self) {
            try await SMTPMailer(configuration: c, logger: Self.logger).send(
                EmailMessage(to: ["a@example.com"], subject: "s", textBody: "b"))
        }
        #expect(error?.step == .auth)
        #expect(error?.code == 535)
        #expect(
            error.map { !"\($0)".contains("Wr0ngS3cret") && !String(reflecting: $0).contains("Wr0ngS3cret") } == true)
        #expect(error.map { !"\($0)".contains(base64Encode(Array("\0u\0Wr0ngS3cret".utf8))) } == true)
    }

    /// The sink never answers, so only the reply timeout can end the send; the time limit turns a hang into a
    /// failure. No upper bound on the time itself: the other suites load the machine (13 s once in CI).
    @Test(.timeLimit(.minutes(1))) func silentServerTimesOut() async throws {
        var options = SMTPSink.Options()
        options.silent = true
        let sink = try await SMTPSink.start(options)
        defer { Task { await sink.stop() } }
        var c = try config(sink)
        c.replyTimeout = .milliseconds(300)
        let error = await #expect(throws: SMTPError.self) {
            try await SMTPMailer(configuration: c, logger: Self.logger).send(
                EmailMessage(to: ["a@example.com"], subject: "s", textBody: "b"))
        }
        #expect(error?.kind == .timedOut)
        #expect(error?.step == .greeting)
        #expect(error?.message.contains("no reply from the server within") == true)
    }

    @Test func serverThatStopsAnsweringMidwayTimesOut() async throws {
        var options = SMTPSink.Options()
        options.ignoredCommand = "RCPT"
        let sink = try await SMTPSink.start(options)
        defer { Task { await sink.stop() } }
        var c = try config(sink)
        c.replyTimeout = .seconds(2)  // long enough for the earlier steps even on a loaded CI machine
        let error = await #expect(throws: SMTPError.self) {
            try await SMTPMailer(configuration: c, logger: Self.logger).send(
                EmailMessage(to: ["a@example.com"], subject: "s", textBody: "b"))
        }
        #expect(error?.kind == .timedOut)
        #expect(error?.step == .rcptTo)
        #expect(error?.message == "SMTP RCPT TO failed: no reply from the server within 2.0 seconds")
    }

    @Test func refusedConnectionFailsAtConnect() async throws {
        let sink = try await SMTPSink.start()
        let port = sink.port
        await sink.stop()
        let c = try SMTPConfiguration(url: "smtp://127.0.0.1:\(port)")
        let error = await #expect(throws: SMTPError.self) {
            try await SMTPMailer(configuration: c, logger: Self.logger).send(
                EmailMessage(to: ["a@example.com"], subject: "s", textBody: "b"))
        }
        #expect(error?.step == .connect)
        #expect(error?.kind == .connectionFailed)
    }

    @Test func invalidAddressesAreRefusedBeforeConnecting() async throws {
        let c = try SMTPConfiguration(url: "smtp://127.0.0.1:1")  // nothing listens; we never get that far
        let mailer = SMTPMailer(configuration: c, logger: Self.logger)
        for message in [
            EmailMessage(to: [], subject: "s", textBody: "b"),
            EmailMessage(to: ["a@b.c>\r\nRCPT TO:<evil@x.y"], subject: "s", textBody: "b"),
            EmailMessage(from: "not an address", to: ["a@b.c"], subject: "s", textBody: "b"),
        ] {
            let error = await #expect(throws: SMTPError.self) { try await mailer.send(message) }
            #expect(error?.step == .message)
            #expect(error?.kind == .invalidMessage)
        }
    }
}

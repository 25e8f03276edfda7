import Testing

@testable import Mailer

@Suite("SMTP URL parsing")
struct SMTPConfigurationTests {
    @Test func fullURL() throws {
        let c = try SMTPConfiguration(
            url:
                "smtp://alice%40example.com:p%40ss%3Aw0rd%2F@mail.example.com:2525?starttls=required&from=Imports%20%3Cno-reply%40example.com%3E"
        )
        #expect(c.host == "mail.example.com")
        #expect(c.port == 2525)
        #expect(c.username == "alice@example.com")
        #expect(c.password == "p@ss:w0rd/")
        #expect(c.startTLS == .required)
        #expect(c.from == "Imports <no-reply@example.com>")
        #expect(c.tlsTrust == .system)
        #expect(c.connectTimeout == .seconds(30))
        #expect(c.replyTimeout == .seconds(30))
    }

    @Test func defaults() throws {
        let c = try SMTPConfiguration(url: "smtp://localhost")
        #expect(c.host == "localhost")
        #expect(c.port == 25)
        #expect(c.username == nil)
        #expect(c.password == nil)
        #expect(c.startTLS == .opportunistic)
        #expect(c.from == "contact-import@localhost")
    }

    @Test func requiredStartTLSDefaultsTo587() throws {
        #expect(try SMTPConfiguration(url: "smtp://h?starttls=required").port == 587)
        #expect(try SMTPConfiguration(url: "smtp://h?starttls=off").port == 25)
        #expect(try SMTPConfiguration(url: "smtp://h?starttls=opportunistic").port == 25)
        #expect(try SMTPConfiguration(url: "SMTP://h:26?STARTTLS=Off").startTLS == .off)
    }

    @Test func userWithoutPasswordAndTrailingSlash() throws {
        let c = try SMTPConfiguration(url: "smtp://bob@relay.internal:25/")
        #expect(c.username == "bob")
        #expect(c.password == "")
        #expect(c.host == "relay.internal")
    }

    @Test func addressLiterals() throws {
        let v4 = try SMTPConfiguration(url: "smtp://u:p@127.0.0.1:1025")
        #expect(v4.host == "127.0.0.1")
        #expect(v4.port == 1025)
        let v6 = try SMTPConfiguration(url: "smtp://[::1]:1025?from=a@b.c")
        #expect(v6.host == "::1")
        #expect(v6.port == 1025)
        #expect(v6.from == "a@b.c")
        #expect(v6.description.contains("[::1]:1025"))
    }

    @Test func unencodedAtInPasswordUsesTheLastAt() throws {
        let c = try SMTPConfiguration(url: "smtp://user:p@ss@host")
        #expect(c.password == "p@ss")
        #expect(c.host == "host")
    }

    @Test func descriptionNeverShowsThePassword() throws {
        let c = try SMTPConfiguration(url: "smtp://user:s3cr%65tPW@host:587?starttls=required")
        #expect(c.password == "s3cretPW")
        #expect(c.description == "smtp://user@host:587?starttls=required&from=contact-import@host")
        #expect(!c.debugDescription.contains("s3cretPW"))
        #expect(!String(reflecting: c).contains("s3cretPW"))
        var dumped = ""
        dump(c, to: &dumped)
        #expect(!dumped.contains("s3cretPW"))
        #expect(!"\(c)".contains("s3cretPW"))
    }

    static let badURLs: [(String, String)] = [
        ("", "smtp://"),
        ("http://user:s3cretPW@host", "smtp://"),
        ("smtps://user:s3cretPW@host", "smtps"),
        ("user:s3cretPW@host:25", "smtp://"),
        ("smtp://user:s3cretPW@", "host is missing"),
        ("smtp://user:s3cretPW@:25", "host is missing"),
        ("smtp://user:s3cretPW@host:0", "port"),
        ("smtp://user:s3cretPW@host:65536", "port"),
        ("smtp://user:s3cretPW@host:abc", "port"),
        ("smtp://user:s3cretPW@host:-1", "port"),
        ("smtp://user:s3cretPW@ho st", "host"),
        ("smtp://user:s3cretPW@host/path", "path"),
        ("smtp://user:s3cretPW@host#frag", "fragment"),
        ("smtp://user:s3cretPW@host?starttls=maybe", "starttls must be"),
        ("smtp://user:s3cretPW@host?starttls=off&starttls=off", "more than once"),
        ("smtp://user:s3cretPW@host?tls=1", "unknown query parameter"),
        ("smtp://user:s3cretPW@host?starttls", "name=value"),
        ("smtp://user:s3cretPW@host?from=not-an-address", "from must be"),
        ("smtp://user:s3cretPW%zz@host", "password contains an invalid percent-escape"),
        ("smtp://user:s3cretPW%ff@host", "password contains an invalid percent-escape"),
        ("smtp://us%er:s3cretPW@host", "user name contains an invalid percent-escape"),
        ("smtp://:s3cretPW@host", "user name is empty"),
        ("smtp://user:s3cretPW%0A@host", "password contains control characters"),
        ("smtp://user:s3cretPW@[::1", "closed with ']'"),
        ("smtp://user:s3cretPW@[zz]:25", "IPv6"),
        // Passwords with unencoded '/', '?' or ':' break the URL apart; nothing of them may be echoed.
        ("smtp://user:s3cretPW/x@host", "path"),
        ("smtp://user:s3cretPW?x@host", "port"),
        ("smtp://user:ab?s3cretPW=1@host", "port"),
        ("smtp://user:ab/s3cretPW@host", "path"),
        ("smtp://s3cretPW@host:s3cretPW", "port"),
    ]

    @Test(arguments: badURLs)
    func refusesBadURLsWithoutLeakingThePassword(url: String, expected: String) {
        do {
            let c = try SMTPConfiguration(url: url)
            Issue.record("accepted \(c)")
        } catch {
            #expect(error.description.contains(expected), "\(error.description)")
            #expect(!error.description.contains("s3cretPW"))
            #expect(!error.message.contains("s3cretPW"))
            #expect(!String(reflecting: error).contains("s3cretPW"))
        }
    }
}

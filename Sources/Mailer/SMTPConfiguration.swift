import NIOSSL

/// How the server's TLS certificate is checked after STARTTLS.
public enum SMTPTLSTrust: Sendable, Equatable {
    /// The system's trust roots, with host-name (or IP address) verification. The default.
    case system
    /// Only these certificates are trusted as roots (e.g. a test server's self-signed certificate), with host-name
    /// (or IP address) verification.
    case certificates([NIOSSLCertificate])
    /// No verification at all: encrypts, but does not authenticate the server. For tests only.
    case noVerification

    /// Loads trust roots from PEM text (one or more certificates).
    public static func pem(_ pem: String) throws -> SMTPTLSTrust {
        .certificates(try NIOSSLCertificate.fromPEMBytes(Array(pem.utf8)))
    }
}

/// Whether and when the client upgrades the connection with STARTTLS.
public enum StartTLSMode: String, Sendable, Equatable, CaseIterable {
    /// Fail unless the server offers STARTTLS (and the TLS handshake succeeds).
    case required
    /// Use STARTTLS when the server offers it, otherwise continue in plain text. The default.
    case opportunistic
    /// Never use STARTTLS.
    case off
}

/// Why an SMTP URL was refused. The message never contains the password (nor any other part of the URL that
/// could be a piece of it).
public struct SMTPConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { "invalid SMTP URL: \(message)" }
}

/// Where and how to send mail: parsed from `smtp://[user[:password]@]host[:port][?starttls=…][&from=…]`.
public struct SMTPConfiguration: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    /// Host name or IP address (IPv6 without brackets).
    public var host: String
    public var port: Int
    public var username: String?
    /// Never printed by ``description``, ``debugDescription`` or `dump`.
    public var password: String?
    public var startTLS: StartTLSMode
    /// The envelope and header sender used when an ``EmailMessage`` has an empty `from`.
    public var from: String
    /// How the server certificate is verified after STARTTLS. Not settable from the URL.
    public var tlsTrust: SMTPTLSTrust
    /// How long establishing the TCP connection (including name resolution) may take.
    public var connectTimeout: Duration
    /// How long each step (sending a command and receiving its reply, or the TLS handshake) may take.
    public var replyTimeout: Duration
    /// The name sent with EHLO/HELO; `nil` sends the local IP address as an address literal (e.g. `[10.0.0.5]`).
    public var clientHostname: String?

    public init(
        host: String,
        port: Int = 25,
        username: String? = nil,
        password: String? = nil,
        startTLS: StartTLSMode = .opportunistic,
        from: String? = nil,
        tlsTrust: SMTPTLSTrust = .system,
        connectTimeout: Duration = .seconds(30),
        replyTimeout: Duration = .seconds(30),
        clientHostname: String? = nil
    ) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.startTLS = startTLS
        self.from = from ?? "contact-import@\(host)"
        self.tlsTrust = tlsTrust
        self.connectTimeout = connectTimeout
        self.replyTimeout = replyTimeout
        self.clientHostname = clientHostname
    }

    /// Parses `smtp://[user[:password]@]host[:port][?starttls=required|opportunistic|off][&from=addr]`.
    ///
    /// User, password and query values are percent-decoded. The port defaults to 25, or 587 with
    /// `starttls=required`; `starttls` defaults to `opportunistic`; `from` to `contact-import@<host>`.
    /// Anything else is refused with an ``SMTPConfigurationError`` whose message names the problem but never
    /// repeats the password.
    public init(url rawURL: String) throws(SMTPConfigurationError) {
        let url = rawURL.trimmingASCIIWhitespace()
        let scheme = "smtp://"
        guard url.utf8.count >= scheme.utf8.count,
            String(url.prefix(scheme.count)).lowercased() == scheme
        else {
            if url.lowercased().hasPrefix("smtps://") {
                throw SMTPConfigurationError(
                    "smtps:// (implicit TLS) is not supported; use smtp://…?starttls=required (port 587)"
                )
            }
            throw SMTPConfigurationError("it must start with smtp://")
        }
        var rest = Substring(url.dropFirst(scheme.count))
        let hint = " (percent-encode '/', '?', '#', '@' and ':' in the user name and password)"

        if rest.contains("#") {
            throw SMTPConfigurationError("a fragment ('#…') is not allowed" + hint)
        }
        // The query starts at the first '?' after the authority; the authority ends at the first '/' or '?'.
        var query: Substring? = nil
        if let q = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: q)...]
            rest = rest[..<q]
        }
        var authority = rest
        if let slash = rest.firstIndex(of: "/") {
            let path = rest[slash...]
            authority = rest[..<slash]
            guard path == "/" else {
                throw SMTPConfigurationError("a path is not allowed after the host and port" + hint)
            }
        }

        // userinfo
        var username: String? = nil
        var password: String? = nil
        var hostPort = authority
        if let at = authority.lastIndex(of: "@") {
            let userinfo = authority[..<at]
            hostPort = authority[authority.index(after: at)...]
            let rawUser: Substring
            if let colon = userinfo.firstIndex(of: ":") {
                rawUser = userinfo[..<colon]
                guard let p = percentDecode(userinfo[userinfo.index(after: colon)...]) else {
                    throw SMTPConfigurationError("the password contains an invalid percent-escape or invalid UTF-8")
                }
                password = p
            } else {
                rawUser = userinfo
            }
            guard let u = percentDecode(rawUser) else {
                throw SMTPConfigurationError("the user name contains an invalid percent-escape or invalid UTF-8")
            }
            guard !u.isEmpty else {
                throw SMTPConfigurationError("the user name is empty")
            }
            guard !u.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F }) else {
                throw SMTPConfigurationError("the user name contains control characters")
            }
            if let p = password, p.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F }) {
                throw SMTPConfigurationError("the password contains control characters")
            }
            username = u
        }

        // host and port
        let host: String
        var portText: Substring? = nil
        if hostPort.hasPrefix("[") {
            guard let close = hostPort.firstIndex(of: "]") else {
                throw SMTPConfigurationError("an IPv6 address must be closed with ']'")
            }
            let literal = hostPort[hostPort.index(after: hostPort.startIndex)..<close]
            guard !literal.isEmpty, literal.contains(":"),
                literal.utf8.allSatisfy({ isHexDigit($0) || $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: ".") })
            else {
                throw SMTPConfigurationError("the IPv6 address in brackets is malformed")
            }
            host = String(literal)
            let after = hostPort[hostPort.index(after: close)...]
            if !after.isEmpty {
                guard after.first == ":" else {
                    throw SMTPConfigurationError("unexpected characters after the IPv6 address" + hint)
                }
                portText = after.dropFirst()
            }
        } else {
            var name = hostPort
            if let colon = hostPort.firstIndex(of: ":") {
                name = hostPort[..<colon]
                portText = hostPort[hostPort.index(after: colon)...]
            }
            guard !name.isEmpty else {
                throw SMTPConfigurationError("the host is missing")
            }
            guard
                name.utf8.allSatisfy({
                    isAlphaNumeric($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "_")
                }),
                name.utf8.count <= 253
            else {
                throw SMTPConfigurationError(
                    "the host must be a host name (letters, digits, '-', '.', '_'), an IPv4 address or a bracketed IPv6 address"
                        + hint
                )
            }
            host = String(name)
        }
        var port: Int? = nil
        if let portText {
            guard !portText.isEmpty, portText.utf8.count <= 5, portText.utf8.allSatisfy(isDigit),
                let p = Int(portText), (1...65535).contains(p)
            else {
                throw SMTPConfigurationError("the port must be a number from 1 to 65535" + hint)
            }
            port = p
        }

        // query
        var startTLS: StartTLSMode? = nil
        var from: String? = nil
        if let query, !query.isEmpty {
            for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
                guard let eq = pair.firstIndex(of: "=") else {
                    throw SMTPConfigurationError("each query parameter must be name=value (allowed: starttls, from)")
                }
                let key = pair[..<eq].lowercased()
                guard let value = percentDecode(pair[pair.index(after: eq)...]) else {
                    throw SMTPConfigurationError("a query value contains an invalid percent-escape or invalid UTF-8")
                }
                switch key {
                case "starttls":
                    guard startTLS == nil else { throw SMTPConfigurationError("starttls is given more than once") }
                    guard let mode = StartTLSMode(rawValue: value.lowercased()) else {
                        throw SMTPConfigurationError("starttls must be required, opportunistic or off")
                    }
                    startTLS = mode
                case "from":
                    guard from == nil else { throw SMTPConfigurationError("from is given more than once") }
                    guard (try? parseMailbox(value)) != nil else {
                        throw SMTPConfigurationError(
                            "from must be an email address such as imports@example.com or Name <imports@example.com>"
                        )
                    }
                    from = value
                default:
                    throw SMTPConfigurationError("unknown query parameter (allowed: starttls, from)" + hint)
                }
            }
        }

        let mode = startTLS ?? .opportunistic
        self.init(
            host: host,
            port: port ?? (mode == .required ? 587 : 25),
            username: username,
            password: username == nil ? nil : (password ?? ""),
            startTLS: mode,
            from: from
        )
    }

    /// `smtp://user@host:port?starttls=…&from=…`, never with the password.
    public var description: String {
        var s = "smtp://"
        if let username { s += "\(username)@" }
        s += host.contains(":") ? "[\(host)]" : host
        s += ":\(port)?starttls=\(startTLS.rawValue)&from=\(from)"
        return s
    }

    public var debugDescription: String {
        "SMTPConfiguration(\(description), password: \(password == nil ? "none" : "<redacted>"), tlsTrust: \(tlsTrustSummary), connectTimeout: \(connectTimeout), replyTimeout: \(replyTimeout))"
    }

    public var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "host": host, "port": port, "username": username as Any,
                "password": password == nil ? "none" : "<redacted>",
                "startTLS": startTLS, "from": from, "tlsTrust": tlsTrustSummary,
                "connectTimeout": connectTimeout, "replyTimeout": replyTimeout,
            ],
            displayStyle: .struct
        )
    }

    private var tlsTrustSummary: String {
        switch tlsTrust {
        case .system: "system"
        case .certificates(let c): "\(c.count) certificate(s)"
        case .noVerification: "noVerification"
        }
    }
}

// MARK: - small helpers

func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
func isAlphaNumeric(_ b: UInt8) -> Bool { isDigit(b) || (b | 0x20 >= 0x61 && b | 0x20 <= 0x7A) }
func isHexDigit(_ b: UInt8) -> Bool { isDigit(b) || (b | 0x20 >= 0x61 && b | 0x20 <= 0x66) }

private func hexValue(_ b: UInt8) -> UInt8? {
    switch b {
    case 0x30...0x39: b - 0x30
    case 0x41...0x46: b - 0x41 + 10
    case 0x61...0x66: b - 0x61 + 10
    default: nil
    }
}

/// Decodes `%XX` escapes; `nil` for a malformed escape or bytes that are not UTF-8. '+' stays '+'.
func percentDecode(_ s: Substring) -> String? {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(s.utf8.count)
    var it = s.utf8.makeIterator()
    while let b = it.next() {
        if b == UInt8(ascii: "%") {
            guard let h = it.next().flatMap(hexValue), let l = it.next().flatMap(hexValue) else { return nil }
            bytes.append(h << 4 | l)
        } else {
            bytes.append(b)
        }
    }
    return String(validating: bytes, as: UTF8.self)
}

extension String {
    func trimmingASCIIWhitespace() -> String {
        let ws: Set<UInt8> = [0x20, 0x09, 0x0A, 0x0D]
        let u = Array(self.utf8)
        guard let first = u.firstIndex(where: { !ws.contains($0) }) else { return "" }
        let last = u.lastIndex(where: { !ws.contains($0) })!
        return String(decoding: u[first...last], as: UTF8.self)
    }
}

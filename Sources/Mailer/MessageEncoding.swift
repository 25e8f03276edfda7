// Pure functions that turn an EmailMessage into the bytes sent after DATA. No I/O.

/// An address with an optional display name, as written in `from`/`to`.
struct Mailbox: Sendable, Equatable {
    var displayName: String?
    var address: String
}

struct MailboxError: Error, Sendable, Equatable, CustomStringConvertible {
    var reason: String
    var description: String { reason }
}

/// Parses `a@example.com`, `<a@example.com>` or `Name <a@example.com>` (the name may be quoted or non-ASCII).
/// The address must be ASCII (no SMTPUTF8), contain '@' with non-empty parts, and hold no space, control
/// character or any of `<>()[],;:\"`.
func parseMailbox(_ raw: String) throws(MailboxError) -> Mailbox {
    let text = raw.trimmingASCIIWhitespace()
    var displayName: String? = nil
    var address = text
    if let lt = text.lastIndex(of: "<") {
        guard text.hasSuffix(">") else { throw MailboxError(reason: "'<' without a closing '>' at the end") }
        address = String(text[text.index(after: lt)..<text.index(before: text.endIndex)])
        var name = String(text[..<lt]).trimmingASCIIWhitespace()
        if name.count >= 2, name.hasPrefix("\""), name.hasSuffix("\"") {
            name = String(name.dropFirst().dropLast())
                .replacing("\\\"", with: "\"").replacing("\\\\", with: "\\")
        }
        if name.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            throw MailboxError(reason: "the display name contains control characters")
        }
        displayName = name.isEmpty ? nil : name
    }
    guard !address.isEmpty else { throw MailboxError(reason: "the address is empty") }
    guard address.utf8.count <= 254 else { throw MailboxError(reason: "the address is longer than 254 bytes") }
    guard address.utf8.allSatisfy({ $0 < 0x80 }) else {
        throw MailboxError(reason: "non-ASCII addresses (SMTPUTF8) are not supported")
    }
    let forbidden = Set("<>()[],;:\\\"".utf8)
    guard address.utf8.allSatisfy({ $0 > 0x20 && $0 != 0x7F && !forbidden.contains($0) }) else {
        throw MailboxError(reason: "the address contains a space, a control character or one of <>()[],;:\\\"")
    }
    guard let at = address.lastIndex(of: "@"), at != address.startIndex,
        address.index(after: at) != address.endIndex
    else {
        throw MailboxError(reason: "the address must look like local@domain")
    }
    return Mailbox(displayName: displayName, address: address)
}

// MARK: - Header encoding (RFC 5322 / RFC 2047)

private let atextSpecials = Set("!#$%&'*+-/=?^_`{|}~ ".utf8)

/// Splits `text` into RFC 2047 "B" encoded words (`=?UTF-8?B?…?=`), each at most 75 characters and each
/// holding whole characters.
func encodedWords(_ text: String) -> [String] {
    let maxBytes = 45  // 45 bytes -> 60 base64 characters -> 72 with the 12 characters of framing.
    var words: [String] = []
    var chunk: [UInt8] = []
    for scalar in text.unicodeScalars {
        let bytes = Array(String(scalar).utf8)
        if chunk.count + bytes.count > maxBytes {
            words.append("=?UTF-8?B?\(base64Encode(chunk))?=")
            chunk.removeAll(keepingCapacity: true)
        }
        chunk += bytes
    }
    if !chunk.isEmpty || words.isEmpty { words.append("=?UTF-8?B?\(base64Encode(chunk))?=") }
    return words
}

/// The value of an unstructured header such as Subject: line breaks and control characters become spaces;
/// plain ASCII is kept (folded at spaces when long); anything else becomes RFC 2047 encoded words, one per
/// folded line. The result never contains a bare CR or LF, only CRLF followed by a space (folding).
func encodeHeaderText(_ value: String) -> String {
    let cleaned = String(
        String.UnicodeScalarView(
            value.unicodeScalars.map { ($0.value < 0x20 || $0.value == 0x7F) ? " " : $0 }
        )
    )
    let needsEncoding =
        cleaned.utf8.contains(where: { $0 >= 0x80 }) || cleaned.contains("=?")
    if needsEncoding {
        return encodedWords(cleaned).joined(separator: "\r\n ")
    }
    return foldASCII(cleaned, limit: 76)
}

/// Folds ASCII header text by inserting CRLF before spaces so that lines stay near `limit` characters.
func foldASCII(_ text: String, limit: Int) -> String {
    guard text.utf8.count > limit else { return text }
    var lines: [String] = []
    var current = ""
    for (i, word) in text.split(separator: " ", omittingEmptySubsequences: false).enumerated() {
        if i == 0 {
            current = String(word)
        } else if current.utf8.count + 1 + word.utf8.count > limit, !current.trimmingASCIIWhitespace().isEmpty {
            lines.append(current)
            current = " " + word
        } else {
            current += " " + word
        }
    }
    lines.append(current)
    return lines.joined(separator: "\r\n")
}

/// A display name as an RFC 5322 phrase: atoms as is, other ASCII quoted, non-ASCII as encoded words.
func encodePhrase(_ name: String) -> String {
    if name.utf8.allSatisfy({ $0 < 0x80 }) && !name.contains("=?") {
        if name.utf8.allSatisfy({ isAlphaNumeric($0) || atextSpecials.contains($0) }) { return name }
        return "\"" + name.replacing("\\", with: "\\\\").replacing("\"", with: "\\\"") + "\""
    }
    return encodedWords(name).joined(separator: " ")
}

/// A mailbox as written in From/To headers.
func encodeMailbox(_ mailbox: Mailbox) -> String {
    guard let name = mailbox.displayName else { return mailbox.address }
    return "\(encodePhrase(name)) <\(mailbox.address)>"
}

// MARK: - Body encoding

enum BodyEncoding: String, Sendable, Equatable {
    case sevenBit = "7bit"
    case eightBit = "8bit"
    case quotedPrintable = "quoted-printable"
}

/// 7bit for short-lined ASCII; 8bit when the server offers 8BITMIME and lines fit in 998 bytes; else QP.
func chooseBodyEncoding(_ crlfBody: String, serverSupports8BitMIME: Bool) -> BodyEncoding {
    let maxLine = crlfBody.split(separator: "\r\n", omittingEmptySubsequences: false).map(\.utf8.count).max() ?? 0
    if maxLine > 998 { return .quotedPrintable }
    if crlfBody.utf8.allSatisfy({ $0 < 0x80 }) { return .sevenBit }
    return serverSupports8BitMIME ? .eightBit : .quotedPrintable
}

/// Turns `\r\n`, lone `\r` and lone `\n` into CRLF.
func normalizeLineEndings(_ text: String) -> String {
    var out: [UInt8] = []
    out.reserveCapacity(text.utf8.count + 16)
    var previousCR = false
    for b in text.utf8 {
        if b == 0x0A {
            if !previousCR { out += [0x0D, 0x0A] }
            previousCR = false
        } else if b == 0x0D {
            out += [0x0D, 0x0A]
            previousCR = true
        } else {
            out.append(b)
            previousCR = false
        }
    }
    return String(decoding: out, as: UTF8.self)
}

/// SMTP transparency (RFC 5321 §4.5.2): every line of CRLF text that starts with "." gets another ".".
func dotStuff(_ crlfText: String) -> String {
    crlfText.split(separator: "\r\n", omittingEmptySubsequences: false)
        .map { $0.hasPrefix(".") ? "." + $0 : String($0) }
        .joined(separator: "\r\n")
}

/// Quoted-printable (RFC 2045 §6.7) of UTF-8 text with CRLF line ends; encoded lines are at most 76 characters.
func quotedPrintableEncode(_ crlfText: String) -> String {
    let hex = Array("0123456789ABCDEF".utf8)
    var outLines: [String] = []
    for line in crlfText.split(separator: "\r\n", omittingEmptySubsequences: false) {
        let bytes = Array(line.utf8)
        var out: [UInt8] = []
        var lineLength = 0
        for (i, b) in bytes.enumerated() {
            let isLast = i == bytes.count - 1
            var token: [UInt8]
            if (b >= 33 && b <= 126 && b != UInt8(ascii: "=")) || ((b == 0x20 || b == 0x09) && !isLast) {
                token = [b]
            } else {
                token = [UInt8(ascii: "="), hex[Int(b >> 4)], hex[Int(b & 0x0F)]]
            }
            // Leave room for the soft break '=' unless this is the line's last token.
            let room = isLast ? 76 : 75
            if lineLength + token.count > room {
                out += [UInt8(ascii: "="), 0x0D, 0x0A]
                lineLength = 0
            }
            out += token
            lineLength += token.count
        }
        outLines.append(String(decoding: out, as: UTF8.self))
    }
    return outLines.joined(separator: "\r\n")
}

// MARK: - Base64, date, message

private let base64Alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

func base64Encode<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
    let input = Array(bytes)
    var out: [UInt8] = []
    out.reserveCapacity((input.count + 2) / 3 * 4)
    var i = 0
    while i < input.count {
        let b0 = input[i]
        let b1 = i + 1 < input.count ? input[i + 1] : 0
        let b2 = i + 2 < input.count ? input[i + 2] : 0
        out.append(base64Alphabet[Int(b0 >> 2)])
        out.append(base64Alphabet[Int((b0 & 0x03) << 4 | b1 >> 4)])
        out.append(i + 1 < input.count ? base64Alphabet[Int((b1 & 0x0F) << 2 | b2 >> 6)] : UInt8(ascii: "="))
        out.append(i + 2 < input.count ? base64Alphabet[Int(b2 & 0x3F)] : UInt8(ascii: "="))
        i += 3
    }
    return String(decoding: out, as: UTF8.self)
}

/// RFC 5322 date-time in UTC, e.g. `Thu, 01 Jan 1970 00:00:00 +0000`.
func rfc5322Date(unixSeconds: Int64) -> String {
    let days = unixSeconds >= 0 ? unixSeconds / 86_400 : (unixSeconds - 86_399) / 86_400
    let secondsOfDay = unixSeconds - days * 86_400
    // civil_from_days (H. Hinnant)
    let z = days + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let doe = z - era * 146_097
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let day = doy - (153 * mp + 2) / 5 + 1
    let month = mp < 10 ? mp + 3 : mp - 9
    let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
    let weekdays = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]
    let weekday = weekdays[Int(((days % 7) + 7) % 7)]
    let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    func two(_ v: Int64) -> String { v < 10 ? "0\(v)" : "\(v)" }
    return "\(weekday), \(two(day)) \(months[Int(month - 1)]) \(year) "
        + "\(two(secondsOfDay / 3600)):\(two(secondsOfDay / 60 % 60)):\(two(secondsOfDay % 60)) +0000"
}

/// A new Message-ID such as `<3f2a…@example.com>` using the domain of `address`.
func makeMessageID(senderAddress: String) -> String {
    var generator = SystemRandomNumberGenerator()
    let hex = Array("0123456789abcdef".utf8)
    var id: [UInt8] = []
    for _ in 0..<16 {
        let b = UInt8.random(in: 0...255, using: &generator)
        id += [hex[Int(b >> 4)], hex[Int(b & 0x0F)]]
    }
    let domain = senderAddress.split(separator: "@").last.map(String.init) ?? "localhost"
    return "<\(String(decoding: id, as: UTF8.self))@\(domain)>"
}

/// The complete message (headers, blank line, encoded body) with CRLF line ends, ending in CRLF; not yet
/// dot-stuffed.
func renderMessage(
    from: Mailbox,
    to: [Mailbox],
    subject: String,
    textBody: String,
    date: String,
    messageID: String,
    bodyEncoding: BodyEncoding
) -> String {
    var body = normalizeLineEndings(textBody)
    if bodyEncoding == .quotedPrintable { body = quotedPrintableEncode(body) }
    if !body.hasSuffix("\r\n") { body += "\r\n" }
    let headers = [
        "From: \(encodeMailbox(from))",
        "To: \(to.map(encodeMailbox).joined(separator: ",\r\n "))",
        "Subject: \(encodeHeaderText(subject))",
        "Date: \(date)",
        "Message-ID: \(messageID)",
        "MIME-Version: 1.0",
        "Content-Type: text/plain; charset=utf-8",
        "Content-Transfer-Encoding: \(bodyEncoding.rawValue)",
    ]
    return headers.joined(separator: "\r\n") + "\r\n\r\n" + body
}

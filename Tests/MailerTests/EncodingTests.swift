import Foundation
import SMTPTestSupport
import Testing

@testable import Mailer

@Suite("Message encoding")
struct EncodingTests {
    @Test func dotStuffing() {
        #expect(dotStuff(".") == "..")
        #expect(dotStuff(".hidden\r\nok\r\n..two\r\n.") == "..hidden\r\nok\r\n...two\r\n..")
        #expect(dotStuff("a.b\r\n .x") == "a.b\r\n .x")
        #expect(dotStuff("") == "")
    }

    @Test func lineEndingsBecomeCRLF() {
        #expect(normalizeLineEndings("a\nb\r\nc\rd\n\ne") == "a\r\nb\r\nc\r\nd\r\n\r\ne")
        #expect(normalizeLineEndings("\r\r\n") == "\r\n\r\n")
        #expect(normalizeLineEndings("x") == "x")
    }

    @Test func asciiSubjectIsKept() {
        #expect(encodeHeaderText("Your import finished") == "Your import finished")
    }

    @Test func headerInjectionIsNeutralised() {
        let encoded = encodeHeaderText("Hi\r\nBcc: victim@example.com")
        #expect(encoded == "Hi  Bcc: victim@example.com")
        #expect(!encodeHeaderText("é\nBcc: x").contains("\n") || encodeHeaderText("é\nBcc: x").contains("\r\n "))
    }

    @Test func nonASCIISubjectIsRFC2047Encoded() {
        let subject = "Import terminé ✅ — 1 234 contacts, Grüße aus Köln, 日本語のテキストも大丈夫です"
        let encoded = encodeHeaderText(subject)
        let lines = encoded.components(separatedBy: "\r\n ")
        #expect(lines.count > 1)
        for line in lines {
            #expect(line.hasPrefix("=?UTF-8?B?") && line.hasSuffix("?="))
            #expect(line.utf8.count <= 75)
            #expect(line.utf8.allSatisfy { $0 < 0x80 && $0 >= 0x20 })
        }
        #expect(decodeRFC2047(encoded) == subject)
    }

    @Test func asciiLookingLikeAnEncodedWordIsEncoded() {
        let encoded = encodeHeaderText("=?UTF-8?B?aGk=?=")
        #expect(encoded.hasPrefix("=?UTF-8?B?"))
        #expect(decodeRFC2047(encoded) == "=?UTF-8?B?aGk=?=")
    }

    @Test func longASCIISubjectIsFolded() {
        let subject = Array(repeating: "word", count: 40).joined(separator: " ")
        let folded = encodeHeaderText(subject)
        #expect(folded.contains("\r\n "))
        #expect(folded.replacingOccurrences(of: "\r\n", with: "") == subject)
        for line in folded.components(separatedBy: "\r\n") { #expect(line.utf8.count <= 78) }
    }

    @Test func mailboxes() throws {
        #expect(try parseMailbox("a@b.c") == Mailbox(displayName: nil, address: "a@b.c"))
        #expect(
            try parseMailbox(" Contact Import <no-reply@x.org> ")
                == Mailbox(displayName: "Contact Import", address: "no-reply@x.org"))
        #expect(try parseMailbox("\"Doe, Jane\" <j@x.org>") == Mailbox(displayName: "Doe, Jane", address: "j@x.org"))
        #expect(try parseMailbox("<j@x.org>") == Mailbox(displayName: nil, address: "j@x.org"))
        for bad in [
            "", "no-at-sign", "@x.org", "a@", "a b@c.d", "a@b.c\r\nRCPT TO:<evil@x>", "a>@b", "müller@x.de",
            "Name <a@b", "x <>",
        ] {
            #expect(throws: MailboxError.self, "\(bad)") { try parseMailbox(bad) }
        }
        #expect(encodeMailbox(Mailbox(displayName: "Jane", address: "j@x.org")) == "Jane <j@x.org>")
        #expect(encodeMailbox(Mailbox(displayName: "Doe, Jane", address: "j@x.org")) == "\"Doe, Jane\" <j@x.org>")
        let utf8Name = encodeMailbox(Mailbox(displayName: "Zoë", address: "z@x.org"))
        #expect(utf8Name == "=?UTF-8?B?Wm/Dqw==?= <z@x.org>")
    }

    @Test func quotedPrintable() {
        let text = "Grüße = greetings \r\n" + String(repeating: "é", count: 40) + "\r\n.dot\r\ntrailing space \r\nplain"
        let encoded = quotedPrintableEncode(text)
        for line in encoded.components(separatedBy: "\r\n") {
            #expect(line.utf8.count <= 76)
            #expect(line.utf8.allSatisfy { $0 < 0x80 })
            #expect(!line.hasSuffix(" "))
        }
        #expect(encoded.hasPrefix("Gr=C3=BC=C3=9Fe =3D greetings=20\r\n"))
        #expect(decodeQuotedPrintable(encoded) == text)
    }

    @Test func bodyEncodingChoice() {
        #expect(chooseBodyEncoding("plain ascii\r\nlines", serverSupports8BitMIME: false) == .sevenBit)
        #expect(chooseBodyEncoding("naïve", serverSupports8BitMIME: true) == .eightBit)
        #expect(chooseBodyEncoding("naïve", serverSupports8BitMIME: false) == .quotedPrintable)
        #expect(
            chooseBodyEncoding(String(repeating: "x", count: 999), serverSupports8BitMIME: true) == .quotedPrintable)
    }

    @Test func base64MatchesFoundation() {
        for s in ["", "a", "ab", "abc", "abcd", "\0user\0pässword", String(repeating: "xyz€", count: 50)] {
            #expect(base64Encode(Array(s.utf8)) == Data(s.utf8).base64EncodedString())
        }
    }

    @Test func dates() {
        #expect(rfc5322Date(unixSeconds: 0) == "Thu, 01 Jan 1970 00:00:00 +0000")
        #expect(rfc5322Date(unixSeconds: 951_782_400) == "Tue, 29 Feb 2000 00:00:00 +0000")
        #expect(rfc5322Date(unixSeconds: 1_700_000_000) == "Tue, 14 Nov 2023 22:13:20 +0000")
        #expect(rfc5322Date(unixSeconds: -1) == "Wed, 31 Dec 1969 23:59:59 +0000")
    }

    @Test func messageIDs() {
        let a = makeMessageID(senderAddress: "x@example.org")
        let b = makeMessageID(senderAddress: "x@example.org")
        #expect(a != b)
        #expect(a.hasPrefix("<") && a.hasSuffix("@example.org>"))
    }

    @Test func renderedMessage() {
        let text = renderMessage(
            from: Mailbox(displayName: "Contact Import", address: "ci@x.org"),
            to: [Mailbox(displayName: nil, address: "a@x.org"), Mailbox(displayName: nil, address: "b@x.org")],
            subject: "Done", textBody: "Hello\r\n.\r\nBye", date: "Thu, 01 Jan 1970 00:00:00 +0000",
            messageID: "<1@x.org>", bodyEncoding: .sevenBit
        )
        #expect(
            text == """
                From: Contact Import <ci@x.org>\r
                To: a@x.org,\r
                 b@x.org\r
                Subject: Done\r
                Date: Thu, 01 Jan 1970 00:00:00 +0000\r
                Message-ID: <1@x.org>\r
                MIME-Version: 1.0\r
                Content-Type: text/plain; charset=utf-8\r
                Content-Transfer-Encoding: 7bit\r
                \r
                Hello\r
                .\r
                Bye\r

                """)
    }
}

@Suite("SMTP reply parsing")
struct ReplyParserTests {
    @Test func multiLineReplyInPieces() throws {
        var parser = SMTPReplyParser()
        parser.feed(Array("250-mail.example.com hi\r\n250-STARTTLS\r".utf8))
        #expect(try parser.next() == nil)
        parser.feed(Array("\n250 AUTH PLAIN LOGIN\r\n220 next\n".utf8))
        #expect(
            try parser.next() == SMTPReply(code: 250, lines: ["mail.example.com hi", "STARTTLS", "AUTH PLAIN LOGIN"]))
        #expect(try parser.next() == SMTPReply(code: 220, lines: ["next"]))
        #expect(try parser.next() == nil)
        #expect(!parser.hasBufferedBytes)
        parser.feed(Array("250\r\n".utf8))
        #expect(try parser.next() == SMTPReply(code: 250, lines: [""]))
    }

    @Test(arguments: ["hello\r\n", "25\r\n", "250x\r\n", "250-a\r\n251 b\r\n"])
    func invalidReplies(_ text: String) {
        var parser = SMTPReplyParser()
        parser.feed(Array(text.utf8))
        #expect(throws: SMTPReplyParseError.self) {
            while try parser.next() != nil {}
        }
    }

    @Test func overlongLineIsRefused() {
        var parser = SMTPReplyParser()
        parser.feed(Array(repeating: UInt8(ascii: "2"), count: 5000))
        #expect(throws: SMTPReplyParseError.self) { try parser.next() }
    }
}

// MARK: - Decoders used to check what the sink received

/// Decodes RFC 2047 "B" encoded words (UTF-8 only) in an unfolded or folded header value.
func decodeRFC2047(_ value: String) -> String {
    let unfolded = value.replacingOccurrences(of: "\r\n", with: "")
    let tokens = unfolded.components(separatedBy: " ")
    var bytes: [UInt8] = []
    var out = ""
    var previousWasEncoded = false
    for (i, token) in tokens.enumerated() {
        if token.hasPrefix("=?UTF-8?B?"), token.hasSuffix("?=") {
            let payload = String(token.dropFirst(10).dropLast(2))
            bytes += decodeBase64(payload)
            previousWasEncoded = true
        } else {
            if !bytes.isEmpty { out += String(decoding: bytes, as: UTF8.self); bytes = [] }
            if i > 0 && !(previousWasEncoded && token.isEmpty) { out += " " }
            out += token
            previousWasEncoded = false
        }
    }
    if !bytes.isEmpty { out += String(decoding: bytes, as: UTF8.self) }
    return out
}

func decodeQuotedPrintable(_ text: String) -> String {
    var out: [UInt8] = []
    let bytes = Array(text.utf8)
    var i = 0
    while i < bytes.count {
        if bytes[i] == UInt8(ascii: "=") {
            if i + 2 < bytes.count, bytes[i + 1] == 0x0D, bytes[i + 2] == 0x0A { i += 3; continue }
            if i + 2 < bytes.count, let v = UInt8(String(decoding: bytes[(i + 1)...(i + 2)], as: UTF8.self), radix: 16)
            {
                out.append(v)
                i += 3
                continue
            }
        }
        out.append(bytes[i])
        i += 1
    }
    return String(decoding: out, as: UTF8.self)
}

import ContactModel
import Testing

/// Every rule, with a value that passes it when it holds no control character.
private let rulesWithAValue: [(rule: ValueRule, value: String)] = [
    (.personName, "Ana"), (.text, "Note"), (.email, "ana@example.com"), (.phone, "+60189988776"),
    (.number, "12"), (.checkbox, "yes"), (.list(["Pro"]), "pro"), (.url, "https://example.com"),
    (.date, "2024-02-29"), (.time, "09:30"), (.language, "en"), (.country, "MY"), (.tags, "vip"),
    (.contactId, "42"),
]

/// The control characters the rule refuses, by code point.
private let refusedControls: [UInt8] = Array(0x00...0x08) + [0x0B, 0x0C] + Array(0x0E...0x1F) + [0x7F]

private func character(_ byte: UInt8) -> String { String(UnicodeScalar(byte)) }

@Suite("Control characters")
struct ControlCharacterTests {
    @Test("every rule refuses each control character inside a value, naming its code point", arguments: rulesWithAValue)
    func everyRuleRefusesControls(rule: ValueRule, value: String) {
        guard case .success(.some) = rule.normalize(value) else {
            Issue.record("\(rule) refused its sample value \(value)")
            return
        }
        for byte in refusedControls {
            let bad = String(value.prefix(1)) + character(byte) + String(value.dropFirst())
            let hex = String(byte, radix: 16, uppercase: true)
            let code = "U+" + String(repeating: "0", count: 4 - hex.count) + hex
            #expect(
                rule.normalize(bad)
                    == .failure(ValueRuleViolation("must not contain control characters (found \(code))")),
                "\(rule) with \(code)")
        }
    }

    @Test("tab stays allowed inside names, text and tags")
    func tabAllowed() {
        #expect(ValueRule.personName.normalize("Ana\tLim") == .success(.string("Ana\tLim")))
        #expect(ValueRule.text.normalize("a\tb") == .success(.string("a\tb")))
        #expect(ValueRule.tags.normalize("a\tb") == .success(.tags(["a\tb"])))
        #expect(Tags.validate("a\tb") == .success("a\tb"))
    }

    @Test("multi-line text keeps line feeds and carriage returns")
    func textKeepsLineBreaks() {
        #expect(ValueRule.text.normalize("line 1\r\nline 2\rline 3") == .success(.string("line 1\r\nline 2\rline 3")))
        #expect(
            ValueRule.text.normalize("a\u{0}b")
                == .failure(ValueRuleViolation("must not contain control characters (found U+0000)")))
    }

    @Test("names and every other one-line value refuse line breaks", arguments: ["\n", "\r", "\r\n"])
    func namesAreOneLine(lineBreak: String) {
        let oneLine = ValueRuleViolation("must be one line: line breaks are not allowed")
        #expect(ValueRule.personName.normalize("Ana" + lineBreak + "Lim") == .failure(oneLine))
        #expect(ValueRule.list(["A B"]).normalize("A" + lineBreak + "B") == .failure(oneLine))
        #expect(ValueRule.email.normalize("a" + lineBreak + "b@example.com") == .failure(oneLine))
    }

    @Test("white space around a value, line breaks included, is trimmed before the rule is checked")
    func surroundingWhiteSpaceTrimmed() {
        #expect(ValueRule.personName.normalize("\r\n Ana \n") == .success(.string("Ana")))
        #expect(ValueRule.personName.normalize("\u{0B}Ana\u{0C}") == .success(.string("Ana")))
    }

    @Test("non-ASCII text is not mistaken for control characters")
    func nonASCIIAccepted() {
        for text in ["Zoë", "李小龍", "👩‍👩‍👧‍👦", "\u{202E}nnA", "Ann\u{2028}Bob", "\u{0085}x\u{009B}y"] {
            #expect(ValueRule.text.normalize(text) == .success(.string(TextRules.trimmed(text))), "\(text)")
        }
    }

    @Test("a tag must be one line without control characters")
    func tagsOneLine() {
        #expect(Tags.validate("a\nb") == .failure(ValueRuleViolation("must be one line: line breaks are not allowed")))
        #expect(Tags.validate("a\rb") == .failure(ValueRuleViolation("must be one line: line breaks are not allowed")))
        #expect(
            Tags.validate("a\u{0}b")
                == .failure(ValueRuleViolation("must not contain control characters (found U+0000)")))
        #expect(
            Tags.validate("a\u{7F}")
                == .failure(ValueRuleViolation("must not contain control characters (found U+007F)")))
        #expect(Tags.validate(" vip\n") == .success("vip"))
    }

    @Test("a Tags cell may break lines around its commas, not inside a tag")
    func tagsCellLineBreaks() {
        #expect(Tags.parseCell("vip,\nnewsletter\r\n, lead") == .success(["vip", "newsletter", "lead"]))
        #expect(
            Tags.parseCell("vip\nnewsletter")
                == .failure(ValueRuleViolation("each tag must be one line: separate tags with commas")))
        #expect(
            Tags.parseCell("vip, a\u{1}b")
                == .failure(ValueRuleViolation("must not contain control characters (found U+0001)")))
    }

    @Test("list options and field names follow the rule too")
    func fieldDefinitions() {
        func message(_ name: String, _ options: [String]) -> String? {
            do {
                _ = try CustomField.validated(fieldId: "plan", name: name, type: .list, options: options)
                return nil
            } catch {
                return error.message
            }
        }
        #expect(message("Plan", ["Free", "Pro"]) == nil)
        #expect(message("Plan", ["Fr\u{0}ee"]) == "List options must not contain control characters (found U+0000).")
        #expect(message("Plan", ["Fr\nee"]) == "List options must be one line: line breaks are not allowed.")
        #expect(message("Pl\u{1B}an", ["Free"]) == "Field name must not contain control characters (found U+001B).")
    }

    @Test("a control character is found at every position, in long and short values, beside non-ASCII text")
    func everyPosition() {
        // The scan reads eight bytes at a time: every offset in and after the words, with bytes of 0x80 and more
        // around, must find the character, and clean text of any length must pass.
        let pieces = ["a", "é", "李", "👩‍👩‍👧", "~", " ", "\u{FF}", "\u{7E}", "\u{80}"]
        for length in 0..<40 {
            let clean = (0..<length).map { pieces[($0 * 7 + length) % pieces.count] }.joined()
            #expect(
                TextRules.characterViolation(in: clean, allowsLineBreaks: false) == nil, "\(clean.debugDescription)")
            for cut in 0...length {
                let prefix = (0..<cut).map { pieces[($0 * 7 + length) % pieces.count] }.joined()
                let suffix = String(clean.dropFirst(cut))
                for byte: UInt8 in [0x00, 0x1F, 0x7F, 0x0B] {
                    let text = prefix + character(byte) + suffix
                    let hex = String(byte, radix: 16, uppercase: true)
                    let code = "U+" + String(repeating: "0", count: 4 - hex.count) + hex
                    #expect(
                        TextRules.characterViolation(in: text, allowsLineBreaks: true)?.message
                            == "must not contain control characters (found \(code))", "\(text.debugDescription)")
                }
                let broken = prefix + "\n" + suffix
                #expect(TextRules.characterViolation(in: broken, allowsLineBreaks: true) == nil)
                #expect(
                    TextRules.characterViolation(in: broken, allowsLineBreaks: false)?.message
                        == "must be one line: line breaks are not allowed", "\(broken.debugDescription)")
                #expect(TextRules.characterViolation(in: prefix + "\t" + suffix, allowsLineBreaks: false) == nil)
            }
        }
    }

    @Test("characterViolation names the first refused character and passes clean text")
    func characterViolation() {
        #expect(TextRules.characterViolation(in: "clean text", allowsLineBreaks: false) == nil)
        #expect(TextRules.characterViolation(in: "", allowsLineBreaks: false) == nil)
        #expect(TextRules.characterViolation(in: "a\nb", allowsLineBreaks: true) == nil)
        #expect(
            TextRules.characterViolation(in: "a\nb\u{8}", allowsLineBreaks: true)?.message
                == "must not contain control characters (found U+0008)")
        #expect(
            TextRules.characterViolation(in: "a\u{1F}b\n", allowsLineBreaks: false)?.message
                == "must not contain control characters (found U+001F)")
    }
}

@Suite("Tags per contact")
struct TagsPerContactTests {
    private func cell(_ count: Int, prefix: String = "t") -> String {
        (1...count).map { "\(prefix)\($0)" }.joined(separator: ",")
    }

    @Test("a Tags cell of 100 different tags is accepted, 101 refused")
    func cap() {
        #expect(Tags.parseCell(cell(100)).map(\.count) == .success(100))
        #expect(
            Tags.parseCell(cell(101))
                == .failure(ValueRuleViolation("must list at most 100 different tags, the most a contact can have")))
        #expect(ValueRule.tags.normalize(cell(101)) == Tags.parseCell(cell(101)).map { .tags($0) })
    }

    @Test("repeated tags count once")
    func repeatsCountOnce() {
        let repeated = cell(100) + "," + cell(100) + "," + String(repeating: "t1,", count: 5_000)
        #expect(Tags.parseCell(repeated).map(\.count) == .success(100))
    }
}

@Suite("Excerpts in messages")
struct ExcerptTests {
    @Test("short text is quoted whole; long text is cut to 60 characters ending in …")
    func excerpt() {
        #expect(TextRules.excerpt("plan") == "plan")
        let sixty = String(repeating: "k", count: 60)
        #expect(TextRules.excerpt(sixty) == sixty)
        let cut = TextRules.excerpt(String(repeating: "k", count: 100_000))
        #expect(cut == String(repeating: "k", count: 59) + "…")
        #expect(cut.count == 60)
        #expect(TextRules.excerpt(String(repeating: "👩‍👩‍👧", count: 61)).count == 60)
    }
}

@Suite("UTF-8 validation")
struct UTF8ValidationTests {
    @Test("well-formed UTF-8 has no invalid byte")
    func valid() {
        for text in ["", "plain", #"{"firstName": "Zoë 李 👩‍👩‍👧"}"#, "\u{10FFFF}", "\u{0}"] {
            #expect(UTF8Validation.firstInvalidByte(in: Array(text.utf8)) == nil, "\(text)")
        }
    }

    @Test(
        "the offset of the first byte that breaks UTF-8 is named",
        arguments: [
            ([0x41, 0xFF], 1),  // never in UTF-8
            ([0x41, 0x42, 0xC0, 0xAF], 2),  // overlong "/"
            ([0xE0, 0x80, 0xAF], 0),  // overlong three bytes
            ([0xF0, 0x80, 0x80, 0xAF], 0),  // overlong four bytes
            ([0x41, 0xED, 0xA0, 0x80], 1),  // a surrogate
            ([0xF4, 0x90, 0x80, 0x80], 0),  // past U+10FFFF
            ([0xF5, 0x80, 0x80, 0x80], 0),
            ([0x41, 0x42, 0xC3], 2),  // cut off at the end
            ([0xE2, 0x82], 0),
            ([0xE2, 0x82, 0x41], 0),  // a continuation byte missing
            ([0x80], 0),  // a continuation byte alone
            ([0xC3, 0xA9, 0xC3, 0x28], 2),
        ] as [([UInt8], Int)])
    func invalid(bytes: [UInt8], offset: Int) {
        #expect(UTF8Validation.firstInvalidByte(in: bytes) == offset)
        #expect(String(validating: bytes, as: UTF8.self) == nil)
    }
}

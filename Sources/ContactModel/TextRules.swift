/// Byte-level helpers for ASCII checks; no allocation, no regular expressions.
enum ASCII {
    @inline(__always) static func isDigit(_ byte: UInt8) -> Bool { byte &- 0x30 < 10 }
    @inline(__always) static func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) &- 0x61 < 26 }
    @inline(__always) static func isAlphanumeric(_ byte: UInt8) -> Bool { isDigit(byte) || isLetter(byte) }
    @inline(__always) static func lower(_ byte: UInt8) -> UInt8 { byte &- 0x41 < 26 ? byte | 0x20 : byte }
    /// Space, tab, LF, VT, FF, CR.
    @inline(__always) static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte &- 0x09 < 5 }

    /// ASCII text in lower case; the same string when it already is.
    static func lowercased(_ text: String) -> String {
        text.utf8.contains { $0 &- 0x41 < 26 } ? text.lowercased() : text
    }

    /// ASCII text in upper case; the same string when it already is.
    static func uppercased(_ text: String) -> String {
        text.utf8.contains { $0 &- 0x61 < 26 } ? text.uppercased() : text
    }

    /// Compares two strings ignoring ASCII case; falls back to full lower-casing for non-ASCII text.
    static func equalsIgnoringCase(_ lhs: String, _ rhs: String) -> Bool {
        let verdict: Bool? = Syntax.withBytes(lhs) { a in
            Syntax.withBytes(rhs) { b in
                var nonASCII = false
                if a.count == b.count {
                    for i in 0..<a.count {
                        let x = a[i]
                        let y = b[i]
                        if (x | y) >= 0x80 {
                            nonASCII = true
                            break
                        }
                        if x != y, lower(x) != lower(y) { return false }
                    }
                    if !nonASCII { return true }
                } else {
                    // Lower-casing changes the byte length only for non-ASCII text.
                    nonASCII = a.contains { $0 >= 0x80 } || b.contains { $0 >= 0x80 }
                    if !nonASCII { return false }
                }
                return nil
            }
        }
        return verdict ?? (lhs.lowercased() == rhs.lowercased())
    }

    /// Whether the bytes spell `word` (given in lower case) ignoring ASCII case.
    static func matchesLowercased(_ text: String, _ word: StaticString) -> Bool {
        Syntax.withBytes(text) { b in
            guard b.count == word.utf8CodeUnitCount else { return false }
            let base = word.utf8Start
            for i in 0..<b.count where lower(b[i]) != base[i] { return false }
            return true
        }
    }
}

/// Trimming and length checks shared by the value rules.
public enum TextRules {
    /// The text without surrounding white space (Unicode `White_Space`, which includes no-break space).
    /// Returns the same string, without copying, when there is nothing to trim.
    public static func trimmed(_ text: String) -> String {
        let plain = Syntax.withBytes(text) { b in
            guard let first = b.first, let last = b.last else { return true }
            return first < 0x80 && last < 0x80 && !ASCII.isSpace(first) && !ASCII.isSpace(last)
        }
        if plain { return text }
        let scalars = text.unicodeScalars
        var start = scalars.startIndex
        var end = scalars.endIndex
        while start < end, isWhitespace(scalars[start]) {
            start = scalars.index(after: start)
        }
        while start < end {
            let before = scalars.index(before: end)
            guard isWhitespace(scalars[before]) else { break }
            end = before
        }
        if start == scalars.startIndex, end == scalars.endIndex { return text }
        return String(Substring(scalars[start..<end]))
    }

    /// Unicode `White_Space`, without a property table look-up.
    @inline(__always)
    static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09...0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: true
        default: false
        }
    }

    /// Whether `text` has at most `maxCharacters` characters (grapheme clusters, as a person counts them).
    public static func fits(_ text: String, maxCharacters: Int) -> Bool {
        // A character takes at least one UTF-8 byte, so short byte counts need no counting.
        if text.utf8.count <= maxCharacters { return true }
        var count = 0
        for _ in text {
            count += 1
            if count > maxCharacters { return false }
        }
        return true
    }
}

extension TextRules {
    /// The first byte of `text` the control-character rule refuses: a refused control character, or a line feed
    /// or carriage return when the value must be one line. `nil` when there is none. Reads the UTF-8 bytes once,
    /// eight at a time: bytes of other characters are all 0x20 or more (and not 0x7F), so no decoding is needed.
    @inline(__always)
    static func firstRefusedByte(in text: String, allowsLineBreaks: Bool) -> UInt8? {
        Syntax.withBytes(text) { b in
            @inline(__always) func refused(_ c: UInt8) -> Bool {
                if c >= 0x20 { return c == 0x7F }
                return !(c == 0x09 || (allowsLineBreaks && (c == 0x0A || c == 0x0D)))
            }
            guard let base = b.baseAddress else { return nil }
            let n = b.count
            var i = 0
            // A word has a byte below 0x20, or a byte 0x7F, exactly when these tests are non-zero
            // ("Bit Twiddling Hacks": hasless and haszero). Only such a word is looked at byte by byte.
            let ones: UInt64 = 0x0101_0101_0101_0101
            let highs: UInt64 = 0x8080_8080_8080_8080
            while i + 8 <= n {
                let word = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                let below20 = (word &- ones &* 0x20) & ~word & highs
                let del = word ^ (ones &* 0x7F)
                let is7F = (del &- ones) & ~del & highs
                if below20 | is7F != 0 {
                    for k in i..<(i + 8) where refused(base[k]) { return base[k] }
                }
                i += 8
            }
            while i < n {
                if refused(base[i]) { return base[i] }
                i += 1
            }
            return nil
        }
    }

    /// The control-character rule every text value of a contact follows, on the API and in CSV files alike: no
    /// control characters (U+0000–U+0008, U+000B, U+000C, U+000E–U+001F, U+007F); tab is allowed, and line feed and
    /// carriage return only where `allowsLineBreaks` (multi-line text). `nil` when `text` follows it.
    public static func characterViolation(in text: String, allowsLineBreaks: Bool) -> ValueRuleViolation? {
        guard let byte = firstRefusedByte(in: text, allowsLineBreaks: allowsLineBreaks) else { return nil }
        return byte == 0x0A || byte == 0x0D ? Violations.lineBreak : Violations.controlCharacter(byte)
    }

    /// `text` as a message may quote it: unchanged when it has at most `maxCharacters` characters, otherwise cut to
    /// that many characters, the last being "…". A message never echoes a huge key or value.
    public static func excerpt(_ text: String, maxCharacters: Int = 60) -> String {
        if fits(text, maxCharacters: maxCharacters) { return text }
        return String(text.prefix(max(maxCharacters - 1, 0))) + "…"
    }
}

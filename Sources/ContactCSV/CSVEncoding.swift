/// The text encoding a file was read with (SPEC §2).
public enum CSVEncoding: String, Sendable, Equatable, CaseIterable {
    /// UTF-8 without a byte order mark.
    case utf8 = "UTF-8"
    /// UTF-8 with a byte order mark (Excel's "CSV UTF-8").
    case utf8BOM = "UTF-8 (BOM)"
    /// UTF-16 little-endian with a byte order mark (Excel's "Unicode text" on Windows).
    case utf16LE = "UTF-16LE"
    /// UTF-16 big-endian with a byte order mark.
    case utf16BE = "UTF-16BE"
    /// Windows-1252, used for any file that is not valid UTF-8 (Excel's plain "CSV" on Windows).
    case windows1252 = "Windows-1252"

    /// The name to show a person, e.g. "UTF-8 (BOM)".
    public var name: String { rawValue }
}

/// The file as UTF-8 bytes: `bytes[start...]` is the text (after any BOM).
struct DecodedText {
    var bytes: [UInt8]
    var start: Int
    var encoding: CSVEncoding
    /// Offset in `bytes` of the first NUL character, if any (found while decoding, to save a pass).
    var nul: Int?

    init(bytes: [UInt8], start: Int, encoding: CSVEncoding, nul: Int? = nil) {
        self.bytes = bytes
        self.start = start
        self.encoding = encoding
        self.nul = nul ?? bytes.withUnsafeBufferPointer { firstNUL($0, from: start) }
    }

    init(validUTF8 bytes: [UInt8], start: Int, encoding: CSVEncoding, nul: Int?) {
        self.bytes = bytes
        self.start = start
        self.encoding = encoding
        self.nul = nul
    }
}

/// Detects the encoding and returns UTF-8. Valid UTF-8 is not copied.
func decodeToUTF8(_ input: [UInt8]) -> DecodedText {
    let n = input.count
    if n >= 2 && input[0] == 0xFF && input[1] == 0xFE {
        return DecodedText(bytes: transcodeUTF16(input, from: 2, bigEndian: false), start: 0, encoding: .utf16LE)
    }
    if n >= 2 && input[0] == 0xFE && input[1] == 0xFF {
        return DecodedText(bytes: transcodeUTF16(input, from: 2, bigEndian: true), start: 0, encoding: .utf16BE)
    }
    if n >= 3 && input[0] == 0xEF && input[1] == 0xBB && input[2] == 0xBF {
        let check = input.withUnsafeBufferPointer { checkUTF8($0, from: 3) }
        if check.valid { return DecodedText(validUTF8: input, start: 3, encoding: .utf8BOM, nul: check.nul) }
        // A UTF-8 BOM in front of broken UTF-8: keep UTF-8, repair the broken sequences with U+FFFD.
        return DecodedText(
            bytes: Array(String(decoding: input[3...], as: UTF8.self).utf8), start: 0, encoding: .utf8BOM)
    }
    let check = input.withUnsafeBufferPointer { checkUTF8($0, from: 0) }
    if check.valid {
        return DecodedText(validUTF8: input, start: 0, encoding: .utf8, nul: check.nul)
    }
    return DecodedText(bytes: transcodeWindows1252(input), start: 0, encoding: .windows1252)
}

/// Whether `buffer[from...]` is well-formed UTF-8 (no overlongs, surrogates or values above U+10FFFF),
/// and where its first NUL byte is. Stops at the first NUL (the file is refused then) with `valid` true.
func checkUTF8(_ buffer: UnsafeBufferPointer<UInt8>, from: Int) -> (valid: Bool, nul: Int?) {
    guard let p = buffer.baseAddress else { return (true, nil) }
    let n = buffer.count
    var i = from
    while i < n {
        while i + 8 <= n {
            let word = UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self)
            if word & 0x8080_8080_8080_8080 != 0
                || (word &- 0x0101_0101_0101_0101) & ~word & 0x8080_8080_8080_8080 != 0
            {
                break
            }
            i += 8
        }
        if i >= n { break }
        let c = p[i]
        if c == 0 { return (true, i) }
        if c < 0x80 {
            i += 1
        } else if c < 0xC2 {
            return (false, nil)
        } else if c < 0xE0 {
            guard i + 1 < n, p[i + 1] & 0xC0 == 0x80 else { return (false, nil) }
            i += 2
        } else if c < 0xF0 {
            guard i + 2 < n else { return (false, nil) }
            let c1 = p[i + 1]
            guard c1 & 0xC0 == 0x80, p[i + 2] & 0xC0 == 0x80 else { return (false, nil) }
            if c == 0xE0 && c1 < 0xA0 { return (false, nil) }
            if c == 0xED && c1 >= 0xA0 { return (false, nil) }
            i += 3
        } else if c < 0xF5 {
            guard i + 3 < n else { return (false, nil) }
            let c1 = p[i + 1]
            guard c1 & 0xC0 == 0x80, p[i + 2] & 0xC0 == 0x80, p[i + 3] & 0xC0 == 0x80 else { return (false, nil) }
            if c == 0xF0 && c1 < 0x90 { return (false, nil) }
            if c == 0xF4 && c1 >= 0x90 { return (false, nil) }
            i += 4
        } else {
            return (false, nil)
        }
    }
    return (true, nil)
}

/// Windows-1252 bytes 0x80–0x9F; the five unassigned ones map to the C1 control of the same value (as WHATWG does).
private let windows1252High: [UInt16] = [
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
    0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
]

func transcodeWindows1252(_ input: [UInt8]) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(input.count + input.count / 8)
    for b in input {
        if b < 0x80 {
            out.append(b)
        } else if b < 0xA0 {
            appendUTF8(UInt32(windows1252High[Int(b - 0x80)]), to: &out)
        } else {
            appendUTF8(UInt32(b), to: &out)
        }
    }
    return out
}

func transcodeUTF16(_ input: [UInt8], from start: Int, bigEndian: Bool) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity((input.count - start) * 3 / 2)
    let n = input.count
    var i = start
    @inline(__always) func unit(_ k: Int) -> UInt32 {
        bigEndian ? UInt32(input[k]) << 8 | UInt32(input[k + 1]) : UInt32(input[k + 1]) << 8 | UInt32(input[k])
    }
    while i + 1 < n {
        let u = unit(i)
        i += 2
        if u < 0x80 {
            out.append(UInt8(u))
        } else if u >= 0xD800 && u < 0xDC00 {
            if i + 1 < n {
                let low = unit(i)
                if low >= 0xDC00 && low < 0xE000 {
                    i += 2
                    appendUTF8(0x10000 + ((u - 0xD800) << 10) + (low - 0xDC00), to: &out)
                    continue
                }
            }
            appendUTF8(0xFFFD, to: &out)
        } else if u >= 0xDC00 && u < 0xE000 {
            appendUTF8(0xFFFD, to: &out)
        } else {
            appendUTF8(u, to: &out)
        }
    }
    if i < n { appendUTF8(0xFFFD, to: &out) }  // a lone trailing byte
    return out
}

@inline(__always)
func appendUTF8(_ v: UInt32, to out: inout [UInt8]) {
    if v < 0x80 {
        out.append(UInt8(v))
    } else if v < 0x800 {
        out.append(UInt8(0xC0 | (v >> 6)))
        out.append(UInt8(0x80 | (v & 0x3F)))
    } else if v < 0x10000 {
        out.append(UInt8(0xE0 | (v >> 12)))
        out.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
        out.append(UInt8(0x80 | (v & 0x3F)))
    } else {
        out.append(UInt8(0xF0 | (v >> 18)))
        out.append(UInt8(0x80 | ((v >> 12) & 0x3F)))
        out.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
        out.append(UInt8(0x80 | (v & 0x3F)))
    }
}

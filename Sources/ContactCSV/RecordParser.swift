// The byte-level RFC 4180 record parser shared by validation, delimiter detection and row iteration.
// It works on UTF-8 bytes through an unsafe pointer; every value is handed to a sink as a trimmed byte span,
// so counting and reading rows follow exactly the same rules.

/// Receives the trimmed bytes of each value of a record.
protocol FieldSink {
    /// False when the sink ignores values: the parser then skips trimming once it knows the record is not blank.
    static var wantsValues: Bool { get }
    /// False when neither values nor their count matter: once the record is known not to be blank, the parser
    /// only looks for quotes and line breaks (validation, skipping rows).
    static var wantsFieldCount: Bool { get }
    /// True when the parser should note sloppy quoting (`RecordInfo.isClean`); only delimiter detection does.
    static var checksQuoting: Bool { get }
    mutating func field(_ value: UnsafeBufferPointer<UInt8>)
}

/// A sink that ignores values but keeps their count (delimiter detection).
struct DiscardingSink: FieldSink {
    static var wantsValues: Bool { false }
    static var wantsFieldCount: Bool { true }
    static var checksQuoting: Bool { true }
    @inline(__always) mutating func field(_ value: UnsafeBufferPointer<UInt8>) {}
}

/// A sink for validation and skipping rows: only where records start and end, and whether they are blank,
/// matter. `RecordInfo.fieldCount` is then not meaningful.
struct SkippingSink: FieldSink {
    static var wantsValues: Bool { false }
    static var wantsFieldCount: Bool { false }
    static var checksQuoting: Bool { false }
    @inline(__always) mutating func field(_ value: UnsafeBufferPointer<UInt8>) {}
}

/// A sink that turns values into Strings.
struct StringSink: FieldSink {
    static var wantsValues: Bool { true }
    static var wantsFieldCount: Bool { true }
    static var checksQuoting: Bool { false }
    var values: [String] = []
    @inline(__always) mutating func field(_ value: UnsafeBufferPointer<UInt8>) {
        values.append(value.isEmpty ? "" : String(decoding: value, as: UTF8.self))
    }
}

/// A sink that turns only one column's value into a String (a pass over one column of every row).
struct ColumnSink: FieldSink {
    static var wantsValues: Bool { true }
    static var wantsFieldCount: Bool { true }
    static var checksQuoting: Bool { false }
    let column: Int
    var index = 0
    var value = ""
    @inline(__always) mutating func field(_ value: UnsafeBufferPointer<UInt8>) {
        if index == column, !value.isEmpty { self.value = String(decoding: value, as: UTF8.self) }
        index += 1
    }
}

/// What the parser learnt about one record.
struct RecordInfo {
    /// Byte offset where the record starts.
    var offset: Int
    /// Physical line (1-based) where the record starts.
    var line: Int
    /// Number of values in the record.
    var fieldCount: Int
    /// True when every value is empty after trimming (an empty line, or only delimiters and blanks).
    var isBlank: Bool
    /// False when a quote appears inside an unquoted value or text follows a closing quote: a sign of the wrong
    /// delimiter. Only computed for sinks that check quoting.
    var isClean: Bool = true
}

private let quote: UInt8 = 0x22
private let lf: UInt8 = 0x0A
private let cr: UInt8 = 0x0D
private let space: UInt8 = 0x20
private let tab: UInt8 = 0x09
private let quoteWord: UInt64 = 0x2222_2222_2222_2222
private let lfWord: UInt64 = 0x0A0A_0A0A_0A0A_0A0A
private let crWord: UInt64 = 0x0D0D_0D0D_0D0D_0D0D

/// High bit set in the lowest byte of `v` that is zero (bytes above the first zero may be wrong; only the
/// lowest set bit is used).
@inline(__always)
private func zeroBytes(_ v: UInt64) -> UInt64 {
    (v &- 0x0101_0101_0101_0101) & ~v & 0x8080_8080_8080_8080
}

struct RecordParser {
    let base: UnsafePointer<UInt8>
    let end: Int
    let delimiter: UInt8
    /// Offset of the next record.
    var offset: Int
    /// Physical line of `offset`.
    var line: Int
    /// Holds values that need unescaping (doubled quotes, text after a closing quote).
    var scratch: [UInt8] = []
    /// The delimiter in every byte of a word.
    private let delimiterWord: UInt64

    init(_ buffer: UnsafeBufferPointer<UInt8>, delimiter: UInt8, offset: Int, line: Int) {
        // An empty buffer has no base address; point at a harmless static byte (never read since end == 0).
        self.base = buffer.baseAddress ?? UnsafePointer(bitPattern: 0x1)!
        self.end = buffer.count
        self.delimiter = delimiter
        self.offset = min(max(offset, 0), buffer.count)
        self.line = line
        self.delimiterWord = UInt64(delimiter) &* 0x0101_0101_0101_0101
    }

    var atEnd: Bool { offset >= end }

    /// Offset of the first delimiter, CR or LF at or after `from` (or `end`); eight bytes at a time.
    @inline(__always)
    private func findStop(_ p: UnsafePointer<UInt8>, from: Int, end: Int) -> Int {
        var k = from
        while k &+ 8 <= end {
            let w = UInt64(littleEndian: UnsafeRawPointer(p + k).loadUnaligned(as: UInt64.self))
            let m = zeroBytes(w ^ delimiterWord) | zeroBytes(w ^ lfWord) | zeroBytes(w ^ crWord)
            if m != 0 { return k &+ (m.trailingZeroBitCount >> 3) }
            k &+= 8
        }
        while k < end {
            let c = p[k]
            if c == delimiter || c == lf || c == cr { return k }
            k &+= 1
        }
        return end
    }

    /// Offset of the first quote, CR or LF at or after `from` (or `end`); eight bytes at a time.
    @inline(__always)
    private func findQuoteOrLineBreak(_ p: UnsafePointer<UInt8>, from: Int, end: Int) -> Int {
        var k = from
        while k &+ 8 <= end {
            let w = UInt64(littleEndian: UnsafeRawPointer(p + k).loadUnaligned(as: UInt64.self))
            let m = zeroBytes(w ^ quoteWord) | zeroBytes(w ^ lfWord) | zeroBytes(w ^ crWord)
            if m != 0 { return k &+ (m.trailingZeroBitCount >> 3) }
            k &+= 8
        }
        while k < end {
            let c = p[k]
            if c == quote || c == lf || c == cr { return k }
            k &+= 1
        }
        return end
    }

    @inline(__always)
    private func isBlank(_ c: UInt8) -> Bool {
        c == space || (c == tab && delimiter != tab)
    }

    /// Parses the record at `offset`, handing each value to `sink`; nil at the end of the buffer.
    @inline(__always)
    mutating func next<Sink: FieldSink>(into sink: inout Sink) throws(CSVError) -> RecordInfo? {
        let p = base
        let end = self.end
        let delimiter = self.delimiter
        var i = offset
        if i >= end { return nil }
        let startLine = line
        let startOffset = i
        var lines = 0
        var fields = 0
        var blank = true
        var clean = true
        while true {
            var j = i
            while j < end && isBlank(p[j]) { j += 1 }
            if j < end && p[j] == quote {
                // Quoted value: runs to the next lone quote; doubled quotes stand for one quote.
                let openLine = startLine + lines
                let contentStart = j + 1
                var k = contentStart
                var escaped = false
                var closed = false
                while k < end {
                    k = findQuoteOrLineBreak(p, from: k, end: end)
                    if k >= end { break }
                    let c = p[k]
                    if c == quote {
                        if k + 1 < end && p[k + 1] == quote {
                            escaped = true
                            k += 2
                            continue
                        }
                        closed = true
                        break
                    }
                    if c == cr {
                        lines += 1
                    } else if c == lf && p[k - 1] != cr {
                        lines += 1
                    }
                    k += 1
                }
                if !closed { throw CSVError.unterminatedQuote(line: openLine) }
                let contentEnd = k
                var m = k + 1
                while m < end && isBlank(p[m]) { m += 1 }
                if !Sink.wantsValues && !blank {
                    // Only the structure matters: skip to the end of the value.
                    i = (m >= end || p[m] == delimiter || p[m] == lf || p[m] == cr) ? m : findStop(p, from: m, end: end)
                } else if m >= end || p[m] == delimiter || p[m] == lf || p[m] == cr {
                    if escaped {
                        if emitBuilt(contentStart, contentEnd, trailing: m..<m, into: &sink) { blank = false }
                    } else {
                        if emit(contentStart, contentEnd, into: &sink) { blank = false }
                    }
                    i = m
                } else {
                    // Text after the closing quote (`"abc"def`): kept as written, as spreadsheets do.
                    clean = false
                    let g = findStop(p, from: m, end: end)
                    if emitBuilt(contentStart, contentEnd, trailing: (contentEnd + 1)..<g, into: &sink) {
                        blank = false
                    }
                    i = g
                }
            } else {
                // Unquoted value: runs to the delimiter or the line end; quotes inside are literal.
                let k = findStop(p, from: j, end: end)
                if Sink.checksQuoting && clean {
                    var q = j
                    while q < k && p[q] != quote { q += 1 }
                    if q < k { clean = false }
                }
                if Sink.wantsValues || blank {
                    if emit(j, k, into: &sink) { blank = false }
                }
                i = k
            }
            fields += 1
            if !Sink.wantsFieldCount && !blank {
                i = try skipToRecordEnd(from: i, recordStart: startOffset, line: startLine, lines: &lines)
                break
            }
            if i >= end { break }
            let c = p[i]
            i += 1
            if c == delimiter { continue }
            if c == cr && i < end && p[i] == lf { i += 1 }
            lines += 1
            break
        }
        offset = i
        line = startLine + lines
        return RecordInfo(offset: startOffset, line: startLine, fieldCount: fields, isBlank: blank, isClean: clean)
    }

    /// From inside a record, the offset just after its line end (or `end`), counting line breaks in quoted values.
    /// A quote opens a quoted value only where a value starts (after blanks that follow the delimiter or the
    /// record start), exactly as in `next(into:)`; elsewhere it is a literal character.
    @inline(__always)
    private func skipToRecordEnd(from: Int, recordStart: Int, line startLine: Int, lines: inout Int) throws(CSVError)
        -> Int
    {
        let p = base
        var k = from
        while true {
            k = findQuoteOrLineBreak(p, from: k, end: end)
            if k >= end { return end }
            let c = p[k]
            if c == quote {
                var b = k - 1
                while b >= recordStart && isBlank(p[b]) { b -= 1 }
                k += 1
                guard b < recordStart || p[b] == delimiter else { continue }  // a literal quote
                let openLine = startLine + lines
                while true {
                    k = findQuoteOrLineBreak(p, from: k, end: end)
                    if k >= end { throw CSVError.unterminatedQuote(line: openLine) }
                    let q = p[k]
                    if q == quote {
                        if k + 1 < end && p[k + 1] == quote {
                            k += 2
                            continue
                        }
                        k += 1
                        break
                    }
                    if q == cr || p[k - 1] != cr { lines += 1 }
                    k += 1
                }
            } else {
                // CR, LF or CRLF ends the record.
                k += 1
                if c == cr && k < end && p[k] == lf { k += 1 }
                lines += 1
                return k
            }
        }
    }

    /// Hands over the trimmed span; returns whether it is non-empty.
    @inline(__always)
    private func emit<Sink: FieldSink>(_ from: Int, _ to: Int, into sink: inout Sink) -> Bool {
        let (a, b) = trimmedRange(base, from, to)
        sink.field(UnsafeBufferPointer(start: base + a, count: b - a))
        return b > a
    }

    /// Unescapes doubled quotes of `from..<to`, appends the raw `trailing` bytes, trims and hands over.
    private mutating func emitBuilt<Sink: FieldSink>(
        _ from: Int, _ to: Int, trailing: Range<Int>, into sink: inout Sink
    ) -> Bool {
        scratch.removeAll(keepingCapacity: true)
        var k = from
        while k < to {
            let c = base[k]
            scratch.append(c)
            k += (c == quote) ? 2 : 1
        }
        scratch.append(contentsOf: UnsafeBufferPointer(start: base + trailing.lowerBound, count: trailing.count))
        return scratch.withUnsafeBufferPointer { built in
            guard let q = built.baseAddress else {
                sink.field(UnsafeBufferPointer(start: base, count: 0))
                return false
            }
            let (a, b) = trimmedRange(q, 0, built.count)
            sink.field(UnsafeBufferPointer(start: q + a, count: b - a))
            return b > a
        }
    }
}

/// The range of `from..<to` without surrounding white space: ASCII white space, and the Unicode spaces
/// U+0085, U+00A0, U+1680, U+2000–U+200A, U+2028, U+2029, U+202F, U+205F, U+3000, plus U+FEFF (a stray BOM).
@inline(__always)
func trimmedRange(_ p: UnsafePointer<UInt8>, _ from: Int, _ to: Int) -> (Int, Int) {
    var a = from
    var b = to
    while a < b {
        let c = p[a]
        if c == 0x20 || (c >= 0x09 && c <= 0x0D) {
            a += 1
        } else if c >= 0xC2, let n = unicodeSpaceLength(p, at: a, limit: b) {
            a += n
        } else {
            break
        }
    }
    while b > a {
        let c = p[b - 1]
        if c == 0x20 || (c >= 0x09 && c <= 0x0D) {
            b -= 1
        } else if c >= 0x80, let n = unicodeSpaceLength(p, endingAt: b, limit: a) {
            b -= n
        } else {
            break
        }
    }
    return (a, b)
}

/// Length of the Unicode space starting at `i`, if there is one.
@inline(never)
func unicodeSpaceLength(_ p: UnsafePointer<UInt8>, at i: Int, limit: Int) -> Int? {
    let c0 = p[i]
    if c0 == 0xC2 {
        guard i + 1 < limit else { return nil }
        let c1 = p[i + 1]
        return c1 == 0x85 || c1 == 0xA0 ? 2 : nil
    }
    guard i + 2 < limit else { return nil }
    return isUnicodeSpace3(c0, p[i + 1], p[i + 2]) ? 3 : nil
}

/// Length of the Unicode space ending just before `end`, if there is one.
@inline(never)
func unicodeSpaceLength(_ p: UnsafePointer<UInt8>, endingAt end: Int, limit: Int) -> Int? {
    if end - 2 >= limit && p[end - 2] == 0xC2 && (p[end - 1] == 0x85 || p[end - 1] == 0xA0) { return 2 }
    if end - 3 >= limit && isUnicodeSpace3(p[end - 3], p[end - 2], p[end - 1]) { return 3 }
    return nil
}

@inline(__always)
private func isUnicodeSpace3(_ c0: UInt8, _ c1: UInt8, _ c2: UInt8) -> Bool {
    switch (c0, c1) {
    case (0xE1, 0x9A): return c2 == 0x80  // U+1680
    case (0xE2, 0x80): return c2 <= 0x8A || c2 == 0xA8 || c2 == 0xA9 || c2 == 0xAF  // U+2000–200A, 2028, 2029, 202F
    case (0xE2, 0x81): return c2 == 0x9F  // U+205F
    case (0xE3, 0x80): return c2 == 0x80  // U+3000
    case (0xEF, 0xBB): return c2 == 0xBF  // U+FEFF
    default: return false
    }
}

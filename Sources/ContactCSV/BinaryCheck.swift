// Refusing files that are not text (SPEC §2): known binary formats, NUL bytes, and too many control characters.

/// A friendly refusal for well-known binary formats people upload by mistake, judged from the first bytes.
func binarySignatureMessage(_ bytes: [UInt8]) -> String? {
    func starts(_ prefix: [UInt8]) -> Bool {
        bytes.count >= prefix.count && bytes[0..<prefix.count].elementsEqual(prefix)
    }
    if starts([0x50, 0x4B, 0x03, 0x04]) || starts([0x50, 0x4B, 0x05, 0x06]) {
        return "This is a ZIP file, such as an Excel (.xlsx) or OpenDocument workbook, not a CSV file. "
            + "Save it as \"CSV UTF-8\" and upload that file."
    }
    if starts([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return
            "This is an Excel 97–2003 (.xls) workbook, not a CSV file. Save it as \"CSV UTF-8\" and upload that file."
    }
    if starts(Array("%PDF-".utf8)) { return "This is a PDF document, not a CSV file." }
    if starts([0x89, 0x50, 0x4E, 0x47]) || starts([0xFF, 0xD8, 0xFF]) || starts(Array("GIF8".utf8)) {
        return "This is an image, not a CSV file."
    }
    return nil
}

/// Offset of the first NUL byte in `text[from...]`, if any.
func firstNUL(_ text: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
    guard let p = text.baseAddress else { return nil }
    let n = text.count
    var i = from
    while i + 8 <= n {
        let w = UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self)
        if (w &- 0x0101_0101_0101_0101) & ~w & 0x8080_8080_8080_8080 != 0 { break }
        i += 8
    }
    while i < n {
        if p[i] == 0 { return i }
        i += 1
    }
    return nil
}

/// Whether the start of the text holds so many control characters that it must be binary data.
/// Tab, line feed, vertical tab, form feed, carriage return, SUB (0x1A) and ESC are tolerated: real exports hold them.
func looksBinary(_ text: UnsafeBufferPointer<UInt8>, from: Int) -> Bool {
    let window = min(text.count - from, 64 * 1024)
    guard window > 0, let p = text.baseAddress else { return false }
    var controls = 0
    for i in from..<from + window {
        let c = p[i]
        if c < 0x20 && !(c >= 0x09 && c <= 0x0D) && c != 0x1A && c != 0x1B { controls += 1 }
    }
    return controls >= 8 && controls * 100 > window
}

/// The physical line (1-based) of byte `offset`: CR, LF and CRLF each end a line.
func lineNumber(of offset: Int, in text: UnsafeBufferPointer<UInt8>, from: Int) -> Int {
    var line = 1
    var i = from
    while i < offset {
        let c = text[i]
        if c == 0x0D || (c == 0x0A && (i == from || text[i - 1] != 0x0D)) { line += 1 }
        i += 1
    }
    return line
}

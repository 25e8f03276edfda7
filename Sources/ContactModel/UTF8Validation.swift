/// Checking that bytes are well-formed UTF-8 (Unicode Table 3-7: no overlong forms, no surrogates, nothing past
/// U+10FFFF, no cut-off sequence), naming where they stop being so.
public enum UTF8Validation {
    /// The offset (from 0) of the first byte that does not start a well-formed UTF-8 sequence, or `nil` when all of
    /// `bytes` is well-formed UTF-8. Runs of ASCII are skipped a byte at a time without decoding.
    public static func firstInvalidByte(in bytes: UnsafeRawBufferPointer) -> Int? {
        let n = bytes.count
        var i = 0
        while i < n {
            let lead = bytes[i]
            if lead < 0x80 {
                i += 1
                continue
            }
            let length: Int
            var low: UInt8 = 0x80
            var high: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0: (length, low) = (3, 0xA0)
            case 0xE1...0xEC, 0xEE, 0xEF: length = 3
            case 0xED: (length, high) = (3, 0x9F)
            case 0xF0: (length, low) = (4, 0x90)
            case 0xF1...0xF3: length = 4
            case 0xF4: (length, high) = (4, 0x8F)
            default: return i
            }
            guard i + length <= n, bytes[i + 1] >= low, bytes[i + 1] <= high else { return i }
            for k in 2..<length where bytes[i + k] & 0xC0 != 0x80 { return i }
            i += length
        }
        return nil
    }

    /// The offset of the first byte of `bytes` that is not well-formed UTF-8, or `nil`.
    public static func firstInvalidByte(in bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBytes { firstInvalidByte(in: $0) }
    }
}

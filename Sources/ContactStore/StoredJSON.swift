import ContactModel
import Foundation

/// The JSON the SQLite store keeps in text columns: custom values (an object of field id to value) and lists of
/// strings. Written and read by hand on UTF-8 bytes: this runs for every contact an import reads or writes, and
/// Foundation's coders cost several times more.
enum StoredJSON {
    struct Malformed: Error {}

    // MARK: Writing

    /// The custom values as an object with sorted keys; nil when there are none.
    static func encode(_ custom: [String: FieldValue]) throws -> String? {
        guard !custom.isEmpty else { return nil }
        var out: [UInt8] = [UInt8(ascii: "{")]
        out.reserveCapacity(64 * custom.count)
        for (index, key) in custom.keys.sorted().enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            appendString(key, to: &out)
            out.append(UInt8(ascii: ":"))
            appendValue(custom[key]!, to: &out)
        }
        out.append(UInt8(ascii: "}"))
        return String(decoding: out, as: UTF8.self)
    }

    /// A JSON merge patch (RFC 7396, SQLite's `json_patch`): each value set, or removed where it is nil.
    static func mergePatch(_ changes: [(String, FieldValue?)]) -> String {
        var out: [UInt8] = [UInt8(ascii: "{")]
        for (index, (key, value)) in changes.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            appendString(key, to: &out)
            out.append(UInt8(ascii: ":"))
            if let value { appendValue(value, to: &out) } else { out.append(contentsOf: "null".utf8) }
        }
        out.append(UInt8(ascii: "}"))
        return String(decoding: out, as: UTF8.self)
    }

    static func encode(_ strings: [String]) throws -> String {
        var out: [UInt8] = []
        appendStrings(strings, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    private static func appendValue(_ value: FieldValue, to out: inout [UInt8]) {
        switch value {
        case .string(let text): appendString(text, to: &out)
        case .number(let number): out.append(contentsOf: number.description.utf8)
        case .bool(let flag): out.append(contentsOf: (flag ? "true" : "false").utf8)
        case .contactId(let id): out.append(contentsOf: String(id).utf8)
        case .tags(let tags): appendStrings(tags, to: &out)
        }
    }

    private static func appendStrings(_ strings: [String], to out: inout [UInt8]) {
        out.append(UInt8(ascii: "["))
        for (index, string) in strings.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            appendString(string, to: &out)
        }
        out.append(UInt8(ascii: "]"))
    }

    private static let hex = Array("0123456789abcdef".utf8)

    private static func appendString(_ text: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case UInt8(ascii: "\n"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case UInt8(ascii: "\r"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case UInt8(ascii: "\t"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0..<0x20:
                out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")])
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0xF)])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    // MARK: Reading

    static func decodeCustom(_ text: String?) throws -> [String: FieldValue] {
        guard let text, !text.isEmpty else { return [:] }
        var bytes = Array(text.utf8)
        return try bytes.withUnsafeMutableBufferPointer { buffer in
            var reader = Reader(bytes: UnsafeBufferPointer(buffer))
            return try reader.customObject()
        }
    }

    static func decodeStrings(_ text: String) throws -> [String] {
        var bytes = Array(text.utf8)
        return try bytes.withUnsafeMutableBufferPointer { buffer in
            var reader = Reader(bytes: UnsafeBufferPointer(buffer))
            return try reader.strings()
        }
    }

    /// A reader for the JSON this type writes (and the JSON SQLite's json functions write from it).
    private struct Reader {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0

        init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

        mutating func skipSpace() {
            while index < bytes.count,
                bytes[index] == 0x20 || bytes[index] == 0x0A || bytes[index] == 0x0D || bytes[index] == 0x09
            {
                index += 1
            }
        }

        mutating func expect(_ byte: UInt8) throws {
            skipSpace()
            guard index < bytes.count, bytes[index] == byte else { throw Malformed() }
            index += 1
        }

        mutating func peek() -> UInt8? {
            skipSpace()
            return index < bytes.count ? bytes[index] : nil
        }

        mutating func customObject() throws -> [String: FieldValue] {
            try expect(UInt8(ascii: "{"))
            var result: [String: FieldValue] = [:]
            if peek() == UInt8(ascii: "}") { index += 1; return result }
            while true {
                let key = try string()
                try expect(UInt8(ascii: ":"))
                result[key] = try value()
                switch peek() {
                case UInt8(ascii: ","): index += 1
                case UInt8(ascii: "}"): index += 1; return result
                default: throw Malformed()
                }
            }
        }

        mutating func strings() throws -> [String] {
            try expect(UInt8(ascii: "["))
            var result: [String] = []
            if peek() == UInt8(ascii: "]") { index += 1; return result }
            while true {
                result.append(try string())
                switch peek() {
                case UInt8(ascii: ","): index += 1
                case UInt8(ascii: "]"): index += 1; return result
                default: throw Malformed()
                }
            }
        }

        mutating func value() throws -> FieldValue {
            switch peek() {
            case UInt8(ascii: "\""): return .string(try string())
            case UInt8(ascii: "["): return .tags(try strings())
            case UInt8(ascii: "t"): try word("true"); return .bool(true)
            case UInt8(ascii: "f"): try word("false"); return .bool(false)
            case .some:
                let start = index
                while index < bytes.count, "+-.0123456789eE".utf8.contains(bytes[index]) { index += 1 }
                guard index > start, let number = Decimal(string: String(decoding: bytes[start..<index], as: UTF8.self))
                else {
                    throw Malformed()
                }
                return .number(number)
            case nil: throw Malformed()
            }
        }

        mutating func word(_ text: String) throws {
            for byte in text.utf8 {
                guard index < bytes.count, bytes[index] == byte else { throw Malformed() }
                index += 1
            }
        }

        mutating func string() throws -> String {
            try expect(UInt8(ascii: "\""))
            let start = index
            // Fast path: no escapes.
            while index < bytes.count, bytes[index] != UInt8(ascii: "\""), bytes[index] != UInt8(ascii: "\\") {
                index += 1
            }
            guard index < bytes.count else { throw Malformed() }
            if bytes[index] == UInt8(ascii: "\"") {
                defer { index += 1 }
                return String(decoding: bytes[start..<index], as: UTF8.self)
            }
            var out = Array(bytes[start..<index])
            while index < bytes.count {
                let byte = bytes[index]
                index += 1
                if byte == UInt8(ascii: "\"") { return String(decoding: out, as: UTF8.self) }
                guard byte == UInt8(ascii: "\\") else { out.append(byte); continue }
                guard index < bytes.count else { throw Malformed() }
                let escaped = bytes[index]
                index += 1
                switch escaped {
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "u"):
                    var scalar = try hex4()
                    if (0xD800..<0xDC00).contains(scalar) {
                        try word("\\u")
                        let low = try hex4()
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let unicode = Unicode.Scalar(scalar) else { throw Malformed() }
                    out.append(contentsOf: Array(String(Character(unicode)).utf8))
                default: out.append(escaped)
                }
            }
            throw Malformed()
        }

        mutating func hex4() throws -> UInt32 {
            guard index + 4 <= bytes.count,
                let value = UInt32(String(decoding: bytes[index..<index + 4], as: UTF8.self), radix: 16)
            else { throw Malformed() }
            index += 4
            return value
        }
    }
}

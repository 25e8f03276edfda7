import Foundation
import ImportRules

/// A contact's stored values just before an import updated it: what an undo writes back (SPEC §12). Custom values and
/// tags are kept as the engine stores them (JSON text), so restoring them is one write of the same text.
public struct ContactBeforeValues: Sendable, Equatable {
    public var firstName: String
    public var lastName: String?
    public var phone: String?
    public var email: String?
    public var language: String?
    public var country: String?
    /// The stored JSON of the custom values (nil: none).
    public var custom: String?
    /// The stored JSON array of the tags.
    public var tags: String

    public init(
        firstName: String, lastName: String?, phone: String?, email: String?, language: String?, country: String?,
        custom: String?, tags: String
    ) {
        self.firstName = firstName
        self.lastName = lastName
        self.phone = phone
        self.email = email
        self.language = language
        self.country = country
        self.custom = custom
        self.tags = tags
    }
}

/// What the job recorded about one contact it wrote, in the same transaction as the write.
public struct UndoRecord: Sendable, Equatable {
    /// The data row (1 = the first row under the header).
    public var row: Int
    public var contactId: Int64
    /// The contact's version just after the import wrote it.
    public var versionAfter: Int64
    /// The values before the update; nil when the import added the contact.
    public var before: ContactBeforeValues?

    public init(row: Int, contactId: Int64, versionAfter: Int64, before: ContactBeforeValues?) {
        self.row = row
        self.contactId = contactId
        self.versionAfter = versionAfter
        self.before = before
    }

    public var added: Bool { before == nil }
}

/// A job chunk's undo records as bytes, one blob per chunk (as the results file's rows are): per record the row, the
/// contact id and its version after the import as LEB128 numbers, then a kind byte (0 added, 1 updated) and, for an
/// update, the eight stored values, each as its length + 1 (0: NULL) and its UTF-8 bytes. Compact, and written
/// without an allocation per value on the writer.
public enum UndoRecordCoding {
    public static func append(_ record: UndoRecord, to bytes: inout [UInt8]) {
        appendNumber(UInt64(record.row), to: &bytes)
        appendNumber(UInt64(bitPattern: record.contactId), to: &bytes)
        appendNumber(UInt64(bitPattern: record.versionAfter), to: &bytes)
        guard let before = record.before else {
            bytes.append(0)
            return
        }
        bytes.append(1)
        for value in [
            before.firstName, before.lastName, before.phone, before.email, before.language, before.country,
            before.custom, before.tags,
        ] {
            appendText(value, to: &bytes)
        }
    }

    /// Appends an updated contact's record with its values given as the store reads them (`value(i)` for i in 0..<8:
    /// first name, last name, phone, email, language, country, custom, tags), without building the struct.
    static func appendUpdated(
        row: Int, contactId: Int64, versionAfter: Int64, to bytes: inout [UInt8],
        values: (Int, inout [UInt8]) -> Void
    ) {
        appendNumber(UInt64(row), to: &bytes)
        appendNumber(UInt64(bitPattern: contactId), to: &bytes)
        appendNumber(UInt64(bitPattern: versionAfter), to: &bytes)
        bytes.append(1)
        for index in 0..<8 { values(index, &bytes) }
    }

    public static func appendText(_ text: String?, to bytes: inout [UInt8]) {
        guard var text else {
            bytes.append(0)
            return
        }
        text.withUTF8 { utf8 in appendText(UnsafeRawBufferPointer(utf8), to: &bytes) }
    }

    static func appendText(_ utf8: UnsafeRawBufferPointer, to bytes: inout [UInt8]) {
        appendNumber(UInt64(utf8.count) + 1, to: &bytes)
        bytes.append(contentsOf: utf8)
    }

    static func appendNumber(_ number: UInt64, to bytes: inout [UInt8]) {
        var rest = number
        while rest >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    /// The records of one blob; a blob this code did not write is refused.
    public static func decode(_ bytes: [UInt8]) throws -> [UndoRecord] {
        var reader = Reader(bytes: bytes)
        var records: [UndoRecord] = []
        while !reader.atEnd {
            let row = Int(try reader.number())
            let contactId = Int64(bitPattern: try reader.number())
            let versionAfter = Int64(bitPattern: try reader.number())
            var before: ContactBeforeValues?
            switch try reader.byte() {
            case 0:
                before = nil
            case 1:
                var values: [String?] = []
                for _ in 0..<8 { values.append(try reader.text()) }
                guard let firstName = values[0], let tags = values[7] else { throw corrupt }
                before = ContactBeforeValues(
                    firstName: firstName, lastName: values[1], phone: values[2], email: values[3],
                    language: values[4], country: values[5], custom: values[6], tags: tags)
            default:
                throw corrupt
            }
            records.append(UndoRecord(row: row, contactId: contactId, versionAfter: versionAfter, before: before))
        }
        return records
    }

    static let corrupt = StoreError(.invalidInput, "The before-values of an import are not in the expected form.")

    private struct Reader {
        let bytes: [UInt8]
        var position = 0

        var atEnd: Bool { position >= bytes.count }

        mutating func byte() throws -> UInt8 {
            guard position < bytes.count else { throw UndoRecordCoding.corrupt }
            defer { position += 1 }
            return bytes[position]
        }

        mutating func number() throws -> UInt64 {
            var result: UInt64 = 0
            var shift: UInt64 = 0
            while true {
                let next = try byte()
                guard shift < 64 else { throw UndoRecordCoding.corrupt }
                result |= UInt64(next & 0x7F) << shift
                if next < 0x80 { return result }
                shift += 7
            }
        }

        mutating func text() throws -> String? {
            let length = try number()
            guard length > 0 else { return nil }
            let count = Int(length - 1)
            guard count <= bytes.count - position else { throw UndoRecordCoding.corrupt }
            defer { position += count }
            return String(decoding: bytes[position..<(position + count)], as: UTF8.self)
        }
    }
}

/// The undo file (SPEC §12): Row, Contact ID, Action, in the CSV every file of the product is written in (UTF-8,
/// CRLF). Numbers and the fixed action labels need no quoting.
public enum UndoFile {
    public static let header = Array("Row,Contact ID,Action\r\n".utf8)

    static func append(row: Int, contactId: Int64, action: UndoAction, to bytes: inout [UInt8]) {
        bytes.append(contentsOf: "\(row),\(contactId),\(action.label)\r\n".utf8)
    }
}

/// An undo's batch: what it did, for the checkpoint and the counts.
public struct UndoBatchResult: Sendable, Equatable {
    /// The new checkpoint: the first row of the last chunk of before-values undone.
    public var afterRow: Int
    public var summary: UndoSummary

    public init(afterRow: Int, summary: UndoSummary) {
        self.afterRow = afterRow
        self.summary = summary
    }
}

/// A chunk's undo records as the store writes them, in the chunk's transaction.
struct UndoRecordBuffer {
    var bytes: [UInt8] = []
    var count = 0
    /// The contacts written, in order, and whether each was added: what their activity records (`contactImport`).
    var contactIds: [Int64] = []
    var added: [Bool] = []

    mutating func added(row: Int, contactId: Int64, version: Int64 = 1) {
        UndoRecordCoding.append(
            UndoRecord(row: row, contactId: contactId, versionAfter: version, before: nil), to: &bytes)
        count += 1
        contactIds.append(contactId)
        added.append(true)
    }

    /// An updated contact: `values(i, &bytes)` appends its value i (0..<8) before the update.
    mutating func updated(row: Int, contactId: Int64, versionAfter: Int64, values: (Int, inout [UInt8]) -> Void) {
        UndoRecordCoding.appendUpdated(
            row: row, contactId: contactId, versionAfter: versionAfter, to: &bytes, values: values)
        count += 1
        contactIds.append(contactId)
        added.append(false)
    }
}

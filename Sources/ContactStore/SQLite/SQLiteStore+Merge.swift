import ContactModel
import Foundation
import GRDB

/// Merge Suggestions and merging (SPEC §14). Groups come from the phone and email indexes, a bounded slice per page;
/// emails are indexed by the hash of their match key (`EmailHash`), so a page walks hashes and tells colliding emails
/// apart by their key.
extension SQLiteStore {
    public func duplicateGroups(workspaceId: Int64, by key: DuplicateKey, cursor: String?, limit: Int) async throws
        -> DuplicatePage
    {
        let after = try DuplicateCursor.decode(cursor)
        let limit = max(1, min(limit, 100))
        return try await pool.read { db in
            switch key {
            case .phone:
                let (scan, end) = try Self.scan(
                    db, column: "phone", index: "contact_phone", workspaceId: workspaceId, after: after,
                    limit: limit, as: String.self)
                var groups: [DuplicateGroup] = []
                for (phone, _) in scan.shared {
                    let ids = try Int64.fetchAll(
                        db, sql: "SELECT id FROM contact WHERE workspaceId = ? AND phone = ? ORDER BY id",
                        arguments: [workspaceId, phone])
                    guard ids.count > 1 else { continue }
                    groups.append(
                        DuplicateGroup(
                            key: phone, size: ids.count,
                            contacts: try Self.fetchContacts(
                                db, workspaceId: workspaceId, ids: Array(ids.prefix(DuplicatePage.contactsPerGroup)))))
                }
                return DuplicatePage(
                    groups: groups, nextCursor: end ? nil : scan.lastComplete.map(DuplicateCursor.encode))
            case .email:
                guard after.map({ Int64($0) != nil }) ?? true else {
                    throw StoreError(.invalidInput, "The cursor is not one this server returned.")
                }
                let (scan, end) = try Self.scan(
                    db, column: "emailHash", index: "contact_email", workspaceId: workspaceId,
                    after: after.flatMap { Int64($0) }, limit: limit, as: Int64.self)
                var groups: [DuplicateGroup] = []
                for (hash, _) in scan.shared {
                    let rows = try Row.fetchAll(
                        db, sql: "SELECT id, email FROM contact WHERE workspaceId = ? AND emailHash = ? ORDER BY id",
                        arguments: [workspaceId, hash])
                    var byKey: [String: [Int64]] = [:]
                    for row in rows {
                        guard let email: String = row["email"] else { continue }
                        byKey[ValueRule.emailMatchKey(email), default: []].append(row["id"])
                    }
                    for (matchKey, ids) in byKey.sorted(by: { $0.key < $1.key }) where ids.count > 1 {
                        groups.append(
                            DuplicateGroup(
                                key: matchKey, size: ids.count,
                                contacts: try Self.fetchContacts(
                                    db, workspaceId: workspaceId,
                                    ids: Array(ids.prefix(DuplicatePage.contactsPerGroup)))))
                    }
                }
                return DuplicatePage(
                    groups: groups, nextCursor: end ? nil : scan.lastComplete.map { DuplicateCursor.encode(String($0)) }
                )
            }
        }
    }

    /// Reads at most `DuplicatePage.scanLimit` keys of `column` after `after` from `index`, in key order, until
    /// `limit` shared keys are complete. `end` when the index has no more keys past the scan.
    private static func scan<Key: DatabaseValueConvertible & StatementColumnConvertible & Comparable>(
        _ db: Database, column: String, index: String, workspaceId: Int64, after: Key?, limit: Int, as: Key.Type
    ) throws -> (scan: DuplicateScan<Key>, end: Bool) {
        var arguments: StatementArguments = [workspaceId]
        var condition = "\(column) IS NOT NULL"
        if let after {
            condition = "\(column) > ?"
            _ = arguments.append(contentsOf: [after])
        }
        _ = arguments.append(contentsOf: [DuplicatePage.scanLimit])
        let keys = try Key.fetchCursor(
            db,
            sql: """
                SELECT \(column) FROM contact INDEXED BY \(index) WHERE workspaceId = ? AND \(condition)
                ORDER BY \(column) LIMIT ?
                """,
            arguments: arguments)
        return try DuplicateScan.run(limit: limit) { try keys.next() }
    }

    public func mergeContacts(
        workspaceId: Int64, keep: Int64, others: [Int64], by userId: Int64?,
        merge: @Sendable (Contact, [Contact]) -> ContactDraft
    ) async throws -> Contact? {
        try await pool.write { db in
            let contacts = try Self.fetchContacts(db, workspaceId: workspaceId, ids: [keep] + others)
            guard contacts.count == others.count + 1, let kept = contacts.first, kept.id == keep else { return nil }
            let merged = Array(contacts.dropFirst())
            let draft = merge(kept, merged)
            let now = Date()
            for other in merged {
                // The contact_tags_delete trigger drops its tag index keys; its activity goes with it.
                try db.execute(
                    sql: "DELETE FROM contact WHERE id = ? AND workspaceId = ?", arguments: [other.id, workspaceId])
            }
            try Self.rewriteContact(db, workspaceId: workspaceId, from: kept, to: draft, now: now)
            try Self.recordEvent(
                db, contactId: keep, kind: .merged, userId: userId,
                mergedFrom: merged.map { MergedContact(id: $0.id, name: $0.fullName) }, now: now)
            return draft.contact(id: keep, createdAt: kept.createdAt, updatedAt: now)
        }
    }
}

extension Contact {
    /// First and last name, as people read them.
    var fullName: String { [firstName, lastName].compactMap { $0 }.joined(separator: " ") }
}

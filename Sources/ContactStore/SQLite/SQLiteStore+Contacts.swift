import ContactModel
import Foundation
import GRDB

extension SQLiteStore {
    public func createContact(workspaceId: Int64, contact: ContactDraft, by userId: Int64?) async throws -> Contact {
        try await pool.write { db in
            let now = Date()
            let id = try Self.insertContact(db, workspaceId: workspaceId, contact, now: now)
            try Self.recordEvent(db, contactId: id, kind: .created, userId: userId, now: now)
            return contact.contact(id: id, createdAt: now)
        }
    }

    public func contact(workspaceId: Int64, id: Int64) async throws -> Contact? {
        try await pool.read { db in try Self.fetchContacts(db, workspaceId: workspaceId, ids: [id]).first }
    }

    public func updateContact(
        workspaceId: Int64, id: Int64, by userId: Int64?, change: @Sendable (inout ContactDraft) throws -> Void
    ) async throws -> Contact? {
        try await pool.write { db in
            guard let current = try Self.fetchContacts(db, workspaceId: workspaceId, ids: [id]).first else {
                return nil
            }
            var draft = ContactDraft(current)
            try change(&draft)
            let now = Date()
            try Self.rewriteContact(db, workspaceId: workspaceId, from: current, to: draft, now: now)
            if draft != ContactDraft(current) {
                try Self.recordEvent(db, contactId: id, kind: .edited, userId: userId, now: now)
            }
            return draft.contact(id: id, createdAt: current.createdAt, updatedAt: now)
        }
    }

    /// Writes every value of a contact, moves its version on and its tag index keys from `current`'s tags.
    static func rewriteContact(
        _ db: Database, workspaceId: Int64, from current: Contact, to draft: ContactDraft, now: Date
    )
        throws
    {
        try db.execute(
            sql: """
                UPDATE contact SET firstName = ?, lastName = ?, phone = ?, email = ?, emailHash = ?, language = ?,
                    country = ?, custom = ?, tags = ?, updatedAt = ?, version = version + 1
                WHERE id = ? AND workspaceId = ?
                """,
            arguments: [
                draft.firstName, draft.lastName, draft.phone, draft.email, draft.email.map(EmailHash.of(email:)),
                draft.language, draft.country, try StoredJSON.encode(draft.custom),
                try StoredJSON.encode(draft.tags),
                now.storedMillis, current.id, workspaceId,
            ])
        var index = TagIndexChange()
        index.contact(current.id, from: current.tags, to: draft.tags)
        try TagIndex.apply(BatchStatements(db), workspaceId: workspaceId, index)
    }

    public func deleteContact(workspaceId: Int64, id: Int64) async throws -> Bool {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM contact WHERE id = ? AND workspaceId = ?", arguments: [id, workspaceId])
            return db.changesCount > 0
        }
    }

    public func listContacts(workspaceId: Int64, query: ContactQuery) async throws -> ContactPage {
        var conditions = ["workspaceId = ?"]
        var arguments: StatementArguments = [workspaceId]
        if let cursor = query.cursor {
            guard let after = ContactCursor.decode(cursor) else {
                throw StoreError(.invalidInput, "The cursor is not one this server returned.")
            }
            conditions.append("id < ?")
            _ = arguments.append(contentsOf: [after])
        }
        if let tag = query.tag {
            conditions.append("id IN (SELECT contactId FROM contactTag WHERE workspaceId = ? AND tag = ?)")
            _ = arguments.append(contentsOf: [workspaceId, tag])
        }
        let limit = max(1, min(query.limit, 500))
        var from = "contact"
        if let search = query.search?.trimmingCharacters(in: .whitespaces), !search.isEmpty {
            if let range = ContactSearch.phonePrefixRange(search) {
                // From the phone index: a scan newest first would read every contact for a rare prefix.
                from += " INDEXED BY contact_phone"
                conditions.append("phone >= ? AND phone < ?")
                _ = arguments.append(contentsOf: [range.lowerBound, range.upperBound])
            } else {
                let pattern = "%" + Self.escapeLike(search) + "%"
                conditions.append(
                    """
                    ((firstName || ' ' || COALESCE(lastName, '')) LIKE ? ESCAPE '\\'
                     OR phone LIKE ? ESCAPE '\\' OR email LIKE ? ESCAPE '\\')
                    """)
                _ = arguments.append(contentsOf: [pattern, pattern, pattern])
            }
        }
        let sql =
            "SELECT id FROM \(from) WHERE \(conditions.joined(separator: " AND ")) ORDER BY id DESC LIMIT \(limit + 1)"
        let queryArguments = arguments
        return try await pool.read { db in
            var ids = try Int64.fetchAll(db, sql: sql, arguments: queryArguments)
            let hasMore = ids.count > limit
            if hasMore { ids.removeLast() }
            let contacts = try Self.fetchContacts(db, workspaceId: workspaceId, ids: ids)
            return ContactPage(
                contacts: contacts, nextCursor: hasMore ? ids.last.map(ContactCursor.encode) : nil)
        }
    }

    // MARK: Helpers

    static func escapeLike(_ text: String) -> String {
        var escaped = ""
        for character in text {
            if character == "%" || character == "_" || character == "\\" { escaped.append("\\") }
            escaped.append(character)
        }
        return escaped
    }

    /// Contacts of `ids` in that order (missing ones left out), with their tags.
    static func fetchContacts(_ db: Database, workspaceId: Int64, ids: [Int64]) throws -> [Contact] {
        guard !ids.isEmpty else { return [] }
        let placeholders = databaseQuestionMarks(count: ids.count)
        var byId: [Int64: Contact] = [:]
        byId.reserveCapacity(ids.count)
        let rows = try Row.fetchCursor(
            db, sql: "SELECT * FROM contact WHERE workspaceId = ? AND id IN (\(placeholders))",
            arguments: [workspaceId] + StatementArguments(ids))
        while let row = try rows.next() {
            let id: Int64 = row["id"]
            byId[id] = Contact(
                id: id, firstName: row["firstName"], lastName: row["lastName"], phone: row["phone"],
                email: row["email"], language: row["language"], country: row["country"],
                tags: try StoredJSON.decodeStrings(row["tags"]), custom: try StoredJSON.decodeCustom(row["custom"]),
                createdAt: Date(storedMillis: row["createdAt"]), updatedAt: Date(storedMillis: row["updatedAt"]))
        }
        return ids.compactMap { byId[$0] }
    }

    /// Inserts one contact with its tags, and indexes the tags (the API), through the same statements as an import
    /// batch's new contacts (`insertContacts`).
    static func insertContact(_ db: Database, workspaceId: Int64, _ draft: ContactDraft, now: Date) throws -> Int64 {
        try insertContacts(BatchStatements(db), workspaceId: workspaceId, [draft], now: now)[0]
    }
}

/// Keyset cursor for the contacts list: newest first, by id, so contacts added while a client pages
/// through never shift a page (they have higher ids and are simply not part of this listing).
enum ContactCursor {
    static func encode(_ id: Int64) -> String { "c\(id)" }

    static func decode(_ cursor: String) -> Int64? {
        guard cursor.hasPrefix("c"), let id = Int64(cursor.dropFirst()), id > 0 else { return nil }
        return id
    }
}

extension SQLiteStore {
    /// Adds many contacts in one transaction (seeding a workspace, benchmarks). Returns how many were added.
    @discardableResult
    public func insertContacts(workspaceId: Int64, _ drafts: [ContactDraft]) async throws -> Int {
        try await pool.write { db in
            try Self.insertContacts(BatchStatements(db), workspaceId: workspaceId, drafts, now: Date())
            return drafts.count
        }
    }
}

extension SQLiteStore {
    /// How many contacts a workspace holds.
    public func contactCount(workspaceId: Int64) async throws -> Int {
        try await pool.read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM contact WHERE workspaceId = ?", arguments: [workspaceId])
                ?? 0
        }
    }

    /// A consistent copy of the whole database in a new file (`VACUUM INTO`), taken while others keep working.
    public func snapshot(to path: String) async throws {
        try await pool.writeWithoutTransaction { db in try db.execute(sql: "VACUUM INTO ?", arguments: [path]) }
    }
}

import ContactModel
import Foundation
import NIOCore
import PostgresNIO

extension PostgresStore {
    /// The columns every contact read selects, in the order `contact(from:)` decodes them.
    static let contactColumns =
        "id, first_name, last_name, phone, email, language, country, custom::text, tags::text, created_at, updated_at"

    /// The columns a contact is written with (COPY and INSERT), in the order `addContacts` writes them.
    static let contactWriteColumns = [
        "workspace_id", "first_name", "last_name", "phone", "email", "email_key", "language", "country", "custom",
        "tags",
        "created_at", "updated_at",
    ]

    static func contact(from row: PostgresRow) throws -> Contact {
        let (id, firstName, lastName, phone, email, language, country, custom, tags, createdAt, updatedAt) =
            try row.decode(
                (Int64, String, String?, String?, String?, String?, String?, String?, String, Int64, Int64).self)
        return Contact(
            id: id, firstName: firstName, lastName: lastName, phone: phone, email: email, language: language,
            country: country, tags: try StoredJSON.decodeStrings(tags), custom: try StoredJSON.decodeCustom(custom),
            createdAt: Date(storedMillis: createdAt), updatedAt: Date(storedMillis: updatedAt))
    }

    public func createContact(workspaceId: Int64, contact: ContactDraft, by userId: Int64?) async throws -> Contact {
        let now = Date()
        return try await transaction { connection in
            let rows = try await connection.rows(
                """
                INSERT INTO contact (workspace_id, first_name, last_name, phone, email, email_key, language, country,
                                     custom, tags, created_at, updated_at)
                VALUES (\(workspaceId), \(contact.firstName), \(contact.lastName), \(contact.phone), \(contact.email),
                        \(contact.email.map(ValueRule.emailMatchKey)), \(contact.language), \(contact.country),
                        \(try StoredJSON.encode(contact.custom))::jsonb, \(try StoredJSON.encode(contact.tags))::jsonb,
                        \(now.storedMillis), \(now.storedMillis))
                RETURNING id
                """, logger: logger)
            let id = try rows[0].decode(Int64.self)
            var index = TagIndexChange()
            index.contact(id, from: [], to: contact.tags)
            try await Self.applyTagIndex(index, connection, workspaceId: workspaceId, logger: logger)
            try await recordEvent(connection, contactId: id, kind: .created, userId: userId, now: now)
            return contact.contact(id: id, createdAt: now)
        }
    }

    public func contact(workspaceId: Int64, id: Int64) async throws -> Contact? {
        try await fetchContacts(client: nil, workspaceId: workspaceId, ids: [id]).first
    }

    public func updateContact(
        workspaceId: Int64, id: Int64, by userId: Int64?, change: @Sendable (inout ContactDraft) throws -> Void
    ) async throws -> Contact? {
        try await transaction { connection in
            guard
                let row = try await connection.rows(
                    "SELECT \(unescaped: Self.contactColumns) FROM contact WHERE id = \(id) AND workspace_id = \(workspaceId) FOR UPDATE",
                    logger: logger
                ).first
            else { return nil }
            let current = try Self.contact(from: row)
            var draft = ContactDraft(current)
            try change(&draft)
            let now = Date()
            try await rewriteContact(connection, workspaceId: workspaceId, from: current, to: draft, now: now)
            if draft != ContactDraft(current) {
                try await recordEvent(connection, contactId: id, kind: .edited, userId: userId, now: now)
            }
            return draft.contact(id: id, createdAt: current.createdAt, updatedAt: now)
        }
    }

    /// Writes every value of a contact, moves its version on and its tag index keys from `current`'s tags.
    func rewriteContact(
        _ connection: PooledConnection, workspaceId: Int64, from current: Contact, to draft: ContactDraft, now: Date
    ) async throws {
        try await connection.query(
            """
            UPDATE contact SET first_name = \(draft.firstName), last_name = \(draft.lastName), phone = \(draft.phone),
                email = \(draft.email), email_key = \(draft.email.map(ValueRule.emailMatchKey)),
                language = \(draft.language), country = \(draft.country),
                custom = \(try StoredJSON.encode(draft.custom))::jsonb, tags = \(try StoredJSON.encode(draft.tags))::jsonb,
                updated_at = \(now.storedMillis), version = version + 1
            WHERE id = \(current.id) AND workspace_id = \(workspaceId)
            """, logger: logger)
        var index = TagIndexChange()
        index.contact(current.id, from: current.tags, to: draft.tags)
        try await Self.applyTagIndex(index, connection, workspaceId: workspaceId, logger: logger)
    }

    public func deleteContact(workspaceId: Int64, id: Int64) async throws -> Bool {
        try await transaction { connection in
            guard
                let row = try await connection.rows(
                    "DELETE FROM contact WHERE id = \(id) AND workspace_id = \(workspaceId) RETURNING tags::text",
                    logger: logger
                ).first
            else { return false }
            var index = TagIndexChange()
            index.contact(id, from: try StoredJSON.decodeStrings(try row.decode(String.self)), to: [])
            try await Self.applyTagIndex(index, connection, workspaceId: workspaceId, logger: logger)
            try await Self.deleteImportActivity(connection, contactIds: [id], logger: logger)
            return true
        }
    }

    public func listContacts(workspaceId: Int64, query: ContactQuery) async throws -> ContactPage {
        var binds = PostgresBindings()
        func placeholder<Value: PostgresDynamicTypeEncodable>(_ value: Value) -> String {
            binds.append(value)
            return "$\(binds.count)"
        }
        var conditions = ["workspace_id = \(placeholder(workspaceId))"]
        if let cursor = query.cursor {
            guard let after = ContactCursor.decode(cursor) else {
                throw StoreError(.invalidInput, "The cursor is not one this server returned.")
            }
            conditions.append("id < \(placeholder(after))")
        }
        if let search = query.search?.trimmingCharacters(in: .whitespaces), !search.isEmpty {
            if let range = ContactSearch.phonePrefixRange(search) {
                // Byte order, as SQLite's: the range holds exactly the phones that start with the search.
                conditions.append(
                    "phone COLLATE \"C\" >= \(placeholder(range.lowerBound)) AND phone COLLATE \"C\" < \(placeholder(range.upperBound))"
                )
            } else {
                // ASCII case only, as SQLite's `LIKE`: a regular expression with `[aA]` for each letter (`ILIKE`
                // would fold the other letters too; lowering both sides with translate() took 4 times as long).
                let expression = placeholder(ContactSearch.asciiCaseRegex(search))
                conditions.append(
                    """
                    ((first_name || ' ' || COALESCE(last_name, '')) ~ \(expression)
                     OR phone ~ \(expression) OR email ~ \(expression))
                    """)
            }
        }
        if let tag = query.tag {
            conditions.append(
                "id IN (SELECT contact_id FROM contact_tag WHERE workspace_id = \(placeholder(workspaceId)) AND tag = \(placeholder(tag)))"
            )
        }
        let limit = max(1, min(query.limit, 500))
        let sql = """
            SELECT \(Self.contactColumns) FROM contact WHERE \(conditions.joined(separator: " AND "))
            ORDER BY id DESC LIMIT \(limit + 1)
            """
        var contacts = try await rows(PostgresQuery(unsafeSQL: sql, binds: binds)).map(Self.contact(from:))
        let hasMore = contacts.count > limit
        if hasMore { contacts.removeLast() }
        return ContactPage(
            contacts: contacts, nextCursor: hasMore ? contacts.last.map { ContactCursor.encode($0.id) } : nil)
    }

    // MARK: Helpers

    /// Contacts of `ids` in that order (missing ones left out), on `connection` or any pooled one.
    func fetchContacts(client connection: PooledConnection?, workspaceId: Int64, ids: [Int64]) async throws
        -> [Contact]
    {
        guard !ids.isEmpty else { return [] }
        let query: PostgresQuery =
            "SELECT \(unescaped: Self.contactColumns) FROM contact WHERE workspace_id = \(workspaceId) AND id = ANY(\(ids))"
        let rows = try await rows(query, on: connection)
        var byId: [Int64: Contact] = [:]
        byId.reserveCapacity(rows.count)
        for row in rows {
            let contact = try Self.contact(from: row)
            byId[contact.id] = contact
        }
        return ids.compactMap { byId[$0] }
    }

    /// Adds contacts set-based, in a transaction: their ids reserved in one statement, then one COPY of the contacts
    /// and one of their tag index entries. Returns their ids, ascending in the order of `drafts`.
    @discardableResult
    static func addContacts(
        _ connection: PooledConnection, workspaceId: Int64, _ drafts: [ContactDraft], now: Date, logger: Logger
    ) async throws -> [Int64] {
        var values: [String?] = []
        values.reserveCapacity(drafts.count * PreparedContactWrites.NewContactValues.count)
        for draft in drafts { values.append(contentsOf: try PreparedContactWrites.NewContactValues.of(draft)) }
        return try await addContacts(
            connection, workspaceId: workspaceId, values: values, tags: drafts.map(\.tags), now: now, logger: logger)
    }

    /// Adds contacts from their stored values, `NewContactValues.count` per contact as `PreparedContactWrites`
    /// encodes them ahead of the writer, and each one's `tags` (the same as in its values).
    ///
    /// COPY straight into `contact` and `contact_tag`, with ids taken from the contact's identity sequence first:
    /// PostgreSQL's bulk insert path (several rows a page at once) instead of a COPY into a temporary table and an
    /// `INSERT … SELECT … RETURNING` from it.
    static func addContacts(
        _ connection: PooledConnection, workspaceId: Int64, values: [String?], tags: [[String]], now: Date,
        logger: Logger
    ) async throws -> [Int64] {
        let width = PreparedContactWrites.NewContactValues.count
        let count = values.count / width
        guard count > 0 else { return [] }
        precondition(tags.count == count, "one list of tags per new contact")
        // Ascending: another server's contacts may take ids in between, but these follow the order given.
        let ids = try await connection.rows(
            "SELECT nextval(pg_get_serial_sequence('contact', 'id')) FROM generate_series(1, \(count))", logger: logger
        ).map { try $0.decode(Int64.self) }.sorted()
        var rows = CopyRows()
        var tagRows = CopyRows()
        for position in 0..<count {
            rows.append(ids[position])
            rows.append(workspaceId)
            for value in values[position * width..<(position + 1) * width] { rows.append(value) }
            rows.append(now.storedMillis)
            rows.append(now.storedMillis)
            rows.endRow()
            // Each tag once per contact, as bytes compare (the index's collation is "C").
            var seen = Set<[UInt8]>()
            for tag in tags[position] where seen.insert(Array(tag.utf8)).inserted {
                tagRows.append(workspaceId)
                tagRows.append(tag)
                tagRows.append(ids[position])
                tagRows.endRow()
            }
        }
        try await connection.copy(rows.take(), into: "contact", columns: ["id"] + contactWriteColumns, logger: logger)
        let tagIndex = tagRows.take()
        if tagIndex.readableBytes > 0 {
            try await connection.copy(
                tagIndex, into: "contact_tag", columns: ["workspace_id", "tag", "contact_id"], logger: logger)
        }
        return ids
    }

    /// Deletes what imports did to contacts being deleted, with them (`contact_import` has no foreign key to
    /// `contact`: its per-row check cost the job; a contact's id is never given again, so a row left behind would
    /// only take space).
    static func deleteImportActivity(_ connection: PooledConnection, contactIds: [Int64], logger: Logger)
        async throws
    {
        try await connection.query("DELETE FROM contact_import WHERE contact_id = ANY(\(contactIds))", logger: logger)
    }

    /// `VACUUM ANALYZE` of the whole database, as autovacuum leaves it in time: after a bulk seed (the benchmark), so
    /// an import is not the first to read a million fresh rows (setting their hint bits) nor planned without statistics.
    public func vacuumAnalyze() async throws {
        try await withConnection(waitingAtMost: Self.connectionWait) { connection in
            _ = try await connection.rows("VACUUM ANALYZE", logger: logger)
        }
    }

    /// Adds many contacts in one transaction (seeding a workspace, benchmarks). Returns how many were added.
    @discardableResult
    public func insertContacts(workspaceId: Int64, _ drafts: [ContactDraft]) async throws -> Int {
        try await transaction { connection in
            try await Self.addContacts(connection, workspaceId: workspaceId, drafts, now: Date(), logger: logger)
            return drafts.count
        }
    }

    /// How many contacts a workspace holds.
    public func contactCount(workspaceId: Int64) async throws -> Int {
        try await rows("SELECT count(*) FROM contact WHERE workspace_id = \(workspaceId)")[0].decode(Int.self)
    }
}

/// Rows for `COPY … FROM STDIN` in text format: tab-separated, `\N` for NULL, backslash escapes.
struct CopyRows {
    var buffer = ByteBuffer()
    private var columnsInRow = 0

    mutating func take() -> ByteBuffer {
        defer { buffer = ByteBuffer() }
        return buffer
    }

    mutating func append(_ text: String?) {
        if columnsInRow > 0 { buffer.writeInteger(UInt8(ascii: "\t")) }
        columnsInRow += 1
        guard let text else {
            buffer.writeStaticString("\\N")
            return
        }
        var plain = true
        for byte in text.utf8 where byte == 0x5C || byte == 0x09 || byte == 0x0A || byte == 0x0D {
            plain = false
            break
        }
        if plain {
            buffer.writeString(text)
            return
        }
        for byte in text.utf8 {
            switch byte {
            case 0x5C: buffer.writeStaticString("\\\\")
            case 0x09: buffer.writeStaticString("\\t")
            case 0x0A: buffer.writeStaticString("\\n")
            case 0x0D: buffer.writeStaticString("\\r")
            default: buffer.writeInteger(byte)
            }
        }
    }

    mutating func append(_ number: Int64) { append(String(number)) }

    mutating func append(_ flag: Bool) { append(flag ? "t" : "f") }

    mutating func endRow() {
        buffer.writeInteger(UInt8(ascii: "\n"))
        columnsInRow = 0
    }
}

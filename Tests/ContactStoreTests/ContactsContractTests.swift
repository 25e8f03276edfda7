import ContactModel
import ContactStore
import Foundation
import StoreTestSupport
import Testing

@Suite struct ContactsContractTests {
    func workspace(_ store: any DataStore, _ name: String = "A") async throws -> Int64 {
        try await store.createWorkspace(name: name, ownerEmail: "\(name.lowercased())@x.test", passwordHash: nil)
            .workspace.id
    }

    @Test(arguments: StoreEngines.all)
    func aCreatedContactReadsBackWithTagsAndCustomValues(engine: String) async throws {
        let store = try await StoreEngines.make(engine)
        let ws = try await workspace(store)
        let draft = ContactDraft(
            firstName: "Aisyah", lastName: "Rahman", phone: "+60189988776", email: "Aisyah@Example.com",
            language: "ms", country: "MY", tags: ["vip", "kl", "VIP"],
            custom: ["plan": .string("Pro"), "ltv": .number(Decimal(string: "1234.5")!), "optin": .bool(true)])

        let created = try await store.createContact(workspaceId: ws, contact: draft)
        let read = try #require(try await store.contact(workspaceId: ws, id: created.id))

        #expect(ContactDraft(read) == draft)
        #expect(read.tags == ["vip", "kl", "VIP"])
        #expect(read.id == created.id)
    }

    @Test(arguments: StoreEngines.all)
    func contactsOfAnotherWorkspaceAreInvisible(engine: String) async throws {
        let store = try await StoreEngines.make(engine)
        let a = try await workspace(store, "A")
        let b = try await workspace(store, "B")
        let contact = try await store.createContact(workspaceId: a, contact: ContactDraft(firstName: "Ann"))

        #expect(try await store.contact(workspaceId: b, id: contact.id) == nil)
        #expect(try await store.updateContact(workspaceId: b, id: contact.id, change: { $0.firstName = "X" }) == nil)
        #expect(try await store.deleteContact(workspaceId: b, id: contact.id) == false)
        #expect(try await store.listContacts(workspaceId: b, query: .init()).contacts.isEmpty)
        #expect(try await store.contact(workspaceId: a, id: contact.id)?.firstName == "Ann")
    }

    @Test(arguments: StoreEngines.all)
    func updateChangesValuesAndTagsInOneStep(engine: String) async throws {
        let store = try await StoreEngines.make(engine)
        let ws = try await workspace(store)
        let contact = try await store.createContact(
            workspaceId: ws, contact: ContactDraft(firstName: "Ann", email: "a@x.test", tags: ["a", "b"]))

        let updated = try #require(
            try await store.updateContact(workspaceId: ws, id: contact.id) { draft in
                draft.email = nil
                draft.tags = ["c"]
                draft.custom["plan"] = .string("Team")
            })

        #expect(updated.email == nil)
        #expect(updated.tags == ["c"])
        let read = try #require(try await store.contact(workspaceId: ws, id: contact.id))
        #expect(read.tags == ["c"])
        #expect(read.custom == ["plan": .string("Team")])
        #expect(read.updatedAt >= contact.updatedAt)
    }

    @Test(arguments: StoreEngines.all)
    func deleteRemovesTheContactAndItsTags(engine: String) async throws {
        let store = try await StoreEngines.make(engine)
        let ws = try await workspace(store)
        let contact = try await store.createContact(
            workspaceId: ws, contact: ContactDraft(firstName: "Ann", tags: ["t"]))

        #expect(try await store.deleteContact(workspaceId: ws, id: contact.id))
        #expect(try await store.contact(workspaceId: ws, id: contact.id) == nil)
        #expect(try await store.listContacts(workspaceId: ws, query: .init(tag: "t")).contacts.isEmpty)
        #expect(try await store.deleteContact(workspaceId: ws, id: contact.id) == false)
    }

    @Test(arguments: StoreEngines.all)
    func twoContactsMayShareAPhoneAndEmail(engine: String) async throws {
        let store = try await StoreEngines.make(engine)
        let ws = try await workspace(store)
        _ = try await store.createContact(
            workspaceId: ws, contact: ContactDraft(firstName: "A", phone: "+601", email: "s@x.test"))
        _ = try await store.createContact(
            workspaceId: ws, contact: ContactDraft(firstName: "B", phone: "+601", email: "s@x.test"))

        #expect(try await store.listContacts(workspaceId: ws, query: .init(search: "+601")).contacts.count == 2)
    }

    @Test(arguments: StoreEngines.all)
    func searchMatchesNamePhoneOrEmailCaseInsensitively(engine: String) async throws {
        let store = try await StoreEngines.make(engine)
        let ws = try await workspace(store)
        _ = try await store.createContact(
            workspaceId: ws, contact: ContactDraft(firstName: "Wei Ling", lastName: "Tan"))
        _ = try await store.createContact(
            workspaceId: ws, contact: ContactDraft(firstName: "Bob", phone: "+60123456789"))
        _ = try await store.createContact(
            workspaceId: ws, contact: ContactDraft(firstName: "Cy", email: "cy@Shop.test"))
        _ = try await store.createContact(workspaceId: ws, contact: ContactDraft(firstName: "100%_sure"))

        func names(_ search: String) async throws -> [String] {
            try await store.listContacts(workspaceId: ws, query: .init(search: search)).contacts.map(\.firstName)
                .sorted()
        }
        #expect(try await names("ling tan") == ["Wei Ling"])
        #expect(try await names("WEI") == ["Wei Ling"])
        #expect(try await names("+6012") == ["Bob"])
        #expect(try await names("shop.TEST") == ["Cy"])
        #expect(try await names("%_") == ["100%_sure"])
        #expect(try await names("_") == ["100%_sure"])
        #expect(try await names("nobody").isEmpty)
    }

    /// Both engines ignore ASCII case only (SQLite's `LIKE`): "é" does not find "É", a text spanning the name and the
    /// email finds nothing, and a search served by PostgreSQL's trigram index means the same as one read row by row.
    @Test(arguments: StoreEngines.all)
    func searchIgnoresASCIICaseOnlyAndMatchesWithinOneValue(engine: String) async throws {
        let store = try await StoreEngines.make(engine)
        let ws = try await workspace(store)
        _ = try await store.createContact(
            workspaceId: ws, contact: ContactDraft(firstName: "ÉLODIE", lastName: "Müller", email: "elo@x.test"))
        _ = try await store.createContact(workspaceId: ws, contact: ContactDraft(firstName: "émile", phone: "+3312345"))
        _ = try await store.createContact(
            workspaceId: ws, contact: ContactDraft(firstName: "Dot.Com (x)", lastName: "[1]"))
        for index in 0..<40 {
            _ = try await store.createContact(
                workspaceId: ws, contact: ContactDraft(firstName: "Filler\(index)", email: "f\(index)@y.test"))
        }

        func names(_ search: String) async throws -> [String] {
            try await store.listContacts(workspaceId: ws, query: .init(search: search)).contacts.map(\.firstName)
                .sorted()
        }
        #expect(try await names("élodie") == [])
        #expect(try await names("ÉLODIE") == ["ÉLODIE"])
        #expect(try await names("Élodie") == ["ÉLODIE"])
        #expect(try await names("lodie mü") == ["ÉLODIE"])
        #expect(try await names("lodie MÜ") == [])
        #expect(try await names("MÉ") == [])
        #expect(try await names("émILE") == ["émile"])
        #expect(try await names("müller elo") == [])
        #expect(try await names("ELO@X.TEST") == ["ÉLODIE"])
        #expect(
            try await names("filler3") == [
                "Filler3", "Filler30", "Filler31", "Filler32", "Filler33", "Filler34",
                "Filler35", "Filler36", "Filler37", "Filler38", "Filler39",
            ])
        #expect(try await names("12345") == ["émile"])
        // Characters that mean something to LIKE or to a regular expression stand for themselves.
        #expect(try await names("t.COM (X) [1") == ["Dot.Com (x)"])
        #expect(try await names("t?c") == [])
        #expect(try await names("o.c|z") == [])
        #expect(try await names("\\") == [])
    }

    /// A search of "+" and at least four digits finds the phones that start with it (from the phone index), newest
    /// first, page by page, with a tag; any other text is still found anywhere.
    @Test(arguments: StoreEngines.all)
    func aPhoneNumberSearchFindsThePhonesThatStartWithIt(engine: String) async throws {
        let store = try await StoreEngines.make(engine)
        let ws = try await workspace(store)
        let drafts = [
            ContactDraft(firstName: "Prefix", phone: "+6598568876", tags: ["t"]),
            ContactDraft(firstName: "Other", phone: "+6512345678", tags: ["t"]),
            ContactDraft(firstName: "Exact", phone: "+6598"),
            ContactDraft(firstName: "Short", phone: "+659"),
            ContactDraft(firstName: "Email", email: "ann+6598x@shop.test", tags: ["t"]),
            ContactDraft(firstName: "Name+65981", lastName: "Z"),
            ContactDraft(firstName: "Inside", phone: "00+65987"),
            ContactDraft(firstName: "Next", phone: "+6599000000"),
            ContactDraft(firstName: "Prefix2", phone: "+65980", tags: ["t"]),
        ]
        var all: [Contact] = []
        for draft in drafts { all.append(try await store.createContact(workspaceId: ws, contact: draft)) }
        func phonesStarting(_ text: String, tag: String? = nil) -> [String] {
            all.reversed().filter { ($0.phone ?? "").hasPrefix(text) && (tag.map($0.tags.contains) ?? true) }.map(
                \.firstName)
        }
        func search(_ text: String, tag: String? = nil, limit: Int = 50) async throws -> [String] {
            var names: [String] = []
            var cursor: String?
            repeat {
                let page = try await store.listContacts(
                    workspaceId: ws, query: ContactQuery(search: text, tag: tag, limit: limit, cursor: cursor))
                names += page.contacts.map(\.firstName)
                cursor = page.nextCursor
            } while cursor != nil
            return names
        }

        #expect(try await search("+6598") == ["Prefix2", "Exact", "Prefix"])
        #expect(try await search(" +6599 ") == ["Next"])
        for text in ["+6598", "+65985", "+6598568876", "+65987", "+6599", "+6512", "+1234"] {
            #expect(try await search(text) == phonesStarting(text), "search \(text)")
            #expect(try await search(text, limit: 2) == phonesStarting(text), "search \(text), pages of 2")
            #expect(try await search(text, tag: "t") == phonesStarting(text, tag: "t"), "search \(text) tagged t")
        }
        // Three digits, or digits alone, are text found anywhere.
        #expect(
            try await search("+659") == [
                "Prefix2", "Next", "Inside", "Name+65981", "Email", "Short", "Exact", "Prefix",
            ])
        #expect(try await search("6598") == ["Prefix2", "Inside", "Name+65981", "Email", "Exact", "Prefix"])
    }

    @Test(arguments: StoreEngines.all)
    func tagFilterIsExactAndCaseSensitive(engine: String) async throws {
        let store = try await StoreEngines.make(engine)
        let ws = try await workspace(store)
        _ = try await store.createContact(workspaceId: ws, contact: ContactDraft(firstName: "A", tags: ["VIP"]))
        _ = try await store.createContact(workspaceId: ws, contact: ContactDraft(firstName: "B", tags: ["vip", "x"]))

        #expect(
            try await store.listContacts(workspaceId: ws, query: .init(tag: "vip")).contacts.map(\.firstName) == ["B"])
        #expect(
            try await store.listContacts(workspaceId: ws, query: .init(tag: "VIP")).contacts.map(\.firstName) == ["A"])
        #expect(try await store.listContacts(workspaceId: ws, query: .init(tag: "vi")).contacts.isEmpty)
    }

    @Test(arguments: StoreEngines.all)
    func pagingVisitsEveryContactOnceEvenWhileContactsAreAdded(engine: String) async throws {
        let store = try await StoreEngines.make(engine)
        let ws = try await workspace(store)
        var expected: Set<Int64> = []
        for index in 0..<23 {
            expected.insert(
                try await store.createContact(workspaceId: ws, contact: ContactDraft(firstName: "C\(index)")).id)
        }

        var seen: [Int64] = []
        var cursor: String? = nil
        repeat {
            let page = try await store.listContacts(workspaceId: ws, query: .init(limit: 5, cursor: cursor))
            #expect(page.contacts.count <= 5)
            seen += page.contacts.map(\.id)
            _ = try await store.createContact(workspaceId: ws, contact: ContactDraft(firstName: "Late"))
            cursor = page.nextCursor
        } while cursor != nil

        #expect(seen.count == Set(seen).count)
        #expect(Set(seen) == expected)
        #expect(seen == seen.sorted(by: >))
    }

    @Test(arguments: StoreEngines.all)
    func aForeignCursorIsRefused(engine: String) async throws {
        let store = try await StoreEngines.make(engine)
        let ws = try await workspace(store)

        await #expect(throws: StoreError.self) {
            _ = try await store.listContacts(workspaceId: ws, query: .init(cursor: "zzz"))
        }
    }
}

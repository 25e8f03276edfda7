import ContactModel
import Foundation
import Testing

@Suite("Standard fields and field keys")
struct StandardFieldTests {
    @Test("standard fields have the names users see and their rules")
    func namesAndRules() {
        let expected: [(StandardField, String, ValueRule)] = [
            (.firstName, "First Name", .personName), (.lastName, "Last Name", .personName),
            (.phone, "Phone Number", .phone), (.email, "Email", .email), (.language, "Language", .language),
            (.country, "Country", .country), (.tags, "Tags", .tags), (.contactId, "Contact ID", .contactId),
        ]
        #expect(expected.count == StandardField.allCases.count)
        for (field, name, rule) in expected {
            #expect(field.name == name)
            #expect(field.rule == rule)
        }
    }

    @Test("a standard field is found by its name ignoring case and surrounding white space")
    func byName() {
        #expect(StandardField(name: " phone number ") == .phone)
        #expect(StandardField(name: "CONTACT ID") == .contactId)
        #expect(StandardField(name: "Phone") == nil)
    }

    @Test("field keys round-trip through their text")
    func keysRoundTrip() {
        for field in StandardField.allCases {
            #expect(FieldKey(key: field.rawValue) == .standard(field))
            #expect(FieldKey.standard(field).key == field.rawValue)
        }
        #expect(FieldKey(key: "custom.plan_2") == .custom("plan_2"))
        #expect(FieldKey.custom("plan_2").key == "custom.plan_2")
    }

    @Test(
        "unknown keys and invalid custom field ids are refused",
        arguments: ["", "FirstName", "phoneNumber", "custom.", "custom.2x", "custom.a-b", "custom", "plan"])
    func unknownKeys(key: String) {
        #expect(FieldKey(key: key) == nil)
    }

    @Test("field keys encode as their text")
    func keyCodable() throws {
        let data = try JSONEncoder().encode([FieldKey.standard(.email), .custom("plan")])
        #expect(String(decoding: data, as: UTF8.self) == #"["email","custom.plan"]"#)
        #expect(try JSONDecoder().decode([FieldKey].self, from: data) == [.standard(.email), .custom("plan")])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([FieldKey].self, from: Data(#"["nope"]"#.utf8)) }
    }
}

@Suite("Custom field definitions")
struct CustomFieldTests {
    private func error(
        _ fieldId: String = "plan", _ name: String = "Plan", _ type: FieldType = .text, _ options: [String] = []
    ) -> String? {
        do {
            _ = try CustomField.validated(fieldId: fieldId, name: name, type: type, options: options)
            return nil
        } catch {
            return error.message
        }
    }

    @Test("a valid list field is returned with its name and options trimmed")
    func validList() throws {
        let field = try CustomField.validated(
            fieldId: "plan", name: "  Plan ", type: .list, options: [" Free", "Pro "])
        #expect(field == CustomField(fieldId: "plan", name: "Plan", type: .list, options: ["Free", "Pro"]))
        #expect(field.rule == .list(["Free", "Pro"]))
        #expect(field.key == .custom("plan"))
    }

    @Test("every type maps to its value rule")
    func rules() {
        let expected: [FieldType: ValueRule] = [
            .text: .text, .checkbox: .checkbox, .email: .email, .number: .number, .url: .url, .date: .date,
            .time: .time,
        ]
        for (type, rule) in expected {
            #expect(CustomField(fieldId: "f", name: "F", type: type).rule == rule)
        }
        #expect(CustomField(fieldId: "f", name: "F", type: .list, options: ["A"]).rule == .list(["A"]))
        #expect(FieldType.allCases.count == 8)
    }

    @Test("names are 1 to 50 characters after trimming")
    func nameLength() {
        #expect(error("f", String(repeating: "n", count: 50)) == nil)
        #expect(error("f", String(repeating: "n", count: 51)) == "Field name must be 1 to 50 characters.")
        #expect(error("f", "   ") == "Field name must be 1 to 50 characters.")
        #expect(error("f", "") == "Field name must be 1 to 50 characters.")
    }

    @Test("a name may not be a standard field's name")
    func standardName() {
        #expect(error("f", " email ") == "Field name must not be the name of a standard field (email).")
    }

    @Test("field ids are 1 to 50 letters, digits or underscores starting with a letter")
    func fieldIds() {
        let rule = "Field ID must be 1 to 50 letters, digits or underscores, starting with a letter."
        #expect(error("a") == nil)
        #expect(error("Plan_2") == nil)
        #expect(error("a" + String(repeating: "1", count: 49)) == nil)
        for bad in ["", "1plan", "_plan", "plan-2", "plan 2", "plän", "a" + String(repeating: "1", count: 50)] {
            #expect(error(bad) == rule, "\(bad)")
        }
    }

    @Test("a list needs options that are non-empty, at most 100 characters and unique ignoring case")
    func listOptions() {
        #expect(error("f", "F", .list, []) == "A list field needs at least one option.")
        #expect(error("f", "F", .list, ["A", " "]) == "List options must not be empty.")
        #expect(error("f", "F", .list, [String(repeating: "o", count: 100)]) == nil)
        #expect(
            error("f", "F", .list, [String(repeating: "o", count: 101)])
                == "List options must be at most 100 characters.")
        #expect(
            error("f", "F", .list, ["Pro", " pro"])
                == "List options must be unique, ignoring case (\"pro\" is repeated).")
    }

    @Test("only list fields take options", arguments: FieldType.allCases.filter { $0 != .list })
    func nonListOptions(type: FieldType) {
        #expect(error("f", "F", type, ["A"]) == "Only list fields take options.")
        #expect(error("f", "F", type, []) == nil)
    }
}

@Suite("Tags")
struct TagsTests {
    @Test("a tag is trimmed and case-sensitive")
    func validate() {
        #expect(Tags.validate("  VIP ") == .success("VIP"))
        #expect(Tags.validate(String(repeating: "t", count: 255)) == .success(String(repeating: "t", count: 255)))
    }

    @Test("empty tags, tags with commas and tags over 255 characters are refused")
    func invalid() {
        #expect(Tags.validate(" ") == .failure(ValueRuleViolation("must not be empty")))
        #expect(Tags.validate("a,b") == .failure(ValueRuleViolation("must not contain a comma")))
        #expect(
            Tags.validate(String(repeating: "t", count: 256))
                == .failure(ValueRuleViolation("must be at most 255 characters")))
    }

    @Test("a cell splits on commas, ignores empty pieces and keeps the first of each repeated tag")
    func parseCell() {
        #expect(Tags.parseCell("a,b , ,a, B,") == .success(["a", "b", "B"]))
        #expect(Tags.parseCell("") == .success([]))
        #expect(Tags.parseCell(",,,") == .success([]))
        #expect(Tags.parseCell("solo") == .success(["solo"]))
    }

    @Test("union keeps existing tags first and adds the new ones once")
    func union() {
        #expect(Tags.union(["a", "b"], ["b", "c", "c"]) == ["a", "b", "c"])
        let many = (1...20).map { "t\($0)" }
        #expect(Tags.union(many, ["t1", "x"]) == many + ["x"])
    }
}

@Suite("Stored values as JSON")
struct FieldValueCodingTests {
    @Test("each kind of value is a plain JSON value")
    func encodes() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let values: [String: FieldValue] = [
            "a": .string("x"), "b": .number(Decimal(string: "1234.5")!), "c": .bool(true), "d": .tags(["p", "q"]),
            "e": .contactId(7),
        ]
        let json = String(decoding: try encoder.encode(values), as: UTF8.self)
        #expect(json == #"{"a":"x","b":1234.5,"c":true,"d":["p","q"],"e":7}"#)
    }

    @Test("plain JSON values decode to field values; numbers decode as numbers")
    func decodes() throws {
        let json = #"{"a":"x","b":-0.25,"c":false,"d":["p"],"e":7}"#
        let values = try JSONDecoder().decode([String: FieldValue].self, from: Data(json.utf8))
        #expect(values["a"] == .string("x"))
        #expect(values["b"] == .number(Decimal(string: "-0.25")!))
        #expect(values["c"] == .bool(false))
        #expect(values["d"] == .tags(["p"]))
        #expect(values["e"] == .number(7))
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(FieldValue.self, from: Data(#"{"x":1}"#.utf8)) }
    }

    @Test("values read as text for files and display")
    func text() {
        #expect(FieldValue.number(Decimal(string: "1234.50")!).text == "1234.5")
        #expect(FieldValue.bool(false).text == "false")
        #expect(FieldValue.tags(["a", "b"]).text == "a, b")
        #expect(FieldValue.contactId(9).text == "9")
    }
}

@Suite("Contact")
struct ContactTests {
    let contact = Contact(
        id: 5, firstName: "Ana", email: "Ana@Example.com", tags: ["vip"], custom: ["plan": .string("Pro")],
        createdAt: Date(timeIntervalSince1970: 0), updatedAt: Date(timeIntervalSince1970: 60))

    @Test("a contact encodes absent values as null and round-trips")
    func codable() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        encoder.dateEncodingStrategy = .iso8601
        let json = String(decoding: try encoder.encode(contact), as: UTF8.self)
        #expect(json.contains(#""lastName":null"#))
        #expect(json.contains(#""phone":null"#))
        #expect(json.contains(#""custom":{"plan":"Pro"}"#))
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        #expect(try decoder.decode(Contact.self, from: Data(json.utf8)) == contact)
    }

    @Test("a contact gives its stored value per field key, nil when empty")
    func valueForKey() {
        #expect(contact.value(for: .standard(.firstName)) == .string("Ana"))
        #expect(contact.value(for: .standard(.lastName)) == nil)
        #expect(contact.value(for: .standard(.email)) == .string("Ana@Example.com"))
        #expect(contact.value(for: .standard(.tags)) == .tags(["vip"]))
        #expect(contact.value(for: .standard(.contactId)) == .contactId(5))
        #expect(contact.value(for: .custom("plan")) == .string("Pro"))
        #expect(contact.value(for: .custom("other")) == nil)
    }
}

@Suite("Trimming and code lists")
struct TextRulesTests {
    @Test("Unicode white space around a value is trimmed; inner white space stays")
    func unicodeTrim() {
        #expect(TextRules.trimmed("\u{3000}Ana  Lim\u{00A0}\n") == "Ana  Lim")
        #expect(TextRules.trimmed("\t\u{2003}") == "")
        #expect(TextRules.trimmed("é ") == "é")
        #expect(TextRules.trimmed("plain") == "plain")
    }

    @Test("the code lists have no repeats and are spelled in their stored case")
    func codeLists() {
        #expect(Set(ISOCodes.languageCodes).count == ISOCodes.languageCodes.count)
        #expect(Set(ISOCodes.countryCodes).count == ISOCodes.countryCodes.count)
        #expect(ISOCodes.languageCodes.allSatisfy { $0 == $0.lowercased() && $0.count == 2 })
        #expect(ISOCodes.countryCodes.allSatisfy { $0 == $0.uppercased() && $0.count == 2 })
    }
}

import ContactModel
import Foundation
import Testing

@Suite("Merging contacts")
struct ContactMergeTests {
    let at = Date(timeIntervalSince1970: 1_700_000_000)

    func contact(
        _ id: Int64, _ firstName: String, lastName: String? = nil, phone: String? = nil, email: String? = nil,
        tags: [String] = [], custom: [String: FieldValue] = [:]
    ) -> Contact {
        Contact(
            id: id, firstName: firstName, lastName: lastName, phone: phone, email: email, tags: tags, custom: custom,
            createdAt: at, updatedAt: at)
    }

    @Test("a field not chosen keeps the kept contact's value, else takes the first non-empty of the others")
    func ownValueThenFirstNonEmpty() {
        let keep = contact(1, "Ann", phone: "+60111111111")
        let others = [
            contact(2, "Annie", lastName: nil, phone: "+60122222222", email: "a@x.com"),
            contact(3, "A.", lastName: "Tan", email: "other@x.com"),
        ]
        let merged = ContactMerge.merged(keep: keep, others: others, take: [:])
        #expect(merged.firstName == "Ann")
        #expect(merged.phone == "+60111111111")
        #expect(merged.lastName == "Tan")
        #expect(merged.email == "a@x.com")
        #expect(merged.language == nil)
    }

    @Test("a chosen contact's value is taken, an empty one clearing the field; First Name is never emptied")
    func chosenValues() {
        let keep = contact(1, "Ann", lastName: "Lee", phone: "+60111111111")
        let other = contact(2, "Annie", email: "a@x.com")
        let merged = ContactMerge.merged(
            keep: keep, others: [other],
            take: [.standard(.firstName): 2, .standard(.lastName): 2, .standard(.phone): 1, .standard(.email): 1])
        #expect(merged.firstName == "Annie")
        #expect(merged.lastName == nil)
        #expect(merged.phone == "+60111111111")
        #expect(merged.email == nil)
    }

    @Test("tags are the union in order, the kept contact's first; custom values follow the field rule")
    func tagsAndCustomValues() {
        let keep = contact(1, "Ann", tags: ["vip", "kl"], custom: ["plan": .string("Free")])
        let others = [
            contact(2, "B", tags: ["kl", "web"], custom: ["plan": .string("Pro"), "seats": .number(3)]),
            contact(3, "C", tags: ["web", "sg"], custom: ["seats": .number(9), "paid": .bool(true)]),
        ]
        let merged = ContactMerge.merged(keep: keep, others: others, take: [.custom("seats"): 3])
        #expect(merged.tags == ["vip", "kl", "web", "sg"])
        #expect(merged.custom == ["plan": .string("Free"), "seats": .number(9), "paid": .bool(true)])
        let chosen = ContactMerge.merged(keep: keep, others: others, take: [.custom("plan"): 3])
        #expect(chosen.custom["plan"] == nil)
    }

    @Test("problems name the field or contact: no others, the kept one among them, twice, tags, outsiders")
    func problems() {
        #expect(ContactMerge.problems(keep: 1, others: [2, 3], take: [.standard(.email): 3]).isEmpty)
        #expect(ContactMerge.problems(keep: 1, others: [], take: [:]).count == 1)
        #expect(ContactMerge.problems(keep: 1, others: [1, 2], take: [:]).first?.contains("#1") == true)
        #expect(ContactMerge.problems(keep: 1, others: [2, 2], take: [:]).first?.contains("more than once") == true)
        #expect(
            ContactMerge.problems(keep: 1, others: [2], take: [.standard(.tags): 2]).first?.contains("take.tags")
                == true)
        #expect(ContactMerge.problems(keep: 1, others: [2], take: [.custom("plan"): 7]).first?.contains("#7") == true)
        #expect(!ContactMerge.isChoosable(.standard(.contactId)))
        #expect(
            ContactMerge.problems(keep: 1, others: Array(2...102), take: [:]).first?.contains("at most 100") == true)
    }
}

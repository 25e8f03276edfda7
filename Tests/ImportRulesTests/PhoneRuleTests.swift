import ContactModel
import ImportRules
import Testing

/// SPEC §10 in the import rules: under E.164 every phone is normalised before it is checked, stored and matched.
@Suite struct PhoneRuleTests {
    static let e164 = PhoneRule.e164(defaultCountry: "MY")

    @Test func theThreeFormsOfOneNumberMatchTheStoredContactUnderE164() throws {
        let stored = [contact(7, "Stored", phone: "+60123456789")]
        for phone in ["+60 12-345 6789", "+60123456789", "012-345 6789"] {
            let outcomes = try runImport(
                config(.addAndUpdate, .phone), rows: [["Ann", "", phone, "", ""]], workspace: stored, phones: Self.e164)
            #expect(outcomes.map(\.status) == [.updated], "\(phone)")
            guard case .update(let id, let changes)? = outcomes.first?.write else {
                Issue.record("no update for \(phone)")
                continue
            }
            #expect(id == 7)
            // The stored phone is already the E.164 form: nothing to change there.
            #expect(!changes.fields.contains { $0.field == .standard(.phone) })
            #expect(outcomes.first?.phoneNormalized == (phone != "+60123456789"))
        }
    }

    @Test func asGivenTheThreeFormsAreThreeNumbers() throws {
        let stored = [contact(7, "Stored", phone: "+60123456789")]
        let outcomes = try runImport(
            config(.addAndUpdate, .phone),
            rows: [["Ann", "", "+60 12-345 6789", "", ""], ["Bob", "", "012-345 6789", "", ""]], workspace: stored)
        #expect(outcomes.map(\.status) == [.imported, .imported])
        #expect(outcomes.allSatisfy { !$0.phoneNormalized })
        guard case .add(let added)? = outcomes.first?.write else { throw TestFailure("no add") }
        #expect(added.phone == "+60 12-345 6789")
    }

    @Test func aNewContactIsStoredInE164AndAnInvalidNumberNamesTheCountry() throws {
        let outcomes = try runImport(
            config(.addNew, .phone),
            rows: [["Ann", "", "+34 612 34 56 78", "", ""], ["Bob", "", "012-34", "", ""], ["Cat", "", "", "", ""]],
            phones: Self.e164)
        #expect(outcomes.map(\.status) == [.imported, .error, .imported])
        guard case .add(let added)? = outcomes.first?.write else { throw TestFailure("no add") }
        #expect(added.phone == "+34612345678")
        #expect(outcomes[1].messages == ["Phone Number: not a valid number for MY (+60)"])
        var summary = ImportSummary()
        for outcome in outcomes { summary.add(outcome) }
        // The invalid row is an Error, not a rewritten number; the empty phone is nothing to rewrite.
        #expect(summary == ImportSummary(imported: 2, errors: 1, phonesNormalized: 1))
    }

    @Test func twoFormsOfOneNumberInAFileAreADuplicateUnderE164() throws {
        let outcomes = try runImport(
            config(.addNew, .phone),
            rows: [["Ann", "", "+60 12-345 6789", "", ""], ["Bob", "", "012-345 6789", "", ""]],
            phones: Self.e164)
        #expect(outcomes.map(\.status) == [.error, .error])
        #expect(outcomes[0].messages.first?.contains("rows 1, 2") == true, "\(outcomes[0].errors)")
    }

    @Test func aCountryWithoutANumberingPlanIsRefused() {
        #expect(throws: ConfigurationError.self) {
            _ = try ImportPlan(
                configuration: config(.addNew, .phone), columnCount: 5, customFields: [],
                phones: .e164(defaultCountry: "ZZ"))
        }
    }

    @Test(arguments: [PhoneRule.asGiven, .e164(defaultCountry: "MY"), .e164(defaultCountry: "GB")])
    func theRuleIsStoredAsOneWord(rule: PhoneRule) {
        #expect(PhoneRule(stored: rule.stored) == rule)
    }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

import Testing

@testable import PhoneNumbers

func digits(_ text: String) -> ArraySlice<UInt8> { ArraySlice(text.utf8.map { $0 - UInt8(ascii: "0") }) }

func prefixMatch(_ pattern: String, _ text: String) throws -> PrefixMatcher.Match? {
    try PrefixMatcher(DigitPattern(parsing: pattern)).match(digits(text))
}

/// A prefix pattern, a number, and where Python's `re.match` ends with which groups (nil: no match).
struct PrefixCase: Sendable, CustomTestStringConvertible {
    let pattern: String
    let text: String
    let end: Int?
    let groups: [Range<Int>?]

    init(_ pattern: String, _ text: String, _ end: Int?, _ groups: [Range<Int>?] = []) {
        (self.pattern, self.text, self.end, self.groups) = (pattern, text, end, groups)
    }

    var testDescription: String { "\(pattern) on \(text)" }
}

@Test(arguments: [
    PrefixCase("0", "0123", 1),
    PrefixCase("0", "123", nil),
    // The first alternative that leads to a match wins, not the longest.
    PrefixCase("0|00", "0012", 1),
    PrefixCase("(?:0|00)1", "0012", 3),
    // Quantifiers are greedy, and give back when they must.
    PrefixCase("00(?:1\\d)?", "00123", 4),
    PrefixCase("0\\d{1,3}1", "00111", 5),
    PrefixCase("0\\d{1,3}1", "00121", 5),
    PrefixCase("0[0-3]\\d", "0044", 3),
    PrefixCase("00[1-9]", "0004", nil),
    // Capturing groups, and the end anchor of national prefixes.
    PrefixCase("0(1\\d)?", "0123", 3, [1..<3]),
    PrefixCase("0(1\\d)?", "0234", 1, [nil]),
    PrefixCase("([457]\\d{6})$|1", "4123456", 7, [0..<7]),
    PrefixCase("([457]\\d{6})$|1", "14123456", 1, [nil]),
    PrefixCase("(?:0|90)(?:(1[245])(\\d{2,3}))?", "0141234", 6, [1..<3, 3..<6]),
])
func prefixPatternsMatchAsPythonDoes(_ test: PrefixCase) throws {
    let match = try prefixMatch(test.pattern, test.text)
    #expect(match?.end == test.end)
    if let match { #expect(match.groups == test.groups) }
}

@Test(arguments: [
    "", "0*", "0+", "a", "[a-z]", "[3-1]", "\\w", "(?=0)", "0{2,}", "0??", "(0", "0)", "[]", "^0", "0{3,1}",
])
func patternsOutsideTheSubsetAreRefused(_ pattern: String) {
    if pattern.isEmpty {
        #expect(throws: Never.self) { try DigitPattern(parsing: pattern) }
    } else {
        #expect(throws: DigitPattern.SyntaxError.self) { try DigitPattern(parsing: pattern) }
    }
}

@Test func anAutomatonTellsWhichPatternsMatchTheWholeNumber() throws {
    let automaton = NumberAutomaton([
        try DigitPattern(parsing: "1\\d{8,9}|(?:3\\d|[4-9])\\d{7}"),
        try DigitPattern(parsing: "1[378]00\\d{6}"),
        try DigitPattern(parsing: "3\\d{8}"),
    ])
    #expect(automaton.matches(digits("123456789")) == 0b001)
    #expect(automaton.matches(digits("1300123456")) == 0b011)
    #expect(automaton.matches(digits("323856789")) == 0b101)
    #expect(automaton.matches(digits("12345678")) == 0)
    #expect(automaton.matches(digits("12345678901")) == 0)
    #expect(automaton.matches(digits("")) == 0)
}

@Test func everyNumberingPlanLoads() {
    let tables = NumberingPlan.tables
    #expect(NumberingPlan.regions.count == 245)
    #expect(NumberingPlan.regions == NumberingPlan.regions.sorted())
    #expect(NumberingPlan.regions.contains("MY") && !NumberingPlan.regions.contains("001"))
    #expect(tables.plans.count == 245 + 9)
    #expect(tables.regionsByCode[1].map { tables.plans[$0].id }.prefix(2) == ["US", "AG"])
    #expect(tables.regionsByCode[800].map { tables.plans[$0].id } == ["001"])
    #expect(NumberingPlan.callingCode(of: "my") == 60)
    #expect(NumberingPlan.callingCode(of: "GB") == 44)
    #expect(NumberingPlan.callingCode(of: "XX") == nil)
    #expect(NumberingPlan.source == "libphonenumber metadata via phonenumbers 9.0.43")
}

@Test func lengthsAreJudgedAsLibphonenumberDoes() throws {
    let plan = NumberingPlan.tables.plans[try #require(NumberingPlan.tables.regionIndex["MY"])]
    // MY: possible lengths 8, 9, 10; 6 and 7 only locally.
    #expect(plan.checkLength(5) == .tooShort)
    #expect(plan.checkLength(6) == .possibleLocalOnly)
    #expect(plan.checkLength(8) == .possible)
    #expect(plan.checkLength(10) == .possible)
    #expect(plan.checkLength(11) == .tooLong)
}

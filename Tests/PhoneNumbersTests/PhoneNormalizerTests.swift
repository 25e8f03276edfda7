import PhoneNumbers
import Testing

/// A number as typed in a default country, and what E.164 makes of it (expected values from libphonenumber:
/// `format_number(parse(text, country), E164)`).
struct Written: Sendable, CustomTestStringConvertible {
    let country: String
    let text: String
    let e164: String

    init(_ country: String, _ text: String, _ e164: String) {
        (self.country, self.text, self.e164) = (country, text, e164)
    }

    var testDescription: String { "\(text) in \(country)" }
}

/// A number that is not valid, and the problem it gets.
struct Refused: Sendable, CustomTestStringConvertible {
    let country: String
    let text: String
    let message: String

    init(_ country: String, _ text: String, _ message: String) {
        (self.country, self.text, self.message) = (country, text, message)
    }

    var testDescription: String { "\(text) in \(country)" }
}

func normalize(_ text: String, in country: String) -> Result<String, PhoneNumberProblem> {
    guard let normalizer = PhoneNormalizer(defaultCountry: country) else {
        return .failure(PhoneNumberProblem(message: "no plan for \(country)"))
    }
    return normalizer.normalize(text)
}

@Test(arguments: [
    Written("MY", "012-345 6789", "+60123456789"),
    Written("MY", "03-2385 6789", "+60323856789"),
    Written("GB", "020 7946 0958", "+442079460958"),
    Written("GB", "07400 123456", "+447400123456"),
    Written("DE", "030 123456", "+4930123456"),
    Written("DE", "0151 23456789", "+4915123456789"),
    Written("ID", "0812-3456-789", "+628123456789"),
    Written("ID", "021 1234 5678", "+622112345678"),
    Written("AU", "0412 345 678", "+61412345678"),
    Written("AU", "(02) 9876 5432", "+61298765432"),
    Written("JP", "03-1234-5678", "+81312345678"),
    Written("IN", "098765 43210", "+919876543210"),
    Written("BR", "(11) 96123-4567", "+5511961234567"),
])
func aNationalNumberLosesItsTrunkPrefix(_ number: Written) {
    #expect(normalize(number.text, in: number.country) == .success(number.e164))
}

@Test(arguments: [
    Written("ES", "612 34 56 78", "+34612345678"),
    Written("ES", "912 34 56 78", "+34912345678"),
    Written("SG", "6123 4567", "+6561234567"),
    Written("MX", "55 1234 5678", "+525512345678"),
    // Italy keeps the leading zero of its area codes.
    Written("IT", "06 1234 5678", "+390612345678"),
    Written("IT", "+39 06 1234 5678", "+390612345678"),
    Written("IT", "312 345 6789", "+393123456789"),
])
func aNumberWithoutTrunkPrefixKeepsItsDigits(_ number: Written) {
    #expect(normalize(number.text, in: number.country) == .success(number.e164))
}

@Test(arguments: [
    Written("US", "(415) 555-2671", "+14155552671"),
    Written("US", "415.555.2671", "+14155552671"),
    Written("US", "1 415 555 2671", "+14155552671"),
    Written("US", "+1 415 555 2671", "+14155552671"),
    Written("CA", "(204) 234-5678", "+12042345678"),
    Written("MY", "+1 (204) 234-5678", "+12042345678"),
])
func northAmericanNumbers(_ number: Written) {
    #expect(normalize(number.text, in: number.country) == .success(number.e164))
}

@Test(arguments: ["+60 12-345 6789", "+60123456789", "012-345 6789", "0060123456789", "60123456789"])
func everyFormOfAMalaysianNumberIsTheSame(_ text: String) {
    #expect(normalize(text, in: "MY") == .success("+60123456789"))
}

@Test(arguments: [
    Written("MY", "+34 612 34 56 78", "+34612345678"),
    Written("MY", "0034 612 34 56 78", "+34612345678"),
    Written("GB", "+44 (0)20 7946 0958", "+442079460958"),
    // A country's own international prefix: 011 in the US, 0011 in Australia, 810 in Russia, 001 in Singapore.
    Written("US", "011 44 20 7946 0958", "+442079460958"),
    Written("AU", "0011 44 20 7946 0958", "+442079460958"),
    Written("RU", "810 44 20 7946 0958", "+442079460958"),
    Written("SG", "001 44 20 7946 0958", "+442079460958"),
    // 00 is international everywhere (SPEC §10), though the US dials 011.
    Written("US", "0044 20 7946 0958", "+442079460958"),
    // libphonenumber reads "+00…" as the international prefix after a stray plus.
    Written("MY", "+0060123456789", "+60123456789"),
])
func anInternationalNumberKeepsItsCallingCode(_ number: Written) {
    #expect(normalize(number.text, in: number.country) == .success(number.e164))
}

@Test(arguments: [
    // Argentina's mobile numbers: 0 + area code + 15 nationally, 9 + area code internationally.
    Written("AR", "011 15 2345-6789", "+5491123456789"),
    Written("AR", "0343 15 555-1212", "+5493435551212"),
    Written("AR", "+54 9 11 2345 6789", "+5491123456789"),
    // Russia and Kazakhstan dial the trunk prefix 8.
    Written("RU", "8 (912) 345-67-89", "+79123456789"),
    Written("RU", "+7 912 345-67-89", "+79123456789"),
    Written("KZ", "8 (701) 234 5678", "+77012345678"),
    // Brazil: trunk prefix 0 and a carrier code.
    Written("BR", "0 21 11 96123-4567", "+5511961234567"),
    // Regions sharing a calling code: Jersey and Guernsey under +44.
    Written("GB", "+44 1534 123456", "+441534123456"),
    Written("JE", "01534 456789", "+441534456789"),
    Written("GG", "07781 123456", "+447781123456"),
])
func countriesWithTheirOwnTrunkRules(_ number: Written) {
    #expect(normalize(number.text, in: number.country) == .success(number.e164))
}

@Test(arguments: [
    Written("MY", "+800 1234 5678", "+80012345678"),
    Written("MY", "00 800 1234 5678", "+80012345678"),
])
func nonGeographicNumbers(_ number: Written) {
    #expect(normalize(number.text, in: number.country) == .success(number.e164))
}

@Test(arguments: [
    Written("MY", "٠١٢٣٤٥٦٧٨٩", "+60123456789"),  // Arabic-Indic digits
    Written("MY", "۰۱۲-۳۴۵ ۶۷۸۹", "+60123456789"),  // Extended Arabic-Indic digits
    Written("MY", "＋６０ １２３ ４５６ ７８９", "+60123456789"),  // fullwidth
    Written("MY", "012\u{A0}345\u{A0}6789", "+60123456789"),  // no-break spaces
    Written("MY", "012/345.6789", "+60123456789"),
    Written("MY", "(+60) 12-345 6789", "+60123456789"),
])
func separatorsAndOtherDigitsAreAccepted(_ number: Written) {
    #expect(normalize(number.text, in: number.country) == .success(number.e164))
}

@Test(arguments: [
    Refused("MY", "012-345", "not a valid number for MY (+60)"),  // too short
    Refused("MY", "012-345 6789 123", "not a valid number for MY (+60)"),  // too long
    Refused("MY", "022-345 6789", "not a valid number for MY (+60)"),  // no number starts 2
    Refused("MY", "12", "not a valid number for MY (+60)"),
    Refused("GB", "+44 20 7946", "not a valid number for GB (+44)"),
    Refused("MY", "+44 20 7946", "not a valid number for GB (+44)"),
    Refused("MY", "+1 555 555 5555", "not a valid number for US (+1)"),
    Refused("US", "0044 20 7946", "not a valid number for GB (+44)"),
    Refused("MY", "+800 1234 567", "not a valid number for +800"),
    Refused("MY", "+882 3421 2345", "not a valid number for +882"),
    Refused("MY", "+999 1234 5678", "not a valid number: no country has calling code +999"),
    Refused("MY", "00999 1234 5678", "not a valid number: no country has calling code +999"),
])
func anInvalidNumberIsAProblem(_ number: Refused) {
    #expect(normalize(number.text, in: number.country) == .failure(PhoneNumberProblem(message: number.message)))
}

@Test(arguments: [
    Refused("US", "1-800-FLOWERS", "not a valid number for US (+1)"),  // no vanity letters
    Refused("MY", "012-345 6789 ext 12", "not a valid number for MY (+60)"),  // no extensions
    Refused("MY", "012-345 6789 x12", "not a valid number for MY (+60)"),
    Refused("MY", "012#3456789", "not a valid number for MY (+60)"),
    Refused("MY", "*123456789", "not a valid number for MY (+60)"),
    Refused("MY", "+60 12+3456789", "not a valid number for MY (+60)"),
    Refused("MY", "++60123456789", "not a valid number for MY (+60)"),
    Refused("MY", "60 12 345 6789+", "not a valid number for MY (+60)"),
    Refused("MY", "012_345_6789", "not a valid number for MY (+60)"),
    Refused("MY", "0", "not a valid number for MY (+60)"),
])
func lettersExtensionsAndStrayCharactersAreRefused(_ number: Refused) {
    #expect(normalize(number.text, in: number.country) == .failure(PhoneNumberProblem(message: number.message)))
}

@Test func inputLongerThanLibphonenumberReadsIsRefused() {
    let text = "012-345 6789" + String(repeating: " ", count: 250)
    #expect(normalize(text, in: "MY") == .failure(PhoneNumberProblem(message: "not a valid number for MY (+60)")))
}

@Test func theDefaultCountryIsReadInAnyCase() throws {
    let normalizer = try #require(PhoneNormalizer(defaultCountry: "my"))
    #expect(normalizer.defaultCountry == "MY")
    #expect(normalizer.callingCode == 60)
    #expect(PhoneNormalizer(defaultCountry: "XX") == nil)
    #expect(PhoneNormalizer(defaultCountry: "001") == nil)
    #expect(PhoneNormalizer(defaultCountry: "") == nil)
}

@Test func normalizersWorkFromManyTasksAtOnce() async {
    let numbers = ["012-345 6789", "+44 20 7946 0958", "(415) 555-2671", "0060123456789", "+999 1"]
    let results = await withTaskGroup(of: [String].self) { group in
        for country in ["MY", "GB", "US", "SG", "DE", "AR", "RU", "JP"] {
            group.addTask {
                let normalizer = PhoneNormalizer(defaultCountry: country)!
                return numbers.map { (try? normalizer.normalize($0).get()) ?? "invalid" }
            }
        }
        return await group.reduce(into: []) { $0.append($1) }
    }
    #expect(results.count == 8)
    #expect(results.allSatisfy { $0[1] == "+442079460958" && $0[3] == "+60123456789" && $0[4] == "invalid" })
}

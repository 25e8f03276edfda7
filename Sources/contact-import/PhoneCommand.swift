import ArgumentParser
import Foundation
import PhoneNumbers

/// `contact-import phone-numbers --country MY`: what the E.164 workspace setting would make of these numbers.
struct PhoneCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "phone-numbers",
        abstract: "Show what the E.164 workspace setting would make of these numbers.",
        discussion: """
            Reads one number a line from standard input and prints, a line each, its E.164 form or \
            "invalid<TAB>why" (an empty line stays empty). With --per-line-country each line is \
            "COUNTRY<TAB>NUMBER". --bench FILE instead times the normaliser on FILE's numbers.
            Numbering plans: \(NumberingPlan.source).
            """)

    @Option(help: "The workspace's default country (ISO 3166-1 alpha-2, e.g. MY).") var country: String?
    @Flag(help: "Each line is COUNTRY<TAB>NUMBER.") var perLineCountry = false
    @Option(
        help: ArgumentHelp("Time the normaliser on FILE's numbers (one a line): mean ns per number.", valueName: "file")
    )
    var bench: String?

    func validate() throws {
        if let country, PhoneNormalizer(defaultCountry: country) == nil {
            throw ValidationError("--country \(country): no numbering plan has this country code.")
        }
        if country == nil && (!perLineCountry || bench != nil) {
            throw ValidationError("Give the default country with --country (or use --per-line-country).")
        }
    }

    func run() throws {
        if let bench {
            try runBenchmark(file: bench, normalizer: PhoneNormalizer(defaultCountry: country!)!)
            return
        }
        var normalizers: [String: PhoneNormalizer] = [:]
        if let country { normalizers[country.uppercased()] = PhoneNormalizer(defaultCountry: country) }
        while let line = readLine() {
            if line.trimmingCharacters(in: .whitespaces).isEmpty {
                print("")
                continue
            }
            var region = country?.uppercased() ?? ""
            var number = Substring(line)
            if perLineCountry {
                guard let tab = line.firstIndex(of: "\t") else {
                    print("invalid\tnot COUNTRY<TAB>NUMBER")
                    continue
                }
                region = line[..<tab].trimmingCharacters(in: .whitespaces).uppercased()
                number = line[line.index(after: tab)...]
            }
            let text = number.trimmingCharacters(in: .whitespaces)
            if text.isEmpty {
                print("")
                continue
            }
            if normalizers[region] == nil { normalizers[region] = PhoneNormalizer(defaultCountry: region) }
            guard let normalizer = normalizers[region] else {
                print("invalid\tno numbering plan for country \"\(region)\"")
                continue
            }
            switch normalizer.normalize(text) {
            case .success(let e164): print(e164)
            case .failure(let problem): print("invalid\t\(problem.message)")
            }
        }
    }

    /// Normalises every number of `file` in several passes and prints the mean time per number.
    private func runBenchmark(file: String, normalizer: PhoneNormalizer) throws {
        let numbers = try String(contentsOfFile: file, encoding: .utf8)
            .split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        guard !numbers.isEmpty else { throw ValidationError("\(file) has no numbers.") }
        var valid = 0
        for number in numbers { if case .success = normalizer.normalize(number) { valid += 1 } }  // warm-up
        let passes = max(3, 2_000_000 / numbers.count)
        let clock = ContinuousClock()
        var checksum = 0
        let elapsed = clock.measure {
            for _ in 0..<passes {
                for number in numbers {
                    if case .success(let e164) = normalizer.normalize(number) { checksum &+= e164.utf8.count }
                }
            }
        }
        let nanoseconds = Double(elapsed.components.seconds) * 1e9 + Double(elapsed.components.attoseconds) / 1e9
        let mean = nanoseconds / Double(passes * numbers.count)
        print(
            "\(numbers.count) numbers (\(valid) valid for default \(normalizer.defaultCountry)), \(passes) passes: "
                + String(format: "%.0f ns per normalize", mean) + (checksum == 0 ? " (no valid number)" : ""))
    }
}

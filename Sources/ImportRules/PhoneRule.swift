import ContactModel
import PhoneNumbers

/// How an import (and the contacts API) writes phone numbers: the workspace's setting when the import was reviewed
/// (SPEC §10). `asGiven` is the page's behaviour: a phone is stored trimmed, as typed, and matched by identical text.
public enum PhoneRule: Sendable, Equatable, Hashable {
    case asGiven
    /// Every phone is normalised to E.164, national numbers read in `defaultCountry` (ISO 3166-1 alpha-2).
    case e164(defaultCountry: String)

    /// The rule as one stored word: nil for `asGiven`, `e164:MY` otherwise.
    public var stored: String? {
        switch self {
        case .asGiven: nil
        case .e164(let country): "e164:" + country
        }
    }

    /// The rule a stored word names; `asGiven` for nil or anything unknown.
    public init(stored: String?) {
        guard let stored, stored.hasPrefix("e164:") else {
            self = .asGiven
            return
        }
        self = .e164(defaultCountry: String(stored.dropFirst(5)))
    }

    /// The normaliser of an `e164` rule; nil for `asGiven` or a country the numbering plan does not know.
    public var normalizer: PhoneNormalizer? {
        guard case .e164(let country) = self else { return nil }
        return PhoneNormalizer(defaultCountry: country)
    }
}

/// A phone value checked and, under E.164, rewritten: the value to store and match, and whether it differs from the
/// trimmed text the user gave.
public struct CheckedPhone: Sendable, Equatable {
    public var value: String
    public var rewritten: Bool
}

extension PhoneNormalizer {
    /// A trimmed, non-empty phone in E.164, or the rule it breaks ("not a valid number for MY (+60)").
    public func check(_ trimmed: String) -> Result<CheckedPhone, ValueRuleViolation> {
        switch normalize(trimmed) {
        case .success(let e164): .success(CheckedPhone(value: e164, rewritten: e164 != trimmed))
        case .failure(let problem): .failure(ValueRuleViolation(problem.message))
        }
    }
}

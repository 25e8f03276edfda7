/// A set of the digits 0–9, one bit each.
struct DigitSet: Hashable, Sendable {
    var bits: UInt16

    static let any = DigitSet(bits: 0x3FF)

    static func single(_ digit: UInt8) -> DigitSet { DigitSet(bits: 1 << UInt16(digit)) }

    func contains(_ digit: UInt8) -> Bool { bits & (1 << UInt16(digit)) != 0 }
}

/// A pattern of the regular-expression subset libphonenumber's metadata is written in, parsed.
///
/// The subset: digits, `\d`, classes of digits and digit ranges (`[2-79]`), groups (`(?:…)` and, in national
/// prefixes for parsing, capturing `(…)`), alternatives `|`, the quantifiers `?`, `{n}` and `{n,m}`, and the end
/// anchor `$`. `scripts/phone-metadata` refuses metadata outside it.
indirect enum DigitPattern: Equatable, Sendable {
    case digits(DigitSet)
    case sequence([DigitPattern])
    case alternatives([DigitPattern])
    /// A group; `capture` is the 1-based number of a capturing group.
    case group(DigitPattern, capture: Int?)
    case repeated(DigitPattern, min: Int, max: Int)
    case endOfInput

    /// Why a pattern could not be read.
    struct SyntaxError: Error, Equatable {
        let pattern: String
        let offset: Int
    }

    /// Parses `text`, numbering its capturing groups from 1 in the order of their opening parentheses.
    init(parsing text: String) throws(SyntaxError) {
        var parser = Parser(text: Array(text.utf8))
        let pattern = parser.alternatives()
        guard parser.position == parser.text.count, !parser.failed else {
            throw SyntaxError(pattern: text, offset: parser.position)
        }
        self = pattern
    }

    /// The number of capturing groups.
    var captureCount: Int {
        switch self {
        case .digits, .endOfInput: 0
        case .sequence(let items), .alternatives(let items): items.reduce(0) { $0 + $1.captureCount }
        case .group(let inner, let capture): inner.captureCount + (capture == nil ? 0 : 1)
        case .repeated(let inner, _, _): inner.captureCount
        }
    }

    private struct Parser {
        let text: [UInt8]
        var position = 0
        var failed = false
        var captures = 0

        var next: UInt8? { position < text.count ? text[position] : nil }

        mutating func alternatives() -> DigitPattern {
            var choices = [sequence()]
            while next == UInt8(ascii: "|") {
                position += 1
                choices.append(sequence())
            }
            return choices.count == 1 ? choices[0] : .alternatives(choices)
        }

        mutating func sequence() -> DigitPattern {
            var items: [DigitPattern] = []
            while let byte = next, byte != UInt8(ascii: "|"), byte != UInt8(ascii: ")"), !failed {
                guard let atom = atom() else { break }
                items.append(quantified(atom))
            }
            return items.count == 1 ? items[0] : .sequence(items)
        }

        mutating func atom() -> DigitPattern? {
            guard let byte = next else { return nil }
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                position += 1
                return .digits(.single(byte - UInt8(ascii: "0")))
            case UInt8(ascii: "\\"):
                guard position + 1 < text.count, text[position + 1] == UInt8(ascii: "d") else { return fail() }
                position += 2
                return .digits(.any)
            case UInt8(ascii: "["):
                return digitClass()
            case UInt8(ascii: "("):
                position += 1
                var capture: Int?
                if next == UInt8(ascii: "?") {
                    guard position + 1 < text.count, text[position + 1] == UInt8(ascii: ":") else { return fail() }
                    position += 2
                } else {
                    captures += 1
                    capture = captures
                }
                let inner = alternatives()
                guard next == UInt8(ascii: ")") else { return fail() }
                position += 1
                return .group(inner, capture: capture)
            case UInt8(ascii: "$"):
                position += 1
                return .endOfInput
            default:
                return fail()
            }
        }

        mutating func digitClass() -> DigitPattern? {
            position += 1
            var set = DigitSet(bits: 0)
            while let byte = next, byte != UInt8(ascii: "]") {
                guard let low = digit(byte) else { return fail() }
                position += 1
                var high = low
                if next == UInt8(ascii: "-") {
                    guard position + 1 < text.count, let end = digit(text[position + 1]), end >= low else {
                        return fail()
                    }
                    high = end
                    position += 2
                }
                for value in low...high { set.bits |= 1 << UInt16(value) }
            }
            guard next == UInt8(ascii: "]"), set.bits != 0 else { return fail() }
            position += 1
            return .digits(set)
        }

        mutating func quantified(_ atom: DigitPattern) -> DigitPattern {
            switch next {
            case UInt8(ascii: "?"):
                position += 1
                return .repeated(atom, min: 0, max: 1)
            case UInt8(ascii: "{"):
                position += 1
                guard let low = number() else { return fail() ?? atom }
                var high = low
                if next == UInt8(ascii: ",") {
                    position += 1
                    guard let end = number(), end >= low else { return fail() ?? atom }
                    high = end
                }
                guard next == UInt8(ascii: "}") else { return fail() ?? atom }
                position += 1
                return .repeated(atom, min: low, max: high)
            default:
                return atom
            }
        }

        mutating func number() -> Int? {
            var value: Int?
            while let byte = next, let digit = digit(byte), (value ?? 0) < 1000 {
                value = (value ?? 0) * 10 + Int(digit)
                position += 1
            }
            return value
        }

        func digit(_ byte: UInt8) -> UInt8? {
            (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) ? byte - UInt8(ascii: "0") : nil
        }

        mutating func fail() -> DigitPattern? {
            failed = true
            return nil
        }
    }
}

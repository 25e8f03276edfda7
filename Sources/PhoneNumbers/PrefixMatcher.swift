/// Matches a pattern at the start of a number the way Python's `re.match` does, with capturing groups.
///
/// libphonenumber reads international and national prefixes with `re.match`: the first match a backtracking search
/// finds (alternatives in order, quantifiers greedy) decides where the prefix ends and what its groups hold, so this
/// runs the same search over a small program compiled from the pattern. Used for the few prefix patterns a number
/// meets; number validity runs on `NumberAutomaton` instead.
struct PrefixMatcher: Sendable {
    /// Where a match ended and what each capturing group took (`nil` for a group that did not take part).
    struct Match: Equatable {
        let end: Int
        let groups: [Range<Int>?]
    }

    private enum Instruction: Equatable {
        case digits(DigitSet)
        /// Try `preferred` first, then `other`.
        case split(preferred: Int, other: Int)
        case jump(Int)
        /// Record the current position in capture slot `n` (group k starts at 2(k-1), ends at 2(k-1)+1).
        case save(Int)
        case endOfInput
        case match
    }

    private let program: [Instruction]
    let groupCount: Int

    init(_ pattern: DigitPattern) {
        var program: [Instruction] = []
        Self.emit(pattern, into: &program)
        program.append(.match)
        self.program = program
        self.groupCount = pattern.captureCount
    }

    /// The first match at the start of `digits`, or `nil`.
    func match(_ digits: ArraySlice<UInt8>) -> Match? {
        var slots = [Int](repeating: -1, count: groupCount * 2)
        let base = digits.startIndex
        let found: Int? = digits.withUnsafeBufferPointer { buffer in
            slots.withUnsafeMutableBufferPointer { slots in
                program.withUnsafeBufferPointer { program in
                    Self.run(program, 0, buffer, 0, slots)
                }
            }
        }
        guard let end = found else { return nil }
        var groups: [Range<Int>?] = []
        groups.reserveCapacity(groupCount)
        for group in 0..<groupCount {
            let (start, stop) = (slots[2 * group], slots[2 * group + 1])
            groups.append(start >= 0 && stop >= start ? (base + start)..<(base + stop) : nil)
        }
        return Match(end: base + end, groups: groups)
    }

    /// Whether the pattern matches at the start of `digits`.
    func matchesStart(of digits: ArraySlice<UInt8>) -> Bool {
        guard groupCount == 0 else { return match(digits) != nil }
        return digits.withUnsafeBufferPointer { buffer in
            program.withUnsafeBufferPointer { program in
                Self.run(program, 0, buffer, 0, UnsafeMutableBufferPointer(start: nil, count: 0)) != nil
            }
        }
    }

    /// Backtracking search from instruction `pc` at `position`; the end of the first match, or `nil`.
    private static func run(
        _ program: UnsafeBufferPointer<Instruction>, _ pc: Int, _ digits: UnsafeBufferPointer<UInt8>,
        _ position: Int, _ slots: UnsafeMutableBufferPointer<Int>
    ) -> Int? {
        var pc = pc
        var position = position
        while true {
            switch program[pc] {
            case .digits(let set):
                guard position < digits.count, set.contains(digits[position]) else { return nil }
                position += 1
                pc += 1
            case .split(let preferred, let other):
                if let end = run(program, preferred, digits, position, slots) { return end }
                pc = other
            case .jump(let target):
                pc = target
            case .save(let slot):
                let old = slots[slot]
                slots[slot] = position
                if let end = run(program, pc + 1, digits, position, slots) { return end }
                slots[slot] = old
                return nil
            case .endOfInput:
                guard position == digits.count else { return nil }
                pc += 1
            case .match:
                return position
            }
        }
    }

    private static func emit(_ pattern: DigitPattern, into program: inout [Instruction]) {
        switch pattern {
        case .digits(let set):
            program.append(.digits(set))
        case .endOfInput:
            program.append(.endOfInput)
        case .sequence(let items):
            for item in items { emit(item, into: &program) }
        case .group(let inner, let capture):
            if let capture { program.append(.save(2 * (capture - 1))) }
            emit(inner, into: &program)
            if let capture { program.append(.save(2 * (capture - 1) + 1)) }
        case .alternatives(let choices):
            // split L1 L2; L1: a; jump end; L2: split …; last: z; end:
            var jumps: [Int] = []
            for (index, choice) in choices.enumerated() {
                let isLast = index == choices.count - 1
                let split = program.count
                if !isLast { program.append(.jump(-1)) }
                emit(choice, into: &program)
                if !isLast {
                    jumps.append(program.count)
                    program.append(.jump(-1))
                    program[split] = .split(preferred: split + 1, other: program.count)
                }
            }
            for jump in jumps { program[jump] = .jump(program.count) }
        case .repeated(let inner, let min, let max):
            for _ in 0..<min { emit(inner, into: &program) }
            // Greedy optional copies, nested: (x(x(x)?)?)?: every skip leaves the whole repetition.
            var skips: [Int] = []
            for _ in min..<max {
                skips.append(program.count)
                program.append(.jump(-1))
                emit(inner, into: &program)
            }
            for skip in skips { program[skip] = .split(preferred: skip + 1, other: program.count) }
        }
    }
}

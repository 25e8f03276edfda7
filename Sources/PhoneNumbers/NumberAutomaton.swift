/// A deterministic automaton over digits that tells, in one pass over a number, which of several patterns match
/// the whole of it.
///
/// Built from up to 16 patterns, each with its own bit: after reading a number, `matches` holds the bits of the
/// patterns it fully matches (Python's `re.fullmatch`). One automaton per region answers every question number
/// validity asks of the region's patterns.
struct NumberAutomaton: Sendable {
    /// `transitions[state * 10 + digit]`: the next state; -1 when no pattern can match any more.
    private let transitions: [Int32]
    /// The bits of the patterns that match a number ending in each state.
    private let accepting: [UInt16]

    /// The automaton of `patterns`, pattern i on bit i.
    init(_ patterns: [DigitPattern]) {
        precondition(patterns.count <= 16, "an automaton has room for 16 patterns")
        var nfa = NondeterministicAutomaton()
        let start = nfa.addState()
        for (bit, pattern) in patterns.enumerated() {
            let entry = nfa.addState()
            nfa.epsilon[start].append(Int32(entry))
            let exit = nfa.build(pattern, from: entry)
            nfa.accepting[exit] |= 1 << UInt16(bit)
        }
        (transitions, accepting) = nfa.determinised(from: start)
    }

    /// The bits of the patterns that match all of `digits`.
    func matches(_ digits: ArraySlice<UInt8>) -> UInt16 {
        digits.withUnsafeBufferPointer { digits in
            transitions.withUnsafeBufferPointer { transitions in
                var state = 0
                for index in 0..<digits.count {
                    let next = Int(transitions[state &* 10 &+ Int(digits[index])])
                    guard next >= 0 else { return 0 }
                    state = next
                }
                return accepting[state]
            }
        }
    }

    /// The number of states (for tests and sizing).
    var stateCount: Int { accepting.count }
}

/// Thompson's construction: states joined by digit edges and empty (epsilon) edges. Every state has at most one
/// digit edge, since each state is the entry of at most one piece of pattern.
private struct NondeterministicAutomaton {
    /// The digits of each state's digit edge (none: 0) and where it leads.
    var edgeDigits: [DigitSet] = []
    var edgeTarget: [Int32] = []
    var epsilon: [[Int32]] = []
    var accepting: [UInt16] = []

    mutating func addState() -> Int {
        edgeDigits.append(DigitSet(bits: 0))
        edgeTarget.append(-1)
        epsilon.append([])
        accepting.append(0)
        return accepting.count - 1
    }

    /// Adds the states of `pattern` after `entry`; returns the state it ends in.
    mutating func build(_ pattern: DigitPattern, from entry: Int) -> Int {
        switch pattern {
        case .digits(let set):
            precondition(edgeTarget[entry] < 0, "one digit edge a state")
            let exit = addState()
            edgeDigits[entry] = set
            edgeTarget[entry] = Int32(exit)
            return exit
        case .sequence(let items):
            return items.reduce(entry) { build($1, from: $0) }
        case .group(let inner, _):
            return build(inner, from: entry)
        case .alternatives(let choices):
            let exit = addState()
            for choice in choices {
                let start = addState()
                epsilon[entry].append(Int32(start))
                epsilon[build(choice, from: start)].append(Int32(exit))
            }
            return exit
        case .repeated(let inner, let min, let max):
            var state = entry
            for _ in 0..<min { state = build(inner, from: state) }
            for _ in min..<max {
                // x{0,k} takes the same numbers as (x?){k}.
                let start = addState()
                epsilon[state].append(Int32(start))
                let exit = addState()
                epsilon[state].append(Int32(exit))
                epsilon[build(inner, from: start)].append(Int32(exit))
                state = exit
            }
            return state
        case .endOfInput:
            preconditionFailure("an end anchor has no place in a whole-number pattern")
        }
    }

    /// The subset construction: one deterministic state per set of states reachable by the same digits.
    func determinised(from start: Int) -> (transitions: [Int32], accepting: [UInt16]) {
        var index: [[Int32]: Int32] = [:]
        var sets: [[Int32]] = []
        var transitions: [Int32] = []
        var accepting: [UInt16] = []
        // The closure under empty edges, marking visited states with the current round.
        var mark = [Int](repeating: -1, count: self.accepting.count)
        var round = 0
        var stack: [Int32] = []

        func state(reaching targets: [Int32]) -> Int32 {
            round += 1
            var set: [Int32] = []
            var matches: UInt16 = 0
            stack.append(contentsOf: targets)
            while let member = stack.popLast() {
                guard mark[Int(member)] != round else { continue }
                mark[Int(member)] = round
                matches |= self.accepting[Int(member)]
                // Only states with a digit edge matter for what follows; the rest just pass on their matches.
                if edgeTarget[Int(member)] >= 0 { set.append(member) }
                stack.append(contentsOf: epsilon[Int(member)])
            }
            set.sort()
            set.append(Int32(matches))  // two sets with the same states but different matches differ
            if let known = index[set] { return known }
            let id = Int32(sets.count)
            index[set] = id
            sets.append(set)
            accepting.append(matches)
            return id
        }

        _ = state(reaching: [Int32(start)])
        var next = 0
        var targets: [Int32] = []
        while next < sets.count {
            let set = sets[next].dropLast()
            next += 1
            for digit in UInt8(0)...9 {
                targets.removeAll(keepingCapacity: true)
                for member in set where edgeDigits[Int(member)].contains(digit) {
                    targets.append(edgeTarget[Int(member)])
                }
                transitions.append(targets.isEmpty ? -1 : state(reaching: targets))
            }
        }
        return (transitions, accepting)
    }
}

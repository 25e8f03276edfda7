import Testing

@testable import ContactStore

@Suite("Duplicate groups from a key-ordered index slice")
struct DuplicateScanTests {
    /// The scan of `keys` as the whole slice (`sliceFull`: the index may hold more keys after them) or the whole index.
    func scan(_ keys: [String], limit: Int, sliceFull: Bool) -> (shared: [String], lastComplete: String?) {
        var iterator = keys.makeIterator()
        let (scan, end) = DuplicateScan.run(limit: limit, slice: sliceFull ? keys.count : keys.count + 1) {
            iterator.next()
        }
        #expect(!end || !sliceFull)
        return (scan.shared.map(\.key), scan.lastComplete)
    }

    @Test("runs of two or more are shared keys; a slice that reaches the end finishes its last run")
    func runs() {
        let result = scan(["a", "b", "b", "c", "d", "d", "d"], limit: 10, sliceFull: false)
        #expect(result.shared == ["b", "d"])
        #expect(result.lastComplete == "d")
    }

    @Test("a page stops once its groups are complete; the next starts after the last complete key")
    func stopsAtTheLimit() {
        let result = scan(["a", "a", "b", "b", "c", "c"], limit: 1, sliceFull: false)
        #expect(result.shared == ["a"])
        #expect(result.lastComplete == "a")
    }

    @Test("a full slice leaves its last run, which may go on, to the next page")
    func fullSlice() {
        let result = scan(["a", "a", "b", "c", "c"], limit: 10, sliceFull: true)
        #expect(result.shared == ["a"])
        #expect(result.lastComplete == "b")
        let oneRun = scan(["z", "z", "z"], limit: 10, sliceFull: true)
        #expect(oneRun.shared == ["z"])
        #expect(oneRun.lastComplete == "z")
    }
}

import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Gives memory freed by a large step of an import (its review, each job batch) back to the system.
///
/// glibc keeps freed memory in its arenas for later allocations. After a review or a batch of 100,000 rows about
/// 50 MB of them sat free but resident, and the next batch's allocations did not fit in the holes. `malloc_trim(0)`
/// returns the free pages of every arena: the peak of a 200,000-row job fell from 237 MB to 188 MB at the same speed
/// (docs/PERFORMANCE.md). It takes a few milliseconds, once per review and per batch.
public enum FreedMemory {
    public static func release() {
        #if canImport(Glibc)
            // malloc_trim is not part of Swift's Glibc module (it is declared in <malloc.h>).
            guard let symbol = dlsym(nil, "malloc_trim") else { return }
            typealias MallocTrim = @convention(c) (Int) -> Int32
            _ = unsafeBitCast(symbol, to: MallocTrim.self)(0)
        #endif
    }
}

import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The allocator settings every process of the product starts with (the server, the command line, the benchmark).
public enum MallocTuning {
    /// Two settings of glibc's allocator, each measured on a 200,000-row import (docs/PERFORMANCE.md); the same
    /// variables in the environment (`MALLOC_ARENA_MAX`, `MALLOC_MMAP_THRESHOLD_`) still win.
    /// - Two arenas. glibc gives each thread that allocates its own arena (up to 8 per core), and memory freed in
    ///   one arena is not reused by the others: an import's batches, handed between the cooperative pool and the
    ///   database threads, left a third more memory resident. Two arenas measured 288 MB instead of 332 MB at the
    ///   same speed.
    /// - Blocks of 128 KB or more are mapped and unmapped on their own. glibc raises that threshold to the size of
    ///   each large block freed (up to 32 MB): after the 20 MB upload was freed, the rows and results of every chunk
    ///   (a few MB each) were carved from the arenas instead, and the holes they left stayed resident. A fixed
    ///   threshold took the job's peak from 160 MB to 143 MB.
    public static func apply() {
        #if canImport(Glibc)
            // mallopt is not part of Swift's Glibc module; M_ARENA_MAX is -8 and M_MMAP_THRESHOLD -3 in <malloc.h>.
            guard let symbol = dlsym(nil, "mallopt") else { return }
            typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
            let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
            let environment = ProcessInfo.processInfo.environment
            if environment["MALLOC_ARENA_MAX"] == nil { _ = mallopt(-8, 2) }
            if environment["MALLOC_MMAP_THRESHOLD_"] == nil { _ = mallopt(-3, 128 * 1024) }
        #endif
    }
}

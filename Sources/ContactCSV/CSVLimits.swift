/// The limits of SPEC §2: the byte size at which an upload is refused and the most data rows.
public struct CSVLimits: Sendable, Equatable {
    /// A file of this many bytes or more is refused (default 20,971,520, i.e. 20 MB).
    public var maxBytes: Int
    /// The most data rows a file may hold (default 200,000).
    public var maxRows: Int

    /// Makes limits; the defaults are the product's.
    public init(maxBytes: Int = 20_971_520, maxRows: Int = 200_000) {
        self.maxBytes = maxBytes
        self.maxRows = maxRows
    }

    /// The product's limits: less than 20 MB, at most 200,000 data rows.
    public static let standard = CSVLimits()
    /// No limits (benchmarks, tools, reading back files the system wrote).
    public static let unlimited = CSVLimits(maxBytes: Int.max, maxRows: Int.max)
}

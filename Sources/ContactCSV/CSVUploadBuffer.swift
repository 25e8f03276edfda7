/// Collects an upload chunk by chunk and refuses it as soon as it reaches the byte limit,
/// so the HTTP handler can stop reading and answer 413 without holding the rest.
public struct CSVUploadBuffer: Sendable {
    /// A total of this many bytes or more is refused.
    public let limit: Int
    /// The bytes received so far.
    public var bytes: [UInt8] { storage }
    @usableFromInline var storage: [UInt8]

    /// Starts an empty buffer; `expectedSize` (e.g. Content-Length) reserves capacity up to the limit.
    public init(limit: Int = CSVLimits.standard.maxBytes, expectedSize: Int? = nil) {
        self.limit = limit
        self.storage = []
        if let expectedSize, expectedSize > 0 { storage.reserveCapacity(min(expectedSize, limit)) }
    }

    /// The number of bytes received so far.
    public var count: Int { storage.count }

    /// Appends a chunk; throws `CSVError` with code `.tooLarge` once the total reaches the limit
    /// (the chunk is then dropped).
    @inlinable
    public mutating func append(contentsOf chunk: some Collection<UInt8>) throws(CSVError) {
        try reserve(chunk.count)
        let done: Void? = chunk.withContiguousStorageIfAvailable { storage.append(contentsOf: $0) }
        if done == nil { storage.append(contentsOf: chunk) }
    }

    /// Appends a chunk of raw memory; throws `.tooLarge` once the total reaches the limit.
    public mutating func append(_ chunk: UnsafeRawBufferPointer) throws(CSVError) {
        try reserve(chunk.count)
        storage.append(contentsOf: chunk)
    }

    /// Hands over the bytes and leaves the buffer empty.
    public mutating func take() -> [UInt8] {
        defer { storage = [] }
        return storage
    }

    @usableFromInline
    mutating func reserve(_ n: Int) throws(CSVError) {
        if n >= limit - storage.count { throw CSVError.tooLarge(limit: limit) }
    }
}

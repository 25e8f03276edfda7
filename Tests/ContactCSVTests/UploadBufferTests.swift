import Testing

@testable import ContactCSV

/// The upload accumulator refuses at the limit while bytes arrive.
@Suite struct UploadBufferTests {
    @Test func collectsChunksBelowTheLimit() throws {
        var upload = CSVUploadBuffer(limit: 10)
        try upload.append(contentsOf: Array("a,b\n".utf8))
        try upload.append(contentsOf: "1,2\n".utf8)
        #expect(upload.count == 8)
        #expect(try CSVFile(bytes: upload.take()).rowCount == 1)
        #expect(upload.count == 0)
    }

    @Test func refusesAsSoonAsTheTotalReachesTheLimit() throws {
        var upload = CSVUploadBuffer(limit: 10)
        try upload.append(contentsOf: [UInt8](repeating: 0x61, count: 9))
        let error = refusal { try upload.append(contentsOf: [0x61]) }
        #expect(error?.code == .tooLarge)
        #expect(upload.count == 9)
    }

    @Test func rawBufferChunksCountToo() throws {
        var upload = CSVUploadBuffer(limit: 4)
        let chunk: [UInt8] = [1, 2, 3]
        try chunk.withUnsafeBytes { raw in try upload.append(raw) }
        #expect(refusal { try chunk.withUnsafeBytes { raw in try upload.append(raw) } }?.code == .tooLarge)
    }

    @Test func theDefaultLimitIs20MB() throws {
        var upload = CSVUploadBuffer()
        #expect(upload.limit == 20_971_520)
        try upload.append(contentsOf: [UInt8](repeating: 0x61, count: 20_971_519))
        #expect(refusal { try upload.append(contentsOf: [0x61]) }?.code == .tooLarge)
    }

    @Test func aNonContiguousCollectionIsAccepted() throws {
        var upload = CSVUploadBuffer(limit: 100)
        try upload.append(contentsOf: (0..<10).lazy.map { UInt8($0) })
        #expect(upload.bytes == Array(0..<10))
    }
}

import Foundation
import Testing

@testable import ContactCSV

/// The bytes of a file under Fixtures/ (see Fixtures/README.md).
func fixture(_ name: String) throws -> [UInt8] {
    let url = try #require(
        Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures"), "missing fixture \(name)")
    return [UInt8](try Data(contentsOf: url))
}

/// Opens a fixture with the standard limits.
func openFixture(_ name: String) throws -> CSVFile {
    try CSVFile(bytes: fixture(name))
}

/// Every data row of a file.
func allRows(_ file: CSVFile) -> [CSVRow] {
    var rows: [CSVRow] = []
    file.forEachRow { rows.append($0) }
    return rows
}

/// Opens CSV text given as a string.
func open(_ text: String, limits: CSVLimits = .standard) throws(CSVError) -> CSVFile {
    try CSVFile(bytes: Array(text.utf8), limits: limits)
}

/// The `CSVError` that `body` throws, if any (another error fails the test).
func refusal(_ body: () throws -> Void) -> CSVError? {
    do {
        try body()
        return nil
    } catch let error as CSVError {
        return error
    } catch {
        Issue.record("unexpected error \(error)")
        return nil
    }
}

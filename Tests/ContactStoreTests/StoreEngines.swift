import ContactStore
import Foundation

/// Every storage engine the contract suite runs against. Each call gives a fresh, empty store.
enum StoreEngines {
    static let all: [String] = ["sqlite"]

    static func make(_ engine: String) throws -> any DataStore {
        switch engine {
        case "sqlite":
            let directory = FileManager.default.temporaryDirectory
                .appendingPathComponent("contact-import-tests-\(UUID().uuidString)").path
            return try SQLiteStore.open(dataDirectory: directory)
        default:
            fatalError("unknown engine \(engine)")
        }
    }
}

/// A storage failure the caller can act on; its message is safe to show a person.
public struct StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable {
        /// The thing named does not exist (in this workspace).
        case notFound
        /// A uniqueness rule would be broken (a field name or id already taken, an email already a member…).
        case conflict
        /// An input the store itself refuses (a malformed cursor…).
        case invalidInput
        /// Another import of the workspace is processing.
        case importInProgress
        /// The import is not in a state that allows this step (already started, canceled…).
        case wrongState
        /// The import's review was not started in time (SPEC §6).
        case sessionExpired
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code.rawValue): \(message)" }
}

/// A storage failure the caller can act on; its message is safe to show a person. The import lifecycle's refusals
/// are `ImportError`s, decided by `ImportLifecycle`.
public struct StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable {
        /// The thing named does not exist (in this workspace).
        case notFound
        /// A uniqueness rule would be broken (a field name or id already taken, an email already a member…).
        case conflict
        /// An input the store itself refuses (a malformed cursor…).
        case invalidInput
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code.rawValue): \(message)" }
}

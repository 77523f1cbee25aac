/// Why one file could not be imported: `PATH: reason`. Never stops the rest of the batch.
public struct ImportFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file (or folder) that failed.
    public var path: String
    /// Why.
    public var reason: String

    /// Makes a value from its parts.
    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String { "\(path): \(reason)" }
}

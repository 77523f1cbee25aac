import Foundation

/// Why an audience could not be added, edited or removed. `description` is one line a user can act on.
public enum AudienceError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `add` of an id already in force.
    case exists(String)
    /// `remove` of an audience that is built in or comes from a file, not from the catalogue.
    case notRemovable(String, source: String)

    public var description: String {
        switch self {
        case .exists(let id):
            return "audience '\(id)' already exists; change it with `reel audience edit \(id)` or choose another id"
        case .notRemovable(let id, let source):
            return "audience '\(id)' comes from \(source), not the catalogue, so it cannot be removed; edit it instead (the edit is stored in the catalogue)"
        }
    }
}

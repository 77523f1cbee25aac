import Playlists

/// What `Catalog.tag(_:add:remove:)` did: the target and its themes afterwards.
public struct TagChange: Sendable, Equatable {
    /// The clip or segment short id.
    public var target: String
    /// Theme ids newly added.
    public var added: [String]
    /// Theme ids removed.
    public var removed: [String]
    /// Theme ids asked to be removed that the target did not have.
    public var notPresent: [String]
    /// All theme ids on the target afterwards, sorted.
    public var themes: [String]

    /// Makes a value from its parts.
    public init(target: String, added: [String], removed: [String], notPresent: [String], themes: [String]) {
        self.target = target
        self.added = added
        self.removed = removed
        self.notPresent = notPresent
        self.themes = themes
    }
}

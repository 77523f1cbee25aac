/// An item left out of an export (or a render, or a publication) because it may not be used any more.
public struct PlaylistLeftOut: Sendable, Equatable, CustomStringConvertible {
    /// The entry left out.
    public var entry: PlaylistEntry
    /// Why, e.g. `consent withdrawn 2026-11-21`.
    public var reason: String

    /// An entry left out, with the reason.
    public init(entry: PlaylistEntry, reason: String) {
        self.entry = entry
        self.reason = reason
    }

    /// `left out: c-1a2b3c (Sam Patel, porter): consent withdrawn 2026-11-21`.
    public var description: String { "left out: \(entry.id) (\(entry.voice)): \(reason)" }
}

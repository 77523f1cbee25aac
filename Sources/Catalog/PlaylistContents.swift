import Foundation

/// A playlist with its entries read at one moment (consent as of then), for `reel playlist show` and `list`.
public struct PlaylistContents: Sendable, Equatable {
    /// The stored playlist.
    public var playlist: Playlist
    /// Every item in playing order, usable or not.
    public var entries: [PlaylistEntry]

    /// A playlist and its entries.
    public init(playlist: Playlist, entries: [PlaylistEntry]) {
        self.playlist = playlist
        self.entries = entries
    }

    /// The running time of every item (ms).
    public var totalMs: Int64 { entries.reduce(0) { $0 + $1.item.durationMs } }
}

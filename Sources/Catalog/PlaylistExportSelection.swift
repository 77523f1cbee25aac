import Foundation
import Playlists

/// What of a playlist may be exported at a moment: the usable entries in playing order, and those left out.
///
/// Made by `Catalog.exportablePlaylistItems(_:at:)`, the one place that decides; exports, renders and
/// publications all go through it, so a withdrawn speaker's clip can never reach a file.
public struct PlaylistExportSelection: Sendable, Equatable {
    /// The playlist as stored at the moment of the check.
    public var playlist: Playlist
    /// The entries to export, in playing order.
    public var usable: [PlaylistEntry]
    /// The entries left out, in playing order, each with its reason.
    public var leftOut: [PlaylistLeftOut]
    /// The moment consent was checked at.
    public var checkedAt: Date

    /// A selection from its parts.
    public init(playlist: Playlist, usable: [PlaylistEntry], leftOut: [PlaylistLeftOut], checkedAt: Date) {
        self.playlist = playlist
        self.usable = usable
        self.leftOut = leftOut
        self.checkedAt = checkedAt
    }
}

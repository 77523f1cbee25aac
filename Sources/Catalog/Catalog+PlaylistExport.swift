import Foundation
import GRDB
import Playlists

extension Catalog {
    /// What of a playlist may be exported, rendered or published at `date`: the entries whose speaker's consent is
    /// current then, and those left out with the reason (`consent withdrawn 2026-11-21`).
    ///
    /// The one place that decides: every export format, and later renders and publications, take their entries
    /// from here, so nothing they write can contain a clip whose consent was withdrawn after the build.
    /// Throws `PlaylistError.unknownPlaylist`.
    public func exportablePlaylistItems(_ playlist: Playlist, at date: Date = Date()) throws -> PlaylistExportSelection {
        try writer.read { db in
            // Read the playlist again: it may have been edited since the caller fetched it.
            guard let id = playlist.id, let current = try Playlist.fetchOne(db, key: id) else {
                throw PlaylistError.unknownPlaylist(playlist.name, suggestions: [])
            }
            var usable: [PlaylistEntry] = []
            var leftOut: [PlaylistLeftOut] = []
            for entry in try entries(of: current, at: date, db) {
                if entry.consent.state.isUsable {
                    usable.append(entry)
                } else {
                    leftOut.append(PlaylistLeftOut(entry: entry, reason: Catalog.consentReason(entry.consent, speaker: entry.speaker)))
                }
            }
            return PlaylistExportSelection(playlist: current, usable: usable, leftOut: leftOut, checkedAt: date)
        }
    }

    /// `exportablePlaylistItems(_:at:)` for the playlist with this name.
    public func exportablePlaylistItems(named name: String, at date: Date = Date()) throws -> PlaylistExportSelection {
        try exportablePlaylistItems(try playlist(named: name), at: date)
    }
}

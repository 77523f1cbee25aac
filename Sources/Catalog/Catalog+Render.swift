import Foundation
import Media
import Playlists

extension Catalog {
    /// What of a playlist can be rendered now, as `RenderPiece`s, and what was left out (one line each).
    public struct RenderPlan: Sendable, Equatable {
        /// The usable entries in playing order, each as a piece with its title, lower third and captions.
        public var pieces: [RenderPiece]
        /// `left out: c-1a2b3c (Sam Patel, porter): consent withdrawn 2026-11-21`, one per entry left out.
        public var leftOut: [String]
        /// The playlist's name.
        public var playlistName: String = ""
        /// How well each piece's range is captioned, in playing order.
        public var captionCoverage: [CaptionCoverage] = []

        /// The pieces with no caption in their range.
        public var uncaptioned: [CaptionCoverage] { captionCoverage.filter(\.isMissing) }

        /// Throws `MissingCaptionsError` naming the items without captions, so a render that requires captions is
        /// refused before anything is written.
        public func requireCaptions() throws(MissingCaptionsError) {
            let missing = uncaptioned
            if !missing.isEmpty { throw MissingCaptionsError(playlist: playlistName, missing: missing, total: pieces.count) }
        }
    }

    /// Turns the playlist named `name` into render pieces, checking consent at `date` through
    /// `exportablePlaylistItems(_:at:)`: an entry whose speaker's consent is no longer usable is left out and named.
    ///
    /// Each piece's title is the entry's `displayTitle` (`Sam Patel — Porter: title`), its lower third
    /// `Sam Patel — Porter`, and its captions the clip's catalogue captions (else an SRT/WebVTT sidecar beside the
    /// clip, else its approved draft captions). Throws `PlaylistError.unknownPlaylist`, `PlaylistError.nothingToExport` when no entry may be used, and
    /// database errors.
    public func renderPlan(forPlaylist name: String, at date: Date = Date()) throws -> RenderPlan {
        let selection = try exportablePlaylistItems(named: name, at: date)
        guard !selection.usable.isEmpty else {
            throw selection.leftOut.isEmpty
                ? PlaylistError.emptyPlaylist(selection.playlist.name) : PlaylistError.nothingToExport(selection.playlist.name)
        }
        var pieces: [RenderPiece] = []
        var coverage: [CaptionCoverage] = []
        for entry in selection.usable {
            var captions = try entry.clip.id.map { try self.importedCaptions(forClip: $0) } ?? []
            if captions.isEmpty { captions = Catalog.sidecarCaptions(for: entry.clip.path) ?? [] }
            var awaitingApproval = false
            if captions.isEmpty, let id = entry.clip.id {
                captions = try writer.read { db in try Catalog.approvedDraftCaptions(clipID: id, db) }
                awaitingApproval = try captions.isEmpty && writer.read({ db in try CaptionDraft.fetchOne(db, key: id) }) != nil
            }
            let who = entry.speaker.map { "\($0.name) — \(entry.role?.label ?? $0.roleID)" }
            pieces.append(RenderPiece(
                path: entry.clip.path, from: entry.start, to: entry.end, title: entry.displayTitle, lowerThird: who, captions: captions))
            var covered = CaptionCoverage(id: entry.id, voice: entry.voice, from: entry.start, to: entry.end, captions: captions)
            covered.draftAwaitingApproval = awaitingApproval ? entry.clip.shortID : nil
            coverage.append(covered)
        }
        return RenderPlan(pieces: pieces, leftOut: selection.leftOut.map(\.description), playlistName: selection.playlist.name,
                          captionCoverage: coverage)
    }
}

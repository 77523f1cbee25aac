import Catalog
import Foundation
import Media
import Playlists
import Testing

/// `Catalog.renderPlan(forPlaylist:at:)`: a stored playlist as render pieces, with consent checked at the last moment.
@Suite(.serialized)
struct RenderPlanTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The sample footage imported with the sample shot log, and a non-clinical playlist of about 35 s.
    static func catalogWithPlaylist() async throws -> (Catalog, PlaylistBuildResult) {
        let catalog = try Catalog(inMemoryWith: .standard)
        let media = root.appendingPathComponent("Media").path
        let clips = try FileManager.default.contentsOfDirectory(atPath: media)
            .filter { ["mp4", "mov", "mkv", "webm", "ts"].contains(($0 as NSString).pathExtension) }.sorted()
            .map { (media as NSString).appendingPathComponent($0) }
        let log = try ShotLog(contentsOf: root.appendingPathComponent("Catalog/shotlog.csv").path)
        _ = try await catalog.importMedia(clips, options: ImportOptions(shotLog: log, concurrency: 2, makePictures: false, recordedBy: "test"))
        let audience = try #require(AudienceProfileSet.standard.profile(id: "non-clinical"))
        let built = try catalog.buildPlaylist(named: "Porters", request: PlaylistRequest(audience: audience, targetMs: 35_000))
        return (catalog, built)
    }

    @Test func piecesFollowThePlaylistAndAWithdrawnSpeakerIsLeftOut() async throws {
        let (catalog, built) = try await Self.catalogWithPlaylist()
        let entries = try catalog.exportablePlaylistItems(named: "Porters").usable
        try #require(entries.count >= 2)
        let plan = try catalog.renderPlan(forPlaylist: "Porters")
        #expect(plan.leftOut.isEmpty)
        #expect(plan.pieces.map(\.path) == entries.map(\.clip.path))
        #expect(plan.pieces.map(\.title) == entries.map(\.displayTitle))
        #expect(plan.pieces.map(\.from) == entries.map(\.start))
        #expect(plan.pieces.map(\.to) == entries.map(\.end))
        for (piece, entry) in zip(plan.pieces, entries) {
            let speaker = try #require(entry.speaker)
            #expect(piece.lowerThird == "\(speaker.name) — \(entry.role?.label ?? speaker.roleID)")
            #expect(piece.title.hasPrefix(piece.lowerThird ?? "?"))
        }

        // The second speaker withdraws after the build: their clip is left out of the render, and named.
        let gone = entries[1]
        let speaker = try #require(gone.speaker?.name)
        let withdrawnAt = Date()
        try catalog.withdrawConsent(speaker: speaker, reason: "changed their mind", recordedBy: "test", at: withdrawnAt)
        let after = try catalog.renderPlan(forPlaylist: "Porters", at: withdrawnAt.addingTimeInterval(1))
        #expect(!after.pieces.contains { $0.title.hasPrefix(speaker) })
        #expect(after.pieces.count == entries.filter { $0.speaker?.name != speaker }.count)
        #expect(after.leftOut.contains("left out: \(gone.id) (\(gone.voice)): consent withdrawn \(CalendarDay(withdrawnAt))"))

        // When everyone has withdrawn there is nothing to render.
        for item in built.plan.items { try? catalog.withdrawConsent(speaker: item.candidate.speakerName!, recordedBy: "test", at: withdrawnAt) }
        #expect(throws: PlaylistError.nothingToExport("Porters")) {
            _ = try catalog.renderPlan(forPlaylist: "Porters", at: withdrawnAt.addingTimeInterval(2))
        }
    }
}

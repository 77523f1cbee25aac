import Catalog
import Foundation
import Media
import Testing

/// Issue 9 item 1: a clip's themes apply to the whole clip and its segments unless a segment says otherwise.
struct SegmentThemeRuleTests {
    let now = PlaylistSamples.grantedAt.addingTimeInterval(30 * 86_400)

    /// A nurse's clip tagged `communication` whose shot log gave it one segment on `what-matters-most`, as the
    /// sample shot log does for nurse-1080p.mp4; plus a porter's clip on communication.
    func catalogue() throws -> (Catalog, Clip) {
        let catalog = try Catalog(inMemoryWith: .standard)
        try catalog.addSpeaker(name: "Grace Adebayo", role: "nurse", consentReference: "CF-1", recordedBy: "t", at: PlaylistSamples.grantedAt)
        try catalog.addSpeaker(name: "Tom Hughes", role: "porter", consentReference: "CF-2", recordedBy: "t", at: PlaylistSamples.grantedAt)
        let nurse = try PlaylistSamples.addClip(catalog, number: 1, speaker: "Grace Adebayo", seconds: 60, title: "Asking what matters")
        try catalog.tag(nurse.shortID, add: ["communication"])
        try catalog.addSegment(clipID: nurse.id!, start: MediaTime(seconds: 5), end: MediaTime(seconds: 30), title: "What matters most",
                               themes: ["what-matters-most"])
        let porter = try PlaylistSamples.addClip(catalog, number: 2, speaker: "Tom Hughes", seconds: 40)
        try catalog.tag(porter.shortID, add: ["communication"])
        return (catalog, nurse)
    }

    @Test func theRuleAddsTheClipsThemesToTheSegmentsOwnLessThoseSetAside() {
        #expect(Segment.effectiveThemes(clipThemes: ["communication"], ownThemes: ["what-matters-most"])
            == ["communication", "what-matters-most"])
        #expect(Segment.effectiveThemes(clipThemes: ["communication", "memory-making"], ownThemes: [], setAside: ["communication"])
            == ["memory-making"])
        #expect(Segment.effectiveThemes(clipThemes: [], ownThemes: ["inclusivity"], setAside: ["inclusivity"]) == ["inclusivity"])
    }

    @Test func aSegmentCarriesItsClipsThemesForTheBuilder() throws {
        let (catalog, nurse) = try catalogue()
        let segment = try #require(try catalog.playlistCandidates(at: now).first { $0.clipID == nurse.id! })
        #expect(segment.segmentID != nil)
        #expect(segment.themes == ["communication", "what-matters-most"])
        let request = PlaylistRequest(audience: PlaylistSamples.audience("clinical"), themes: ["communication"], targetMs: 60_000)
        let result = try catalog.buildPlaylist(named: "nurses", request: request, at: now)
        #expect(result.plan.items.contains { $0.candidate.clipID == nurse.id! })
        #expect(!result.plan.explanation.leftOut.contains { $0.reason == "on none of this playlist's themes" })
    }

    @Test func aSegmentCanSetAClipThemeAside() throws {
        let (catalog, nurse) = try catalogue()
        let aside = try catalog.addSegment(clip: nurse.shortID, from: "40", to: "55", title: "A quiet word", notThemes: ["communication"])
        #expect(aside.setAsideThemes == ["communication"])
        #expect(try catalog.segments(ofClip: nurse.shortID).last?.setAsideThemes == ["communication"])
        let candidate = try #require(try catalog.playlistCandidates(at: now).first { $0.id == aside.id })
        #expect(candidate.themes == [])
        let request = PlaylistRequest(audience: PlaylistSamples.audience("clinical"), themes: ["communication"], targetMs: 60_000)
        let result = try catalog.buildPlaylist(named: "nurses", request: request, at: now)
        #expect(result.plan.explanation.leftOut.contains { $0.reason == "on none of this playlist's themes" && $0.examples == [aside.id] })
    }

    @Test func includeOfAClipTakesTheWholeClipAndSaysSo() throws {
        let (catalog, nurse) = try catalogue()
        let request = PlaylistRequest(audience: PlaylistSamples.audience("clinical"), themes: ["communication"], targetMs: 90_000,
                                      include: [nurse.shortID])
        let result = try catalog.buildPlaylist(named: "nurses", request: request, at: now)
        let item = try #require(result.plan.items.first { $0.candidate.clipID == nurse.id! })
        #expect(item.candidate.segmentID == nil && item.candidate.startMs == 0 && item.candidate.endMs == 60_000)
        #expect(item.reason.contains("asked for with --include"))
        #expect(result.plan.explanation.notes.contains("--include \(nurse.shortID) took the whole clip (0:00–1:00), not one of its segments; name a segment (s-…) to take only that part"))
        // The segment is not also taken: it overlaps the whole clip.
        #expect(result.plan.items.filter { $0.candidate.clipID == nurse.id! }.count == 1)
        let stored = try catalog.playlistContents(named: "nurses", at: now).entries.first { $0.item.clipID == nurse.id! }
        #expect(stored?.item.segmentID == nil && stored?.item.endMs == 60_000)
    }
}

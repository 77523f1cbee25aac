import Catalog
import Foundation
import Media
import Playlists
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

/// Issue 9 item 3: a build that cannot honour the audience's preferences says so and which clips to tag.
struct PlaylistShortfallTests {
    typealias S = PlaylistSamples

    @Test func saysWhichClipsToTagWhenPreferredVoicesAndLengthFallShort() {
        // Two short porter clips on communication; nurses' clips are consented but tagged with nothing the playlist wants.
        let candidates = [
            S.candidate("c-1", clip: 1, speaker: 1, role: S.role("porter"), themes: ["communication"], seconds: 40),
            S.candidate("c-2", clip: 2, speaker: 2, role: S.role("housekeeper"), themes: ["communication"], seconds: 40),
            S.candidate("c-3", clip: 3, speaker: 3, role: S.role("nurse"), themes: ["inclusivity"], seconds: 90),
            S.candidate("c-4", clip: 4, speaker: 4, role: S.role("nurse"), themes: [], seconds: 60),
            S.candidate("c-5", clip: 5, speaker: 5, role: S.role("doctor"), themes: [], seconds: 120),
            S.candidate("c-6", clip: 6, speaker: 6, role: S.role("nurse"), themes: [], seconds: 200,
                        consent: ConsentStatus(state: .withdrawn, reference: "CF-6")),
        ]
        let request = PlaylistRequest(audience: S.audience("clinical"), themes: ["communication", "memory-making"], targetMs: 6 * 60_000,
                                      preferredRoleIDs: ["nurse"])
        let plan = PlaylistBuilder().build(request, from: candidates)
        let e = plan.explanation
        #expect(e.shortfalls.contains("no voice this audience favours (nurse) is in the playlist: no consented clip by them is on these themes"))
        let tags = e.tagSuggestions ?? []
        // The nurse first (the preferred voice), then the longest others until the gap is closed; never the withdrawn one.
        #expect(tags.map(\.id) == ["c-3", "c-4", "c-5"])
        #expect(tags.first?.themes.first == "memory-making")  // the uncovered theme first
        #expect(tags.first?.reason == "a voice this audience favours (nurse); adds 1:30 toward the 6:00 target")
        #expect(tags.first?.command == "reel tag c-3 --theme memory-making")
        #expect(e.text.contains("To close the shortfall, tag these consented clips"))
        #expect(e.text.contains("  reel tag c-3 --theme memory-making (or communication)  1:30  Speaker 3, nurse: a voice this audience favours (nurse); adds 1:30 toward the 6:00 target"))
    }

    @Test func noSuggestionsWhenEverythingIsMet() {
        let candidates = S.candidates(count: 150, speakers: 30)
        let plan = PlaylistBuilder().build(PlaylistRequest(audience: S.audience("clinical")), from: candidates)
        #expect(plan.explanation.shortfalls.isEmpty)
        #expect(plan.explanation.tagSuggestions == [])
    }
}

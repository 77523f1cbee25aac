import Foundation
import Media
import Testing
@testable import Catalog

/// Segments (ranges of a clip) and theme tags.
struct SegmentAndTagTests {
    @Test func segmentsAreCheckedAgainstTheClipAndGetStableIDs() async throws {
        let catalog = try await TestSupport.sampleCatalogue()
        let porter = try catalog.resolveClip("porter-prores.mov")
        let hex = porter.shortID.dropFirst(2)
        let a = try catalog.addSegment(clip: porter.shortID, from: "0.4", to: "3.72", title: "Dignity", themes: ["every-role-matters"])
        #expect(a.id == "s-\(hex)-1")
        #expect(a.segment.startMs == 400 && a.segment.endMs == 3720)
        // Overlaps are allowed; frames count at the clip's 25 fps.
        let b = try catalog.addSegment(clip: porter.shortID, from: "00:00:01:00", to: "00:00:04:12", title: "Overlap")
        #expect(b.id == "s-\(hex)-2")
        #expect(b.segment.endMs == 4480)
        #expect(throws: CatalogError.invalidSegment(clip: porter.shortID, reason: "the range 00:00:02.000–00:00:06.000 ends after the clip does (duration 00:00:05.000)")) {
            try catalog.addSegment(clip: porter.shortID, from: "2", to: "6", title: "Too long")
        }
        #expect(throws: CatalogError.invalidSegment(clip: porter.shortID, reason: "the range 00:00:03.000–00:00:02.000 is empty or reversed: --to must come after --from")) {
            try catalog.addSegment(clip: porter.shortID, from: "3", to: "2", title: "Backwards")
        }
        #expect(throws: CatalogError.invalidTime("1:75", reason: "seconds must be below 60")) {
            try catalog.addSegment(clip: porter.shortID, from: "1:75", to: "2", title: "Bad")
        }
        #expect(throws: CatalogError.unknownTheme("dignity", suggestions: [])) {
            try catalog.addSegment(clip: porter.shortID, from: "1", to: "2", title: "Bad theme", themes: ["dignity"])
        }
        #expect(throws: CatalogError.missingValue("the segment title")) {
            try catalog.addSegment(clip: porter.shortID, from: "1", to: "2", title: "  ")
        }
        #expect(try catalog.segments(ofClip: porter.shortID).map(\.id) == [a.id, b.id])
        #expect(try catalog.clips(matching: ClipQuery(text: "overlap")).map(\.clip.fileName) == ["porter-prores.mov"])
        #expect(try TestSupport.consistencyProblems(catalog).isEmpty)
    }

    @Test func tagAndUntagClipsAndSegments() async throws {
        let catalog = try await TestSupport.sampleCatalogue()
        let lav = try catalog.resolveClip("lav-one-channel.mp4")
        let change = try catalog.tag(lav.shortID, add: ["Staff wellbeing", "communication"], remove: ["what-matters-most", "inclusivity"])
        #expect(change.added == ["staff-wellbeing", "communication"])
        #expect(change.removed == ["what-matters-most"])
        #expect(change.notPresent == ["inclusivity"])
        #expect(change.themes == ["communication", "staff-wellbeing"])
        #expect(try catalog.clips(matching: ClipQuery(themes: ["staff-wellbeing"])).map(\.clip.fileName) == ["lav-one-channel.mp4"])
        // Tagging again is a no-op.
        #expect(try catalog.tag(lav.shortID, add: ["communication"]).added == [])

        let segment = try catalog.addSegment(clip: "lav-one-channel.mp4", from: "0", to: "2", title: "Comfort")
        let s = try catalog.tag(segment.id.uppercased(), add: ["care-after-death"])
        #expect(s.target == segment.id)
        #expect(s.themes == ["care-after-death"])
        #expect(try catalog.clips(matching: ClipQuery(themes: ["care-after-death"])).map(\.clip.fileName).contains("lav-one-channel.mp4"))
        #expect(throws: CatalogError.unknownTheme("welbeing", suggestions: ["staff-wellbeing"])) { try catalog.tag(lav.shortID, add: ["welbeing"]) }
        #expect(throws: CatalogError.unknownSegment("s-000000-9")) { try catalog.tag("s-000000-9", add: ["communication"]) }
    }
}

import Foundation
import Media
import Testing

@testable import Catalog

/// Issue 11.11: names and titles are one line of text.
struct OneLineTextTests {
    @Test func lineBreaksAreRefusedInSpeakerNamesAndTitles() throws {
        let catalog = try PlaylistSamples.catalogue()
        for name in ["Sam\nPatel", "Sam\rPatel", "Sam\u{2028}Patel", "Sam\u{0}Patel"] {
            #expect(throws: CatalogError.notOneLine("the speaker's name")) {
                try catalog.addSpeaker(name: name, role: "porter", recordedBy: "test")
            }
        }
        #expect(CatalogError.notOneLine("the speaker's name").description
            == "the speaker's name must be one line of text: it contains a line break or another control character")
        let clip = try #require(try catalog.clips().first).clip
        #expect(throws: CatalogError.notOneLine("the segment title")) {
            try catalog.addSegment(clipID: clip.id!, start: MediaTime(milliseconds: 0), end: MediaTime(milliseconds: 1000), title: "Why\nnames")
        }
        // Trailing whitespace is trimmed as before, not refused.
        #expect(try catalog.addSpeaker(name: "  Zoe Hart \n", role: "porter", recordedBy: "test").name == "Zoe Hart")
    }

    @Test func aShotLogRowWithALineBreakInTheSpeakerIsAProblem() async throws {
        let catalog = try Catalog(inMemoryWith: .standard)
        let log = try ShotLog(csv: "file,speaker,title\nx.mp4,\"Sam\nPatel\",Nights\ny.mp4,Ann,\"Two\nlines\"\n", path: "log.csv")
        #expect(log.entries.count == 2)
        let report = try await catalog.importMedia([], options: ImportOptions(shotLog: log, makePictures: false, recordedBy: "t"))
        #expect(report.shotLogIssues.map(\.description) == [
            "log.csv:2: the speaker must be one line of text: it contains a line break or another control character",
            "log.csv:4: the title must be one line of text: it contains a line break or another control character",
        ])
    }
}

import Foundation
import Media
import Playlists
import Testing

@testable import Catalog

/// Issue 11.9: what a user typed (titles, captions) cannot break the pages and caption files the exports write.
struct HostileExportTests {
    let now = PlaylistSamples.grantedAt.addingTimeInterval(30 * 86_400)

    @Test func aHostileSegmentTitleCannotBreakTheHTMLPagesScript() throws {
        let catalog = try PlaylistSamples.catalogue()
        let title = "<!--<script>alert(1)</script><SCRIPT>"
        let ana = try #require(try catalog.clips().first { $0.speaker?.name == "Ana Lopez" })
        let segment = try catalog.addSegment(clipID: ana.clip.id!, start: MediaTime(milliseconds: 130_000), end: MediaTime(milliseconds: 134_000),
                                             title: title, themes: ["what-matters-most"])
        let request = PlaylistRequest(audience: PlaylistSamples.audience("mixed"), themes: nil, targetMs: 6 * 60_000,
                                      include: [segment.segment.shortID], exclude: [], seed: 1)
        _ = try catalog.buildPlaylist(named: "hostile", request: request, at: now)
        let timeline = PlaylistTimeline(selection: try catalog.exportablePlaylistItems(named: "hostile", at: now))
        #expect(timeline.entries.contains { $0.entry.displayTitle.contains(title) })
        let pieces = timeline.entries.map {
            PlaylistMediaWriter.Piece(number: $0.number, fileName: "\($0.number).mp4", path: "/nowhere/\($0.number).mp4",
                                      duration: $0.entry.duration, reused: false)
        }
        let html = PlaylistHTMLExporter.html(timeline, pieces: pieces, mediaFolder: "hostile.media", captions: [:],
                                             taxonomy: .standard, audienceLabel: nil)
        let script = try #require(html.range(of: "<script>\n").map { html[$0.upperBound...] })
        let body = try #require(script.range(of: "</script>").map { script[..<$0.lowerBound] })
        // Nothing in the script data can end it or switch the HTML parser into its script-escaped states.
        #expect(!body.contains("<!--"))
        #expect(!body.lowercased().contains("<script"))
        #expect(!body.lowercased().contains("</script"))
        // The data still reads back as the title typed.
        let line = try #require(body.split(separator: "\n").first { $0.hasPrefix("const items = ") })
        let json = line.dropFirst("const items = ".count).dropLast()
        let items = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])
        #expect(items.contains { ($0["title"] as? String)?.contains(title) == true })
    }
}

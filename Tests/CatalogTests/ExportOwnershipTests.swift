import Foundation
import Media
import Playlists
import Testing

@testable import Catalog

/// Issue 11.6: `playlist export` replaces only its own, unchanged files.
struct ExportOwnershipTests {
    @Test func anExportReplacesOnlyWhatItWrote() async throws {
        let catalog = try PlaylistSamples.catalogue()
        let now = PlaylistSamples.grantedAt.addingTimeInterval(30 * 86_400)
        _ = try catalog.buildPlaylist(named: "p", request: PlaylistRequest(audience: PlaylistSamples.audience("mixed"), targetMs: 3 * 60_000), at: now)
        let dir = try TestSupport.temporaryFolder("export-own")
        defer { TestSupport.cleanUp(dir) }
        let mine = dir + "/mine.json"
        try "my own notes".write(toFile: mine, atomically: true, encoding: .utf8)
        let exporter = PlaylistExporter(catalog: catalog)
        await #expect(throws: PlaylistError.cannotWrite(
            path: mine, reason: "already exists and Reel did not write it, so it is not replaced (move it, or use --overwrite)")) {
            _ = try await exporter.export("p", format: .json, to: mine)
        }
        #expect(try String(contentsOfFile: mine, encoding: .utf8) == "my own notes")
        _ = try await exporter.export("p", format: .json, to: mine, overwrite: true)
        #expect(try String(contentsOfFile: mine, encoding: .utf8).hasPrefix("{"))
        // Reel's own, unchanged: replaced freely.
        _ = try await exporter.export("p", format: .json, to: mine)
        // Edited by hand since: refused again.
        try "edited".write(toFile: mine, atomically: true, encoding: .utf8)
        await #expect(throws: PlaylistError.self) { _ = try await exporter.export("p", format: .json, to: mine) }
        #expect(try String(contentsOfFile: mine, encoding: .utf8) == "edited")
    }
}

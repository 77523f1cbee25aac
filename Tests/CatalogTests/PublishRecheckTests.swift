import Foundation
import Media
import Playlists
import Testing

@testable import Catalog

/// Issue 11.4 and 11.5: consent checked again while publishing, and what Reel published earlier for a speaker who
/// withdrew taken out of the folder.
struct PublishRecheckTests {
    static func report(source: String, checksum: String, output: String, captions: String? = nil, poster: String? = nil,
                       hls: Bool = false) -> PublishReport {
        var r = PublishReport(
            source: source, sourceChecksum: checksum, preset: PresetLibrary.standard.preset(named: hls ? "hls" : "audio")!, output: output,
            outputSize: 1, durationSeconds: 1, width: 0, height: 0, rotationApplied: 0, deinterlaced: false, toneMapped: false,
            silentChannelFoldedFrom: nil, gainDB: 0, loudnessBefore: nil, loudnessAfter: nil, captionCount: 0, captionsFile: captions,
            posterFile: poster, videoFilter: nil, audioFilter: nil, warnings: [], finishedAt: Date())
        if hls { r.renditions = [] }
        return r
    }

    @Test func theClearanceReadsConsentAgainEachTime() throws {
        let catalog = try PlaylistSamples.catalogue()
        let ana = try #require(try catalog.clips().first { $0.speaker?.name == "Ana Lopez" })
        let job = try catalog.publishJob(for: ana.clip, outputFolder: "/tmp/out", preset: PresetLibrary.standard.preset(named: "audio")!)
        #expect(job.clip == ana.clip.shortID)
        let clearance = catalog.publishClearance()
        try clearance(job)
        try catalog.withdrawConsent(speaker: "Ana Lopez", reason: "changed her mind", recordedBy: "test")
        let today = CalendarDay(Date()).description
        #expect(throws: PublishWithheld(source: ana.clip.path, reason: "consent withdrawn \(today) (Ana Lopez)")) { try clearance(job) }
        // A plain file (no catalogue clip) is not the catalogue's to refuse.
        try clearance(PublishBatch.Job(source: "/x.mp4", output: "/tmp/out/x.m4a"))
    }

    @Test func earlierOutputsOfAWithdrawnSpeakerAreRemovedAndNothingElse() throws {
        let catalog = try PlaylistSamples.catalogue()
        let dir = try TestSupport.temporaryFolder("withdrawn-out")
        defer { TestSupport.cleanUp(dir) }
        let clips = try catalog.clips()
        let ana = try #require(clips.first { $0.speaker?.name == "Ana Lopez" }).clip
        let ben = try #require(clips.first { $0.speaker?.name == "Ben Okafor" }).clip
        func write(_ name: String, _ text: String = "x") throws { try text.write(toFile: dir + "/" + name, atomically: true, encoding: .utf8) }
        // Ana's MP4 set (relative paths, as a user typed --out), Ben's M4A, Ana's HLS folder, a stranger's report, a user file.
        try write("ana.mp4"); try write("ana.vtt"); try write("ana.jpg")
        try write("ana.json", String(decoding: try Self.report(source: ana.path, checksum: ana.checksum, output: "out/ana.mp4",
                                                               captions: "out/ana.vtt", poster: "out/ana.jpg").jsonData(), as: UTF8.self))
        try write("ben.m4a")
        try write("ben.json", String(decoding: try Self.report(source: ben.path, checksum: ben.checksum, output: dir + "/ben.m4a").jsonData(), as: UTF8.self))
        try FileManager.default.createDirectory(atPath: dir + "/ana-hls", withIntermediateDirectories: true)
        try write("ana-hls/master.m3u8")
        try write("ana-hls/report.json", String(decoding: try Self.report(source: ana.path, checksum: ana.checksum,
                                                                          output: dir + "/ana-hls/master.m3u8", hls: true).jsonData(), as: UTF8.self))
        try write("other.m4a")
        try write("other.json", String(decoding: try Self.report(source: "/else.mp4", checksum: "0000", output: "other.m4a").jsonData(), as: UTF8.self))
        try write("ana-notes.txt")

        #expect(try catalog.removePublicationsNoLongerAllowed(in: dir).isEmpty)
        try catalog.withdrawConsent(speaker: "Ana Lopez", reason: "changed her mind", recordedBy: "test")
        let removed = try catalog.removePublicationsNoLongerAllowed(in: dir)
        let reason = "consent withdrawn \(CalendarDay(Date()).description) (Ana Lopez)"
        #expect(removed == [
            Catalog.PublishRemoval(clip: ana.shortID, removed: [dir + "/ana-hls"], reason: reason),
            Catalog.PublishRemoval(clip: ana.shortID, removed: [dir + "/ana.mp4", dir + "/ana.vtt", dir + "/ana.jpg", dir + "/ana.json"], reason: reason),
        ])
        let left = try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
        #expect(left == ["ana-notes.txt", "ben.json", "ben.m4a", "other.json", "other.m4a"])
    }
}

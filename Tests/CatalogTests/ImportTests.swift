import Foundation
import GRDB
import Media
import Testing
@testable import Catalog

/// Importing footage: the sample folder, idempotence, moves, copies, camera cards, and a crash mid-import.
struct ImportTests {
    /// A file catalogue in a fresh temporary folder (so posters have a cache folder beside it).
    static func fileCatalogue(_ dir: String) throws -> Catalog {
        try Catalog(path: (dir as NSString).appendingPathComponent("Catalog/catalog.sqlite"))
    }

    @Test func importsTheSampleFolderWithFlagsCaptionsAndPictures() async throws {
        let dir = try TestSupport.temporaryFolder("import")
        defer { TestSupport.cleanUp(dir) }
        let catalog = try Self.fileCatalogue(dir)
        let report = try await catalog.importMedia([TestSupport.mediaFolder], options: ImportOptions(recordedBy: "tester"))
        let expected = TestSupport.sampleClips
        #expect(Set(report.imported.map { ($0.path as NSString).lastPathComponent }) == Set(expected))
        // The broken files: not media (skipped) or a truncated recording (failed); README/manifest skipped.
        let skipped = Dictionary(uniqueKeysWithValues: report.skipped.map { (($0.path as NSString).lastPathComponent, $0.detail) })
        #expect(skipped["empty.mp4"] == "empty file (0 bytes): not a media file")
        #expect(skipped["notes.mp4"] == "not a media file")
        #expect(skipped["random.mov"] == "not a media file")
        #expect(skipped["README.md"] == "not a media file (.md)")
        #expect(skipped["manifest.json"] == "not a media file (.json)")
        #expect(report.failed.map { ($0.path as NSString).lastPathComponent } == ["truncated.mp4"])
        #expect(report.failed.first?.detail == "truncated or unfinished recording: no index (moov) found")
        #expect(report.results.count == expected.count + 6)

        let clips = try catalog.clips()
        #expect(clips.count == expected.count)
        func flags(_ name: String) -> Set<QualityFlag> { Set(clips.first { $0.clip.fileName == name }?.flags.map(\.flag) ?? []) }
        #expect(flags("lav-one-channel.mp4").contains(.silentChannel))
        #expect(!flags("nurse-1080p.mp4").contains(.silentChannel))
        #expect(flags("doctor-vfr.mp4").contains(.variableFrameRate))
        #expect(flags("housekeeper-interlaced.ts").contains(.interlaced))
        #expect(flags("chaplain-hdr.mkv").contains(.hdr))
        #expect(flags("portrait-phone.mp4").contains(.rotated))
        #expect(flags("receptionist.webm").contains(.missingCaptions))
        #expect(!flags("nurse-1080p.mp4").contains(.missingCaptions))
        #expect(!flags("social-worker-multilang.mkv").contains(.missingCaptions))
        for clip in clips where !["doctor-vfr.mp4"].contains(clip.clip.fileName) {
            #expect(!clip.flags.contains { $0.flag == .variableFrameRate }, "\(clip.clip.fileName)")
        }
        // Black and silent heads and tails: only the sample that starts black has any (its speech starts at 2.3 s);
        // the others end on a second or two of room tone, which is not a silent tail.
        let family = try #require(clips.first { $0.clip.fileName == "family-support-black-start.mp4" })
        #expect(family.flags.first { $0.flag == .blackHead }?.detail == "black for the first 2.0 s, the picture starts at 00:00:02.000")
        #expect(family.flags.first { $0.flag == .silentHead }?.detail.hasPrefix("silent for the first 2.3 s (below −60 dBFS)") == true,
                "\(family.flags)")
        let edgeFlags: Set<QualityFlag> = [.blackHead, .blackTail, .silentHead, .silentTail]
        for clip in clips where clip.clip.fileName != "family-support-black-start.mp4" {
            #expect(!clip.flags.contains { edgeFlags.contains($0.flag) }, "\(clip.clip.fileName): \(clip.flags)")
        }
        let lav = try #require(clips.first { $0.clip.fileName == "lav-one-channel.mp4" })
        #expect(lav.flags.first { $0.flag == .silentChannel }?.detail.contains("FR is digital silence") == true)
        #expect(try lav.clip.audioLevels?.first?.channels[1].isDigitalSilence == true)

        // Probe facts stored whole and in columns; times in milliseconds.
        let nurse = try #require(clips.first { $0.clip.fileName == "nurse-1080p.mp4" })
        #expect(nurse.clip.durationMs == 8000)
        #expect(nurse.clip.width == 1920)
        #expect(try nurse.clip.mediaInfo.chapters.count == 2)
        #expect(nurse.id == "c-" + nurse.clip.checksum.prefix(6))
        let detail = try catalog.clipDetail(nurse.id)
        #expect(detail.captions.map(\.source) == ["nurse-1080p.srt", "nurse-1080p.srt"])
        #expect(detail.captions.first?.startMs == 400)
        let poster = try #require(detail.posterPath)
        #expect(poster == (dir as NSString).appendingPathComponent("Catalog/cache/\(nurse.clip.checksum)/poster.jpg"))
        let filmstrip = try #require(detail.filmstripPath)
        let jpeg = try Data(contentsOf: URL(fileURLWithPath: poster))
        #expect(jpeg.prefix(2) == Data([0xFF, 0xD8]))
        #expect(FileManager.default.fileExists(atPath: filmstrip))
        #expect(try TestSupport.consistencyProblems(catalog).isEmpty)
    }

    @Test func reimportAddsNothing() async throws {
        let dir = try TestSupport.temporaryFolder("reimport")
        defer { TestSupport.cleanUp(dir) }
        try TestSupport.copySamples(["nurse-1080p.mp4", "lav-one-channel.mp4"], to: dir)
        let catalog = try Catalog(inMemoryWith: .standard)
        let first = try await catalog.importMedia([dir], options: ImportOptions(makePictures: false))
        #expect(first.imported.count == 2)
        let before = try await catalog.writer.read { db in try Clip.fetchAll(db) }
        let second = try await catalog.importMedia([dir], options: ImportOptions(makePictures: false))
        #expect(second.imported.isEmpty)
        #expect(second.duplicates.count == 2)
        #expect(second.duplicates.allSatisfy { $0.detail == "already in the catalogue" })
        let after = try await catalog.writer.read { db in try Clip.fetchAll(db) }
        #expect(after == before)
        let cues = try await catalog.writer.read { db in try CaptionCue.fetchCount(db) }
        #expect(cues == 2)
    }

    @Test func aMovedFileUpdatesItsPathAndACopyIsADuplicate() async throws {
        let dir = try TestSupport.temporaryFolder("move")
        defer { TestSupport.cleanUp(dir) }
        try FileManager.default.createDirectory(atPath: dir + "/a", withIntermediateDirectories: true)
        try TestSupport.copySamples(["lav-one-channel.mp4"], to: dir + "/a")
        let catalog = try Catalog(inMemoryWith: .standard)
        let first = try await catalog.importMedia([dir + "/a"], options: ImportOptions(makePictures: false))
        let id = try #require(first.imported.first?.shortID)

        try FileManager.default.createDirectory(atPath: dir + "/b", withIntermediateDirectories: true)
        try FileManager.default.moveItem(atPath: dir + "/a/lav-one-channel.mp4", toPath: dir + "/b/physio-renamed.mp4")
        let second = try await catalog.importMedia([dir + "/b"], options: ImportOptions(makePictures: false))
        #expect(second.moved.map(\.shortID) == [id])
        #expect(second.moved.first?.detail == "was \(dir)/a/lav-one-channel.mp4")
        let clip = try catalog.resolveClip(id)
        #expect(clip.path == dir + "/b/physio-renamed.mp4")
        #expect(clip.fileName == "physio-renamed.mp4")
        #expect(try catalog.resolveClip("physio-renamed.mp4").id == clip.id)

        // A second copy somewhere else, while the first still exists: a duplicate, path unchanged.
        try FileManager.default.copyItem(atPath: dir + "/b/physio-renamed.mp4", toPath: dir + "/a/again.mp4")
        let third = try await catalog.importMedia([dir + "/a"], options: ImportOptions(makePictures: false))
        #expect(third.duplicates.map(\.detail) == ["same content as \(dir)/b/physio-renamed.mp4"])
        #expect(try catalog.resolveClip(id).path == dir + "/b/physio-renamed.mp4")
        #expect(try catalog.clips().count == 1)
    }

    /// A crash in the middle of the third clip's transaction: two clips stay, complete; nothing of the third.
    /// Running the import again finishes the job.
    @Test func anImportKilledMidwayLeavesAConsistentCatalogueAndARerunFinishes() async throws {
        struct Crash: Error {}
        let dir = try TestSupport.temporaryFolder("crash")
        defer { TestSupport.cleanUp(dir) }
        let names = ["nurse-1080p.mp4", "porter-prores.mov", "lav-one-channel.mp4", "receptionist.webm", "social-worker-multilang.mkv"]
        try TestSupport.copySamples(names, to: dir + "/")
        let catalog = try Self.fileCatalogue(dir)
        let log = try ShotLog(contentsOf: TestSupport.root.appendingPathComponent("Catalog/shotlog.csv").path)
        var options = ImportOptions(shotLog: log, concurrency: 2, makePictures: false)
        options.faultInjection = { written in if written == 2 { throw Crash() } }
        await #expect(throws: Crash.self) { try await catalog.importMedia([dir], options: options) }
        let partial = try catalog.clips()
        #expect(partial.count == 2)
        #expect(try TestSupport.consistencyProblems(catalog).isEmpty)
        // The two clips written are whole: flags, captions and shot-log rows all there.
        for summary in partial {
            #expect(summary.speaker != nil, "\(summary.clip.fileName)")
            #expect(!summary.themes.isEmpty)
        }
        let orphanFlags = try await catalog.writer.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM clipFlag WHERE clipID NOT IN (SELECT id FROM clip)")!
        }
        #expect(orphanFlags == 0)

        // A fresh process (a new Catalog on the same file) runs the import again.
        let reopened = try Self.fileCatalogue(dir)
        let rerun = try await reopened.importMedia([dir], options: ImportOptions(shotLog: log, makePictures: false))
        #expect(rerun.imported.count == 3)
        #expect(rerun.duplicates.count == 2)
        let all = try reopened.clips()
        #expect(Set(all.map(\.clip.fileName)) == Set(names))
        #expect(all.allSatisfy { $0.speaker != nil })
        #expect(try TestSupport.consistencyProblems(reopened).isEmpty)
        // Captions of the clips written in the rerun are searchable.
        #expect(try reopened.clips(matching: ClipQuery(text: "dignity")).map(\.clip.fileName) == ["porter-prores.mov"])
    }

    @Test func copyToMakesVerifiedCopiesAndCataloguesThem() async throws {
        let dir = try TestSupport.temporaryFolder("copyto")
        defer { TestSupport.cleanUp(dir) }
        try FileManager.default.createDirectory(atPath: dir + "/card", withIntermediateDirectories: true)
        try TestSupport.copySamples(["porter-prores.mov"], to: dir + "/card")
        let catalog = try Catalog(inMemoryWith: .standard)
        let report = try await catalog.importMedia([dir + "/card"], options: ImportOptions(copyTo: dir + "/library", makePictures: false))
        let result = try #require(report.imported.first)
        let copy = dir + "/library/card/porter-prores.mov"
        #expect(result.detail == "copied to \(copy)")
        let clip = try catalog.resolveClip(try #require(result.shortID))
        #expect(clip.path == copy)
        #expect(clip.sourcePath == dir + "/card/porter-prores.mov")
        #expect(try ContentHasher.checksum(ofFile: copy).checksum == clip.checksum)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir + "/library/card") == ["porter-prores.mov"])
        // Captions travel with the clip record (read from beside the original).
        #expect(try catalog.clipDetail(clip.shortID).captions.count == 1)
        // Importing the card again copies nothing.
        let again = try await catalog.importMedia([dir + "/card"], options: ImportOptions(copyTo: dir + "/library", makePictures: false))
        #expect(again.duplicates.count == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir + "/library/card") == ["porter-prores.mov"])
    }

    @Test func cameraCardLayoutsAreWalkedAndTheirMetadataSkipped() async throws {
        let dir = try TestSupport.temporaryFolder("card")
        defer { TestSupport.cleanUp(dir) }
        let clipFolder = dir + "/SONY_A7/PRIVATE/M4ROOT/CLIP"
        try FileManager.default.createDirectory(atPath: clipFolder, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: TestSupport.media("doctor-vfr.mp4"), toPath: clipFolder + "/C0001.MP4")
        try "<xml/>".write(toFile: clipFolder + "/C0001M01.XML", atomically: true, encoding: .utf8)
        try "x".write(toFile: clipFolder + "/._C0001.MP4", atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: dir + "/SONY_A7/DCIM/100MSDCF", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: TestSupport.media("receptionist.webm"), toPath: dir + "/SONY_A7/DCIM/100MSDCF/MOV001.webm")
        let catalog = try Catalog(inMemoryWith: .standard)
        let report = try await catalog.importMedia([dir + "/SONY_A7"], options: ImportOptions(makePictures: false))
        #expect(report.imported.map { ($0.path as NSString).lastPathComponent }.sorted() == ["C0001.MP4", "MOV001.webm"])
        #expect(report.skipped.map(\.detail).sorted() == ["camera metadata (XML sidecar)", "hidden file (macOS resource fork)"])
        #expect(report.notes.contains { $0.hasSuffix("Sony XAVC card (PRIVATE/M4ROOT/CLIP)") })
        #expect(report.notes.contains { $0.hasSuffix("camera card (DCIM)") })
    }

    @Test func oneBadFileNeverStopsTheBatchAndMissingPathsAreReported() async throws {
        let dir = try TestSupport.temporaryFolder("batch")
        defer { TestSupport.cleanUp(dir) }
        try TestSupport.copySamples(["lav-one-channel.mp4"], to: dir)
        try FileManager.default.copyItem(atPath: TestSupport.media("broken/truncated.mp4"), toPath: dir + "/a-truncated.mp4")
        try "not a caption".write(toFile: dir + "/orphan.srt", atomically: true, encoding: .utf8)
        let catalog = try Catalog(inMemoryWith: .standard)
        final class Events: @unchecked Sendable {
            let lock = NSLock()
            var list: [ImportProgress] = []
        }
        let events = Events()
        let report = try await catalog.importMedia([dir, dir + "/nope"], options: ImportOptions(makePictures: false)) { p in
            events.lock.withLock { events.list.append(p) }
        }
        #expect(report.imported.count == 1)
        #expect(report.failed.map(\.detail).sorted() == ["no such file or folder", "truncated or unfinished recording: no index (moov) found"])
        #expect(report.skipped.map(\.detail) == ["caption file with no clip of the same name"])
        #expect(report.summaryLine.hasPrefix("1 imported, 0 duplicates, 0 moved, 1 skipped, 2 failed"))
        let final = events.lock.withLock { events.list }
        #expect(final.first?.result == nil)
        #expect(final.last?.completed == 2)
        #expect(final.last?.total == 2)
        #expect(final.count == 3)
    }

    @Test(.enabled(if: TestSupport.ffmpegAvailable)) func levelFlagsOnGeneratedAudio() async throws {
        let dir = try TestSupport.temporaryFolder("levels")
        defer { TestSupport.cleanUp(dir) }
        // Very quiet (−50 dBFS sine), silent, short and without audio.
        try TestSupport.ffmpeg(["-f", "lavfi", "-i", "testsrc2=s=160x90:r=10:d=4", "-f", "lavfi", "-i", "sine=f=300:sample_rate=48000:d=4",
                                "-af", "volume=-32dB", "-c:v", "mpeg4", "-c:a", "pcm_s16le", "-shortest", dir + "/quiet.mov"])
        try TestSupport.ffmpeg(["-f", "lavfi", "-i", "testsrc2=s=160x90:r=10:d=2", "-c:v", "mpeg4", "-an", dir + "/mute-short.mp4"])
        let catalog = try Catalog(inMemoryWith: .standard)
        _ = try await catalog.importMedia([dir], options: ImportOptions(makePictures: false))
        let clips = try catalog.clips()
        let quiet = try #require(clips.first { $0.clip.fileName == "quiet.mov" })
        #expect(quiet.flags.map(\.flag) == [.quietAudio, .missingCaptions])
        #expect(quiet.flags.first?.detail.contains("RMS -53.") == true, "\(quiet.flags)")
        let mute = try #require(clips.first { $0.clip.fileName == "mute-short.mp4" })
        #expect(mute.flags.map(\.flag) == [.noAudio, .short, .missingCaptions])
        #expect(try catalog.clips(matching: ClipQuery(flags: [.noAudio])).map(\.clip.fileName) == ["mute-short.mp4"])
    }

    /// A clip imported by a Reel that did not look for black and silence (no `clipEdgeCheck` row, no such flags) is
    /// looked at when it is imported again, and gets its flags; after that, importing it again changes nothing.
    @Test func importingAgainFlagsBlackAndSilenceInClipsAnOlderReelImported() async throws {
        let catalog = try Catalog(inMemoryWith: .standard)
        let files = ["family-support-black-start.mp4", "nurse-1080p.mp4"].map(TestSupport.media)
        let first = try await catalog.importMedia(files, options: ImportOptions(makePictures: false))
        #expect(first.imported.count == 2)
        // What an older Reel left: no record of the check, no black/silent flags.
        try await catalog.writer.write { db in
            try db.execute(sql: "DELETE FROM clipEdgeCheck")
            try db.execute(sql: "DELETE FROM clipFlag WHERE flag IN ('black-head', 'black-tail', 'silent-head', 'silent-tail')")
        }
        func flags(_ name: String) throws -> [QualityFlag] { try catalog.clips().first { $0.clip.fileName == name }?.flags.map(\.flag) ?? [] }
        #expect(try flags("family-support-black-start.mp4") == [.missingCaptions])

        let again = try await catalog.importMedia(files, options: ImportOptions(makePictures: false))
        let family = try #require(again.results.first { $0.path.hasSuffix("family-support-black-start.mp4") })
        #expect(family.kind == .duplicate)
        #expect(family.flags == [.blackHead, .silentHead])
        #expect(family.detail == "already in the catalogue; flagged black-head, silent-head")
        let nurse = try #require(again.results.first { $0.path.hasSuffix("nurse-1080p.mp4") })
        #expect(nurse.flags.isEmpty && nurse.detail == "already in the catalogue; checked for black and silence: none")
        #expect(try flags("family-support-black-start.mp4") == [.blackHead, .silentHead, .missingCaptions])
        // The import's "needs attention" lists the clip it flagged.
        #expect(try catalog.attention(after: again).map(\.fileName).contains("family-support-black-start.mp4"))

        let third = try await catalog.importMedia(files, options: ImportOptions(makePictures: false))
        #expect(third.results.allSatisfy { $0.kind == .duplicate && $0.detail == "already in the catalogue" && $0.flags.isEmpty })
        #expect(try flags("family-support-black-start.mp4") == [.blackHead, .silentHead, .missingCaptions])
    }

    /// A take that ends on 5 s of black and 4 s of silence gets black-tail and silent-tail; 1 s of silence before the
    /// first sound is below the silent-head limit (2 s). (No B-frames, so the decimated tail read sees every frame and
    /// the lengths are exact to the tenth of a second.)
    @Test(.enabled(if: TestSupport.ffmpegAvailable)) func blackAndSilentTailsAreFlagged() async throws {
        let dir = try TestSupport.temporaryFolder("edges")
        defer { TestSupport.cleanUp(dir) }
        try TestSupport.ffmpeg(["-f", "lavfi", "-i", "testsrc2=s=160x90:r=25:d=30,drawbox=c=black:t=fill:enable='gte(t,25)'",
                                "-f", "lavfi", "-i", "sine=f=300:sample_rate=48000:d=30,volume=volume=0:enable='lt(t,1)+gte(t,26)'",
                                "-c:v", "libx264", "-preset", "ultrafast", "-bf", "0", "-c:a", "aac", "-shortest", dir + "/tail.mp4"])
        let catalog = try Catalog(inMemoryWith: .standard)
        let report = try await catalog.importMedia([dir], options: ImportOptions(makePictures: false))
        #expect(report.imported.first?.flags == [.blackTail, .silentTail, .missingCaptions])
        let clip = try #require(try catalog.clips().first)
        #expect(clip.flags.first { $0.flag == .blackTail }?.detail == "black for the last 5.0 s", "\(clip.flags)")
        #expect(clip.flags.first { $0.flag == .silentTail }?.detail == "silent for the last 4.0 s (below −60 dBFS)", "\(clip.flags)")
        let attention = try catalog.clipDetail(clip.id).summary.attention.map(\.line)
        #expect(attention.contains("black-tail: black for the last 5.0 s — trim ends before the black (`reel trim --to`, or a segment that stops at the last picture)"))
    }
}

import Foundation
import Testing

@testable import Media

/// Issue 11.4 and 11.6: a publish re-checks its clip before each file goes into place, and never replaces a file
/// Reel did not write. Uses the audio preset on a 6-second clip, so each publish takes a moment.
@Suite(.serialized) struct PublishSafetyTests {
    static let audio = Preset(name: "audio", summary: "t", kind: .audio, video: nil, audio: Preset.Audio(bitRateKbps: 96))
    static let source = SampleMedia.path("lav-one-channel.mp4")
    static let captions = [Caption(start: MediaTime(milliseconds: 0), end: MediaTime(milliseconds: 1000), text: "hello")]

    /// A clearance check that passes `passes` times, then says the clip was withdrawn.
    final class Countdown: @unchecked Sendable {
        private let lock = NSLock()
        private var left: Int
        private(set) var calls = 0
        init(passes: Int) { left = passes }
        func check() throws {
            try lock.withLock {
                calls += 1
                if left == 0 { throw PublishWithheld(source: PublishSafetyTests.source, reason: "consent withdrawn 2026-12-04 (Priya Nair)") }
                left -= 1
            }
        }
    }

    static func names(_ folder: String) -> [String] { ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted() }

    /// Withdrawn before any file goes into place, after the media is in place, and just before the report: nothing
    /// under a final name in any case (not even an earlier Reel output of the same name), and no hidden files left.
    @Test(arguments: [1, 2, 3])
    func aClipWithdrawnWhilePublishingLeavesNothingUnderItsFinalNames(passes: Int) async throws {
        let folder = try PublishFixture.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let out = folder + "/lav.m4a"
        // An earlier publish of the same clip, by Reel.
        _ = try await MediaFile(Self.source).publish(preset: Self.audio, to: out, sourceChecksum: "old", captions: Self.captions)
        #expect(Self.names(folder) == ["lav.json", "lav.m4a", "lav.vtt"])
        let countdown = Countdown(passes: passes - 1)
        await #expect(throws: PublishWithheld.self) {
            _ = try await MediaFile(Self.source).publish(preset: Self.audio, to: out, sourceChecksum: "new", captions: Self.captions,
                                                         clearance: { try countdown.check() })
        }
        #expect(countdown.calls == passes)
        #expect(Self.names(folder).isEmpty, "left: \(Self.names(folder))")
    }

    /// The batch asks before a job starts and before each of its three files (m4a, vtt, json) goes into place.
    @Test func theBatchChecksBeforeStartingAndBeforeEachFileGoesIntoPlace() async throws {
        let folder = try PublishFixture.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let job = PublishBatch.Job(source: Self.source, output: folder + "/lav.m4a", captions: Self.captions, clip: "c-1")
        let calls = Countdown(passes: 100)
        let ok = PublishBatch(preset: Self.audio, clearance: { _ in try calls.check() }) { _ in "sum" }
        guard case .published = await ok.runOne(job) else { Issue.record("not published"); return }
        #expect(calls.calls == 4)
        // Withdrawn before the start: refused, nothing written.
        try FileManager.default.removeItem(atPath: folder + "/lav.json")
        let refusing = PublishBatch(preset: Self.audio, clearance: { _ in try Countdown(passes: 0).check() }) { _ in "sum2" }
        guard case .refused(let withheld) = await refusing.runOne(job) else { Issue.record("not refused"); return }
        #expect(withheld.description == "\(Self.source): refused: consent withdrawn 2026-12-04 (Priya Nair); nothing published")
    }

    /// A user's own `NAME.json` or caption file at an output name is refused, untouched, unless `overwrite`.
    @Test func filesReelDidNotWriteAreNotReplacedWithoutOverwrite() async throws {
        let folder = try PublishFixture.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let out = folder + "/lav.m4a"
        let mine = #"{"my": "notes"}"#
        try mine.write(toFile: folder + "/lav.json", atomically: true, encoding: .utf8)
        await #expect(throws: MediaError.notWrittenByReel(path: folder + "/lav.json")) {
            _ = try await MediaFile(Self.source).publish(preset: Self.audio, to: out, sourceChecksum: "x")
        }
        #expect(try String(contentsOfFile: folder + "/lav.json", encoding: .utf8) == mine)
        #expect(Self.names(folder) == ["lav.json"])
        #expect(MediaError.notWrittenByReel(path: folder + "/lav.json").description
            == "\(folder)/lav.json: already exists and Reel did not write it, so it is not replaced (move it, or use --overwrite)")

        // A hand-made caption sidecar with STYLE and NOTE blocks, where the publish would write its WebVTT.
        try FileManager.default.removeItem(atPath: folder + "/lav.json")
        let vtt = "WEBVTT\n\nSTYLE\n::cue { color: yellow }\n\nNOTE mine\n\n00:00.000 --> 00:01.000\n<v Priya>hello\n"
        try vtt.write(toFile: folder + "/lav.vtt", atomically: true, encoding: .utf8)
        await #expect(throws: MediaError.notWrittenByReel(path: folder + "/lav.vtt")) {
            _ = try await MediaFile(Self.source).publish(preset: Self.audio, to: out, sourceChecksum: "x", captions: Self.captions)
        }
        #expect(try String(contentsOfFile: folder + "/lav.vtt", encoding: .utf8) == vtt)

        // With overwrite they are replaced; afterwards the report names them, so a later publish replaces them freely.
        _ = try await MediaFile(Self.source).publish(preset: Self.audio, to: out, sourceChecksum: "x", captions: Self.captions,
                                                     overwrite: true)
        #expect(try String(contentsOfFile: folder + "/lav.vtt", encoding: .utf8).contains("hello"))
        _ = try await MediaFile(Self.source).publish(preset: Self.audio, to: out, sourceChecksum: "y", captions: Self.captions)
        #expect(PublishReport.load(from: folder + "/lav.json")?.sourceChecksum == "y")
        #expect(Self.names(folder) == ["lav.json", "lav.m4a", "lav.vtt"])
    }

    /// Publishing into the source's own folder never replaces the source.
    @Test func theSourceItselfIsNeverAnOutput() async throws {
        let folder = try PublishFixture.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let source = folder + "/talk.m4a"
        _ = try await MediaFile(Self.source).publish(preset: Self.audio, to: source, sourceChecksum: "x")
        try FileManager.default.removeItem(atPath: folder + "/talk.json")
        let before = try Data(contentsOf: URL(fileURLWithPath: source))
        await #expect(throws: MediaError.outputNotWritable(path: source, reason: "it is the input file; choose another output folder")) {
            _ = try await MediaFile(source).publish(preset: Self.audio, to: source, sourceChecksum: "x", overwrite: true)
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: source)) == before)
    }
}

import Foundation
import GRDB
import Testing

import Catalog
import Media

/// `reel captions` end to end with the built binary: draft from real audio, skip captioned clips, refuse to publish
/// a draft with --require-captions, approve, then publish the approved captions into the WebVTT output.
struct CaptionCommandTests {
    static let modelInstalled = FileManager.default.fileExists(atPath: "/usr/share/pocketsphinx/model/en-us/en-us/mdef")

    @Test(.enabled(if: CatalogCommandTests.ready && modelInstalled, "needs the reel binary and Debian's pocketsphinx-en-us (Scripts/setup)"))
    func draftCheckApproveAndPublish() throws {
        let dir = try CatalogCommandTests.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let media = dir + "/media"
        try FileManager.default.createDirectory(atPath: media, withIntermediateDirectories: true)
        for name in ["receptionist.webm", "nurse-1080p.mp4", "nurse-1080p.srt"] {
            try FileManager.default.copyItem(atPath: CatalogCommandTests.root.appendingPathComponent("Media/\(name)").path, toPath: "\(media)/\(name)")
        }
        let catalogPath = dir + "/cat/catalog.sqlite"
        // The sample shot log names the speakers and their consent (rows for clips not copied are reported, not fatal).
        let imported = try CatalogCommandTests.reel(["import", media, "--no-pictures", "--shotlog", "Catalog/shotlog.csv"], catalog: catalogPath)
        #expect(imported.stdout.contains("2 imported"), "\(imported.stdout) \(imported.stderr)")

        let drafted = try CatalogCommandTests.reel(["captions", "draft", "--all"], catalog: catalogPath)
        #expect(drafted.status == 0, "\(drafted.stderr)")
        #expect(drafted.stdout.contains("receptionist.webm"))
        #expect(drafted.stdout.contains("already has sidecar captions (nurse-1080p.srt)"))
        #expect(drafted.stdout.contains("1 drafted, 1 skipped, 0 failed"))
        #expect(drafted.stderr.contains("[1/2]") && drafted.stderr.contains("[2/2]"))

        // The cues: inside the clip, in order, not overlapping, at most 2 lines of at most 42 characters.
        let catalog = try Catalog(path: catalogPath)
        let detail = try catalog.clipDetail("receptionist.webm")
        let clip = detail.summary.id
        let duration = try #require(detail.summary.clip.durationMs)
        let draft = try #require(try catalog.draftCaptions(forClip: clip))
        #expect(draft.status == .draft && draft.draft.engine == "pocketsphinx")
        #expect(!draft.cues.isEmpty)
        var previousEnd: Int64 = 0
        for cue in draft.cues {
            #expect(cue.startMs >= previousEnd && cue.endMs > cue.startMs && cue.endMs <= duration)
            let lines = cue.text.components(separatedBy: "\n")
            #expect(lines.count <= 2 && lines.allSatisfy { !$0.isEmpty && $0.count <= 42 })
            previousEnd = cue.endMs
        }
        // Speech in the sample starts after a short silence and ends before the clip does.
        #expect(draft.cues[0].startMs > 0)

        let shown = try CatalogCommandTests.reel(["captions", "show", clip], catalog: catalogPath)
        #expect(shown.stdout.contains("status draft"))
        #expect(shown.stdout.contains("  1  "))

        let out = dir + "/out"
        let refused = try CatalogCommandTests.reel(
            ["publish", "--clips", "receptionist", "--preset", "web-720p", "--out", out, "--require-captions"], catalog: catalogPath)
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("no approved captions (required): its draft captions are not approved yet"))
        #expect(refused.stderr.contains("`reel captions approve \(clip)`"))

        let approved = try CatalogCommandTests.reel(["captions", "approve", clip, "--by", "Ada"], catalog: catalogPath)
        #expect(approved.status == 0)
        #expect(approved.stdout.contains("approved by Ada"))

        let published = try CatalogCommandTests.reel(
            ["publish", "--clips", "receptionist", "--preset", "web-720p", "--out", out, "--require-captions"], catalog: catalogPath)
        #expect(published.status == 0, "\(published.stderr)")
        let vtt = try String(contentsOfFile: out + "/receptionist.vtt", encoding: .utf8)
        let firstLine = try #require(draft.cues.first?.text.components(separatedBy: "\n").first)
        #expect(vtt.hasPrefix("WEBVTT"))
        #expect(vtt.contains(firstLine))
    }

    static let whisperModel = ProcessInfo.processInfo.environment["REEL_WHISPER_MODEL"]
        ?? (NSHomeDirectory() as NSString).appendingPathComponent(".cache/reel/ggml-tiny.en.bin")

    @Test(.enabled(if: CatalogCommandTests.ready && FileManager.default.fileExists(atPath: whisperModel),
                   "needs a ggml whisper model at $REEL_WHISPER_MODEL or ~/.cache/reel/ggml-tiny.en.bin and libwhisper.so (Scripts/setup provides both)"))
    func draftWithWhisperAndFindTheClipByItsWords() throws {
        let dir = try CatalogCommandTests.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // The nurse clip without its sidecar, so it has no captions.
        try FileManager.default.copyItem(atPath: CatalogCommandTests.root.appendingPathComponent("Media/nurse-1080p.mp4").path, toPath: dir + "/nurse.mp4")
        let catalogPath = dir + "/cat/catalog.sqlite"
        _ = try CatalogCommandTests.reel(["import", dir + "/nurse.mp4", "--no-pictures"], catalog: catalogPath)
        let drafted = try CatalogCommandTests.reel(["captions", "draft", "nurse.mp4", "--engine", "whisper", "--model", Self.whisperModel], catalog: catalogPath)
        #expect(drafted.status == 0, "\(drafted.stderr)")
        #expect(drafted.stdout.contains("(whisper); status draft"))
        let catalog = try Catalog(path: catalogPath)
        let detail = try catalog.clipDetail("nurse.mp4")
        let draft = try #require(try catalog.draftCaptions(forClip: detail.summary.id))
        #expect(draft.draft.engine == "whisper" && draft.draft.model == Self.whisperModel)
        var previousEnd: Int64 = 0
        for cue in draft.cues {
            #expect(cue.startMs >= previousEnd && cue.endMs > cue.startMs && cue.endMs <= (detail.summary.clip.durationMs ?? 0))
            let lines = cue.text.components(separatedBy: "\n")
            #expect(lines.count <= 2 && lines.allSatisfy { $0.count <= 42 })
            previousEnd = cue.endMs
        }
        // The drafted words are searchable: the longest word of the draft finds the clip.
        let word = try #require(WordErrorRate.words(draft.cues.map(\.text).joined(separator: " ")).max { $0.count < $1.count })
        let found = try CatalogCommandTests.reel(["clips", "--text", word], catalog: catalogPath)
        #expect(found.stdout.contains(detail.summary.id), "searched for \(word)")
        let searched = try CatalogCommandTests.reel(["clips", "--search", word], catalog: catalogPath)
        #expect(searched.stdout == found.stdout)
    }

    @Test(.enabled(if: CatalogCommandTests.ready)) func errorsUsersSee() throws {
        let dir = try CatalogCommandTests.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let catalogPath = dir + "/catalog.sqlite"
        let noArgs = try CatalogCommandTests.reel(["captions", "draft"], catalog: catalogPath)
        #expect(noArgs.status != 0 && noArgs.stderr.contains("Give clips to draft, or --all (not both)."))
        let whisper = try CatalogCommandTests.reel(["captions", "draft", "--all", "--engine", "whisper"], catalog: catalogPath)
        #expect(whisper.status != 0 && whisper.stderr.contains("--engine whisper needs --model PATH.bin"))
        let noCatalogue = try CatalogCommandTests.reel(["captions", "approve", "c-ffffff"], catalog: catalogPath)
        #expect(noCatalogue.status == 1 && noCatalogue.stderr.contains("no such catalogue"))
        let unknown = try CatalogCommandTests.reel(["captions", "approve", "c-ffffff", "--create"], catalog: catalogPath)
        #expect(unknown.status == 1 && unknown.stderr.contains("c-ffffff: no such clip in the catalogue"))
    }
}

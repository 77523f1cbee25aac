import Foundation
import Testing

@testable import Media

/// PocketSphinx through FFmpeg's `asr` filter, in-process, on real speech with a reference transcript.
struct SpeechRecognitionTests {
    static let modelInstalled = FileManager.default.fileExists(atPath: "/usr/share/pocketsphinx/model/en-us/en-us/mdef")
    /// A LibriVox recording from Debian's pocketsphinx-testdata: "he was not an ill disposed young man" (3 s).
    static let librivox = "/usr/share/pocketsphinx/test/data/librivox/sense_and_sensibility_01_austen_64kb-0880.wav"
    static let corpusInstalled = FileManager.default.fileExists(atPath: librivox)

    @Test(.enabled(if: modelInstalled && corpusInstalled, "needs Debian's pocketsphinx-en-us and pocketsphinx-testdata (Scripts/setup installs them)"))
    func recognisesRealSpeechWithTimesInsideTheRecording() throws {
        let t = try MediaFile.transcribeNow(Self.librivox)
        #expect(t.engine == .pocketsphinx)
        #expect(abs(t.audioDurationMs - 2990) <= 20)
        #expect(!t.phrases.isEmpty)
        for p in t.phrases { #expect(0 <= p.startMs && p.startMs < p.endMs && p.endMs <= t.audioDurationMs) }
        // Clean read speech is what PocketSphinx's model was trained on: most words come out right.
        let wer = WordErrorRate(reference: "he was not an ill disposed young man", hypothesis: t.text)
        #expect(wer.rate <= 0.5, "heard: \(t.text)")
    }

    @Test(.enabled(if: modelInstalled, "needs Debian's pocketsphinx-en-us (Scripts/setup installs it)"))
    func aClipThatStartsLateKeepsItsSpeechOnTheClipsClock() throws {
        // family-support-black-start.mp4: speech starts at 2.3 s.
        let t = try MediaFile.transcribeNow(SampleMedia.path("family-support-black-start.mp4"))
        #expect(!t.phrases.isEmpty)
        #expect(t.phrases[0].startMs >= 2000, "\(t.phrases)")
        #expect(t.phrases.last!.endMs <= 6000)
    }

    @Test func aFileWithoutSoundIsRefusedNamingIt() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("reel-asr-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let silent = dir + "/picture-only.mp4"
        _ = try SampleMedia.run("ffmpeg", ["-v", "error", "-f", "lavfi", "-i", "testsrc=s=64x64:d=1", "-c:v", "mpeg4", silent])
        #expect(throws: MediaError.noAudioStream(path: silent)) { try MediaFile.transcribeNow(silent) }
    }

    @Test func aMissingModelFolderIsNamedInTheError() {
        #expect(throws: RecognitionError(path: "/nonexistent/model", reason: "not a PocketSphinx model folder")) {
            try MediaFile.transcribeNow(SampleMedia.path("nurse-1080p.mp4"), model: "/nonexistent/model")
        }
    }

    @Test func utterancesAreTimedFromTheReportsAndTheSilenceBoundaries() {
        // Speech 0.4–4.1 s and 4.4–6.6 s; PocketSphinx reports one utterance at 7.0 s.
        let phrases = PocketsphinxRecogniser.phrases(
            reports: [(7040, "ah good <sil> ah skeet(2) [NOISE]")],
            boundaries: [(0, false), (400, true), (4082, false), (4434, true), (6620, false)], durationMs: 8000)
        #expect(phrases == [Transcript.Phrase(text: "ah good ah skeet", startMs: 400, endMs: 6620)])
        // Two reports: the second starts at the first speech after the first report.
        let two = PocketsphinxRecogniser.phrases(
            reports: [(4300, "one"), (7000, "two")],
            boundaries: [(0, false), (400, true), (4082, false), (4434, true), (6620, false)], durationMs: 8000)
        #expect(two.map(\.startMs) == [400, 4434])
        #expect(two.map(\.endMs) == [4082, 6620])
        // A few milliseconds of "speech" before the first silence (Opus pre-skip) is not where the phrase starts.
        let late = PocketsphinxRecogniser.phrases(
            reports: [(3700, "hello")], boundaries: [(8, false), (408, true), (3296, false)], durationMs: 6000)
        #expect(late.map(\.startMs) == [408])
    }
}

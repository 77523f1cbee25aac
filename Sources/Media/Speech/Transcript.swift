import Foundation

/// The speech recognisers Reel can run on a clip's audio.
public enum SpeechEngine: String, Sendable, Codable, CaseIterable {
    /// CMU PocketSphinx through FFmpeg's `asr` filter (libavfilter), with Debian's `pocketsphinx-en-us` model.
    case pocketsphinx
    /// whisper.cpp (`libwhisper.so`, loaded at run time) with a ggml model file the user names.
    case whisper
}

/// What a recogniser heard in a file: phrases with the recogniser's own times, and words within them.
public struct Transcript: Sendable, Codable, Equatable {
    /// One phrase (an utterance for PocketSphinx, a segment for whisper) as the recogniser timed it.
    public struct Phrase: Sendable, Codable, Equatable {
        public var text: String
        /// Where it starts (ms from the start of the clip's audio).
        public var startMs: Int64
        /// Where it ends (ms).
        public var endMs: Int64

        public init(text: String, startMs: Int64, endMs: Int64) {
            self.text = text
            self.startMs = startMs
            self.endMs = endMs
        }
    }

    /// The engine that listened.
    public var engine: SpeechEngine
    /// The model it used: a folder (PocketSphinx) or a `.bin` file (whisper).
    public var model: String
    /// The phrases in time order.
    public var phrases: [Phrase]
    /// The words in time order. Neither engine as Reel runs it times single words, so each word's time is its
    /// share (by length) of its phrase's time: the phrase times are the recogniser's, the word times an estimate.
    public var words: [TimedWord]
    /// How long the audio is (ms).
    public var audioDurationMs: Int64
    /// Wall-clock seconds the recognition took.
    public var processingSeconds: Double

    public init(engine: SpeechEngine, model: String, phrases: [Phrase], audioDurationMs: Int64, processingSeconds: Double) {
        self.engine = engine
        self.model = model
        self.phrases = phrases
        self.words = phrases.flatMap { CaptionLayout.spread($0.text, startMs: $0.startMs, endMs: $0.endMs) }
        self.audioDurationMs = audioDurationMs
        self.processingSeconds = processingSeconds
    }

    /// Every phrase's text, joined with spaces.
    public var text: String { phrases.map(\.text).joined(separator: " ") }

    /// Processing time over audio time (below 1 is faster than real time).
    public var realTimeFactor: Double { audioDurationMs > 0 ? processingSeconds / (Double(audioDurationMs) / 1000) : 0 }

    /// The transcript laid out as caption cues (42 characters a line, 2 lines, see `CaptionLayout`), kept
    /// within the audio.
    public func cues(layout: CaptionLayout = CaptionLayout()) -> [CaptionLayout.Cue] {
        layout.cues(for: words, clipEndMs: audioDurationMs)
    }
}

/// A recogniser could not run: its library, filter or model is missing or unusable, or the file has no sound.
///
/// `description` is one line: `PATH: reason`, where PATH is the media file or the model file the problem is about.
public struct RecognitionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file the problem is about (the clip, or the model or library).
    public var path: String
    /// What is wrong and what to do.
    public var reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String { "\(path): \(reason)" }
}

extension MediaFile {
    /// Recognises the speech in the file's main audio stream (the default one, as `av_find_best_stream` picks).
    ///
    /// `model`: for `.pocketsphinx` a model folder laid out like Debian's `/usr/share/pocketsphinx/model/en-us`
    /// (the default); for `.whisper` a ggml model file (required). Runs off the cooperative pool; cancelling the task
    /// stops it. Throws `MediaError` for the file (missing, not media, no audio stream, cancelled…) and
    /// `RecognitionError` when the engine or its model cannot be used.
    public func transcribe(engine: SpeechEngine = .pocketsphinx, model: String? = nil) async throws -> Transcript {
        let path = self.path
        return try await runBlocking { flag in try MediaFile.transcribeNow(path, engine: engine, model: model, cancellation: flag) }
    }

    /// The synchronous body of `transcribe(engine:model:)`, for callers already off the cooperative pool.
    public static func transcribeNow(_ path: String, engine: SpeechEngine = .pocketsphinx, model: String? = nil) throws -> Transcript {
        try transcribeNow(path, engine: engine, model: model, cancellation: CancellationFlag())
    }

    static func transcribeNow(_ path: String, engine: SpeechEngine, model: String?, cancellation: CancellationFlag) throws -> Transcript {
        let started = Date()
        switch engine {
        case .pocketsphinx:
            let recogniser = try PocketsphinxRecogniser(modelFolder: model)
            let result = try recogniser.run(path, cancellation: cancellation)
            return Transcript(engine: .pocketsphinx, model: recogniser.modelFolder, phrases: result.phrases,
                              audioDurationMs: result.durationMs, processingSeconds: Date().timeIntervalSince(started))
        case .whisper:
            guard let model else {
                throw RecognitionError(path: path, reason: "the whisper engine needs a ggml model file: give --model PATH.bin (e.g. ggml-base.en.bin)")
            }
            let library = try WhisperLibrary.load()
            let audio = try SpeechAudio.decode(path, cancellation: cancellation)
            let segments = try library.transcribe(samples: audio.samples, model: model, cancellation: cancellation, clip: path)
            // whisper marks sounds it cannot transcribe as [BLANK_AUDIO], (music)…: they are not words.
            let phrases = segments.compactMap { s -> Transcript.Phrase? in
                let text = WhisperLibrary.spokenText(s.text)
                guard !text.isEmpty else { return nil }
                let start = min(audio.offsetMs + s.startMs, audio.durationMs), end = min(audio.offsetMs + s.endMs, audio.durationMs)
                return Transcript.Phrase(text: text, startMs: start, endMs: max(start, end))
            }
            return Transcript(engine: .whisper, model: model, phrases: phrases, audioDurationMs: audio.durationMs,
                              processingSeconds: Date().timeIntervalSince(started))
        }
    }
}

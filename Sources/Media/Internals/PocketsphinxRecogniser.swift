internal import CFFmpeg
import Foundation

/// Runs CMU PocketSphinx on a file's audio through FFmpeg's `asr` filter, in-process:
/// `aresample=16000 → mono s16 → apad → asr → silencedetect`, reading the frame metadata the filters write.
///
/// `asr` (libavfilter's `af_asr.c`) feeds PocketSphinx and, when PocketSphinx's voice-activity detector says an
/// utterance has ended, puts the hypothesis on that frame as `lavfi.asr.text`; it gives no word times. So a
/// phrase's time is taken from the recogniser's end-of-utterance report and `silencedetect`'s speech/silence
/// boundaries between two reports (`lavfi.silence_start`, `lavfi.silence_end`). `apad` adds 1.5 s of silence,
/// because `asr` reports an utterance only when it hears the speech stop: a clip that ends mid-word would
/// otherwise lose its last words.
struct PocketsphinxRecogniser {
    /// The Debian model folder (`pocketsphinx-en-us`).
    static let defaultModelFolder = "/usr/share/pocketsphinx/model/en-us"

    /// The model folder in use.
    let modelFolder: String
    let hmm: String
    let dictionaryPath: String
    let languageModel: String

    /// Checks that libavfilter has `asr` and that the model folder holds an acoustic model (`en-us/`), a dictionary
    /// (`*.dict`) and a language model (`*.lm.bin`). Throws `RecognitionError` naming what is missing.
    init(modelFolder: String?) throws {
        guard avfilter_get_by_name("asr") != nil else {
            throw RecognitionError(path: "libavfilter", reason: "this FFmpeg was built without the 'asr' filter (PocketSphinx); Debian's libavfilter has it")
        }
        let folder = modelFolder ?? PocketsphinxRecogniser.defaultModelFolder
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw RecognitionError(path: folder, reason: modelFolder == nil
                ? "no PocketSphinx model: install Debian's pocketsphinx-en-us (apt-get install pocketsphinx-en-us; Scripts/setup does)"
                : "not a PocketSphinx model folder")
        }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        func pick(_ test: (String) -> Bool) -> String? { names.sorted().first(where: test).map { (folder as NSString).appendingPathComponent($0) } }
        guard let hmm = pick({ name in
            var dir: ObjCBool = false
            let p = (folder as NSString).appendingPathComponent(name)
            return FileManager.default.fileExists(atPath: p, isDirectory: &dir) && dir.boolValue
                && FileManager.default.fileExists(atPath: (p as NSString).appendingPathComponent("mdef"))
        }) else { throw RecognitionError(path: folder, reason: "no acoustic model folder (one holding 'mdef', e.g. en-us/) in the PocketSphinx model folder") }
        guard let dict = pick({ $0.hasSuffix(".dict") || $0.hasSuffix(".dic") }) else {
            throw RecognitionError(path: folder, reason: "no pronunciation dictionary (*.dict) in the PocketSphinx model folder")
        }
        guard let lm = pick({ $0.hasSuffix(".lm.bin") && !$0.contains("phone") }) ?? pick({ $0.hasSuffix(".lm") }) else {
            throw RecognitionError(path: folder, reason: "no language model (*.lm.bin) in the PocketSphinx model folder")
        }
        for p in [hmm, dict, lm] where p.contains(where: { ":,;[]'\\=".contains($0) }) {
            throw RecognitionError(path: p, reason: "the model path has a character libavfilter options cannot hold (: , ; [ ] ' \\ =); move the model")
        }
        self.modelFolder = folder
        self.hmm = hmm
        self.dictionaryPath = dict
        self.languageModel = lm
    }

    /// The phrases PocketSphinx heard, with times on the clip's clock.
    struct Result {
        var phrases: [Transcript.Phrase]
        var durationMs: Int64
    }

    /// Silence shorter than this (s) is not a boundary; quieter than this (dB) is silence.
    static let silenceSeconds = 0.3
    static let silenceLevel = "-35dB"
    /// Speech shorter than this (ms) between two silences is ignored when timing phrases.
    static let minimumSpeechMs: Int64 = 100

    func run(_ path: String, cancellation: CancellationFlag) throws -> Result {
        let filter = "aresample=16000,aformat=sample_fmts=s16:channel_layouts=mono,apad=pad_dur=1.5,"
            + "asr=rate=16000:hmm=\(hmm):dict=\(dictionaryPath):lm=\(languageModel),"
            + "silencedetect=noise=\(PocketsphinxRecogniser.silenceLevel):d=\(PocketsphinxRecogniser.silenceSeconds)"
        let runner = AudioGraphRunner(filter: filter, sampleFormat: AV_SAMPLE_FMT_S16)
        var reports: [(atMs: Int64, text: String)] = []
        var boundaries: [(atMs: Int64, speechStarts: Bool)] = []
        let outcome = try runner.run(path, cancellation: cancellation) { frame, startMs, offset in
            let f = frame.pointer.pointee
            let endMs = startMs + (f.sample_rate > 0 ? Int64(f.nb_samples) * 1000 / Int64(f.sample_rate) : 0)
            let meta = dictionary(f.metadata)
            if let text = meta["lavfi.asr.text"] { reports.append((endMs, text)) }
            // silencedetect's values are seconds on the graph's clock; add the clip offset the frame time carries.
            if let s = meta["lavfi.silence_start"].flatMap(Double.init) { boundaries.append((offset + Int64((s * 1000).rounded()), false)) }
            if let s = meta["lavfi.silence_end"].flatMap(Double.init) { boundaries.append((offset + Int64((s * 1000).rounded()), true)) }
        }
        let phrases = PocketsphinxRecogniser.phrases(reports: reports, boundaries: boundaries, durationMs: outcome.durationMs)
        return Result(phrases: phrases, durationMs: outcome.durationMs)
    }

    /// Times each reported utterance: it ends at the last speech that ended before its report and starts at the
    /// first speech after the previous report (the report itself when `silencedetect` saw no boundary in between).
    /// Filler tokens (`<sil>`, `[NOISE]`, `++UH++`) and alternate-pronunciation marks (`word(2)`) are removed.
    static func phrases(reports: [(atMs: Int64, text: String)], boundaries: [(atMs: Int64, speechStarts: Bool)], durationMs: Int64) -> [Transcript.Phrase] {
        // Speech intervals from the boundaries (speech at the start unless silence is reported from 0).
        var intervals: [(Int64, Int64)] = []
        var speechStart: Int64? = 0
        for b in boundaries.sorted(by: { $0.atMs < $1.atMs }) {
            if b.speechStarts {
                speechStart = b.atMs
            } else if let s = speechStart {
                // A sliver of "speech" before the first silence is a codec's start-up (Opus pre-skip), not a voice.
                if b.atMs - s >= minimumSpeechMs { intervals.append((s, b.atMs)) }
                speechStart = nil
            }
        }
        if let s = speechStart, durationMs > s { intervals.append((s, durationMs)) }
        var out: [Transcript.Phrase] = []
        var previous: Int64 = 0
        for report in reports {
            let words = report.text.split(separator: " ").map(String.init).compactMap(cleanWord)
            defer { previous = max(previous, report.atMs) }
            guard !words.isEmpty else { continue }
            let inside = intervals.filter { $0.1 > previous && $0.0 < report.atMs }
            var start = max(previous, inside.first?.0 ?? previous)
            var end = min(report.atMs, inside.last?.1 ?? report.atMs)
            start = min(max(0, start), durationMs)
            end = min(max(start, end), durationMs)
            if end <= start { (start, end) = (max(0, min(previous, durationMs - 1)), durationMs) }
            out.append(Transcript.Phrase(text: words.joined(separator: " "), startMs: start, endMs: end))
        }
        return out
    }

    static func cleanWord(_ word: String) -> String? {
        if word.hasPrefix("<") || word.hasPrefix("[") || word.hasPrefix("++") { return nil }
        var w = word
        if let paren = w.firstIndex(of: "("), w.hasSuffix(")") { w = String(w[..<paren]) }
        return w.isEmpty ? nil : w
    }
}

internal import CFFmpeg
import Foundation

/// whisper.cpp's `libwhisper.so`, opened at run time with `dlopen` (Reel has no link-time dependency on it) and
/// called through the symbols `dlsym` finds: `whisper_init_from_file`, `whisper_full_default_params_by_ref`,
/// `whisper_full`, `whisper_full_n_segments`, `whisper_full_get_segment_text/t0/t1`, `whisper_free`,
/// `whisper_free_params`, `whisper_log_set`.
///
/// Where it looks: `$REEL_WHISPER_LIBRARY`, then the loader's own search (`libwhisper.so.1`, `libwhisper.so`), then
/// the copy the PyPI wheel `pywhispercpp` installs (Scripts/setup installs it) in the usual Python package folders.
/// The model is a ggml file (`ggml-base.en.bin`…) the user names with `--model`.
final class WhisperLibrary: @unchecked Sendable {
    private typealias InitFromFile = @convention(c) (UnsafePointer<CChar>) -> OpaquePointer?
    private typealias Free = @convention(c) (OpaquePointer?) -> Void
    private typealias DefaultParamsByRef = @convention(c) (Int32) -> UnsafeMutableRawPointer?
    private typealias FreeParams = @convention(c) (UnsafeMutableRawPointer?) -> Void
    private typealias SegmentCount = @convention(c) (OpaquePointer?) -> Int32
    private typealias SegmentText = @convention(c) (OpaquePointer?, Int32) -> UnsafePointer<CChar>?
    private typealias SegmentTime = @convention(c) (OpaquePointer?, Int32) -> Int64
    private typealias LogCallback = @convention(c) (Int32, UnsafePointer<CChar>?, UnsafeMutableRawPointer?) -> Void
    private typealias LogSet = @convention(c) (LogCallback?, UnsafeMutableRawPointer?) -> Void

    /// The library file that was opened.
    let path: String
    private let handle: UnsafeMutableRawPointer
    private let initFromFile: InitFromFile
    private let free: Free
    private let defaultParams: DefaultParamsByRef
    private let freeParams: FreeParams
    private let full: UnsafeMutableRawPointer
    private let segmentCount: SegmentCount
    private let segmentText: SegmentText
    private let segmentStart: SegmentTime
    private let segmentEnd: SegmentTime
    /// whisper_full is not thread-safe for one context; Reel makes a context per call, but the log callback is global.
    private static let lock = NSLock()
    nonisolated(unsafe) private static var cached: WhisperLibrary?

    private init(path: String, handle: UnsafeMutableRawPointer) throws {
        self.path = path
        self.handle = handle
        func symbol<T>(_ name: String, as type: T.Type) throws -> T {
            guard let p = dlsym(handle, name) else {
                throw RecognitionError(path: path, reason: "not a usable libwhisper: no symbol \(name) (whisper.cpp 1.5 or later is needed)")
            }
            return unsafeBitCast(p, to: type)
        }
        initFromFile = try symbol("whisper_init_from_file", as: InitFromFile.self)
        free = try symbol("whisper_free", as: Free.self)
        defaultParams = try symbol("whisper_full_default_params_by_ref", as: DefaultParamsByRef.self)
        freeParams = try symbol("whisper_free_params", as: FreeParams.self)
        guard let f = dlsym(handle, "whisper_full") else {
            throw RecognitionError(path: path, reason: "not a usable libwhisper: no symbol whisper_full")
        }
        full = f
        segmentCount = try symbol("whisper_full_n_segments", as: SegmentCount.self)
        segmentText = try symbol("whisper_full_get_segment_text", as: SegmentText.self)
        segmentStart = try symbol("whisper_full_get_segment_t0", as: SegmentTime.self)
        segmentEnd = try symbol("whisper_full_get_segment_t1", as: SegmentTime.self)
        // whisper.cpp and ggml log to stderr by default; Reel reports errors itself.
        if let set = dlsym(handle, "whisper_log_set") {
            let quiet: LogCallback = { _, _, _ in }
            unsafeBitCast(set, to: LogSet.self)(quiet, nil)
        }
    }

    /// The places `load()` tries, in order.
    static func candidatePaths() -> [String] {
        var out: [String] = []
        if let env = ProcessInfo.processInfo.environment["REEL_WHISPER_LIBRARY"], !env.isEmpty { out.append(env) }
        out += ["libwhisper.so.1", "libwhisper.so"]
        let fm = FileManager.default
        var roots = ["/usr/local/lib", "/usr/lib"].flatMap { base in
            ((try? fm.contentsOfDirectory(atPath: base)) ?? []).filter { $0.hasPrefix("python3") }.sorted().reversed()
                .flatMap { ["\(base)/\($0)/dist-packages", "\(base)/\($0)/site-packages"] }
        }
        roots.append("/usr/lib/python3/dist-packages")
        if let home = ProcessInfo.processInfo.environment["HOME"] {
            let local = "\(home)/.local/lib"
            roots += ((try? fm.contentsOfDirectory(atPath: local)) ?? []).filter { $0.hasPrefix("python3") }.map { "\(local)/\($0)/site-packages" }
            // pyenv's Pythons: $PYENV_ROOT/versions/X/lib/python3.Y/site-packages.
            let pyenv = (ProcessInfo.processInfo.environment["PYENV_ROOT"].flatMap { $0.isEmpty ? nil : $0 } ?? "\(home)/.pyenv") + "/versions"
            for version in ((try? fm.contentsOfDirectory(atPath: pyenv)) ?? []).sorted().reversed() {
                let lib = "\(pyenv)/\(version)/lib"
                roots += ((try? fm.contentsOfDirectory(atPath: lib)) ?? []).filter { $0.hasPrefix("python3") }.map { "\(lib)/\($0)/site-packages" }
            }
        }
        for root in roots where fm.fileExists(atPath: "\(root)/libwhisper.so.1") || fm.fileExists(atPath: "\(root)/libwhisper.so") {
            out.append(fm.fileExists(atPath: "\(root)/libwhisper.so.1") ? "\(root)/libwhisper.so.1" : "\(root)/libwhisper.so")
        }
        return out
    }

    /// Opens libwhisper once per process. Throws `RecognitionError` saying where it looked and how to install it.
    static func load() throws -> WhisperLibrary {
        lock.lock()
        defer { lock.unlock() }
        if let cached { return cached }
        var tried: [String] = []
        for candidate in candidatePaths() {
            guard let handle = dlopen(candidate, RTLD_NOW | RTLD_LOCAL) else {
                tried.append(candidate)
                continue
            }
            let library = try WhisperLibrary(path: candidate, handle: handle)
            cached = library
            return library
        }
        throw RecognitionError(path: "libwhisper.so", reason: "whisper.cpp's library was not found (tried \(tried.joined(separator: ", "))); "
            + "install it (`pip install --no-deps pywhispercpp`, as Scripts/setup does) or set REEL_WHISPER_LIBRARY to its path")
    }

    /// One timed segment (times in ms, relative to the first sample).
    struct Segment {
        var text: String
        var startMs: Int64
        var endMs: Int64
    }

    /// Loads `model`, runs `whisper_full` on 16 kHz mono samples with the library's default greedy parameters
    /// (English, up to 4 threads) and returns its segments. Throws `RecognitionError` naming the model when it cannot
    /// be loaded or whisper fails.
    func transcribe(samples: [Float], model: String, cancellation: CancellationFlag, clip: String) throws -> [Segment] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: model, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw RecognitionError(path: model, reason: "no such model file (give a ggml whisper model, e.g. ggml-base.en.bin)")
        }
        guard let context = model.withCString({ initFromFile($0) }) else {
            throw RecognitionError(path: model, reason: "whisper.cpp could not load it as a ggml whisper model")
        }
        defer { free(context) }
        if cancellation.isCancelled { throw MediaError.cancelled(path: clip) }
        guard !samples.isEmpty else { return [] }
        // WHISPER_SAMPLING_GREEDY = 0.
        guard let params = defaultParams(0) else { throw RecognitionError(path: path, reason: "whisper_full_default_params_by_ref failed") }
        defer { freeParams(params) }
        let size = reel_heap_block_size(params)
        let status = samples.withUnsafeBufferPointer { buffer in
            reel_whisper_full(full, UnsafeMutableRawPointer(context), params, size, buffer.baseAddress, Int32(buffer.count))
        }
        guard status == 0 else { throw RecognitionError(path: model, reason: "whisper_full failed (status \(status)) on \(clip)") }
        var out: [Segment] = []
        for i in 0..<segmentCount(context) {
            let text = segmentText(context, i).map { String(cString: $0) }?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            // t0/t1 are in units of 10 ms.
            let start = segmentStart(context, i) * 10, end = segmentEnd(context, i) * 10
            if !text.isEmpty { out.append(Segment(text: text, startMs: start, endMs: max(start, end))) }
        }
        return out
    }

    /// A segment's text without whisper's bracketed non-speech markers (`[BLANK_AUDIO]`, `(music)`, `[Applause]`).
    static func spokenText(_ text: String) -> String {
        var out = ""
        var depth = 0
        for ch in text {
            if ch == "[" || ch == "(" { depth += 1; continue }
            if (ch == "]" || ch == ")") && depth > 0 { depth -= 1; continue }
            if depth == 0 { out.append(ch) }
        }
        return out.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }
}

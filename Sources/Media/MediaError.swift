import Foundation

/// What went wrong with a media file, always naming the file.
///
/// `description` is the one line a user sees: `PATH: reason`.
public enum MediaError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file does not exist.
    case fileNotFound(path: String)
    /// The path is a symbolic link that leads nowhere: back to itself (`loop`, ELOOP) or to nothing that exists.
    case brokenLink(path: String, loop: Bool)
    /// The path is a directory or otherwise not a regular file.
    case notAFile(path: String)
    /// The file has no bytes.
    case emptyFile(path: String)
    /// The file is not in any container FFmpeg recognises.
    case notMediaFile(path: String)
    /// An MP4/MOV whose index was never written (a recording that stopped abruptly, or a partial copy).
    case truncated(path: String)
    /// The file has no video stream (thumbnails, contact sheets).
    case noVideoStream(path: String)
    /// The file has no audio stream where one is required.
    case noAudioStream(path: String)
    /// A requested time lies outside the file.
    case timeOutOfRange(path: String, time: MediaTime, duration: MediaTime?)
    /// A requested range is empty or reversed.
    case invalidRange(path: String, from: MediaTime, to: MediaTime)
    /// The output could not be created (folder missing, not writable, unsupported extension…).
    case outputNotWritable(path: String, reason: String)
    /// The output file already exists and overwriting was not allowed.
    case outputExists(path: String)
    /// A file is where an output goes, and Reel did not write it (no report or manifest of Reel's names it), so it
    /// is not replaced without `--overwrite`.
    case notWrittenByReel(path: String)
    /// No decoder for the stream's codec is available.
    case unsupportedCodec(path: String, codec: String)
    /// The work was cancelled; nothing was left at the output path.
    case cancelled(path: String)
    /// Any other failure reported by FFmpeg, with what Reel was doing at the time.
    case ffmpeg(path: String, operation: String, error: FFmpegError)

    /// The file the error is about.
    public var path: String {
        switch self {
        case .fileNotFound(let p), .notAFile(let p), .emptyFile(let p), .notMediaFile(let p), .truncated(let p),
            .noVideoStream(let p), .noAudioStream(let p), .outputExists(let p), .cancelled(let p), .notWrittenByReel(let p):
            return p
        case .timeOutOfRange(let p, _, _), .invalidRange(let p, _, _), .outputNotWritable(let p, _), .brokenLink(let p, _),
            .unsupportedCodec(let p, _), .ffmpeg(let p, _, _):
            return p
        }
    }

    /// The reason, without the path.
    public var reason: String {
        switch self {
        case .fileNotFound: return "no such file"
        case .brokenLink(_, let loop):
            return loop ? "a symbolic link loop (the link leads back to itself)" : "a broken symbolic link (what it points to does not exist)"
        case .notAFile: return "not a regular file"
        case .emptyFile: return "empty file (0 bytes): not a media file"
        case .notMediaFile: return "not a media file"
        case .truncated: return "truncated or unfinished recording: no index (moov) found"
        case .noVideoStream: return "no video stream"
        case .noAudioStream: return "no audio stream"
        case .timeOutOfRange(_, let time, let duration):
            if let duration {
                return "time \(time.clockString) is outside the clip (duration \(duration.clockString))"
            }
            return "time \(time.clockString) is outside the clip"
        case .invalidRange(_, let from, let to):
            return "the range \(from.clockString)–\(to.clockString) is empty or reversed: --to must come after --from"
        case .outputNotWritable(_, let reason): return "cannot write output: \(reason)"
        case .outputExists: return "output already exists (use --overwrite to replace it)"
        case .notWrittenByReel: return "already exists and Reel did not write it, so it is not replaced (move it, or use --overwrite)"
        case .unsupportedCodec(_, let codec): return "no decoder for codec '\(codec)'"
        case .cancelled: return "cancelled; no output written"
        case .ffmpeg(_, let operation, let error): return "\(operation) failed: \(error.description)"
        }
    }

    public var description: String { "\(path): \(reason)" }

    /// Why `path` cannot be found: `.brokenLink` when it is a symbolic link that loops or points at nothing,
    /// else `.fileNotFound`.
    public static func missing(path: String) -> MediaError {
        var link = stat()
        guard lstat(path, &link) == 0, link.st_mode & S_IFMT == S_IFLNK else { return .fileNotFound(path: path) }
        var target = stat()
        let loop = stat(path, &target) != 0 && errno == ELOOP
        return .brokenLink(path: path, loop: loop)
    }

    /// The same error about `new` when it is about `old` (a hidden working file standing for its final name).
    func replacingPath(_ old: String, with new: String) -> MediaError {
        guard path == old else { return self }
        switch self {
        case .fileNotFound: return .fileNotFound(path: new)
        case .notAFile: return .notAFile(path: new)
        case .brokenLink(_, let loop): return .brokenLink(path: new, loop: loop)
        case .emptyFile: return .emptyFile(path: new)
        case .notMediaFile: return .notMediaFile(path: new)
        case .truncated: return .truncated(path: new)
        case .noVideoStream: return .noVideoStream(path: new)
        case .noAudioStream: return .noAudioStream(path: new)
        case .timeOutOfRange(_, let t, let d): return .timeOutOfRange(path: new, time: t, duration: d)
        case .invalidRange(_, let f, let t): return .invalidRange(path: new, from: f, to: t)
        case .outputNotWritable(_, let r): return .outputNotWritable(path: new, reason: r)
        case .outputExists: return .outputExists(path: new)
        case .notWrittenByReel: return .notWrittenByReel(path: new)
        case .unsupportedCodec(_, let c): return .unsupportedCodec(path: new, codec: c)
        case .cancelled: return .cancelled(path: new)
        case .ffmpeg(_, let o, let e): return .ffmpeg(path: new, operation: o, error: e)
        }
    }
}

internal import CFFmpeg
import Foundation

/// Owns an output `AVFormatContext` and its `AVIOContext`, writing to a temporary file beside the destination.
///
/// The muxer writes `<folder>/.<name>.reel-tmp-<random>`; `finish()` writes the trailer and renames it into
/// place. Until then nothing exists at the destination, and `discard()` (or `deinit`) removes the temporary
/// file, so an error or a cancellation leaves the folder as it was. The container is chosen from the
/// destination's extension (`av_guess_format`); MP4 and MOV are written with `movflags=+faststart`.
///
/// An HLS variant playlist (`.m3u8`, libavformat's `hls` muxer, made with `playlist: true`) works the same way for
/// the playlist itself; the muxer writes its segments wherever `hls_segment_filename` says, so callers put the
/// whole variant in a temporary folder (see `HLSLadder`).
final class OutputFile {
    /// The final path the caller asked for.
    let path: String
    /// The file being read into this one, when there is a single one (named in errors it causes).
    let inputPath: String?
    /// Where the muxer is writing until `finish()`.
    let temporaryPath: String
    let pointer: UnsafeMutablePointer<AVFormatContext>
    private var headerWritten = false
    private var closed = false
    /// Serialises `write` and `discard` (an encoder thread writes video while the reading thread writes audio).
    private let muxerLock = NSLock()

    /// Checks the destination and prepares a muxer for it (`av_guess_format`, `avformat_alloc_output_context2`).
    ///
    /// Nothing is created on disk yet. Throws `MediaError.outputNotWritable` (folder missing, not a folder,
    /// not writable, unknown extension, the output is the input), `.outputExists` when the file exists and
    /// `overwrite` is false. `playlist` admits an `.m3u8` destination (the `hls` muxer, which opens its own files);
    /// without it a playlist extension is refused like any other non-container.
    init(path: String, overwrite: Bool, inputPath: String? = nil, playlist: Bool = false) throws(MediaError) {
        self.path = path
        self.inputPath = inputPath
        let format = try OutputFile.checkDestination(path, overwrite: overwrite, inputPath: inputPath, playlist: playlist)
        let folder = OutputFile.folder(of: path)
        let random = String(UInt32.random(in: 0...UInt32.max), radix: 16)
        temporaryPath = (folder as NSString).appendingPathComponent(".\((path as NSString).lastPathComponent).reel-tmp-\(random)")
        FFmpegLog.quietOnce()
        var ctx: UnsafeMutablePointer<AVFormatContext>? = nil
        let r = avformat_alloc_output_context2(&ctx, format, nil, temporaryPath)
        guard r >= 0, let ctx else {
            throw .ffmpeg(path: path, operation: "preparing the output", error: FFmpegError(rawValue: r < 0 ? r : reel_averror(ENOMEM)))
        }
        pointer = ctx
    }

    deinit {
        discard()
        avformat_free_context(pointer)
    }

    /// The muxer's short name, e.g. `mp4`, `mov`, `matroska`, `webm`.
    var formatName: String { string(pointer.pointee.oformat.pointee.name) ?? "unknown" }

    /// The destination's extension as typed, with the dot (`.mp4`), for messages.
    var extensionLabel: String {
        let ext = (path as NSString).pathExtension
        return ext.isEmpty ? "this" : ".\(ext)"
    }

    /// Whether the muxer is the MP4/QuickTime family (faststart, timecode tracks, edit lists).
    var isISOBaseMedia: Bool { ["mp4", "mov", "ipod", "3gp", "3g2", "psp", "ismv", "f4v"].contains(formatName) }

    /// Whether encoders must put codec headers in extradata (`AVFMT_GLOBALHEADER`).
    var needsGlobalHeader: Bool { pointer.pointee.oformat.pointee.flags & reel_fmt_globalheader() != 0 }

    /// Whether the container can hold a stream of `codec` (`avformat_query_codec`); nil when the muxer cannot say.
    func canHold(_ codec: AVCodecID) -> Bool? {
        let r = avformat_query_codec(pointer.pointee.oformat, codec, FF_COMPLIANCE_NORMAL)
        if r < 0 { return nil }
        return r > 0
    }

    /// Whether the container can hold `codec`, by the codec's name (`avcodec_find_encoder_by_name`).
    func canHold(encoderNamed name: String) -> Bool {
        guard let codec = avcodec_find_encoder_by_name(name) else { return false }
        return canHold(codec.pointee.id) ?? false
    }

    /// Adds an empty stream (`avformat_new_stream`).
    func addStream() throws(MediaError) -> UnsafeMutablePointer<AVStream> {
        guard let st = avformat_new_stream(pointer, nil) else {
            throw .ffmpeg(path: path, operation: "adding a stream", error: .outOfMemory)
        }
        return st
    }

    var streamCount: Int { Int(pointer.pointee.nb_streams) }

    func stream(_ index: Int) -> UnsafeMutablePointer<AVStream> { pointer.pointee.streams[index]! }

    /// Creates the temporary file and writes the container header (`avio_open`, `avformat_write_header`).
    ///
    /// `options` are muxer options; MP4/MOV get `movflags=+faststart` unless `options` sets `movflags`.
    func writeHeader(options: [String: String] = [:]) throws(MediaError) {
        var opts: OpaquePointer? = nil
        defer { av_dict_free(&opts) }
        var all = options
        if isISOBaseMedia, all["movflags"] == nil { all["movflags"] = "+faststart" }
        for (key, value) in all { av_dict_set(&opts, key, value, 0) }
        if pointer.pointee.oformat.pointee.flags & reel_fmt_nofile() == 0 {
            let r = avio_open(&pointer.pointee.pb, temporaryPath, reel_io_flag_write())
            if r < 0 {
                let reason = FFmpegError(rawValue: r).description
                throw .outputNotWritable(path: path, reason: "cannot create files in folder '\(OutputFile.folder(of: path))' (\(reason))")
            }
        }
        headerWritten = true
        let r = avformat_write_header(pointer, &opts)
        if r < 0 {
            discard()
            throw .ffmpeg(path: path, operation: "writing the \(formatName) header", error: FFmpegError(rawValue: r))
        }
    }

    /// Hands a packet to the muxer (`av_interleaved_write_frame`), which takes its data.
    ///
    /// Safe to call from an encoder thread while another thread writes other streams: calls are serialised, and a
    /// write after `discard` fails instead of touching a closed file.
    func write(_ packet: Packet) throws(MediaError) {
        muxerLock.lock()
        defer { muxerLock.unlock() }
        guard !closed else { throw .cancelled(path: path) }
        let r = av_interleaved_write_frame(pointer, packet.pointer)
        if r < 0 {
            // The muxer refuses packets whose timestamps go backwards: the input is at fault, so name it.
            if r == reel_averror(EINVAL), let inputPath {
                throw .ffmpeg(path: path, operation: "writing (the input \(inputPath) may be damaged: its timestamps are out of order)",
                              error: FFmpegError(rawValue: r))
            }
            throw .ffmpeg(path: path, operation: "writing", error: FFmpegError(rawValue: r))
        }
    }

    /// Writes the trailer (`av_write_trailer`; with faststart this moves the index to the front), closes the
    /// file and renames it to `path`.
    ///
    /// Without `overwrite` the rename refuses to replace a file that appeared meanwhile (`.outputExists`).
    /// On any failure the temporary file is removed.
    func finish(overwrite: Bool) throws(MediaError) {
        let r = av_write_trailer(pointer)
        if r < 0 {
            discard()
            throw .ffmpeg(path: path, operation: "finishing", error: FFmpegError(rawValue: r))
        }
        let c = avio_closep(&pointer.pointee.pb)
        closed = true
        if c < 0 {
            unlink(temporaryPath)
            throw .outputNotWritable(path: path, reason: FFmpegError(rawValue: c).description)
        }
        try moveIntoPlace(overwrite: overwrite)
    }

    /// Closes and deletes the temporary file; safe to call more than once. Nothing is left at `path`.
    func discard() {
        muxerLock.lock()
        defer { muxerLock.unlock() }
        guard !closed else { return }
        closed = true
        if pointer.pointee.pb != nil { avio_closep(&pointer.pointee.pb) }
        if headerWritten || FileManager.default.fileExists(atPath: temporaryPath) { unlink(temporaryPath) }
    }

    private func moveIntoPlace(overwrite: Bool) throws(MediaError) {
        if overwrite {
            if rename(temporaryPath, path) != 0 {
                let reason = String(cString: strerror(errno))
                unlink(temporaryPath)
                throw .outputNotWritable(path: path, reason: reason)
            }
            return
        }
        // link(2) fails with EEXIST rather than replacing, so a file that appeared meanwhile is kept.
        if link(temporaryPath, path) == 0 {
            unlink(temporaryPath)
            return
        }
        let err = errno
        if err == EEXIST {
            unlink(temporaryPath)
            throw .outputExists(path: path)
        }
        // Some file systems have no hard links: check, then rename.
        if FileManager.default.fileExists(atPath: path) {
            unlink(temporaryPath)
            throw .outputExists(path: path)
        }
        if rename(temporaryPath, path) != 0 {
            let reason = String(cString: strerror(errno))
            unlink(temporaryPath)
            throw .outputNotWritable(path: path, reason: reason)
        }
    }

    /// Checks that `path` can be created and picks its container; returns the muxer.
    private static func checkDestination(
        _ path: String, overwrite: Bool, inputPath: String?, playlist: Bool = false
    ) throws(MediaError) -> UnsafePointer<AVOutputFormat> {
        let name = (path as NSString).lastPathComponent
        if path.isEmpty || path.hasSuffix("/") || name.isEmpty || name == "." || name == ".." {
            throw .outputNotWritable(path: path, reason: "not a file name")
        }
        let folder = OutputFile.folder(of: path)
        var info = stat()
        if stat(folder, &info) != 0 {
            if errno == ENOTDIR {
                throw .outputNotWritable(path: path, reason: "'\(OutputFile.nearestNonFolder(folder))' is not a folder")
            }
            if errno == ENOENT { throw .outputNotWritable(path: path, reason: "folder '\(folder)' does not exist") }
            throw .outputNotWritable(path: path, reason: "folder '\(folder)': \(String(cString: strerror(errno)))")
        }
        if info.st_mode & S_IFMT != S_IFDIR {
            throw .outputNotWritable(path: path, reason: "'\(folder)' is not a folder")
        }
        if access(folder, W_OK | X_OK) != 0 {
            throw .outputNotWritable(path: path, reason: "folder '\(folder)' is not writable (\(String(cString: strerror(errno))))")
        }
        var existing = stat()
        if stat(path, &existing) == 0 {
            if existing.st_mode & S_IFMT == S_IFDIR {
                throw .outputNotWritable(path: path, reason: "it is a folder")
            }
            if let inputPath {
                var source = stat()
                if stat(inputPath, &source) == 0, source.st_dev == existing.st_dev, source.st_ino == existing.st_ino {
                    throw .outputNotWritable(path: path, reason: "it is the input file; choose another output name")
                }
            }
            if !overwrite { throw .outputExists(path: path) }
        }
        let ext = (path as NSString).pathExtension
        if ext.isEmpty {
            throw .outputNotWritable(path: path, reason: "no file extension to choose a container from (use .mp4, .mov, .mkv or .webm)")
        }
        guard let format = av_guess_format(nil, path, nil) else {
            throw .outputNotWritable(path: path, reason: "unknown container for '.\(ext)' (use .mp4, .mov, .mkv or .webm)")
        }
        if playlist, string(format.pointee.name) == "hls" { return format }
        if format.pointee.flags & reel_fmt_nofile() != 0 {
            throw .outputNotWritable(path: path, reason: "'.\(ext)' is not a media container (use .mp4, .mov, .mkv or .webm)")
        }
        return format
    }

    /// The folder part of `path` as the user wrote it (`.` for a bare file name).
    private static func folder(of path: String) -> String {
        let folder = (path as NSString).deletingLastPathComponent
        return folder.isEmpty ? "." : folder
    }

    /// The longest leading part of `folder` that exists but is not a directory (why `stat` said ENOTDIR).
    private static func nearestNonFolder(_ folder: String) -> String {
        var candidate = folder
        while candidate != "/" && !candidate.isEmpty {
            var info = stat()
            if stat(candidate, &info) == 0 { return info.st_mode & S_IFMT == S_IFDIR ? folder : candidate }
            candidate = (candidate as NSString).deletingLastPathComponent
        }
        return folder
    }
}

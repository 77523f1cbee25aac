internal import CFFmpeg
import Foundation

/// Owns an `AVPacket`; freed with `av_packet_free`.
final class Packet {
    let pointer: UnsafeMutablePointer<AVPacket>

    init() {
        guard let p = av_packet_alloc() else { fatalError("av_packet_alloc: out of memory") }
        pointer = p
    }

    deinit {
        var p: UnsafeMutablePointer<AVPacket>? = pointer
        av_packet_free(&p)
    }

    func unref() { av_packet_unref(pointer) }

    var streamIndex: Int { Int(pointer.pointee.stream_index) }
    var isKeyframe: Bool { pointer.pointee.flags & reel_pkt_flag_key() != 0 }
    /// Whether the demuxer marks the packet as outside the presentation (before an edit list's start).
    var isDiscarded: Bool { pointer.pointee.flags & reel_pkt_flag_discard() != 0 }
    var pts: Int64? { pointer.pointee.pts == reel_nopts_value() ? nil : pointer.pointee.pts }
    var dts: Int64? { pointer.pointee.dts == reel_nopts_value() ? nil : pointer.pointee.dts }
    var duration: Int64 { pointer.pointee.duration }
}

/// Owns an `AVFrame`; freed with `av_frame_free`.
final class Frame {
    let pointer: UnsafeMutablePointer<AVFrame>

    init() {
        guard let p = av_frame_alloc() else { fatalError("av_frame_alloc: out of memory") }
        pointer = p
    }

    deinit {
        var p: UnsafeMutablePointer<AVFrame>? = pointer
        av_frame_free(&p)
    }

    func unref() { av_frame_unref(pointer) }

    /// The best presentation timestamp (`best_effort_timestamp`, else `pts`).
    var bestTimestamp: Int64? {
        let t = pointer.pointee.best_effort_timestamp
        if t != reel_nopts_value() { return t }
        return pointer.pointee.pts == reel_nopts_value() ? nil : pointer.pointee.pts
    }

    var width: Int { Int(pointer.pointee.width) }
    var height: Int { Int(pointer.pointee.height) }
    var pixelFormat: AVPixelFormat { AVPixelFormat(rawValue: pointer.pointee.format) }

    /// A new reference to the same data (`av_frame_ref`).
    func reference() throws(FFmpegError) -> Frame {
        let copy = Frame()
        try check(av_frame_ref(copy.pointer, pointer))
        return copy
    }
}

/// What a decoder or encoder had to give back.
enum ReceiveResult {
    case frame
    case needsInput
    case endOfStream
}

/// Owns an `AVCodecContext`; freed with `avcodec_free_context`.
final class CodecContext {
    let pointer: UnsafeMutablePointer<AVCodecContext>

    init(codec: UnsafePointer<AVCodec>?) {
        guard let p = avcodec_alloc_context3(codec) else { fatalError("avcodec_alloc_context3: out of memory") }
        pointer = p
    }

    deinit {
        var p: UnsafeMutablePointer<AVCodecContext>? = pointer
        avcodec_free_context(&p)
    }

    /// Opens a decoder for a stream (`avcodec_find_decoder`, `avcodec_parameters_to_context`, `avcodec_open2`).
    static func decoder(for stream: UnsafeMutablePointer<AVStream>, threads: Int = 0) throws(FFmpegError) -> CodecContext {
        let par = stream.pointee.codecpar!
        guard let codec = avcodec_find_decoder(par.pointee.codec_id) else { throw .decoderNotFound }
        let context = CodecContext(codec: codec)
        try check(avcodec_parameters_to_context(context.pointer, par))
        context.pointer.pointee.pkt_timebase = stream.pointee.time_base
        context.pointer.pointee.thread_count = Int32(threads)
        try check(avcodec_open2(context.pointer, codec, nil))
        return context
    }

    /// `avcodec_send_packet`; `nil` flushes. EAGAIN is reported as `false` (receive first).
    @discardableResult
    func send(_ packet: Packet?) throws(FFmpegError) -> Bool {
        let r = avcodec_send_packet(pointer, packet?.pointer)
        if r == reel_averror(EAGAIN) { return false }
        if r == reel_averror_eof() { return true }
        try check(r)
        return true
    }

    /// `avcodec_receive_frame`.
    func receive(into frame: Frame) throws(FFmpegError) -> ReceiveResult {
        let r = avcodec_receive_frame(pointer, frame.pointer)
        if r == reel_averror(EAGAIN) { return .needsInput }
        if r == reel_averror_eof() { return .endOfStream }
        try check(r)
        return .frame
    }

    /// `avcodec_send_frame`; `nil` flushes.
    @discardableResult
    func send(frame: Frame?) throws(FFmpegError) -> Bool {
        let r = avcodec_send_frame(pointer, frame?.pointer)
        if r == reel_averror(EAGAIN) { return false }
        if r == reel_averror_eof() { return true }
        try check(r)
        return true
    }

    /// `avcodec_receive_packet`.
    func receive(into packet: Packet) throws(FFmpegError) -> ReceiveResult {
        let r = avcodec_receive_packet(pointer, packet.pointer)
        if r == reel_averror(EAGAIN) { return .needsInput }
        if r == reel_averror_eof() { return .endOfStream }
        try check(r)
        return .frame
    }

    /// `avcodec_flush_buffers`, after a seek.
    func flush() { avcodec_flush_buffers(pointer) }
}

/// Owns an input `AVFormatContext`; closed with `avformat_close_input`.
final class InputFile {
    let pointer: UnsafeMutablePointer<AVFormatContext>
    let path: String

    /// Opens `path` and reads stream information (`avformat_open_input`, `avformat_find_stream_info`).
    ///
    /// Throws `MediaError` naming the path: missing, empty, not media, or an MP4 whose index is missing.
    init(path: String) throws(MediaError) {
        self.path = path
        try InputFile.preflight(path)
        FFmpegLog.quietOnce()
        var ctx: UnsafeMutablePointer<AVFormatContext>? = nil
        let r = avformat_open_input(&ctx, path, nil, nil)
        guard r >= 0, let opened = ctx else {
            throw InputFile.classifyOpenFailure(path: path, code: r)
        }
        pointer = opened
        let info = avformat_find_stream_info(opened, nil)
        if info < 0 {
            var p: UnsafeMutablePointer<AVFormatContext>? = opened
            avformat_close_input(&p)
            throw InputFile.classifyOpenFailure(path: path, code: info)
        }
        if opened.pointee.nb_streams == 0 {
            var p: UnsafeMutablePointer<AVFormatContext>? = opened
            avformat_close_input(&p)
            throw MediaError.notMediaFile(path: path)
        }
    }

    deinit {
        var p: UnsafeMutablePointer<AVFormatContext>? = pointer
        avformat_close_input(&p)
    }

    var streamCount: Int { Int(pointer.pointee.nb_streams) }

    func stream(_ index: Int) -> UnsafeMutablePointer<AVStream> {
        pointer.pointee.streams[index]!
    }

    /// The index of the best video stream that is real picture, or nil (`av_find_best_stream`).
    func bestVideoStream() -> Int? {
        let r = av_find_best_stream(pointer, AVMEDIA_TYPE_VIDEO, -1, -1, nil, 0)
        if r >= 0, stream(Int(r)).pointee.disposition & reel_disposition_attached_pic() == 0 { return Int(r) }
        for i in 0..<streamCount {
            let s = stream(i)
            if s.pointee.codecpar.pointee.codec_type == AVMEDIA_TYPE_VIDEO,
                s.pointee.disposition & reel_disposition_attached_pic() == 0
            {
                return i
            }
        }
        return nil
    }

    /// `av_read_frame`: false at the end of the file.
    func read(into packet: Packet) throws(FFmpegError) -> Bool {
        let r = av_read_frame(pointer, packet.pointer)
        if r == reel_averror_eof() { return false }
        try check(r)
        return true
    }

    /// Seeks so that the next packet read from `stream` is the keyframe at or before `timestamp`
    /// (`avformat_seek_file` with a maximum of `timestamp`).
    func seek(stream: Int, to timestamp: Int64) throws(FFmpegError) {
        try check(avformat_seek_file(pointer, Int32(stream), Int64.min, timestamp, timestamp, 0))
    }

    /// How many streams a reader finds in `path`, from the container header alone (`avformat_open_input`), cheap
    /// enough to check a file just written; a container without a stream header (FLV: `AVFMTCTX_NOHEADER`, its
    /// streams appear as packets are read) is read on with `avformat_find_stream_info`. Nil when it cannot be opened.
    static func streamCount(atPath path: String) -> Int? {
        FFmpegLog.quietOnce()
        var ctx: UnsafeMutablePointer<AVFormatContext>? = nil
        guard avformat_open_input(&ctx, path, nil, nil) >= 0, let opened = ctx else { return nil }
        defer { avformat_close_input(&ctx) }
        if opened.pointee.ctx_flags & Int32(AVFMTCTX_NOHEADER) != 0 || opened.pointee.nb_streams == 0 {
            _ = avformat_find_stream_info(opened, nil)
        }
        return Int(opened.pointee.nb_streams)
    }

    private static func preflight(_ path: String) throws(MediaError) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw MediaError.missing(path: path)
        }
        if isDirectory.boolValue { throw .notAFile(path: path) }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.int64Value ?? 0
        if size == 0 { throw .emptyFile(path: path) }
    }

    /// Turns a failed open into the reason a user understands.
    private static func classifyOpenFailure(path: String, code: Int32) -> MediaError {
        if code == reel_averror(ENOENT) { return MediaError.missing(path: path) }
        if code == reel_averror(ELOOP) { return .brokenLink(path: path, loop: true) }
        if code == reel_averror(EACCES) { return .ffmpeg(path: path, operation: "opening", error: .permissionDenied) }
        if looksLikeISOBaseMedia(path) { return .truncated(path: path) }
        if code == reel_averror_invaliddata() || code == reel_averror(EIO) { return .notMediaFile(path: path) }
        return .ffmpeg(path: path, operation: "opening", error: FFmpegError(rawValue: code))
    }

    /// Whether the file starts like an MP4/MOV (an `ftyp`, `wide`, `mdat`, `free` or `moov` box).
    static func looksLikeISOBaseMedia(_ path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        guard let head = try? handle.read(upToCount: 12), head.count >= 8 else { return false }
        let type = String(decoding: head[4..<8], as: UTF8.self)
        return ["ftyp", "wide", "mdat", "free", "skip", "moov", "pnot"].contains(type)
    }
}

/// FFmpeg writes its own log to stderr; Reel reports errors itself, so that log is silenced once.
enum FFmpegLog {
    private static let once: Void = {
        let env = ProcessInfo.processInfo.environment["REEL_FFMPEG_LOG"]
        reel_set_log_level(env == nil ? reel_log_quiet() : reel_log_error())
    }()

    static func quietOnce() { _ = once }
}

/// The C string as a Swift string, nil for NULL or empty.
func string(_ p: UnsafePointer<CChar>?) -> String? {
    guard let p else { return nil }
    let s = String(cString: p)
    return s.isEmpty ? nil : s
}

/// An `AVDictionary` as a Swift dictionary.
func dictionary(_ dict: OpaquePointer?) -> [String: String] {
    var out: [String: String] = [:]
    var entry: UnsafeMutablePointer<AVDictionaryEntry>? = nil
    while let e = av_dict_get(dict, "", entry, reel_dict_ignore_suffix()) {
        if let k = string(e.pointee.key) { out[k] = String(cString: e.pointee.value) }
        entry = e
    }
    return out
}

extension Rational {
    init(_ r: AVRational) { self.init(r.num, r.den) }
    var av: AVRational { AVRational(num: numerator, den: denominator) }
}

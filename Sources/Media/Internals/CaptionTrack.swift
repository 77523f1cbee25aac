internal import CFFmpeg
import Foundation

/// One caption cue on the output clock, in milliseconds.
struct CaptionCueText: Equatable {
    var startMs: Int64
    var endMs: Int64
    var text: String
}

/// A text subtitle stream the `Transcoder` adds to its output: `mov_text` in MP4/MOV, `webvtt` in WebM,
/// `subrip` in Matroska. Owns its subtitle encoder (`avcodec_alloc_context3`, `avcodec_open2`).
///
/// Every cue is encoded (`avcodec_encode_subtitle`) and handed to the muxer straight after the header; the
/// interleaver holds them until the audio and video reach their times. A `CaptionLane` instead starts with no
/// cues and writes each one (`write(_:)`) as it decodes it from a source subtitle stream.
final class CaptionTrack {
    let outputIndex: Int
    private let encoder: CodecContext
    private let output: OutputFile
    private let cues: [CaptionCueText]

    /// A minimal ASS header: text subtitle encoders parse it for their default style.
    static let assHeader = """
        [Script Info]
        ScriptType: v4.00+
        PlayResX: 384
        PlayResY: 288

        [V4+ Styles]
        Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, Bold, Italic, \
        Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, \
        MarginV, Encoding
        Style: Default,Arial,16,&Hffffff,&Hffffff,&H0,&H0,0,0,0,0,100,100,0,0,1,1,0,2,10,10,10,0

        [Events]
        Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text

        """

    /// The subtitle encoder for a container, or nil when it takes no text track.
    static func encoderName(for output: OutputFile) -> String? {
        if output.isISOBaseMedia { return "mov_text" }
        switch output.formatName {
        case "webm": return "webvtt"
        case "matroska": return "subrip"
        default: return nil
        }
    }

    /// Opens the encoder and adds the stream; call before the header is written.
    init(output: OutputFile, cues: [CaptionCueText], language: String?) throws(MediaError) {
        self.output = output
        self.cues = cues.filter { $0.endMs > $0.startMs }.sorted { $0.startMs < $1.startMs }
        guard let name = CaptionTrack.encoderName(for: output), let codec = avcodec_find_encoder_by_name(name) else {
            throw .outputNotWritable(path: output.path, reason: "a \(output.extensionLabel) file cannot hold a caption track")
        }
        encoder = CodecContext(codec: codec)
        let c = encoder.pointer
        c.pointee.time_base = AVRational(num: 1, den: 1000)
        let header = Array(CaptionTrack.assHeader.utf8)
        guard let buffer = av_mallocz(header.count + 1)?.assumingMemoryBound(to: UInt8.self) else {
            throw .ffmpeg(path: output.path, operation: "preparing the caption encoder", error: .outOfMemory)
        }
        buffer.update(from: header, count: header.count)
        c.pointee.subtitle_header = buffer
        c.pointee.subtitle_header_size = Int32(header.count)
        if output.needsGlobalHeader { c.pointee.flags |= Int32(reel_codec_flag_global_header()) }
        let r = avcodec_open2(c, codec, nil)
        if r < 0 { throw .ffmpeg(path: output.path, operation: "opening the \(name) encoder", error: FFmpegError(rawValue: r)) }
        let st = try output.addStream()
        outputIndex = Int(st.pointee.index)
        let p = avcodec_parameters_from_context(st.pointee.codecpar, c)
        if p < 0 { throw .ffmpeg(path: output.path, operation: "describing the caption stream", error: FFmpegError(rawValue: p)) }
        st.pointee.time_base = AVRational(num: 1, den: 1000)
        av_dict_set(&st.pointee.metadata, "language", language ?? "eng", 0)
        av_dict_set(&st.pointee.metadata, "handler_name", "Captions", 0)
    }

    /// Encodes every cue and writes it (`avcodec_encode_subtitle`, `av_interleaved_write_frame`); after the header.
    func writeAll() throws(MediaError) {
        for cue in cues { try write(cue) }
    }

    /// Encodes one cue and writes it (`avcodec_encode_subtitle`, `av_interleaved_write_frame`); after the header.
    ///
    /// `cue` is on the output clock; `\n` in its text becomes a line break. Cues that end before they start are skipped.
    func write(_ cue: CaptionCueText) throws(MediaError) {
        guard cue.endMs > cue.startMs else { return }
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        var sub = AVSubtitle()
        sub.format = 1
        sub.start_display_time = 0
        sub.end_display_time = UInt32(clamping: cue.endMs - cue.startMs)
        sub.pts = cue.startMs * 1000
        let escaped = cue.text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: "\\N")
        guard let rect = av_mallocz(MemoryLayout<AVSubtitleRect>.size)?.assumingMemoryBound(to: AVSubtitleRect.self) else {
            throw .ffmpeg(path: output.path, operation: "encoding captions", error: .outOfMemory)
        }
        // From here `sub` owns what is allocated (avsubtitle_free frees the rects and their text), or it is freed here.
        guard let rects = av_mallocz(MemoryLayout<UnsafeMutablePointer<AVSubtitleRect>?>.size)?
            .assumingMemoryBound(to: UnsafeMutablePointer<AVSubtitleRect>?.self)
        else {
            av_free(rect)
            throw .ffmpeg(path: output.path, operation: "encoding captions", error: .outOfMemory)
        }
        rect.pointee.type = SUBTITLE_ASS
        rect.pointee.ass = av_strdup("0,0,Default,,0,0,0,,\(escaped)")
        rects[0] = rect
        sub.rects = rects
        sub.num_rects = 1
        let n = buffer.withUnsafeMutableBufferPointer { b in
            avcodec_encode_subtitle(encoder.pointer, b.baseAddress, Int32(b.count), &sub)
        }
        avsubtitle_free(&sub)
        if n < 0 { throw .ffmpeg(path: output.path, operation: "encoding captions", error: FFmpegError(rawValue: n)) }
        let packet = Packet()
        let r = av_new_packet(packet.pointer, n)
        if r < 0 { throw .ffmpeg(path: output.path, operation: "encoding captions", error: FFmpegError(rawValue: r)) }
        if n > 0 { packet.pointer.pointee.data.update(from: buffer, count: Int(n)) }
        let tb = output.stream(outputIndex).pointee.time_base
        let ms = AVRational(num: 1, den: 1000)
        packet.pointer.pointee.pts = av_rescale_q(cue.startMs, ms, tb)
        packet.pointer.pointee.dts = packet.pointer.pointee.pts
        packet.pointer.pointee.duration = av_rescale_q(cue.endMs - cue.startMs, ms, tb)
        packet.pointer.pointee.stream_index = Int32(outputIndex)
        packet.pointer.pointee.flags |= reel_pkt_flag_key()
        try output.write(packet)
    }

    /// The cues as a WebVTT document.
    static func webVTT(_ cues: [CaptionCueText]) -> String {
        var out = "WEBVTT\n"
        for (i, cue) in cues.enumerated() {
            out += "\n\(i + 1)\n\(vttTime(cue.startMs)) --> \(vttTime(cue.endMs))\n\(vttCueText(cue.text))\n"
        }
        return out
    }

    /// Plain caption text as WebVTT cue text: `&`, `<` and `>` written as character references (so `-->`, which
    /// would end the cue in a player, becomes `--&gt;` and shows as typed), and no blank lines (a blank line ends
    /// the cue too).
    static func vttCueText(_ text: String) -> String {
        var out = ""
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            default: out.append(c)
            }
        }
        return out.split(whereSeparator: \.isNewline).filter { !$0.allSatisfy(\.isWhitespace) }.joined(separator: "\n")
    }

    /// `HH:MM:SS.mmm`.
    static func vttTime(_ ms: Int64) -> String {
        let t = max(0, ms)
        return String(format: "%02lld:%02lld:%02lld.%03lld", t / 3_600_000, (t / 60_000) % 60, (t / 1000) % 60, t % 1000)
    }
}

internal import CFFmpeg
import Foundation

/// Turns a source text subtitle stream (SubRip, WebVTT, ASS…) into a `CaptionTrack` (`mov_text` in MP4/MOV),
/// cut to the run's window and shifted to start at 0, for containers that cannot hold the source codec.
///
/// Each packet is decoded (`avcodec_decode_subtitle2`) into a cue; cues that overlap the window are kept and
/// clipped to it, as `CopyLane` does for copied subtitles. The text keeps ASS override tags (`{\i1}`), which
/// the `mov_text` encoder turns into its own styles.
final class CaptionLane: Lane {
    let inputIndex: Int
    let outputIndex: Int
    let isSparse = true
    let isAudioVisual = false
    private(set) var isDone = false
    private(set) var writtenEnd: Double = 0
    private(set) var position: Double = 0

    private let track: CaptionTrack
    private let decoder: CodecContext
    private let output: OutputFile
    private let inputPath: String
    private let inTimeBase: AVRational
    private let startTs: Int64
    private let endTs: Int64?

    /// Whether `stream` holds text subtitles (`AV_CODEC_PROP_TEXT_SUB`) that a `CaptionLane` can convert.
    static func canConvert(_ stream: UnsafeMutablePointer<AVStream>) -> Bool {
        let par = stream.pointee.codecpar.pointee
        guard par.codec_type == AVMEDIA_TYPE_SUBTITLE, let descriptor = avcodec_descriptor_get(par.codec_id),
            avcodec_find_decoder(par.codec_id) != nil
        else { return false }
        return descriptor.pointee.props & Int32(AV_CODEC_PROP_TEXT_SUB) != 0
    }

    /// Opens the source's subtitle decoder and adds the caption stream; call before the header is written.
    init(input stream: UnsafeMutablePointer<AVStream>, index: Int, inputPath: String, output: OutputFile, window: CutWindow) throws(MediaError) {
        inputIndex = index
        self.output = output
        self.inputPath = inputPath
        let tb = stream.pointee.time_base
        inTimeBase = tb
        startTs = window.start.rescaled(to: Rational(tb)).value
        endTs = window.end.map { $0.rescaled(to: Rational(tb)).value }
        do {
            decoder = try CodecContext.decoder(for: stream)
        } catch {
            throw .ffmpeg(path: inputPath, operation: "opening the subtitle decoder", error: error)
        }
        let tags = dictionary(stream.pointee.metadata)
        track = try CaptionTrack(output: output, cues: [], language: tags["language"])
        outputIndex = track.outputIndex
        // MP4/MOV players show a track's handler name as its title.
        if let title = tags["title"], !title.isEmpty {
            av_dict_set(&output.stream(outputIndex).pointee.metadata, "handler_name", title, 0)
        }
    }

    func handle(_ packet: Packet) throws(MediaError) {
        guard !isDone, let pts = packet.pts ?? packet.dts else { return }
        if let endTs, pts >= endTs {
            isDone = true
            return
        }
        var sub = AVSubtitle()
        var got: Int32 = 0
        let r = avcodec_decode_subtitle2(decoder.pointer, &sub, &got, packet.pointer)
        if r < 0 { throw .ffmpeg(path: inputPath, operation: "decoding subtitles", error: FFmpegError(rawValue: r)) }
        guard got != 0 else { return }
        let text = CaptionLane.text(of: sub)
        let shownMs = Int64(sub.end_display_time)
        avsubtitle_free(&sub)
        guard let text, !text.isEmpty else { return }

        let ms = AVRational(num: 1, den: 1000)
        let duration = packet.duration > 0 ? packet.duration : av_rescale_q(shownMs, ms, inTimeBase)
        guard duration > 0, pts + duration > startTs else { return }
        let cueStart = max(pts, startTs)
        var cueEnd = pts + duration
        if let endTs { cueEnd = min(cueEnd, endTs) }
        let startMs = av_rescale_q(cueStart - startTs, inTimeBase, ms)
        let endMs = max(startMs + 1, av_rescale_q(cueEnd - startTs, inTimeBase, ms))
        try track.write(CaptionCueText(startMs: startMs, endMs: endMs, text: text))
        position = max(position, Double(startMs) / 1000)
        writtenEnd = max(writtenEnd, Double(endMs) / 1000)
    }

    func finish() throws(MediaError) {
        isDone = true
    }

    /// The text of a decoded subtitle: each rect's text, or the Text field of its ASS event with `\N` as a line
    /// break, one rect per line; nil when it has no text (a bitmap, or an empty cue).
    private static func text(of sub: AVSubtitle) -> String? {
        var lines: [String] = []
        for i in 0..<Int(sub.num_rects) {
            guard let rect = sub.rects[i]?.pointee else { continue }
            if rect.type == SUBTITLE_ASS, let ass = string(rect.ass) {
                // ReadOrder, Layer, Style, Name, MarginL, MarginR, MarginV, Effect, Text: the text follows the 8th comma.
                let fields = ass.split(separator: ",", maxSplits: 8, omittingEmptySubsequences: false)
                guard fields.count == 9 else { continue }
                lines.append(fields[8].replacingOccurrences(of: "\\N", with: "\n").replacingOccurrences(of: "\\n", with: "\n"))
            } else if rect.type == SUBTITLE_TEXT, let text = string(rect.text) {
                lines.append(text)
            }
        }
        let joined = lines.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        return joined.isEmpty ? nil : joined
    }
}

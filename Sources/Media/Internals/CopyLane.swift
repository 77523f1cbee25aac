internal import CFFmpeg
import Foundation

/// Copies one source stream's packets into the output, cut to the run's window and shifted to start at 0.
///
/// Video starts at its first keyframe inside the window and stops where the packets shown before the out
/// point end (a frame after the out point is kept only when a frame before it needs it to decode); audio and
/// data keep the packets that start inside the window; subtitles keep every cue that overlaps it, clipped.
final class CopyLane: Lane {
    let inputIndex: Int
    let outputIndex: Int
    let isSparse: Bool
    let isAudioVisual: Bool
    private(set) var isDone = false
    private(set) var writtenEnd: Double = 0
    private(set) var position: Double = 0

    private let output: OutputFile
    private let kind: AVMediaType
    private let inTimeBase: AVRational
    private let startTs: Int64
    private let endTs: Int64?
    private var started = false
    /// Video packets shown after the out point, kept until a later packet shows whether they are needed.
    private var held: [Packet] = []
    /// AVI video only (a frame-rate clock): the last decoding time written, so a variable-rate source's frames that
    /// round to the same tick are moved on by one instead of being refused by the muxer.
    private var lastFrameDts: Int64?

    /// Adds the output stream for `stream` (`avcodec_parameters_copy`), keeping the codec tag when the
    /// output container accepts it.
    init(input stream: UnsafeMutablePointer<AVStream>, index: Int, output: OutputFile, window: CutWindow) throws(MediaError) {
        inputIndex = index
        self.output = output
        let par = stream.pointee.codecpar!
        kind = par.pointee.codec_type
        let tb = stream.pointee.time_base
        inTimeBase = tb
        isSparse = kind != AVMEDIA_TYPE_VIDEO && kind != AVMEDIA_TYPE_AUDIO
        isAudioVisual = !isSparse
        startTs = window.start.rescaled(to: Rational(tb)).value
        endTs = window.end.map { $0.rescaled(to: Rational(tb)).value }
        let out = try output.addStream()
        outputIndex = Int(out.pointee.index)
        let r = avcodec_parameters_copy(out.pointee.codecpar, par)
        if r < 0 { throw .ffmpeg(path: output.path, operation: "copying stream parameters", error: FFmpegError(rawValue: r)) }
        out.pointee.codecpar.pointee.codec_tag = CopyLane.codecTag(par.pointee, for: output)
        out.pointee.time_base = inTimeBase
        // AVI counts time in frames of its stream's time base: a 1/600 clock (a phone's MP4) would make it a
        // 600 fps file padded with empty frames. Give it the frame rate instead.
        if output.formatName == "avi", kind == AVMEDIA_TYPE_VIDEO {
            let rate = stream.pointee.avg_frame_rate.num > 0 ? stream.pointee.avg_frame_rate : stream.pointee.r_frame_rate
            if rate.num > 0, rate.den > 0 { out.pointee.time_base = av_inv_q(rate) }
        }
        out.pointee.avg_frame_rate = stream.pointee.avg_frame_rate
        out.pointee.r_frame_rate = stream.pointee.r_frame_rate
        out.pointee.sample_aspect_ratio = stream.pointee.sample_aspect_ratio
        StreamFacts.copySideData(from: stream, to: out, only: nil)
    }

    func handle(_ packet: Packet) throws(MediaError) {
        guard !isDone, let pts = packet.pts ?? packet.dts else { return }
        switch kind {
        case AVMEDIA_TYPE_VIDEO:
            if !started {
                guard packet.isKeyframe, pts >= startTs else { return }
                started = true
            } else if pts < startTs {
                return  // a leading picture of an open GOP: it needs the previous GOP, which is not written
            }
            if let endTs, pts >= endTs {
                if (packet.dts ?? pts) >= endTs {
                    isDone = true
                    held.removeAll()
                    return
                }
                let keep = Packet()
                av_packet_move_ref(keep.pointer, packet.pointer)
                held.append(keep)
                return
            }
            for h in held { try write(h) }
            held.removeAll()
            try write(packet)
        case AVMEDIA_TYPE_SUBTITLE:
            if let endTs, pts >= endTs {
                isDone = true
                return
            }
            let duration = max(packet.duration, 0)
            if duration > 0 ? pts + duration <= startTs : pts < startTs { return }
            let cueStart = max(pts, startTs)
            var cueEnd = pts + duration
            if let endTs { cueEnd = min(cueEnd, endTs) }
            packet.pointer.pointee.pts = cueStart
            packet.pointer.pointee.dts = cueStart
            if duration > 0 { packet.pointer.pointee.duration = max(1, cueEnd - cueStart) }
            try write(packet)
        default:
            if pts < startTs { return }
            if let endTs, pts >= endTs {
                isDone = true
                return
            }
            try write(packet)
        }
    }

    func finish() throws(MediaError) {
        held.removeAll()
        isDone = true
    }

    private func write(_ packet: Packet) throws(MediaError) {
        let p = packet.pointer
        p.pointee.stream_index = Int32(outputIndex)
        p.pointee.pos = -1
        if p.pointee.pts != reel_nopts_value() { p.pointee.pts -= startTs }
        if p.pointee.dts != reel_nopts_value() { p.pointee.dts -= startTs }
        let shown = p.pointee.pts != reel_nopts_value() ? p.pointee.pts : p.pointee.dts
        let tb = Rational(inTimeBase).doubleValue
        position = max(position, Double(shown) * tb)
        writtenEnd = max(writtenEnd, Double(shown + max(p.pointee.duration, 0)) * tb)
        av_packet_rescale_ts(p, inTimeBase, output.stream(outputIndex).pointee.time_base)
        if output.formatName == "avi", kind == AVMEDIA_TYPE_VIDEO, p.pointee.dts != reel_nopts_value() {
            if let last = lastFrameDts, p.pointee.dts <= last {
                let shift = last + 1 - p.pointee.dts
                p.pointee.dts += shift
                if p.pointee.pts != reel_nopts_value() { p.pointee.pts = max(p.pointee.pts + shift, p.pointee.dts) }
            }
            lastFrameDts = p.pointee.dts
        }
        try output.write(packet)
    }

    /// The source's codec tag when the output container maps it to the same codec, else 0 (the muxer picks one).
    private static func codecTag(_ par: AVCodecParameters, for output: OutputFile) -> UInt32 {
        guard let tags = output.pointer.pointee.oformat.pointee.codec_tag else { return par.codec_tag }
        var other: UInt32 = 0
        if av_codec_get_id(tags, par.codec_tag) == par.codec_id || av_codec_get_tag2(tags, par.codec_id, &other) == 0 {
            return par.codec_tag
        }
        return 0
    }
}

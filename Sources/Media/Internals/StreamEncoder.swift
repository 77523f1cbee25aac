internal import CFFmpeg
import Foundation

/// The encoding half of a re-encoded output stream: an opened `FrameEncoder`, its output stream, and the packets it
/// writes (`avcodec_send_frame`, `avcodec_receive_packet`, `av_interleaved_write_frame`).
///
/// `EncodeLane` feeds one from one source stream; the playlist renderer feeds one from many pieces in turn. Video
/// packets get their durations from the next frame sent; packets past `end` are shortened to end there.
final class StreamEncoder {
    let encoder: FrameEncoder
    let outputIndex: Int
    let kind: AVMediaType
    /// The end of the last packet written, in seconds on the output clock.
    private(set) var writtenEnd: Double = 0

    private let output: OutputFile
    private let codecName: String
    private let packet = Packet()
    /// Video: timestamps (encoder time base) of frames sent to the encoder, to give packets their durations.
    private var sentPts: [Int64] = []
    private var nominalFrameDuration: Int64 = 1
    /// The out point in the encoder's time base, or nil for none.
    private let endInEncoder: Int64?
    /// Video: the time grid keyframes are forced on, or nil for none.
    private let forcedKeyframeInterval: MediaTime?
    /// Video: the next grid time at or after which the first frame sent is forced to be a keyframe.
    private var nextForcedKeyframe = MediaTime.zero

    /// Adds the output stream for `encoder` (`avformat_new_stream`, `avcodec_parameters_from_context`).
    ///
    /// `frameRate` sizes the last video packet; `end` (seconds on the output clock) caps what is written;
    /// `forcedKeyframeInterval` makes the first video frame at or after each multiple of it a keyframe.
    init(
        encoder: FrameEncoder, codecName: String, output: OutputFile, frameRate: AVRational?, end: MediaTime?,
        forcedKeyframeInterval: MediaTime? = nil
    ) throws(MediaError) {
        self.encoder = encoder
        self.forcedKeyframeInterval = forcedKeyframeInterval.flatMap { $0 > .zero ? $0 : nil }
        self.codecName = codecName
        self.output = output
        kind = encoder.context.pointer.pointee.codec_type
        let out = try output.addStream()
        outputIndex = Int(out.pointee.index)
        let r = avcodec_parameters_from_context(out.pointee.codecpar, encoder.context.pointer)
        if r < 0 { throw .ffmpeg(path: output.path, operation: "describing the encoded stream", error: FFmpegError(rawValue: r)) }
        out.pointee.time_base = encoder.timeBase
        if kind == AVMEDIA_TYPE_VIDEO {
            out.pointee.avg_frame_rate = encoder.context.pointer.pointee.framerate
            out.pointee.sample_aspect_ratio = encoder.context.pointer.pointee.sample_aspect_ratio
        }
        if let frameRate, frameRate.num > 0 && frameRate.den > 0 {
            nominalFrameDuration = max(1, av_rescale_q(1, av_inv_q(frameRate), encoder.timeBase))
        }
        endInEncoder = end.map { $0.rescaled(to: Rational(encoder.timeBase)).value }
    }

    /// The output stream this encoder writes.
    var stream: UnsafeMutablePointer<AVStream> { output.stream(outputIndex) }

    /// Encodes one frame (its pts in the encoder's time base), or flushes the encoder when nil.
    ///
    /// A frame the caller already marked as a keyframe (`pict_type` I) stays one; on a forced-keyframe grid the
    /// first frame at or after each grid time is marked too.
    func encode(_ frame: Frame?) throws(MediaError) {
        if let frame, kind == AVMEDIA_TYPE_VIDEO, frame.pointer.pointee.pts != reel_nopts_value() {
            sentPts.append(frame.pointer.pointee.pts)
            if let interval = forcedKeyframeInterval {
                if let at = try? MediaTime(value: frame.pointer.pointee.pts, timeBase: Rational(encoder.timeBase)), at >= nextForcedKeyframe {
                    frame.pointer.pointee.pict_type = AV_PICTURE_TYPE_I
                    while nextForcedKeyframe <= at { nextForcedKeyframe = nextForcedKeyframe + interval }
                }
            }
        }
        while true {
            let accepted: Bool
            do { accepted = try encoder.context.send(frame: frame) } catch { throw encodeError(error) }
            try drainEncoder()
            if accepted { return }
        }
    }

    private func drainEncoder() throws(MediaError) {
        while true {
            let result: ReceiveResult
            do { result = try encoder.context.receive(into: packet) } catch { throw encodeError(error) }
            guard result == .frame else { return }
            try write(packet)
        }
    }

    private func write(_ packet: Packet) throws(MediaError) {
        let p = packet.pointer
        p.pointee.stream_index = Int32(outputIndex)
        let pts = p.pointee.pts
        if kind == AVMEDIA_TYPE_VIDEO && pts != reel_nopts_value() {
            if p.pointee.duration <= 0 { p.pointee.duration = frameDuration(at: pts) }
            if p.pointee.dts != reel_nopts_value() {
                let dts = p.pointee.dts
                if let drop = sentPts.firstIndex(where: { $0 >= dts }), drop > 64 { sentPts.removeFirst(drop - 32) }
            }
        }
        if let endInEncoder, pts != reel_nopts_value(), pts + p.pointee.duration > endInEncoder {
            p.pointee.duration = max(0, endInEncoder - pts)
        }
        if pts != reel_nopts_value() {
            let tb = Rational(encoder.timeBase).doubleValue
            writtenEnd = max(writtenEnd, Double(pts + max(0, p.pointee.duration)) * tb)
        }
        av_packet_rescale_ts(p, encoder.timeBase, output.stream(outputIndex).pointee.time_base)
        try output.write(packet)
    }

    /// The gap to the next frame sent to the encoder, or one nominal frame for the last.
    private func frameDuration(at pts: Int64) -> Int64 {
        var low = 0
        var high = sentPts.count
        while low < high {
            let mid = (low + high) / 2
            if sentPts[mid] <= pts { low = mid + 1 } else { high = mid }
        }
        return low < sentPts.count ? sentPts[low] - pts : nominalFrameDuration
    }

    func encodeError(_ error: FFmpegError) -> MediaError {
        .ffmpeg(path: output.path, operation: "encoding \(ContainerFit.typeName(kind)) with \(codecName)", error: error)
    }
}

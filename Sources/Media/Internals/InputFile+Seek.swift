internal import CFFmpeg
import Foundation

/// Keyframe search and seeking for the `Transcoder` and the playlist renderer's pieces (`avformat_seek_file`).
extension InputFile {
    /// The presentation and decode timestamps of the last keyframe of `stream` shown at or before `target`
    /// (stream time base), found by seeking and reading packets (no decoding); nil when there is none that early.
    ///
    /// Demuxers that seek by decode time (MPEG-TS) may land after that keyframe, so the search steps further back.
    func findKeyframe(
        stream: Int, atOrBefore target: Int64, cancel: CancellationFlag, cancelPath: String
    ) throws(MediaError) -> (pts: Int64, dts: Int64)? {
        let st = self.stream(stream).pointee
        let first = st.start_time == reel_nopts_value() ? Int64.min : st.start_time
        let twoSeconds = max(1, av_rescale_q(2, AVRational(num: 1, den: 1), st.time_base))
        var seekTarget = target
        var step = twoSeconds
        let packet = Packet()
        for _ in 0..<6 {
            if seekTarget > first {
                try seekOrFallBack(stream: stream, to: seekTarget)
            } else {
                try seekToBeginning()
            }
            var best: (pts: Int64, dts: Int64)? = nil
            var budget = 100_000
            while budget > 0 {
                budget -= 1
                if cancel.isCancelled { throw .cancelled(path: cancelPath) }
                let more: Bool
                do { more = try read(into: packet) } catch {
                    throw .ffmpeg(path: path, operation: "reading", error: error)
                }
                guard more else { break }
                defer { packet.unref() }
                guard packet.streamIndex == stream, let pts = packet.pts ?? packet.dts else { continue }
                let dts = packet.dts ?? pts
                if packet.isKeyframe && pts <= target && pts >= (best?.pts ?? Int64.min) { best = (pts, dts) }
                if dts > target { break }
            }
            if let best { return best }
            if seekTarget <= first { return nil }
            seekTarget = seekTarget > Int64.min + step ? seekTarget - step : Int64.min
            step = step > Int64.max / 4 ? step : step * 4
        }
        return nil
    }

    /// Positions the read so the keyframe (`pts`, `dts`) of `stream` comes next or soon: seeks by its
    /// presentation time, checks the first packet read, and if the demuxer landed after the keyframe (MPEG-TS
    /// seeks by decode time) seeks by its decode time, then further back.
    func seek(stream: Int, toKeyframeAt pts: Int64, decodeTime dts: Int64, cancel: CancellationFlag, cancelPath: String) throws(MediaError) {
        let st = self.stream(stream).pointee
        let oneSecond = max(1, av_rescale_q(1, AVRational(num: 1, den: 1), st.time_base))
        let targets = [pts, dts, dts - oneSecond, dts - 5 * oneSecond]
        let packet = Packet()
        for target in targets {
            if cancel.isCancelled { throw .cancelled(path: cancelPath) }
            try seekOrFallBack(stream: stream, to: target)
            var firstDecodeTime: Int64? = nil
            var budget = 10_000
            while budget > 0, firstDecodeTime == nil {
                budget -= 1
                let more: Bool
                do { more = try read(into: packet) } catch {
                    throw .ffmpeg(path: path, operation: "reading", error: error)
                }
                guard more else { break }
                if packet.streamIndex == stream { firstDecodeTime = packet.dts ?? packet.pts }
                packet.unref()
            }
            if let firstDecodeTime, firstDecodeTime <= dts {
                try seekOrFallBack(stream: stream, to: target)
                return
            }
        }
        try seekToBeginning()
    }

    /// `avformat_seek_file` to the keyframe at or before `timestamp` (stream time base; -1: microseconds).
    func seekOrFallBack(stream: Int, to timestamp: Int64) throws(MediaError) {
        let r = avformat_seek_file(pointer, Int32(stream), Int64.min, timestamp, timestamp, 0)
        if r < 0 {
            // Some demuxers only seek by the default stream; try once more before giving up.
            let fallback = av_seek_frame(pointer, Int32(stream), timestamp, reel_seek_flag_backward())
            if fallback < 0 { throw .ffmpeg(path: path, operation: "seeking", error: FFmpegError(rawValue: r)) }
        }
    }

    func seekToBeginning() throws(MediaError) {
        let start = pointer.pointee.start_time == reel_nopts_value() ? 0 : pointer.pointee.start_time
        let r = avformat_seek_file(pointer, -1, Int64.min, start, start, 0)
        if r < 0 { throw .ffmpeg(path: path, operation: "seeking to the start", error: FFmpegError(rawValue: r)) }
    }
}

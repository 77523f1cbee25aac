internal import CFFmpeg
import Foundation

/// The part of the source a run writes, on the source's absolute clock (container start time included).
struct CutWindow {
    /// The source time that becomes output time 0.
    var start: MediaTime
    /// The exclusive end, or nil for the end of the file.
    var end: MediaTime?
}

/// One source stream's path into the output: copied (`CopyLane`) or re-encoded (`EncodeLane`).
protocol Lane: AnyObject {
    var inputIndex: Int { get }
    var outputIndex: Int { get }
    /// Subtitles and data: the run does not read on just to fill them.
    var isSparse: Bool { get }
    var isAudioVisual: Bool { get }
    /// No further packets are wanted.
    var isDone: Bool { get }
    /// The end of the last thing written, in seconds on the output clock.
    var writtenEnd: Double { get }
    /// How far the lane has got, in seconds on the output clock.
    var position: Double { get }
    /// Takes one packet read from the lane's source stream; the lane may take over its data.
    func handle(_ packet: Packet) throws(MediaError)
    /// Flushes whatever the lane still holds (decoder, filters, encoder) into the output.
    func finish() throws(MediaError)
}

/// The shared remux/transcode pipeline: source file → per-stream copy or decode → filter → encode → muxer.
///
/// Trims use it today; publishing presets (web MP4, HLS, loudness, deinterlace, tone-mapping) plug in through
/// `TranscodeRequest`'s per-stream `StreamAction`s and `EncoderSettings.filter`. It reads the source once,
/// checks the cancellation flag between packets, and leaves nothing at the destination unless it finishes.
final class Transcoder {
    let input: InputFile
    let output: OutputFile
    let request: TranscodeRequest
    private let origin: MediaTime

    /// `input` must be freshly opened (nothing read yet); `output` must not have its header written.
    init(input: InputFile, output: OutputFile, request: TranscodeRequest) {
        precondition(request.actions.count == input.streamCount, "one action per source stream")
        self.input = input
        self.output = output
        self.request = request
        origin = Transcoder.clockOrigin(of: input)
    }

    /// Where the file's clock starts: the first timestamp of its main video stream, else the container's start
    /// time, so a clip's first frame is at 0 even when the container starts elsewhere (MPEG-TS at 1.4 s, audio
    /// priming before the picture). Thumbnails measure times the same way.
    static func clockOrigin(of input: InputFile) -> MediaTime {
        if let v = input.bestVideoStream() {
            let st = input.stream(v).pointee
            if st.start_time != reel_nopts_value(), st.time_base.num > 0, st.time_base.den > 0 {
                return MediaTime(value: st.start_time, checkedBase: Rational(st.time_base))
            }
        }
        let start = input.pointer.pointee.start_time
        return start == reel_nopts_value() ? .zero : MediaTime(microseconds: start)
    }

    /// The length of the file on the clock of `clockOrigin(of:)`: from that origin to the container's end.
    static func clockDuration(of input: InputFile) -> MediaTime? {
        let f = input.pointer.pointee
        guard f.duration != reel_nopts_value(), f.duration > 0 else { return nil }
        let containerStart = f.start_time == reel_nopts_value() ? 0 : f.start_time
        let end = MediaTime(microseconds: Int64(clamping: Int128(containerStart) + Int128(f.duration)))
        return end - clockOrigin(of: input)
    }

    /// Writes the output and moves it into place; on any error or cancellation removes the temporary file.
    ///
    /// `progress` receives 0…1 by position in the window (throttled). Throws `MediaError`: `.cancelled` when
    /// `cancel` is set, `.ffmpeg` naming the input (reading/decoding) or the output (encoding/writing).
    func run(overwrite: Bool, cancel: CancellationFlag, progress: ((Double) -> Void)?) throws(MediaError) -> TranscodeSummary {
        do {
            return try runUnguarded(overwrite: overwrite, cancel: cancel, progress: progress)
        } catch {
            output.discard()
            throw error
        }
    }

    private func runUnguarded(overwrite: Bool, cancel: CancellationFlag, progress: ((Double) -> Void)?) throws(MediaError) -> TranscodeSummary {
        let anchor = anchorStream()
        let requestedStart = request.start.map { origin + $0 }
        let snaps = anchor.map { request.actions[$0] == .copy } ?? false

        // Find the keyframe the read must start from (and, when copying, the cut snaps to).
        var keyframe: MediaTime? = nil
        var keyframeDecodeTime: Int64? = nil
        if let anchor, let requestedStart {
            let tb = Rational(input.stream(anchor).pointee.time_base)
            if let found = try input.findKeyframe(stream: anchor, atOrBefore: requestedStart.rescaled(to: tb).value, cancel: cancel, cancelPath: output.path) {
                keyframe = try? MediaTime(value: found.pts, timeBase: tb)
                keyframeDecodeTime = found.dts
            }
        }
        var windowStart = requestedStart ?? origin
        if snaps, let keyframe, keyframe < windowStart { windowStart = keyframe }
        if request.start == nil, let anchor, snaps {
            // From the beginning: start at the anchor's first timestamp if it precedes the container start.
            let st = input.stream(anchor).pointee
            if st.start_time != reel_nopts_value(), let first = try? MediaTime(value: st.start_time, timeBase: Rational(st.time_base)) {
                if first < windowStart { windowStart = first }
            }
        }
        let window = CutWindow(start: windowStart, end: request.end.map { origin + $0 })

        // Build the lanes and the output streams, in source order.
        var lanes: [Int: any Lane] = [:]
        for (index, action) in request.actions.enumerated() {
            let st = input.stream(index)
            let lane: any Lane
            switch action {
            case .copy:
                lane = try CopyLane(input: st, index: index, output: output, window: window)
            case .encode(let settings):
                lane = try EncodeLane(input: input, index: index, outputs: [(settings, output)], window: window)
            case .convertCaptions:
                lane = try CaptionLane(input: st, index: index, inputPath: input.path, output: output, window: window)
            case .drop, .recreated:
                continue
            }
            StreamFacts.copyStreamFacts(from: st, to: output.stream(lane.outputIndex))
            lanes[index] = lane
        }
        guard !lanes.isEmpty else {
            throw .outputNotWritable(path: output.path, reason: "no stream of the source can be written to a \(output.extensionLabel) file")
        }
        StreamFacts.copyTags(input.pointer.pointee.metadata, into: &output.pointer.pointee.metadata)
        if request.keepsChapters { StreamFacts.copyChapters(from: input, to: output, window: window) }
        let timecode = applyTimecode(windowStart: windowStart, lanes: lanes)
        var captionTrack: CaptionTrack? = nil
        if let cues = request.captions, !cues.isEmpty {
            captionTrack = try CaptionTrack(output: output, cues: cues, language: request.captionLanguage)
        }
        try output.writeHeader(options: request.muxerOptions)
        try captionTrack?.writeAll()

        // Position the read.
        if let anchor, let keyframe, let keyframeDecodeTime {
            let tb = Rational(input.stream(anchor).pointee.time_base)
            try input.seek(stream: anchor, toKeyframeAt: keyframe.rescaled(to: tb).value, decodeTime: keyframeDecodeTime, cancel: cancel, cancelPath: output.path)
        } else if anchor != nil, requestedStart != nil {
            try input.seekToBeginning()
        } else if anchor == nil, let requestedStart, request.start != .zero {
            try input.seekOrFallBack(stream: -1, to: requestedStart.rescaled(to: Rational(1, 1_000_000)).value)
        }

        let total = max(0.001, ((window.end ?? fileEnd()) ?? windowStart).seconds - windowStart.seconds)
        let progressLane = anchor.flatMap { lanes[$0] } ?? lanes.values.first { !$0.isSparse } ?? lanes.values.first!
        var reported = -1.0
        let packet = Packet()
        let waitingFor = lanes.values.filter { !$0.isSparse }
        while true {
            if cancel.isCancelled { throw .cancelled(path: output.path) }
            if !waitingFor.isEmpty && waitingFor.allSatisfy(\.isDone) { break }
            if waitingFor.isEmpty && lanes.values.allSatisfy(\.isDone) { break }
            let more: Bool
            do { more = try input.read(into: packet) } catch {
                throw .ffmpeg(path: input.path, operation: "reading", error: error)
            }
            guard more else { break }
            if let lane = lanes[packet.streamIndex], !lane.isDone { try lane.handle(packet) }
            packet.unref()
            if let progress {
                let fraction = min(1, max(0, progressLane.position / total))
                if fraction - reported >= 0.005 {
                    reported = fraction
                    progress(fraction)
                }
            }
        }
        for index in lanes.keys.sorted() {
            if cancel.isCancelled { throw .cancelled(path: output.path) }
            try lanes[index]!.finish()
        }
        if cancel.isCancelled { throw .cancelled(path: output.path) }
        try output.finish(overwrite: overwrite)
        progress?(1)

        let audioVisual = lanes.values.filter(\.isAudioVisual)
        let end = (audioVisual.isEmpty ? Array(lanes.values) : audioVisual).map(\.writtenEnd).max() ?? 0
        // Count what a reader finds in the finished file: muxers add tracks (timecode, chapters) of their own.
        let written = InputFile.streamCount(atPath: output.path) ?? output.streamCount
        return TranscodeSummary(
            start: windowStart - origin,
            duration: (try? MediaTime(seconds: end)) ?? .zero,
            streamsWritten: written,
            timecode: timecode)
    }

    /// The stream the cut is measured on: the main video stream when it is written, else the first written audio.
    private func anchorStream() -> Int? {
        if let v = input.bestVideoStream(), request.actions[v].isWritten { return v }
        for i in 0..<input.streamCount where request.actions[i].isWritten {
            let type = input.stream(i).pointee.codecpar.pointee.codec_type
            if type == AVMEDIA_TYPE_VIDEO, !ContainerFit.isAttachedPicture(input.stream(i)) { return i }
        }
        for i in 0..<input.streamCount where request.actions[i].isWritten {
            if input.stream(i).pointee.codecpar.pointee.codec_type == AVMEDIA_TYPE_AUDIO { return i }
        }
        return nil
    }

    /// The end of the file on its absolute clock, when the container knows its duration.
    private func fileEnd() -> MediaTime? {
        Transcoder.clockDuration(of: input).map { origin + $0 }
    }

    /// Gives the output the timecode of its first frame: the source's timecode advanced by the frames before
    /// `windowStart`. Set on the container and video streams, where the MP4/MOV muxer turns it into a `tmcd`
    /// track and Matroska into a tag.
    private func applyTimecode(windowStart: MediaTime, lanes: [Int: any Lane]) -> String? {
        guard let start = StreamFacts.sourceTimecode(input) else { return nil }
        let video = input.bestVideoStream()
        var rate = AVRational(num: 0, den: 1)
        var videoStart = origin
        if let video {
            let st = input.stream(video).pointee
            rate = st.avg_frame_rate.num > 0 ? st.avg_frame_rate : st.r_frame_rate
            if st.start_time != reel_nopts_value(), let first = try? MediaTime(value: st.start_time, timeBase: Rational(st.time_base)) {
                videoStart = first
            }
        }
        let frames = max(0, Int64(((windowStart - videoStart).seconds * av_q2d(rate) + 1e-6).rounded(.down)))
        let timecode = StreamFacts.timecode(start, advancedBy: frames, rate: rate) ?? start
        av_dict_set(&output.pointer.pointee.metadata, "timecode", timecode, 0)
        for lane in lanes.values {
            let out = output.stream(lane.outputIndex)
            if out.pointee.codecpar.pointee.codec_type == AVMEDIA_TYPE_VIDEO {
                av_dict_set(&out.pointee.metadata, "timecode", timecode, 0)
            }
        }
        return timecode
    }
}

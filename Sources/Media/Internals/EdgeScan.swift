internal import CFFmpeg
import Foundation

/// One read of part of a file through libavfilter's `blackdetect` (main video stream) and `silencedetect` (main
/// audio stream), keeping what the filters write into the frames' metadata (`lavfi.black_start`, `lavfi.black_end`,
/// `lavfi.silence_start`, `lavfi.silence_end`): where black and silence begin and end.
///
/// Video is decoded without the loop filter (`skip_loop_filter`, which cannot turn a black frame grey), and for a
/// tail read only the reference frames (`skip_frame=nonref`), so a tail's start is known to within the few frames
/// between two reference frames. Times are seconds on the clip's clock (`Transcoder.clockOrigin`).
final class EdgeScan {
    /// `d=0`: every black frame is marked, however short the run (the minimum only affects FFmpeg's log).
    static let blackFilter = "blackdetect=d=0:pix_th=0.10:pic_th=0.98"
    static var silenceFilter: String {
        "silencedetect=n=-60dB:d=\(String(format: "%.3f", Double(BlackAndSilence.minimumSilenceMs) / 1000))"
    }
    /// How close to a stream's first frame a run must start to count as starting there (seconds).
    static let tolerance = 0.02

    /// What one stream's filter reported.
    struct Track {
        /// When the first frame (or sample) that came out of the filter is shown.
        var first: Double?
        /// When the last frame that came out ends.
        var end: Double?
        /// Runs of black or silence that have ended, in order.
        var runs: [(start: Double, end: Double)] = []
        /// The start of the run still going at the last frame.
        var open: Double?
        /// Whether the last frame out was black (video only).
        var inRun = false
        /// From when to look for the first frame that is not black (video only).
        var watchFrom: Double?
        /// The first frame at or after `watchFrom` that is not black.
        var firstClear: Double?

        mutating func started(_ t: Double) { if open == nil { open = t } }

        mutating func ended(_ t: Double) {
            if let s = open { runs.append((s, t)) }
            open = nil
        }

        /// The run that starts with the track's first frame: its end, or nil inside when it is still going.
        var headRun: (start: Double, end: Double?)? {
            guard let first else { return nil }
            if let r = runs.first { return r.start <= first + EdgeScan.tolerance ? (r.start, r.end) : nil }
            if let open, open <= first + EdgeScan.tolerance { return (open, nil) }
            return nil
        }
    }

    private let path: String
    private let input: InputFile
    private let origin: Double
    private let cancel: CancellationFlag
    private(set) var video: Lane?
    private(set) var audio: Lane?
    /// Whether the read went on to the end of the file (false: stopped early).
    private(set) var reachedEnd = false
    /// Where on the clip's clock the read was asked to start (0: the beginning).
    let startedAt: Double

    /// Opens `path` for a read of stream `videoIndex` and/or `audioIndex` from `start` seconds (the demuxer seeks to
    /// the keyframe before it), decoding only reference frames when `decimate`.
    init(
        path: String, videoIndex: Int?, audioIndex: Int?, from start: Double = 0, decimate: Bool, cancel: CancellationFlag
    ) throws(MediaError) {
        self.path = path
        self.cancel = cancel
        input = try InputFile(path: path)
        origin = Transcoder.clockOrigin(of: input).seconds
        startedAt = start
        for i in 0..<input.streamCount where i != videoIndex && i != audioIndex {
            input.stream(i).pointee.discard = AVDISCARD_ALL
        }
        do {
            if let videoIndex {
                video = try Lane(stream: input.stream(videoIndex), index: videoIndex, origin: origin, decimate: decimate, in: input)
            }
            if let audioIndex {
                audio = try Lane(stream: input.stream(audioIndex), index: audioIndex, origin: origin, decimate: false, in: input)
            }
        } catch .decoderNotFound {
            let index = video == nil ? (videoIndex ?? audioIndex ?? 0) : (audioIndex ?? 0)
            let codec = string(avcodec_get_name(input.stream(index).pointee.codecpar.pointee.codec_id)) ?? "unknown"
            throw .unsupportedCodec(path: path, codec: codec)
        } catch {
            throw .ffmpeg(path: path, operation: "opening the decoders for the black and silence analysis", error: error)
        }
        if start > 0 {
            // `avformat_seek_file` on the container clock (microseconds), at or before the start.
            let ts = Int64((origin + start) * 1_000_000)
            if avformat_seek_file(input.pointer, -1, Int64.min, ts, ts, 0) < 0 { try input.seekToBeginning() }
        }
    }

    /// Reads packets until `stop` says enough (checked before each packet) or the file ends; at the end the decoders
    /// and filters are drained.
    ///
    /// Throws `MediaError`: `.cancelled`, `.ffmpeg` (reading, decoding or filtering).
    func run(until stop: ((EdgeScan) -> Bool)? = nil) throws(MediaError) {
        let packet = Packet()
        while true {
            if cancel.isCancelled { throw .cancelled(path: path) }
            if let stop, stop(self) { return }
            let more: Bool
            do { more = try input.read(into: packet) } catch {
                throw .ffmpeg(path: path, operation: "reading", error: error)
            }
            guard more else { break }
            defer { packet.unref() }
            let lane = packet.streamIndex == video?.index ? video : packet.streamIndex == audio?.index ? audio : nil
            guard let lane, !lane.done else { continue }
            do { try lane.handle(packet) } catch {
                throw .ffmpeg(path: path, operation: "looking for black and silence in stream \(lane.index)", error: error)
            }
        }
        for lane in [video, audio].compactMap({ $0 }) where !lane.done {
            do { try lane.handle(nil) } catch {
                throw .ffmpeg(path: path, operation: "looking for black and silence in stream \(lane.index)", error: error)
            }
        }
        reachedEnd = true
    }

    /// For a read from the start: marks each stream done once its head is known, and says whether all are.
    ///
    /// The picture's head is known at the first frame that is not black; the sound's once silence that began with
    /// it has ended, or once more than `minimumSilenceMs` of it has passed without silence starting.
    func headIsKnown() -> Bool {
        if let lane = video, !lane.done, lane.track.first != nil, lane.track.headRun?.end != nil || lane.track.headRun == nil {
            lane.done = true
        }
        if let lane = audio, !lane.done, let first = lane.track.first, let end = lane.track.end {
            let minimum = Double(BlackAndSilence.minimumSilenceMs) / 1000
            if let head = lane.track.headRun {
                if head.end != nil { lane.done = true }
            } else if end > first + minimum + 0.1 {
                lane.done = true
            }
        }
        return (video?.done ?? true) && (audio?.done ?? true)
    }

    /// One stream's decoder and filter graph.
    final class Lane {
        let index: Int
        let isVideo: Bool
        /// No more packets are wanted from this stream.
        var done = false
        var track = Track()
        private let decoder: CodecContext
        private let timeBase: AVRational
        private let frameRate: AVRational
        private let origin: Double
        private var graph: FilterGraph?
        private var videoShape: FilterGraph.VideoInput?
        private var audioShape: FilterGraph.AudioInput?
        private var nextSample: Int64?
        private var lastPts: Int64 = Int64.min
        private let decoded = Frame()
        private let out = Frame()

        init(stream: UnsafeMutablePointer<AVStream>, index: Int, origin: Double, decimate: Bool, in input: InputFile) throws(FFmpegError) {
            self.index = index
            self.origin = origin
            isVideo = stream.pointee.codecpar.pointee.codec_type == AVMEDIA_TYPE_VIDEO
            timeBase = stream.pointee.time_base
            frameRate = av_guess_frame_rate(input.pointer, stream, nil)
            decoder = try CodecContext.decoder(for: stream, threads: 1)
            if isVideo {
                decoder.pointer.pointee.skip_loop_filter = AVDISCARD_ALL
                if decimate { decoder.pointer.pointee.skip_frame = AVDISCARD_NONREF }
            }
        }

        /// Sends a packet (nil: the end) and filters every frame that comes out; a packet the decoder rejects as
        /// invalid data is skipped, as the `ffmpeg` program does.
        func handle(_ packet: Packet?) throws(FFmpegError) {
            var sent = false
            while !sent {
                do { sent = try decoder.send(packet) } catch .invalidData { return }
                try drainDecoder()
            }
            if packet == nil {
                try drainDecoder()
                try flushGraph()
            }
        }

        private func drainDecoder() throws(FFmpegError) {
            while true {
                let r: ReceiveResult
                do { r = try decoder.receive(into: decoded) } catch .invalidData { continue }
                guard r == .frame else { return }
                defer { decoded.unref() }
                if isVideo { try filterVideo() } else { try filterAudio() }
            }
        }

        private func filterVideo() throws(FFmpegError) {
            var t = decoded.bestTimestamp ?? (lastPts == Int64.min ? 0 : lastPts + 1)
            if t <= lastPts { t = lastPts + 1 }
            lastPts = t
            decoded.pointer.pointee.pts = t
            let f = decoded.pointer.pointee
            let shape = FilterGraph.VideoInput(
                width: f.width, height: f.height, pixelFormat: AVPixelFormat(rawValue: f.format), timeBase: timeBase,
                sampleAspectRatio: f.sample_aspect_ratio, frameRate: frameRate)
            if graph == nil || videoShape != shape {
                try flushGraph()
                graph = try FilterGraph(video: shape, filter: EdgeScan.blackFilter, outputPixelFormat: shape.pixelFormat)
                videoShape = shape
            }
            try graph!.push(decoded)
            try pull()
        }

        private func filterAudio() throws(FFmpegError) {
            let f = decoded.pointer.pointee
            guard f.sample_rate > 0, f.nb_samples > 0 else { return }
            let shape = FilterGraph.AudioInput.of(decoded)
            if let old = audioShape, old.sampleRate != shape.sampleRate, let n = nextSample {
                nextSample = av_rescale_q(n, AVRational(num: 1, den: old.sampleRate), AVRational(num: 1, den: shape.sampleRate))
            }
            // The samples' times on the file's clock, counted from the first frame so that gaps cannot reorder them.
            if nextSample == nil {
                nextSample = av_rescale_q(decoded.bestTimestamp ?? 0, timeBase, AVRational(num: 1, den: f.sample_rate))
            }
            decoded.pointer.pointee.pts = nextSample!
            nextSample! += Int64(f.nb_samples)
            if graph == nil || audioShape != shape {
                try flushGraph()
                graph = try FilterGraph(
                    audio: shape, filter: EdgeScan.silenceFilter, sampleFormat: shape.sampleFormat, sampleRate: shape.sampleRate,
                    layout: shape.layout, frameSize: 0)
                audioShape = shape
            }
            try graph!.push(decoded)
            try pull()
        }

        /// Ends the current graph and reads what it still holds (after a change of frame shape, and at the end).
        private func flushGraph() throws(FFmpegError) {
            guard let graph else { return }
            try graph.push(nil)
            try pull()
            self.graph = nil
        }

        /// Reads the filtered frames and what the filter wrote into their metadata.
        private func pull() throws(FFmpegError) {
            guard let graph else { return }
            while try graph.pull(into: out) == .frame {
                defer { out.unref() }
                let o = out.pointer.pointee
                let tb = graph.outputTimeBase
                guard o.pts != reel_nopts_value(), tb.num > 0, tb.den > 0 else { continue }
                let t = Double(o.pts) * Double(tb.num) / Double(tb.den) - origin
                if track.first == nil { track.first = t }
                let meta = dictionary(o.metadata)
                if isVideo {
                    // blackdetect marks the first black frame of a run and the first frame after it.
                    if meta["lavfi.black_start"] != nil {
                        track.started(t)
                        track.inRun = true
                    }
                    if meta["lavfi.black_end"] != nil {
                        track.ended(t)
                        track.inRun = false
                    }
                    if track.firstClear == nil, let from = track.watchFrom, t >= from - 0.0005, !track.inRun { track.firstClear = t }
                    var duration = Double(o.pkt_duration) * Double(timeBase.num) / Double(max(1, timeBase.den))
                    if duration <= 0, frameRate.num > 0, frameRate.den > 0 { duration = Double(frameRate.den) / Double(frameRate.num) }
                    track.end = max(track.end ?? t, t + max(0, duration))
                } else {
                    // silencedetect marks the frame where quiet has lasted `d`, with the time it began, and the
                    // frame where sound comes back.
                    if let s = meta["lavfi.silence_start"].flatMap(Double.init) { track.started(s - origin) }
                    if let e = meta["lavfi.silence_end"].flatMap(Double.init) { track.ended(e - origin) }
                    let rate = Double(max(1, o.sample_rate))
                    track.end = max(track.end ?? t, t + Double(o.nb_samples) / rate)
                }
            }
        }
    }
}

extension EdgeScan {
    /// The first windows read at the end of a file (seconds): the picture's from a second before the end (the demuxer
    /// starts at the keyframe before that), the sound's long enough for any silent tail worth flagging. Each grows
    /// fourfold while the black or silence reaches back to its start.
    static let videoTailWindow = 1.0
    static let audioTailWindow = 6.0

    /// Black and silence at the head and tail of `path`'s main video and audio streams.
    ///
    /// The head is read from the start only until the picture and the sound have begun (or the file ends); each
    /// stream's tail from shortly before the end, the picture decimated. A file whose length the container does not
    /// know is read once, whole. Throws `MediaError`: the file's open errors, `.unsupportedCodec`, `.cancelled`,
    /// `.ffmpeg`.
    static func analyse(_ path: String, cancel: CancellationFlag) throws(MediaError) -> BlackAndSilence {
        let probe = try InputFile(path: path)
        let v = probe.bestVideoStream()
        let best = av_find_best_stream(probe.pointer, AVMEDIA_TYPE_AUDIO, -1, -1, nil, 0)
        let a = best >= 0 ? Int(best) : nil
        let duration = Transcoder.clockDuration(of: probe)?.seconds
        var result = BlackAndSilence(firstPictureMs: nil, hasVideo: v != nil, hasAudio: a != nil)
        guard v != nil || a != nil else { return result }
        func ms(_ seconds: Double) -> Int64 { Int64((max(0, seconds) * 1000).rounded()) }

        let head = try EdgeScan(path: path, videoIndex: v, audioIndex: a, decimate: false, cancel: cancel)
        try head.run(until: duration == nil ? nil : { $0.headIsKnown() })
        var videoTailKnown = false
        var audioTailKnown = false
        if let track = head.video?.track {
            if let run = track.headRun {
                if let end = run.end {
                    result.blackHeadMs = ms(end)
                    result.firstPictureMs = ms(end)
                } else if head.reachedEnd {
                    result.allBlack = true
                    result.blackHeadMs = ms(track.end ?? 0)
                    result.blackTailMs = result.blackHeadMs
                    videoTailKnown = true
                }
            } else if let first = track.first {
                result.firstPictureMs = ms(first)
            }
        }
        if let track = head.audio?.track, let run = track.headRun {
            if let end = run.end {
                result.silentHeadMs = ms(end)
            } else if head.reachedEnd {
                result.allSilent = true
                result.silentHeadMs = ms(track.end ?? 0)
                result.silentTailMs = result.silentHeadMs
                audioTailKnown = true
            }
        }
        if head.reachedEnd {
            if !videoTailKnown, let track = head.video?.track, let open = track.open, let end = track.end { result.blackTailMs = ms(end - open) }
            if !audioTailKnown, let track = head.audio?.track, let open = track.open, let end = track.end { result.silentTailMs = ms(end - open) }
            return result
        }
        let length = duration ?? 0
        if let v, !videoTailKnown {
            result.blackTailMs = ms(try tail(path, stream: v, video: true, length: length, window: videoTailWindow, cancel: cancel))
        }
        if let a, !audioTailKnown {
            result.silentTailMs = ms(try tail(path, stream: a, video: false, length: length, window: audioTailWindow, cancel: cancel))
        }
        return result
    }

    /// How long the black (video) or silence (audio) that runs to the end of one stream lasts, in seconds (0: none):
    /// reads from `window` seconds before `length`, further back while the run reaches the window's first frame.
    private static func tail(
        _ path: String, stream: Int, video: Bool, length: Double, window initial: Double, cancel: CancellationFlag
    ) throws(MediaError) -> Double {
        var window = initial
        while true {
            let start = max(0, length - window)
            let scan = try EdgeScan(
                path: path, videoIndex: video ? stream : nil, audioIndex: video ? nil : stream, from: start, decimate: video, cancel: cancel)
            try scan.run()
            guard let track = (video ? scan.video : scan.audio)?.track, let open = track.open, let end = track.end, let first = track.first
            else { return 0 }
            if start > 0, open <= first + tolerance {
                window *= 4
                continue
            }
            return end - open
        }
    }

    /// When the first frame at or after `from` (seconds on the clip's clock) that is not black is shown, looking no
    /// further than `to`; nil when every frame in between is black.
    ///
    /// Throws `MediaError`: the file's open errors, `.noVideoStream`, `.cancelled`, `.ffmpeg`.
    static func firstPicture(_ path: String, from: Double, to: Double, cancel: CancellationFlag) throws(MediaError) -> Double? {
        let probe = try InputFile(path: path)
        guard let v = probe.bestVideoStream() else { throw .noVideoStream(path: path) }
        let scan = try EdgeScan(path: path, videoIndex: v, audioIndex: nil, from: from, decimate: false, cancel: cancel)
        scan.video!.track.watchFrom = from
        try scan.run { s in
            let track = s.video!.track
            return track.firstClear != nil || (track.end ?? -.infinity) >= to
        }
        return scan.video!.track.firstClear.flatMap { $0 < to ? $0 : nil }
    }
}

internal import CFFmpeg
import Foundation

/// Re-encodes one source stream: decoder → cut to the window → `FilterGraph` → `FrameEncoder` → muxer.
///
/// The cut happens on decoded frames, before filtering. Video keeps the frame whose interval contains the in
/// point (shown from output time 0) and every frame that starts before the out point; audio is cut to the
/// sample. Output timestamps start at 0 at the in point, so audio and video stay in sync.
///
/// A lane either encodes into its own output stream (`StreamEncoder`), or, for one piece of a playlist render,
/// hands its filtered frames (timestamps from 0 at the in point) to a `deliver` closure that feeds a shared encoder.
final class EncodeLane: Lane {
    /// What the video filter graph is fed: the decoder's picture size, format and aspect with the stream's time base
    /// and frame rate (`avg_frame_rate`, else `r_frame_rate`).
    static func videoInput(stream: UnsafeMutablePointer<AVStream>, decoder d: AVCodecContext) -> FilterGraph.VideoInput {
        var rate = stream.pointee.avg_frame_rate
        if rate.num <= 0 || rate.den <= 0 { rate = stream.pointee.r_frame_rate }
        var sar = d.sample_aspect_ratio
        if sar.num <= 0 { sar = stream.pointee.sample_aspect_ratio }
        return FilterGraph.VideoInput(
            width: d.width, height: d.height, pixelFormat: d.pix_fmt == AV_PIX_FMT_NONE ? AV_PIX_FMT_YUV420P : d.pix_fmt,
            timeBase: stream.pointee.time_base, sampleAspectRatio: sar, frameRate: rate)
    }

    /// Where filtered frames go.
    private enum Target {
        case encoder(StreamEncoder)
        case frames((Frame) throws(MediaError) -> Void)
    }

    /// The shape a piece lane's graph delivers: video in yuv420p, audio as 48 kHz stereo float planar.
    struct PieceShape {
        var pixelFormat = AV_PIX_FMT_YUV420P
        var sampleFormat = AV_SAMPLE_FMT_FLTP
        var sampleRate: Int32 = 48_000
        var layout = "stereo"
    }

    let inputIndex: Int
    let outputIndex: Int
    let isSparse = false
    let isAudioVisual = true
    private(set) var isDone = false
    var writtenEnd: Double {
        if case .encoder(let e) = target { return e.writtenEnd }
        return position
    }
    private(set) var position: Double = 0

    private let output: OutputFile
    private let inputPath: String
    private let stream: UnsafeMutablePointer<AVStream>
    private let kind: AVMediaType
    private let settings: EncoderSettings
    private let decoder: CodecContext
    private let target: Target
    /// Video into its own encoder: the encoder runs on its own thread behind a bounded queue (`FramePipe`), so
    /// decoding and filtering the next frames overlaps encoding the last ones.
    private var encodeStage: FramePipe?
    /// What the graph must deliver: pixel format and picture size, or sample format, rate, layout and frame size.
    private let outPixelFormat: AVPixelFormat
    private let outWidth: Int32
    private let outHeight: Int32
    private let outSampleFormat: AVSampleFormat
    private let outSampleRate: Int32
    private let outLayout: String
    private let outFrameSize: Int32
    private var graph: FilterGraph
    private var videoInput: FilterGraph.VideoInput?
    private var audioInput: FilterGraph.AudioInput?
    private let window: CutWindow

    private let decoded = Frame()
    private let filtered = Frame()
    private var started = false
    private var flushed = false
    /// Video: the latest frame at or before the in point, shown first once a later frame proves it is the one.
    private var pending: Frame?
    private var lastVideoPts = Int64.min
    /// Audio: where the next decoded sample should fall, to smooth millisecond-rounded timestamps.
    private var nextSample: Int64?

    /// Opens the decoder, plans the encoder's format, builds the filter graph, opens the encoder and adds the
    /// output stream (`avcodec_parameters_from_context`).
    init(
        input stream: UnsafeMutablePointer<AVStream>, index: Int, inputPath: String, settings: EncoderSettings,
        output: OutputFile, window: CutWindow
    ) throws(MediaError) {
        self.stream = stream
        inputIndex = index
        self.inputPath = inputPath
        self.output = output
        self.settings = settings
        self.window = window
        kind = stream.pointee.codecpar.pointee.codec_type
        let codecName = ContainerFit.codecName(stream)
        do {
            decoder = try CodecContext.decoder(for: stream)
        } catch FFmpegError.decoderNotFound {
            throw .unsupportedCodec(path: inputPath, codec: codecName)
        } catch {
            throw .ffmpeg(path: inputPath, operation: "opening the \(codecName) decoder", error: error)
        }
        guard let codec = FrameEncoder.find(settings.codecName) else {
            throw .outputNotWritable(path: output.path, reason: "the \(settings.codecName) encoder is not available in this FFmpeg")
        }
        let d = decoder.pointer.pointee
        let encoder: FrameEncoder
        var frameRate = AVRational(num: 0, den: 1)
        do {
            if kind == AVMEDIA_TYPE_VIDEO {
                let input = EncodeLane.videoInput(stream: stream, decoder: d)
                let pixelFormat = FrameEncoder.pixelFormat(for: codec, source: input.pixelFormat, requested: settings.pixelFormat)
                graph = try FilterGraph(video: input, filter: settings.filter, outputPixelFormat: pixelFormat)
                videoInput = input
                frameRate = graph.outputFrameRate
                if frameRate.num <= 0 || frameRate.den <= 0 { frameRate = input.frameRate }
                encoder = try FrameEncoder.openVideo(
                    settings: settings, codec: codec, width: graph.outputWidth, height: graph.outputHeight,
                    pixelFormat: graph.outputPixelFormat, sampleAspectRatio: graph.outputSampleAspectRatio,
                    timeBase: graph.outputTimeBase, frameRate: frameRate, source: decoder,
                    globalHeader: output.needsGlobalHeader)
            } else {
                let input = FilterGraph.AudioInput(
                    sampleRate: d.sample_rate, sampleFormat: d.sample_fmt, layout: FilterGraph.layoutName(d.ch_layout))
                let plan = FrameEncoder.audioFormat(
                    for: codec, settings: settings, sourceFormat: d.sample_fmt, sourceRate: d.sample_rate, sourceLayout: d.ch_layout)
                encoder = try FrameEncoder.openAudio(
                    settings: settings, codec: codec, sampleFormat: plan.format, sampleRate: plan.rate, layout: plan.layout,
                    globalHeader: output.needsGlobalHeader)
                graph = try FilterGraph(
                    audio: input, filter: settings.filter, sampleFormat: plan.format, sampleRate: plan.rate, layout: plan.layout,
                    frameSize: encoder.requiredFrameSize)
                audioInput = input
            }
        } catch {
            throw .ffmpeg(path: output.path, operation: "setting up the \(settings.codecName) encoder", error: error)
        }
        let c = encoder.context.pointer.pointee
        outPixelFormat = c.pix_fmt
        outWidth = c.width
        outHeight = c.height
        outSampleFormat = c.sample_fmt
        outSampleRate = c.sample_rate
        outLayout = kind == AVMEDIA_TYPE_AUDIO ? FilterGraph.layoutName(c.ch_layout) : "stereo"
        outFrameSize = encoder.requiredFrameSize
        let sink = try StreamEncoder(
            encoder: encoder, codecName: settings.codecName, output: output, frameRate: kind == AVMEDIA_TYPE_VIDEO ? frameRate : nil,
            end: window.end.map { $0 - window.start },
            forcedKeyframeInterval: kind == AVMEDIA_TYPE_VIDEO ? settings.forcedKeyframeInterval : nil)
        target = .encoder(sink)
        outputIndex = sink.outputIndex
        if kind == AVMEDIA_TYPE_VIDEO {
            encodeStage = FramePipe(name: "reel.encode.\(index)") { (frame: Frame?) throws(MediaError) in try sink.encode(frame) }
        }
        if kind == AVMEDIA_TYPE_VIDEO, settings.keepsPictureSideData {
            StreamFacts.copySideData(from: stream, to: sink.stream, only: StreamFacts.pictureSideData)
        }
    }

    /// A lane for one piece of a playlist render: decodes `stream`, cuts it to `window`, runs `filter` and hands
    /// each filtered frame to `deliver` (timestamps from 0 at the in point, in `graphTimeBase`) instead of encoding.
    ///
    /// Video comes out in `shape.pixelFormat`; audio in `shape`'s sample format, rate and layout, in frames of any size.
    init(
        pieceOf stream: UnsafeMutablePointer<AVStream>, index: Int, inputPath: String, filter: String, shape: PieceShape,
        output: OutputFile, window: CutWindow, deliver: @escaping (Frame) throws(MediaError) -> Void
    ) throws(MediaError) {
        self.stream = stream
        inputIndex = index
        outputIndex = -1
        self.inputPath = inputPath
        self.output = output
        self.window = window
        kind = stream.pointee.codecpar.pointee.codec_type
        settings = EncoderSettings(codecName: "piece", filter: filter)
        target = .frames(deliver)
        let codecName = ContainerFit.codecName(stream)
        do {
            decoder = try CodecContext.decoder(for: stream)
        } catch FFmpegError.decoderNotFound {
            throw .unsupportedCodec(path: inputPath, codec: codecName)
        } catch {
            throw .ffmpeg(path: inputPath, operation: "opening the \(codecName) decoder", error: error)
        }
        let d = decoder.pointer.pointee
        outPixelFormat = shape.pixelFormat
        outSampleFormat = shape.sampleFormat
        outSampleRate = shape.sampleRate
        outLayout = shape.layout
        outFrameSize = 0
        do {
            if kind == AVMEDIA_TYPE_VIDEO {
                let input = EncodeLane.videoInput(stream: stream, decoder: d)
                graph = try FilterGraph(video: input, filter: filter, outputPixelFormat: shape.pixelFormat)
                videoInput = input
                outWidth = graph.outputWidth
                outHeight = graph.outputHeight
            } else {
                let input = FilterGraph.AudioInput(
                    sampleRate: d.sample_rate, sampleFormat: d.sample_fmt, layout: FilterGraph.layoutName(d.ch_layout))
                graph = try FilterGraph(
                    audio: input, filter: filter, sampleFormat: shape.sampleFormat, sampleRate: shape.sampleRate, layout: shape.layout,
                    frameSize: 0)
                audioInput = input
                outWidth = 0
                outHeight = 0
            }
        } catch {
            throw .ffmpeg(path: inputPath, operation: "building the filter graph \(filter)", error: error)
        }
    }

    /// The time base of the frames the graph delivers (`av_buffersink_get_time_base`).
    var graphTimeBase: Rational { Rational(graph.outputTimeBase) }

    func handle(_ packet: Packet) throws(MediaError) {
        guard !isDone else { return }
        while true {
            let accepted: Bool
            do {
                accepted = try decoder.send(packet)
            } catch FFmpegError.invalidData {
                return  // a damaged packet: skip it, as players do
            } catch {
                throw decodeError(error)
            }
            try drainDecoder()
            if accepted || isDone { return }
        }
    }

    func finish() throws(MediaError) {
        guard !flushed else { return }
        flushed = true
        if !isDone {
            do { try decoder.send(nil) } catch { throw decodeError(error) }
            try drainDecoder()
        }
        if let pending {
            self.pending = nil
            try emitVideo(pending, sourcePts: pending.bestTimestamp ?? window.start.rescaled(to: Rational(stream.pointee.time_base)).value)
        }
        isDone = true
        do { try graph.push(nil) } catch { throw encodeError(error) }
        try drainGraph()
        if let encodeStage {
            try encodeStage.finish()
        } else if case .encoder(let sink) = target {
            try sink.encode(nil)
        }
    }

    // MARK: decoding and cutting

    private func drainDecoder() throws(MediaError) {
        while !isDone {
            let result: ReceiveResult
            do {
                result = try decoder.receive(into: decoded)
            } catch FFmpegError.invalidData {
                continue
            } catch {
                throw decodeError(error)
            }
            guard result == .frame else { return }
            if kind == AVMEDIA_TYPE_VIDEO { try cutVideo(decoded) } else { try cutAudio(decoded) }
            decoded.unref()
        }
    }

    private func cutVideo(_ frame: Frame) throws(MediaError) {
        let tb = Rational(stream.pointee.time_base)
        guard let t = frame.bestTimestamp else { return }
        let startTs = window.start.rescaled(to: tb).value
        if let end = window.end, t >= end.rescaled(to: tb).value {
            if let pending {
                self.pending = nil
                try emitVideo(pending, sourcePts: pending.bestTimestamp ?? startTs)
            }
            isDone = true
            return
        }
        if !started {
            if t <= startTs {
                do { pending = try frame.reference() } catch { throw decodeError(error) }
                return
            }
            started = true
            if let pending {
                self.pending = nil
                try emitVideo(pending, sourcePts: pending.bestTimestamp ?? startTs)
            }
        }
        try emitVideo(frame, sourcePts: t)
    }

    private func emitVideo(_ frame: Frame, sourcePts: Int64) throws(MediaError) {
        started = true
        let startTs = window.start.rescaled(to: Rational(stream.pointee.time_base)).value
        let outPts = max(0, sourcePts - startTs)
        guard outPts > lastVideoPts else { return }
        lastVideoPts = outPts
        frame.pointer.pointee.pts = outPts
        position = max(position, Double(outPts) * Rational(stream.pointee.time_base).doubleValue)
        if let input = videoInput, input.matching(frame) != input {
            try rebuildVideoGraph(for: input.matching(frame))
        }
        do { try graph.push(frame) } catch { throw encodeError(error) }
        try drainGraph()
    }

    private func cutAudio(_ frame: Frame) throws(MediaError) {
        let f = frame.pointer.pointee
        let rate = f.sample_rate
        guard rate > 0, let t = frame.bestTimestamp else { return }
        let sampleBase = Rational(1, rate)
        guard let time = try? MediaTime(value: t, timeBase: Rational(stream.pointee.time_base)) else { return }
        var ts = time.rescaled(to: sampleBase).value
        if let next = nextSample, abs(ts - next) <= Int64(rate) / 500 { ts = next }
        let count = Int64(f.nb_samples)
        nextSample = ts + count
        let startS = window.start.rescaled(to: sampleBase).value
        let endS = window.end.map { $0.rescaled(to: sampleBase).value }
        if let endS, ts >= endS {
            isDone = true
            return
        }
        if ts + count <= startS { return }
        let offset = max(0, startS - ts)
        let stop = min(ts + count, endS ?? (ts + count))
        let kept = stop - ts - offset
        guard kept > 0 else { return }
        position = max(position, Double(ts + offset - startS) / Double(rate))
        let input = FilterGraph.AudioInput.of(frame)
        if let current = audioInput, current != input {
            // A mid-stream format change: start a new graph (a part-frame still buffered in the old one is lost).
            do {
                graph = try FilterGraph(
                    audio: input, filter: settings.filter, sampleFormat: outSampleFormat, sampleRate: outSampleRate,
                    layout: outLayout, frameSize: outFrameSize)
            } catch {
                throw encodeError(error)
            }
            audioInput = input
        }
        if offset == 0 && kept == count {
            frame.pointer.pointee.pts = ts - startS
            do { try graph.push(frame) } catch { throw encodeError(error) }
        } else {
            let slice = Frame()
            do {
                let s = slice.pointer
                s.pointee.format = f.format
                s.pointee.sample_rate = rate
                s.pointee.nb_samples = Int32(kept)
                try check(av_channel_layout_copy(&s.pointee.ch_layout, &frame.pointer.pointee.ch_layout))
                try check(av_frame_get_buffer(s, 0))
                try check(av_samples_copy(
                    s.pointee.extended_data, frame.pointer.pointee.extended_data, 0, Int32(offset), Int32(kept),
                    f.ch_layout.nb_channels, AVSampleFormat(rawValue: f.format)))
                s.pointee.pts = ts + offset - startS
                try graph.push(slice)
            } catch {
                throw encodeError(error)
            }
        }
        try drainGraph()
        if let endS, stop >= endS { isDone = true }
    }

    private func rebuildVideoGraph(for input: FilterGraph.VideoInput) throws(MediaError) {
        do { try graph.push(nil) } catch { throw encodeError(error) }
        try drainGraph()
        do {
            var rebuilt = try FilterGraph(video: input, filter: settings.filter, outputPixelFormat: outPixelFormat)
            if rebuilt.outputWidth != outWidth || rebuilt.outputHeight != outHeight {
                // Picture size changed mid-stream: scale back to the size the encoder was opened with.
                rebuilt = try FilterGraph(
                    video: input, filter: "\(settings.filter),scale=\(outWidth):\(outHeight)", outputPixelFormat: outPixelFormat)
            }
            graph = rebuilt
            videoInput = input
        } catch {
            throw encodeError(error)
        }
    }

    // MARK: filtering and encoding

    private func drainGraph() throws(MediaError) {
        while true {
            let result: ReceiveResult
            do { result = try graph.pull(into: filtered) } catch { throw encodeError(error) }
            guard result == .frame else { return }
            // The source's picture types mean nothing to the encoder; keyframes it must make are forced by time in
            // `StreamEncoder` (or, for pieces, by the playlist renderer at chapter starts).
            filtered.pointer.pointee.pict_type = AV_PICTURE_TYPE_NONE
            switch target {
            case .encoder(let sink):
                if let encodeStage {
                    let handed: Frame
                    do { handed = try filtered.reference() } catch { throw encodeError(error) }
                    try encodeStage.push(handed)
                } else {
                    try sink.encode(filtered)
                }
            case .frames(let deliver): try deliver(filtered)
            }
            filtered.unref()
        }
    }

    private func decodeError(_ error: FFmpegError) -> MediaError {
        .ffmpeg(path: inputPath, operation: "decoding \(ContainerFit.typeName(kind)) stream \(inputIndex)", error: error)
    }

    private func encodeError(_ error: FFmpegError) -> MediaError {
        if case .encoder(let sink) = target { return sink.encodeError(error) }
        return .ffmpeg(path: inputPath, operation: "filtering \(ContainerFit.typeName(kind)) with \(settings.filter)", error: error)
    }
}

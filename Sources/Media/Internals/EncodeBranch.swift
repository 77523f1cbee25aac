internal import CFFmpeg
import Foundation

/// The second half of a re-encoded stream: the decoded, cut frames an `EncodeLane` hands it → `FilterGraph` →
/// `FrameEncoder` → muxer, or, for one piece of a playlist render, → a `deliver` closure that feeds a shared encoder.
///
/// A lane has one branch per output it feeds: one for a publish or trim, one per rung for an HLS ladder, where the
/// source is decoded once and every rung is filtered and encoded from the same frames.
final class EncodeBranch {
    /// The shape a piece branch's graph delivers: video in yuv420p, audio as 48 kHz stereo float planar.
    struct PieceShape {
        var pixelFormat = AV_PIX_FMT_YUV420P
        var sampleFormat = AV_SAMPLE_FMT_FLTP
        var sampleRate: Int32 = 48_000
        var layout = "stereo"
    }

    /// Where filtered frames go.
    private enum Target {
        case encoder(StreamEncoder)
        case frames((Frame) throws(MediaError) -> Void)
    }

    /// The output stream this branch writes (-1 for a piece branch, which writes none of its own).
    let outputIndex: Int
    /// The end of the last packet written, in seconds on the output clock; nil for a piece branch.
    var writtenEnd: Double? {
        if case .encoder(let e) = target { return e.writtenEnd }
        return nil
    }
    /// The time base of the frames the graph delivers (`av_buffersink_get_time_base`).
    var graphTimeBase: Rational { Rational(graph.outputTimeBase) }

    private let kind: AVMediaType
    private let inputPath: String
    private let settings: EncoderSettings
    private let target: Target
    /// Video into its own encoder: the encoder runs on its own thread behind a bounded queue (`FramePipe`), so
    /// decoding and filtering the next frames overlaps encoding the last ones (and, in a ladder, each rung's).
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
    private let filtered = Frame()
    private var finished = false

    /// Plans the encoder's format from the opened `decoder`, builds the filter graph, opens the encoder and adds
    /// the output stream (`avcodec_parameters_from_context`).
    init(
        encoding stream: UnsafeMutablePointer<AVStream>, index: Int, inputPath: String, decoder: CodecContext,
        settings: EncoderSettings, output: OutputFile, window: CutWindow
    ) throws(MediaError) {
        self.inputPath = inputPath
        self.settings = settings
        kind = stream.pointee.codecpar.pointee.codec_type
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
            let name = outputIndex == 0 ? "reel.encode.\(index)" : "reel.encode.\(index).\(outputIndex)"
            encodeStage = FramePipe(name: name) { (frame: Frame?) throws(MediaError) in try sink.encode(frame) }
        }
        if kind == AVMEDIA_TYPE_VIDEO, settings.keepsPictureSideData {
            StreamFacts.copySideData(from: stream, to: sink.stream, only: StreamFacts.pictureSideData)
        }
    }

    /// A branch for one piece of a playlist render: runs `filter` and hands each filtered frame to `deliver`.
    ///
    /// Video comes out in `shape.pixelFormat`; audio in `shape`'s sample format, rate and layout, in frames of any size.
    init(
        pieceOf stream: UnsafeMutablePointer<AVStream>, inputPath: String, decoder: CodecContext, filter: String,
        shape: PieceShape, deliver: @escaping (Frame) throws(MediaError) -> Void
    ) throws(MediaError) {
        self.inputPath = inputPath
        kind = stream.pointee.codecpar.pointee.codec_type
        settings = EncoderSettings(codecName: "piece", filter: filter)
        target = .frames(deliver)
        outputIndex = -1
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

    /// Filters and encodes one decoded video frame (its pts already on the output clock, in the stream's time
    /// base). The frame stays the caller's: the graph takes its own reference.
    func push(video frame: Frame) throws(MediaError) {
        if let input = videoInput, input.matching(frame) != input {
            try rebuildVideoGraph(for: input.matching(frame))
        }
        do { try graph.push(frame) } catch { throw encodeError(error) }
        try drainGraph()
    }

    /// Filters and encodes one cut audio frame (pts in samples on the output clock) whose format is `input`.
    func push(audio frame: Frame, input: FilterGraph.AudioInput) throws(MediaError) {
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
        do { try graph.push(frame) } catch { throw encodeError(error) }
        try drainGraph()
    }

    /// Flushes the graph and the encoder (waiting for the encoder thread) into the output.
    func finish() throws(MediaError) {
        guard !finished else { return }
        finished = true
        do { try graph.push(nil) } catch { throw encodeError(error) }
        try drainGraph()
        if let encodeStage {
            try encodeStage.finish()
        } else if case .encoder(let sink) = target {
            try sink.encode(nil)
        }
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

    private func encodeError(_ error: FFmpegError) -> MediaError {
        if case .encoder(let sink) = target { return sink.encodeError(error) }
        return .ffmpeg(path: inputPath, operation: "filtering \(ContainerFit.typeName(kind)) with \(settings.filter)", error: error)
    }
}

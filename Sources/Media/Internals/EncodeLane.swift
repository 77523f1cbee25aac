internal import CFFmpeg
import Foundation

/// Re-encodes one source stream: decoder → cut to the window → `FilterGraph` → `FrameEncoder` → muxer.
///
/// The cut happens on decoded frames, before filtering. Video keeps the frame whose interval contains the in
/// point (shown from output time 0) and every frame that starts before the out point; audio is cut to the
/// sample. Output timestamps start at 0 at the in point, so audio and video stay in sync.
final class EncodeLane: Lane {
    let inputIndex: Int
    let outputIndex: Int
    let isSparse = false
    let isAudioVisual = true
    private(set) var isDone = false
    private(set) var writtenEnd: Double = 0
    private(set) var position: Double = 0

    private let output: OutputFile
    private let inputPath: String
    private let stream: UnsafeMutablePointer<AVStream>
    private let kind: AVMediaType
    private let settings: EncoderSettings
    private let decoder: CodecContext
    private let encoder: FrameEncoder
    private var graph: FilterGraph
    private var videoInput: FilterGraph.VideoInput?
    private var audioInput: FilterGraph.AudioInput?
    private let window: CutWindow

    private let decoded = Frame()
    private let filtered = Frame()
    private let packet = Packet()
    private var started = false
    private var flushed = false
    /// Video: the latest frame at or before the in point, shown first once a later frame proves it is the one.
    private var pending: Frame?
    private var lastVideoPts = Int64.min
    /// Audio: where the next decoded sample should fall, to smooth millisecond-rounded timestamps.
    private var nextSample: Int64?
    /// Video: timestamps (encoder time base) of frames sent to the encoder, to give packets their durations.
    private var sentPts: [Int64] = []
    private var nominalFrameDuration: Int64 = 1
    /// The out point in the encoder's time base, relative to the in point.
    private var endInEncoder: Int64?

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
        do {
            if kind == AVMEDIA_TYPE_VIDEO {
                var rate = stream.pointee.avg_frame_rate
                if rate.num <= 0 || rate.den <= 0 { rate = stream.pointee.r_frame_rate }
                var sar = d.sample_aspect_ratio
                if sar.num <= 0 { sar = stream.pointee.sample_aspect_ratio }
                let input = FilterGraph.VideoInput(
                    width: d.width, height: d.height, pixelFormat: d.pix_fmt == AV_PIX_FMT_NONE ? AV_PIX_FMT_YUV420P : d.pix_fmt,
                    timeBase: stream.pointee.time_base, sampleAspectRatio: sar, frameRate: rate)
                let pixelFormat = FrameEncoder.pixelFormat(for: codec, source: input.pixelFormat, requested: settings.pixelFormat)
                graph = try FilterGraph(video: input, filter: settings.filter, outputPixelFormat: pixelFormat)
                videoInput = input
                var frameRate = graph.outputFrameRate
                if frameRate.num <= 0 || frameRate.den <= 0 { frameRate = rate }
                encoder = try FrameEncoder.openVideo(
                    settings: settings, codec: codec, width: graph.outputWidth, height: graph.outputHeight,
                    pixelFormat: graph.outputPixelFormat, sampleAspectRatio: graph.outputSampleAspectRatio,
                    timeBase: graph.outputTimeBase, frameRate: frameRate, source: decoder,
                    globalHeader: output.needsGlobalHeader)
                if frameRate.num > 0 && frameRate.den > 0 {
                    nominalFrameDuration = max(1, av_rescale_q(1, av_inv_q(frameRate), encoder.timeBase))
                }
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
        let out = try output.addStream()
        outputIndex = Int(out.pointee.index)
        let r = avcodec_parameters_from_context(out.pointee.codecpar, encoder.context.pointer)
        if r < 0 { throw .ffmpeg(path: output.path, operation: "describing the encoded stream", error: FFmpegError(rawValue: r)) }
        out.pointee.time_base = encoder.timeBase
        if kind == AVMEDIA_TYPE_VIDEO {
            out.pointee.avg_frame_rate = encoder.context.pointer.pointee.framerate
            out.pointee.sample_aspect_ratio = encoder.context.pointer.pointee.sample_aspect_ratio
            if settings.keepsPictureSideData {
                StreamFacts.copySideData(from: stream, to: out, only: StreamFacts.pictureSideData)
            }
        }
        if let end = window.end {
            endInEncoder = (end - window.start).rescaled(to: Rational(encoder.timeBase)).value
        }
    }

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
        try encode(nil)
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
        var ts = MediaTime(value: t, timeBase: Rational(stream.pointee.time_base)).rescaled(to: sampleBase).value
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
                    audio: input, filter: settings.filter, sampleFormat: encoder.context.pointer.pointee.sample_fmt,
                    sampleRate: encoder.context.pointer.pointee.sample_rate,
                    layout: FilterGraph.layoutName(encoder.context.pointer.pointee.ch_layout), frameSize: encoder.requiredFrameSize)
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
        let c = encoder.context.pointer.pointee
        do {
            var rebuilt = try FilterGraph(video: input, filter: settings.filter, outputPixelFormat: c.pix_fmt)
            if rebuilt.outputWidth != c.width || rebuilt.outputHeight != c.height {
                // Picture size changed mid-stream: scale back to the size the encoder was opened with.
                rebuilt = try FilterGraph(
                    video: input, filter: "\(settings.filter),scale=\(c.width):\(c.height)", outputPixelFormat: c.pix_fmt)
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
            filtered.pointer.pointee.pict_type = AV_PICTURE_TYPE_NONE
            try encode(filtered)
            filtered.unref()
        }
    }

    private func encode(_ frame: Frame?) throws(MediaError) {
        if let frame, kind == AVMEDIA_TYPE_VIDEO, frame.pointer.pointee.pts != reel_nopts_value() {
            sentPts.append(frame.pointer.pointee.pts)
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

    private func decodeError(_ error: FFmpegError) -> MediaError {
        .ffmpeg(path: inputPath, operation: "decoding \(ContainerFit.typeName(kind)) stream \(inputIndex)", error: error)
    }

    private func encodeError(_ error: FFmpegError) -> MediaError {
        .ffmpeg(path: output.path, operation: "encoding \(ContainerFit.typeName(kind)) with \(settings.codecName)", error: error)
    }
}

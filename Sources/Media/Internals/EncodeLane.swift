internal import CFFmpeg
import Foundation

/// Re-encodes one source stream: decoder → cut to the window → one `EncodeBranch` per output (filter graph →
/// encoder → muxer, or frames handed to a playlist render's shared encoder).
///
/// The cut happens on decoded frames, before filtering. Video keeps the frame whose interval contains the in
/// point (shown from output time 0) and every frame that starts before the out point; audio is cut to the
/// sample. Output timestamps start at 0 at the in point, so audio and video stay in sync.
///
/// With several branches (the rungs of an HLS ladder) the stream is decoded and cut once and every branch filters
/// and encodes the same frames; each video branch encodes on its own thread.
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

    typealias PieceShape = EncodeBranch.PieceShape

    let inputIndex: Int
    /// The output stream of the first branch (the only one outside a ladder).
    var outputIndex: Int { branches[0].outputIndex }
    let isSparse = false
    let isAudioVisual = true
    private(set) var isDone = false
    var writtenEnd: Double { branches[0].writtenEnd ?? position }
    private(set) var position: Double = 0
    /// One per output, in the order the outputs were given.
    let branches: [EncodeBranch]

    /// What owns `stream` (the `InputFile`): kept alive as long as the lane, so the borrowed pointer stays valid.
    private let owner: AnyObject
    private let inputPath: String
    private let stream: UnsafeMutablePointer<AVStream>
    private let kind: AVMediaType
    private let decoder: CodecContext
    private let window: CutWindow

    private let decoded = Frame()
    private var started = false
    private var flushed = false
    /// Video: the latest frame at or before the in point, shown first once a later frame proves it is the one.
    private var pending: Frame?
    private var lastVideoPts = Int64.min
    /// Audio: where the next decoded sample should fall, to smooth millisecond-rounded timestamps.
    private var nextSample: Int64?

    /// Opens the decoder of `input`'s stream `index` and one encoding branch per output, each adding its stream to
    /// its output. `outputs` must not be empty.
    init(
        input: InputFile, index: Int, outputs: [(settings: EncoderSettings, output: OutputFile)], window: CutWindow
    ) throws(MediaError) {
        precondition(!outputs.isEmpty, "a lane feeds at least one output")
        let stream = input.stream(index)
        owner = input
        self.stream = stream
        inputIndex = index
        inputPath = input.path
        self.window = window
        kind = stream.pointee.codecpar.pointee.codec_type
        decoder = try EncodeLane.openDecoder(stream, path: input.path)
        var branches: [EncodeBranch] = []
        for (settings, output) in outputs {
            branches.append(try EncodeBranch(
                encoding: stream, index: index, inputPath: input.path, decoder: decoder, settings: settings, output: output,
                window: window))
        }
        self.branches = branches
    }

    /// A lane for one piece of a playlist render: decodes `input`'s stream `index`, cuts it to `window`, runs
    /// `filter` and hands each filtered frame to `deliver` (timestamps from 0 at the in point, in `graphTimeBase`)
    /// instead of encoding.
    init(
        pieceOf input: InputFile, index: Int, filter: String, shape: PieceShape, window: CutWindow,
        deliver: @escaping (Frame) throws(MediaError) -> Void
    ) throws(MediaError) {
        let stream = input.stream(index)
        owner = input
        self.stream = stream
        inputIndex = index
        inputPath = input.path
        self.window = window
        kind = stream.pointee.codecpar.pointee.codec_type
        decoder = try EncodeLane.openDecoder(stream, path: input.path)
        branches = [try EncodeBranch(pieceOf: stream, inputPath: input.path, decoder: decoder, filter: filter, shape: shape, deliver: deliver)]
    }

    /// The time base of the frames the (first) branch's graph delivers.
    var graphTimeBase: Rational { branches[0].graphTimeBase }

    private static func openDecoder(_ stream: UnsafeMutablePointer<AVStream>, path: String) throws(MediaError) -> CodecContext {
        let codecName = ContainerFit.codecName(stream)
        do {
            return try CodecContext.decoder(for: stream)
        } catch FFmpegError.decoderNotFound {
            throw .unsupportedCodec(path: path, codec: codecName)
        } catch {
            throw .ffmpeg(path: path, operation: "opening the \(codecName) decoder", error: error)
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
        for branch in branches { try branch.finish() }
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
        for branch in branches { try branch.push(video: frame) }
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
        if offset == 0 && kept == count {
            frame.pointer.pointee.pts = ts - startS
            for branch in branches { try branch.push(audio: frame, input: input) }
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
            } catch {
                throw decodeError(error)
            }
            for branch in branches { try branch.push(audio: slice, input: input) }
        }
        if let endS, stop >= endS { isDone = true }
    }

    private func decodeError(_ error: FFmpegError) -> MediaError {
        .ffmpeg(path: inputPath, operation: "decoding \(ContainerFit.typeName(kind)) stream \(inputIndex)", error: error)
    }
}

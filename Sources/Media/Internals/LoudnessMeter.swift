internal import CFFmpeg
import Foundation

/// Integrated loudness and true peak of one audio stream, measured with libavfilter's `ebur128` filter.
struct LoudnessMeasurement: Equatable {
    /// Integrated loudness in LUFS (EBU R128 gating); nil when the stream is too short or silent to gate.
    var integratedLUFS: Double?
    /// The highest true peak of any channel in dBTP; nil for digital silence.
    var truePeakDBTP: Double?
}

/// Decodes one audio stream through `prefilter,ebur128=peak=true:metadata=1` and reads the loudness the filter
/// attaches to each frame it passes on (`lavfi.r128.I`, `lavfi.r128.true_peaks_chN`) from the buffersink.
final class LoudnessMeter {
    private let path: String
    private let filter: String
    private let timeBase: Double
    private let fromAt: Double
    private let stopAt: Double?
    private var graph: FilterGraph?
    private var graphInput: FilterGraph.AudioInput?
    private var reading = LoudnessMeasurement()
    private var samples: Int64 = 0
    private let out = Frame()

    private init(path: String, filter: String, timeBase: Double, fromAt: Double, stopAt: Double?) {
        self.path = path
        self.filter = filter
        self.timeBase = timeBase
        self.fromAt = fromAt
        self.stopAt = stopAt
    }

    /// Measures stream `streamIndex` of `path` (or its best audio stream when nil) after `prefilter`
    /// (`anull` for none), from `start` for `duration` seconds on the file's clock when given.
    ///
    /// Throws `MediaError`: the open errors of the file, `.noAudioStream`, `.cancelled`, `.ffmpeg`.
    static func measure(
        path: String, streamIndex: Int?, prefilter: String = "anull", start: Double? = nil, duration: Double? = nil,
        cancel: CancellationFlag
    ) throws(MediaError) -> LoudnessMeasurement {
        let input = try InputFile(path: path)
        let index: Int
        if let streamIndex {
            index = streamIndex
        } else {
            let best = av_find_best_stream(input.pointer, AVMEDIA_TYPE_AUDIO, -1, -1, nil, 0)
            guard best >= 0 else { throw .noAudioStream(path: path) }
            index = Int(best)
        }
        input.discardAllStreams(except: index)
        let st = input.stream(index)
        let decoder: CodecContext
        do { decoder = try CodecContext.decoder(for: st, threads: 1) } catch {
            throw .ffmpeg(path: path, operation: "opening the audio decoder", error: error)
        }
        let origin = Transcoder.clockOrigin(of: input).seconds
        if let start, start > 0 {
            let ts = Int64((origin + start) * 1_000_000)
            _ = avformat_seek_file(input.pointer, -1, Int64.min, ts, ts, 0)
        }
        let meter = LoudnessMeter(
            path: path, filter: "\(prefilter),ebur128=peak=true:metadata=1", timeBase: Rational(st.pointee.time_base).doubleValue,
            fromAt: origin + (start ?? 0), stopAt: duration.map { origin + (start ?? 0) + $0 })
        let packet = Packet()
        let decoded = Frame()
        var cancelled = false
        do throws(FFmpegError) {
            while true {
                if cancel.isCancelled {
                    cancelled = true
                    break
                }
                guard try input.read(into: packet) else { break }
                defer { packet.unref() }
                guard packet.streamIndex == index else { continue }
                if let stop = meter.stopAt, let pts = packet.pts ?? packet.dts, Double(pts) * meter.timeBase > stop + 1 { break }
                var sent = false
                while !sent {
                    do { sent = try decoder.send(packet) } catch .invalidData { break }
                    try meter.drain(decoder, into: decoded)
                }
            }
            _ = try? decoder.send(nil)
            try meter.drain(decoder, into: decoded)
            try meter.finish()
        } catch {
            throw .ffmpeg(path: path, operation: "measuring loudness", error: error)
        }
        if cancelled { throw .cancelled(path: path) }
        return meter.reading
    }

    private func drain(_ decoder: CodecContext, into decoded: Frame) throws(FFmpegError) {
        while true {
            let r: ReceiveResult
            do { r = try decoder.receive(into: decoded) } catch .invalidData { continue }
            guard r == .frame else { return }
            try consume(decoded)
            decoded.unref()
        }
    }

    private func consume(_ frame: Frame) throws(FFmpegError) {
        let f = frame.pointer.pointee
        guard f.sample_rate > 0 else { return }
        if let t = frame.bestTimestamp {
            let seconds = Double(t) * timeBase
            if seconds + Double(f.nb_samples) / Double(f.sample_rate) <= fromAt { return }
            if let stopAt, seconds >= stopAt { return }
        }
        let shape = FilterGraph.AudioInput.of(frame)
        if graph == nil || graphInput != shape {
            try finish()
            graph = try FilterGraph(
                audio: shape, filter: filter, sampleFormat: AV_SAMPLE_FMT_FLTP, sampleRate: f.sample_rate, layout: "stereo",
                frameSize: 0)
            graphInput = shape
        }
        frame.pointer.pointee.pts = samples
        samples += Int64(f.nb_samples)
        try graph!.push(frame)
        try pull()
    }

    /// Flushes the current graph and reads what it still holds.
    private func finish() throws(FFmpegError) {
        guard let graph else { return }
        try graph.push(nil)
        try pull()
        self.graph = nil
    }

    private func pull() throws(FFmpegError) {
        guard let graph else { return }
        while try graph.pull(into: out) == .frame {
            let meta = dictionary(out.pointer.pointee.metadata)
            if let i = meta["lavfi.r128.I"].flatMap(Double.init), i.isFinite, i > -70 { reading.integratedLUFS = i }
            for (key, value) in meta where key.hasPrefix("lavfi.r128.true_peaks_ch") {
                // ebur128 writes the true peak as a linear sample value (1.0 = full scale).
                if let v = Double(value), v.isFinite, v > 0 { reading.truePeakDBTP = max(reading.truePeakDBTP ?? -.infinity, 20 * log10(v)) }
            }
            out.unref()
        }
    }
}

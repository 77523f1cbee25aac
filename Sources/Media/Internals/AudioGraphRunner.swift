internal import CFFmpeg
import Foundation

/// Decodes a file's main audio stream and runs it through a libavfilter graph at 16 kHz mono, handing every
/// filtered frame (with its metadata) to a closure: the shared body of the speech recognisers.
///
/// Timestamps are made continuous from the first decoded sample (`pts` = samples so far), offset by where the
/// stream's first sample lies after the file's start, so times are on the clip's clock in milliseconds.
struct AudioGraphRunner {
    /// The filter description placed before the final `aformat` (e.g. `asr=…,silencedetect=…`).
    var filter: String
    /// The sample format the frames come out in (`s16` for `asr`, `flt` for whisper).
    var sampleFormat: AVSampleFormat
    /// The output rate (16 000).
    var sampleRate: Int32 = 16000

    /// What the run saw.
    struct Outcome {
        /// The input audio's length (ms).
        var durationMs: Int64
    }

    /// Runs the file through the graph; `frame` gets each output frame, its start time (ms) on the clip's clock, and
    /// what to add to a time the graph's filters report (ms on the graph's own clock) to put it on the clip's clock.
    /// Throws `MediaError` naming the file.
    func run(_ path: String, cancellation: CancellationFlag, frame handle: @escaping (Frame, Int64, Int64) throws -> Void) throws -> Outcome {
        let input = try InputFile(path: path)
        let best = av_find_best_stream(input.pointer, AVMEDIA_TYPE_AUDIO, -1, -1, nil, 0)
        guard best >= 0 else { throw MediaError.noAudioStream(path: path) }
        let index = Int(best)
        input.discardAllStreams(except: index)
        let stream = input.stream(index)
        let decoder: CodecContext
        do {
            decoder = try CodecContext.decoder(for: stream, threads: 1)
        } catch .decoderNotFound {
            throw MediaError.unsupportedCodec(path: path, codec: string(avcodec_get_name(stream.pointee.codecpar.pointee.codec_id)) ?? "unknown")
        } catch {
            throw MediaError.ffmpeg(path: path, operation: "opening the audio decoder", error: error)
        }
        let formatStart = input.pointer.pointee.start_time == reel_nopts_value() ? 0 : input.pointer.pointee.start_time
        let streamTimeBase = stream.pointee.time_base
        var state = State(runner: self, path: path, handle: handle)
        let packet = Packet()
        let decoded = Frame()
        func drain() throws {
            while true {
                let r: ReceiveResult
                do { r = try decoder.receive(into: decoded) } catch .invalidData { continue } catch {
                    throw MediaError.ffmpeg(path: path, operation: "decoding audio", error: error)
                }
                guard r == .frame else { return }
                defer { decoded.unref() }
                if state.offsetMs == nil {
                    // Where the first sample lies after the file's start (an MPEG-TS mux delay, an edit list…).
                    let ts = decoded.bestTimestamp.map { av_rescale_q($0, streamTimeBase, AVRational(num: 1, den: 1000)) } ?? 0
                    state.offsetMs = max(0, ts - av_rescale_q(formatStart, reel_time_base_q(), AVRational(num: 1, den: 1000)))
                }
                try state.consume(decoded)
            }
        }
        while true {
            if cancellation.isCancelled { throw MediaError.cancelled(path: path) }
            let more: Bool
            do { more = try input.read(into: packet) } catch {
                throw MediaError.ffmpeg(path: path, operation: "reading packets", error: error)
            }
            guard more else { break }
            defer { packet.unref() }
            guard packet.streamIndex == index else { continue }
            var sent = false
            while !sent {
                do { sent = try decoder.send(packet) } catch .invalidData { break } catch {
                    throw MediaError.ffmpeg(path: path, operation: "decoding audio", error: error)
                }
                try drain()
            }
        }
        do { try decoder.send(nil) } catch {}
        try drain()
        try state.finish()
        return Outcome(durationMs: (state.offsetMs ?? 0) + state.inputMs)
    }

    /// The graph and the running sample count.
    private struct State {
        let runner: AudioGraphRunner
        let path: String
        let handle: (Frame, Int64, Int64) throws -> Void
        var graph: FilterGraph? = nil
        var shape: FilterGraph.AudioInput? = nil
        var samples: Int64 = 0
        var inputRate: Int32 = 0
        /// Input audio consumed by earlier graphs (ms), when a format change forced a new graph.
        var earlierMs: Int64 = 0
        var offsetMs: Int64? = nil
        let out = Frame()

        var inputMs: Int64 { earlierMs + (inputRate > 0 ? samples * 1000 / Int64(inputRate) : 0) }

        mutating func consume(_ frame: Frame) throws {
            let f = frame.pointer.pointee
            guard f.sample_rate > 0, f.nb_samples > 0 else { return }
            let now = FilterGraph.AudioInput.of(frame)
            if graph == nil || shape != now {
                try finish()
                earlierMs = inputMs
                samples = 0
                inputRate = f.sample_rate
                do {
                    graph = try FilterGraph(audio: now, filter: runner.filter, sampleFormat: runner.sampleFormat,
                                            sampleRate: runner.sampleRate, layout: "mono", frameSize: 0)
                } catch {
                    throw MediaError.ffmpeg(path: path, operation: "building the filter graph '\(runner.filter.prefix(80))'", error: error)
                }
                shape = now
            }
            frame.pointer.pointee.pts = samples
            samples += Int64(f.nb_samples)
            do { try graph!.push(frame) } catch {
                throw MediaError.ffmpeg(path: path, operation: "filtering audio", error: error)
            }
            try pull()
        }

        mutating func finish() throws {
            guard let graph else { return }
            do { try graph.push(nil) } catch {
                throw MediaError.ffmpeg(path: path, operation: "filtering audio", error: error)
            }
            try pull()
            self.graph = nil
        }

        private func pull() throws {
            guard let graph else { return }
            while true {
                let r: ReceiveResult
                do { r = try graph.pull(into: out) } catch {
                    throw MediaError.ffmpeg(path: path, operation: "filtering audio", error: error)
                }
                guard r == .frame else { return }
                defer { out.unref() }
                let pts = out.pointer.pointee.pts == reel_nopts_value() ? 0 : out.pointer.pointee.pts
                let ms = av_rescale_q(pts, graph.outputTimeBase, AVRational(num: 1, den: 1000))
                try handle(out, (offsetMs ?? 0) + earlierMs + ms, (offsetMs ?? 0) + earlierMs)
            }
        }
    }
}

internal import CFFmpeg
import Foundation

extension MediaFile {
    /// Measures the peak and RMS level of every channel of every audio stream over the whole file.
    ///
    /// Decodes each audio stream (`avcodec_send_packet` / `avcodec_receive_frame`), converts the samples to
    /// 32-bit float planar with libswresample (`swr_convert_frame`) and accumulates per channel. Video and other
    /// streams are skipped at the demuxer (`AVDISCARD_ALL`). A packet the decoder rejects as invalid data is
    /// skipped, as the `ffmpeg` program does. Returns an empty array for a file without audio.
    /// Runs off the cooperative pool; cancelling the task stops it between packets.
    /// Throws `MediaError` (missing, not media, truncated, no decoder for a stream's codec, cancelled).
    public func audioLevels() async throws -> [AudioStreamLevels] {
        let path = self.path
        return try await runBlocking { flag in try MediaFile.audioLevelsNow(path, cancellation: flag) }
    }

    /// The synchronous body of `audioLevels()`, for callers already off the cooperative pool.
    ///
    /// Throws `MediaError`, as `audioLevels()` does.
    public static func audioLevelsNow(_ path: String) throws -> [AudioStreamLevels] {
        try audioLevelsNow(path, cancellation: CancellationFlag())
    }

    static func audioLevelsNow(_ path: String, cancellation: CancellationFlag) throws -> [AudioStreamLevels] {
        let input = try InputFile(path: path)
        var meters: [Int: LevelMeter] = [:]
        for i in 0..<input.streamCount {
            let st = input.stream(i)
            guard st.pointee.codecpar.pointee.codec_type == AVMEDIA_TYPE_AUDIO else {
                st.pointee.discard = AVDISCARD_ALL
                continue
            }
            let decoder: CodecContext
            do {
                decoder = try CodecContext.decoder(for: st, threads: 1)
            } catch .decoderNotFound {
                throw MediaError.unsupportedCodec(path: path, codec: string(avcodec_get_name(st.pointee.codecpar.pointee.codec_id)) ?? "unknown")
            } catch {
                throw MediaError.ffmpeg(path: path, operation: "opening the audio decoder for stream \(i)", error: error)
            }
            meters[i] = LevelMeter(streamIndex: i, decoder: decoder)
        }
        if meters.isEmpty { return [] }

        let packet = Packet()
        while true {
            if cancellation.isCancelled { throw MediaError.cancelled(path: path) }
            let more: Bool
            do {
                more = try input.read(into: packet)
            } catch {
                throw MediaError.ffmpeg(path: path, operation: "reading packets", error: error)
            }
            guard more else { break }
            defer { packet.unref() }
            guard let meter = meters[packet.streamIndex] else { continue }
            do {
                try meter.decode(packet)
            } catch {
                throw MediaError.ffmpeg(path: path, operation: "decoding audio stream \(packet.streamIndex)", error: error)
            }
        }
        var result: [AudioStreamLevels] = []
        for index in meters.keys.sorted() {
            let meter = meters[index]!
            do {
                try meter.decode(nil)
                try meter.flushResampler()
            } catch {
                throw MediaError.ffmpeg(path: path, operation: "decoding audio stream \(index)", error: error)
            }
            result.append(meter.levels())
        }
        return result
    }
}

/// Decodes one audio stream and accumulates the peak and the sum of squares of each channel.
private final class LevelMeter {
    let streamIndex: Int
    let decoder: CodecContext
    private let frame = Frame()
    private let converted = Frame()
    private let resampler = LevelResampler()
    private var peaks: [Float] = []
    private var sumsOfSquares: [Double] = []
    private var counts: [Int64] = []
    private var names: [String?] = []
    private var sampleRate = 0

    init(streamIndex: Int, decoder: CodecContext) {
        self.streamIndex = streamIndex
        self.decoder = decoder
        sampleRate = Int(decoder.pointer.pointee.sample_rate)
        var layout = decoder.pointer.pointee.ch_layout
        let count = Int(max(0, layout.nb_channels))
        grow(to: count)
        for c in 0..<count { names[c] = LevelMeter.channelName(&layout, c) }
    }

    /// Sends a packet (nil flushes) and measures every frame that comes out.
    /// Invalid data in one packet is skipped, as the `ffmpeg` program does.
    func decode(_ packet: Packet?) throws(FFmpegError) {
        var sent = false
        while !sent {
            do {
                sent = try decoder.send(packet)
            } catch .invalidData {
                return
            }
            try drain()
        }
    }

    /// Receives and measures every frame the decoder has ready.
    private func drain() throws(FFmpegError) {
        while true {
            let result: ReceiveResult
            do {
                result = try decoder.receive(into: frame)
            } catch .invalidData {
                continue
            }
            guard result == .frame else { return }
            defer { frame.unref() }
            try measure(frame)
        }
    }

    /// Converts one decoded frame to float planar and adds it to the totals.
    private func measure(_ input: Frame) throws(FFmpegError) {
        let f = input.pointer
        if Int(f.pointee.sample_rate) > 0 { sampleRate = Int(f.pointee.sample_rate) }
        try resampler.convert(input, into: converted)
        defer { converted.unref() }
        add(converted)
        if names.count < Int(f.pointee.ch_layout.nb_channels) {
            var layout = f.pointee.ch_layout
            let old = names.count
            grow(to: Int(layout.nb_channels))
            for c in old..<names.count { names[c] = LevelMeter.channelName(&layout, c) }
        }
    }

    /// Drains samples the resampler still holds.
    func flushResampler() throws(FFmpegError) {
        guard resampler.isConfigured else { return }
        try resampler.flush(into: converted)
        defer { converted.unref() }
        add(converted)
    }

    private func add(_ out: Frame) {
        let o = out.pointer.pointee
        let channels = Int(o.ch_layout.nb_channels)
        let samples = Int(o.nb_samples)
        guard samples > 0, channels > 0, let planes = o.extended_data else { return }
        grow(to: channels)
        for c in 0..<channels {
            guard let plane = planes[c] else { continue }
            let buffer = UnsafeBufferPointer(
                start: UnsafeRawPointer(plane).assumingMemoryBound(to: Float.self), count: samples)
            var peak = peaks[c]
            var sum = 0.0
            for s in buffer {
                let a = abs(s)
                if a > peak { peak = a }
                sum += Double(s) * Double(s)
            }
            peaks[c] = peak
            sumsOfSquares[c] += sum
            counts[c] += Int64(samples)
        }
    }

    private func grow(to count: Int) {
        while peaks.count < count {
            peaks.append(0)
            sumsOfSquares.append(0)
            counts.append(0)
            names.append(nil)
        }
    }

    func levels() -> AudioStreamLevels {
        var channels: [ChannelLevel] = []
        for c in 0..<peaks.count {
            let peak = peaks[c] > 0 ? 20 * log10(Double(peaks[c])) : -Double.infinity
            let meanSquare = counts[c] > 0 ? sumsOfSquares[c] / Double(counts[c]) : 0
            let rms = meanSquare > 0 ? 10 * log10(meanSquare) : -Double.infinity
            channels.append(ChannelLevel(name: names[c], peakDBFS: peak, rmsDBFS: rms, sampleCount: counts[c]))
        }
        return AudioStreamLevels(streamIndex: streamIndex, sampleRate: sampleRate, channels: channels)
    }

    /// The short name of channel `index` in a layout (`av_channel_layout_channel_from_index`, `av_channel_name`),
    /// nil when the layout does not name its channels.
    static func channelName(_ layout: inout AVChannelLayout, _ index: Int) -> String? {
        guard layout.order != AV_CHANNEL_ORDER_UNSPEC else { return nil }
        let channel = av_channel_layout_channel_from_index(&layout, UInt32(index))
        guard channel.rawValue >= 0 else { return nil }
        var buffer = [CChar](repeating: 0, count: 32)
        guard av_channel_name(&buffer, buffer.count, channel) > 0 else { return nil }
        let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return name.isEmpty || name.hasPrefix("USR") || name == "NONE" ? nil : name
    }
}

/// Owns a `SwrContext` converting decoded audio to float planar at the same rate and layout;
/// freed with `swr_free`.
private final class LevelResampler {
    private var context: OpaquePointer?
    private var inputSignature: (format: Int32, rate: Int32, channels: Int32)?
    /// The output layout the context was configured with, for the final drain.
    private var outputLayout = AVChannelLayout()

    init() {
        guard let ctx = swr_alloc() else { fatalError("swr_alloc: out of memory") }
        context = ctx
    }

    deinit {
        swr_free(&context)
        av_channel_layout_uninit(&outputLayout)
    }

    var isConfigured: Bool { inputSignature != nil }

    /// Converts `input` into `output` (unreferenced first) with `swr_convert_frame`, reconfiguring
    /// (`swr_config_frame`, `swr_init`) when the input's format, rate or channel count changes.
    func convert(_ input: Frame, into output: Frame) throws(FFmpegError) {
        let f = input.pointer
        // libswresample replaces an unspecified layout by the default one for the channel count and then
        // reports every frame as changed input; give the frame that default layout first (WAV without a mask).
        if f.pointee.ch_layout.order == AV_CHANNEL_ORDER_UNSPEC, f.pointee.ch_layout.nb_channels > 0 {
            let count = f.pointee.ch_layout.nb_channels
            av_channel_layout_uninit(&f.pointee.ch_layout)
            av_channel_layout_default(&f.pointee.ch_layout, count)
        }
        let signature = (f.pointee.format, f.pointee.sample_rate, f.pointee.ch_layout.nb_channels)
        prepare(output, like: input)
        if inputSignature == nil || inputSignature! != signature {
            try check(swr_config_frame(context, output.pointer, input.pointer))
            try check(swr_init(context))
            inputSignature = signature
            av_channel_layout_uninit(&outputLayout)
            try check(av_channel_layout_copy(&outputLayout, &output.pointer.pointee.ch_layout))
        }
        try check(swr_convert_frame(context, output.pointer, input.pointer))
    }

    /// Drains buffered samples into `output` (`swr_convert_frame` with no input).
    func flush(into output: Frame) throws(FFmpegError) {
        guard let signature = inputSignature else { return }
        output.unref()
        let o = output.pointer
        o.pointee.format = AV_SAMPLE_FMT_FLTP.rawValue
        o.pointee.sample_rate = signature.rate
        try check(av_channel_layout_copy(&o.pointee.ch_layout, &outputLayout))
        let pending = swr_get_out_samples(context, 0)
        guard pending > 0 else { return }
        o.pointee.nb_samples = pending
        try check(av_frame_get_buffer(o, 0))
        try check(swr_convert_frame(context, o, nil))
    }

    /// Sets `output` up as float planar with the input's rate and channel layout, with buffers for the samples.
    private func prepare(_ output: Frame, like input: Frame) {
        output.unref()
        let o = output.pointer
        let i = input.pointer
        o.pointee.format = AV_SAMPLE_FMT_FLTP.rawValue
        o.pointee.sample_rate = i.pointee.sample_rate
        if i.pointee.ch_layout.nb_channels > 0, av_channel_layout_check(&i.pointee.ch_layout) != 0 {
            av_channel_layout_copy(&o.pointee.ch_layout, &i.pointee.ch_layout)
        } else {
            av_channel_layout_default(&o.pointee.ch_layout, max(1, i.pointee.ch_layout.nb_channels))
        }
    }
}

internal import CFFmpeg
import Foundation

/// A decoded picture and the span of time it is on screen.
struct DecodedPicture {
    /// The picture; owned by this value.
    let frame: Frame
    /// Its presentation time, measured from the start of the video stream.
    let time: MediaTime
    /// How long it is shown: until the next frame's time or the end of the stream, when known.
    let duration: MediaTime?
}

/// Finds the exact frame on screen at a time in a file's main video stream: opens the best video stream's
/// decoder once, then for each request seeks to the keyframe at or before the time and decodes forward.
///
/// Times are measured from the stream's first timestamp (`AVStream.start_time`), so a clip's first frame is
/// at 0 even when its container starts elsewhere (MPEG-TS usually starts at 1.4 s).
final class VideoDecoder {
    let path: String
    let input: InputFile
    let streamIndex: Int
    let timeBase: Rational
    /// The stream's first timestamp in `timeBase` units.
    let startTimestamp: Int64
    /// Clockwise degrees (0, 90, 180, 270) a player turns the picture.
    let rotation: Int
    /// One frame at the stream's nominal rate, in `timeBase` units, when the rate is known.
    let nominalFrameDuration: Int64?
    /// How long the clip lasts from the video's first timestamp: to the later of the video stream's end and the
    /// file's end, when the file states them (or after `measureDuration()`).
    private(set) var duration: MediaTime?

    let codec: CodecContext
    let packet = Packet()
    let cancellation: CancellationFlag?
    private var scaler: Scaler?

    /// Opens `path` and the decoder of its best video stream (`av_find_best_stream`, `avcodec_open2`).
    ///
    /// Throws `MediaError`: the file cannot be opened, `.noVideoStream`, `.unsupportedCodec`.
    init(path: String, cancellation: CancellationFlag? = nil) throws(MediaError) {
        self.path = path
        self.cancellation = cancellation
        input = try InputFile(path: path)
        guard let index = input.bestVideoStream() else { throw .noVideoStream(path: path) }
        streamIndex = index
        let st = input.stream(index)
        let tb = Rational(st.pointee.time_base)
        guard tb.numerator > 0, tb.denominator > 0 else {
            throw .ffmpeg(path: path, operation: "reading the video time base", error: .invalidData)
        }
        timeBase = tb
        let format = input.pointer.pointee
        var start: Int64 = 0
        if st.pointee.start_time != reel_nopts_value() {
            start = st.pointee.start_time
        } else if format.start_time != reel_nopts_value() {
            start = av_rescale_q(format.start_time, reel_time_base_q(), tb.av)
        }
        startTimestamp = start
        // The clip lasts until the later of the video stream's end and the file's end: a player keeps showing
        // the last frame while the sound goes on (and a VFR stream's stated duration can end at its last frame).
        var end: Int64? = nil
        if st.pointee.duration != reel_nopts_value(), st.pointee.duration > 0 {
            end = start &+ st.pointee.duration
        }
        if format.duration != reel_nopts_value(), format.duration > 0 {
            let formatStart = format.start_time == reel_nopts_value() ? 0 : format.start_time
            let formatEnd = av_rescale_q(Int64(clamping: Int128(formatStart) + Int128(format.duration)), reel_time_base_q(), tb.av)
            end = max(end ?? formatEnd, formatEnd)
        }
        if let end, end > start { duration = MediaTime(value: Int64(clamping: Int128(end) - Int128(start)), checkedBase: tb) }
        // The same reading of the display matrix as `Prober`: FFmpeg gives counter-clockwise degrees.
        let raw = reel_stream_rotation(st)
        var degrees = 0
        if !raw.isNaN {
            degrees = Int((-raw).rounded()) % 360
            if degrees < 0 { degrees += 360 }
            degrees = (degrees + 45) / 90 * 90 % 360
        }
        rotation = degrees
        var rate = Rational(st.pointee.avg_frame_rate)
        if !(rate.numerator > 0 && rate.denominator > 0) { rate = Rational(st.pointee.r_frame_rate) }
        if rate.numerator > 0, rate.denominator > 0 {
            let one = av_rescale_q(1, rate.inverted.av, tb.av)
            nominalFrameDuration = one > 0 ? one : nil
        } else {
            nominalFrameDuration = nil
        }
        do {
            // Starting decoder threads costs more than it saves for a few small pictures (a catalogue import
            // makes a poster and a filmstrip of every clip): up to SD, decode on the calling thread.
            let par = st.pointee.codecpar.pointee
            let small = Int(par.width) * Int(par.height) <= 720 * 576
            codec = try CodecContext.decoder(for: st, threads: small ? 1 : 0)
        } catch {
            if error == .decoderNotFound {
                throw .unsupportedCodec(path: path, codec: string(avcodec_get_name(st.pointee.codecpar.pointee.codec_id)) ?? "unknown")
            }
            throw .ffmpeg(path: path, operation: "opening the video decoder", error: error)
        }
        input.discardAllStreams(except: index)
    }

    /// The time of a stream timestamp, from the stream's start.
    func time(ofTimestamp pts: Int64) -> MediaTime {
        MediaTime(value: Int64(clamping: Int128(pts) - Int128(startTimestamp)), checkedBase: timeBase)
    }

    /// The stream timestamp at or before `time` (rounded down to a whole `timeBase` unit).
    func timestamp(at time: MediaTime) -> Int64 {
        let num = Int128(time.value) * Int128(time.timeBase.numerator) * Int128(timeBase.denominator)
        let den = Int128(time.timeBase.denominator) * Int128(timeBase.numerator)
        var q = num / den
        if num % den != 0, (num < 0) != (den < 0) { q -= 1 }
        return startTimestamp + Int64(clamping: q)
    }

    // MARK: Finding a frame

    /// The frame on screen at `time`: the one whose interval [its time, the next frame's time) contains `time`;
    /// the last frame lasts until the end of the stream.
    ///
    /// Throws `MediaError.timeOutOfRange` for a time before 0 or at/after the end, `.cancelled`, or `.ffmpeg`
    /// when reading or decoding fails.
    func frame(at time: MediaTime) throws(MediaError) -> DecodedPicture {
        guard time >= .zero else { throw .timeOutOfRange(path: path, time: time, duration: duration) }
        if let duration, time >= duration { throw .timeOutOfRange(path: path, time: time, duration: duration) }
        let target = timestamp(at: time)
        let second = max(1, av_rescale_q(1, AVRational(num: 1, den: 1), timeBase.av))
        var backoff: Int64 = 0
        while true {
            let seekTo = target - backoff
            let fromStart = seekTo <= startTimestamp
            if fromStart { try seekToStart() } else { try seek(to: seekTo) }
            switch try decodeForward(to: time, fromStart: fromStart) {
            case .found(let picture):
                return picture
            case .pastEnd(let end):
                throw .timeOutOfRange(path: path, time: time, duration: duration ?? end)
            case .startedLate:
                // The index put us after the time (or at a frame that cannot be shown): go further back.
                precondition(!fromStart)
                backoff = backoff == 0 ? second : backoff * 2
            }
        }
    }

    private enum Outcome {
        case found(DecodedPicture)
        /// The first clean frame after the seek is already later than the time.
        case startedLate
        /// The stream ended before the time; the end of the last frame, when known.
        case pastEnd(MediaTime?)
    }

    /// Goes back to the very first packet. Seeking to the first timestamp is not enough where the index is
    /// searched by decode time (MPEG-TS): the first keyframe's decode time comes before its presentation time.
    private func seekToStart() throws(MediaError) {
        let margin = max(1, av_rescale_q(10, AVRational(num: 1, den: 1), timeBase.av))
        try seek(to: startTimestamp > Int64.min + margin ? startTimestamp - margin : startTimestamp)
    }

    func seek(to timestamp: Int64) throws(MediaError) {
        do {
            try input.seekToKeyframe(stream: streamIndex, atOrBefore: timestamp)
        } catch {
            throw .ffmpeg(path: path, operation: "seeking", error: error)
        }
        codec.flush()
    }

    /// Decodes from the current position until the frame on screen at `time` is known.
    ///
    /// After a seek into the middle, pictures before the first keyframe are skipped (they may be built on
    /// missing references); `fromStart` accepts the first picture whatever it is.
    private func decodeForward(to time: MediaTime, fromStart: Bool) throws(MediaError) -> Outcome {
        let scratch = Frame()
        var held: Frame? = nil
        var heldTimestamp: Int64 = 0
        var lastTimestamp: Int64? = nil
        var sawKeyframe = fromStart
        var endOfInput = false
        var readError: FFmpegError? = nil
        var badPackets = 0
        // Pictures nothing else refers to are skipped until shortly before the time: they can never be the
        // answer, and not decoding them makes a mid-GOP request markedly cheaper. The margin (half a second,
        // at least 8 frames) keeps every candidate near the time decoded, whatever the frame order.
        let margin = max(av_rescale_q(1, AVRational(num: 1, den: 2), timeBase.av), 8 * (nominalFrameDuration ?? 1))
        let skipBefore = timestamp(at: time) - margin
        defer {
            packet.unref()
            codec.pointer.pointee.skip_frame = AVDISCARD_DEFAULT
        }

        func finish() throws(MediaError) -> Outcome {
            guard let held else {
                if let readError { throw .ffmpeg(path: path, operation: "reading frames", error: readError) }
                if fromStart { throw .ffmpeg(path: path, operation: "decoding video", error: .invalidData) }
                // No clean picture between the seek point and the end: start from an earlier keyframe.
                return .startedLate
            }
            let heldTime = self.time(ofTimestamp: heldTimestamp)
            let oneFrame = nominalFrameDuration.map { MediaTime(value: $0, checkedBase: timeBase) }
            if readError == nil, let duration {
                let rest = duration - heldTime
                return .found(DecodedPicture(frame: held, time: heldTime, duration: rest > .zero ? rest : oneFrame))
            }
            let end = heldTime + (oneFrame ?? MediaTime(value: 1, checkedBase: timeBase))
            if time < end { return .found(DecodedPicture(frame: held, time: heldTime, duration: oneFrame)) }
            if let readError { throw .ffmpeg(path: path, operation: "reading frames", error: readError) }
            return .pastEnd(end)
        }

        while true {
            if !endOfInput, try !readVideoPacket(readError: &readError) { endOfInput = true }
            if !endOfInput {
                let early = packet.pts.map { $0 < skipBefore } ?? false
                codec.pointer.pointee.skip_frame = early ? AVDISCARD_NONREF : AVDISCARD_DEFAULT
            }
            var accepted = false
            while !accepted {
                do {
                    accepted = try codec.send(endOfInput ? nil : packet)
                } catch {
                    if error == .invalidData || error == .invalidArgument && !endOfInput {
                        // A damaged packet: skip it, as players do.
                        badPackets += 1
                        if badPackets > 200 { throw .ffmpeg(path: path, operation: "decoding video", error: error) }
                        accepted = true
                    } else {
                        throw .ffmpeg(path: path, operation: "decoding video", error: error)
                    }
                }
                // Drain every picture the decoder has ready.
                drain: while true {
                    let result: ReceiveResult
                    do {
                        result = try codec.receive(into: scratch)
                    } catch {
                        if error == .invalidData {
                            badPackets += 1
                            if badPackets > 200 { throw .ffmpeg(path: path, operation: "decoding video", error: error) }
                            continue drain
                        }
                        throw .ffmpeg(path: path, operation: "decoding video", error: error)
                    }
                    switch result {
                    case .needsInput:
                        if endOfInput { return try finish() }
                        break drain
                    case .endOfStream:
                        return try finish()
                    case .frame:
                        break
                    }
                    defer { scratch.unref() }
                    if !sawKeyframe {
                        guard reel_frame_is_key(scratch.pointer) != 0 else { continue drain }
                        sawKeyframe = true
                    }
                    guard let pts = scratch.bestTimestamp ?? lastTimestamp.map({ $0 + (nominalFrameDuration ?? 1) }) else {
                        continue drain
                    }
                    lastTimestamp = pts
                    let shown = self.time(ofTimestamp: pts)
                    if shown <= time || (held == nil && fromStart) {
                        let keep = held ?? Frame()
                        keep.takePicture(from: scratch)
                        held = keep
                        heldTimestamp = pts
                    } else if let held {
                        let heldTime = self.time(ofTimestamp: heldTimestamp)
                        return .found(DecodedPicture(frame: held, time: heldTime, duration: shown - heldTime))
                    } else {
                        return .startedLate
                    }
                }
            }
        }
    }

    /// Reads the next packet of the video stream into `packet` (`av_read_frame`), checking for cancellation
    /// first. False at the end of the file, or after a read error, which is left in `readError`.
    func readVideoPacket(readError: inout FFmpegError?) throws(MediaError) -> Bool {
        while true {
            if cancellation?.isCancelled == true { throw .cancelled(path: path) }
            packet.unref()
            do {
                guard try input.read(into: packet) else { return false }
            } catch {
                readError = error
                return false
            }
            if packet.streamIndex == streamIndex { return true }
        }
    }

    // MARK: Duration

    /// Finds the stream's length by reading every packet's timestamps when the file does not state it, then
    /// returns to the start. Does nothing when the duration is already known.
    ///
    /// Throws `MediaError.ffmpeg` when the file cannot be read or holds no timed video packets.
    func measureDuration() throws(MediaError) -> MediaTime {
        if let duration { return duration }
        var end: Int64? = nil
        while true {
            if cancellation?.isCancelled == true { throw .cancelled(path: path) }
            packet.unref()
            let more: Bool
            do { more = try input.read(into: packet) } catch { break }
            guard more else { break }
            guard packet.streamIndex == streamIndex, let t = packet.pts ?? packet.dts else { continue }
            let length = packet.duration > 0 ? packet.duration : (nominalFrameDuration ?? 1)
            end = max(end ?? Int64.min, t + length)
        }
        packet.unref()
        guard let end, end > startTimestamp else {
            throw .ffmpeg(path: path, operation: "measuring the video's duration", error: .invalidData)
        }
        let measured = MediaTime(value: Int64(clamping: Int128(end) - Int128(startTimestamp)), checkedBase: timeBase)
        duration = measured
        try seekToStart()
        return measured
    }

    // MARK: Pictures

    /// The picture as shown, in RGB: non-square pixels widened, turned upright, scaled to `width` pixels across
    /// (default: its display width) with the height following the display aspect, rounded to an even number.
    ///
    /// Throws `MediaError.ffmpeg` when swscale cannot convert the picture (or `width` is not positive).
    func render(_ picture: DecodedPicture, width: Int?) throws(MediaError) -> RGBImage {
        let frame = picture.frame
        let st = input.stream(streamIndex)
        var sar = av_guess_sample_aspect_ratio(input.pointer, st, frame.pointer)
        if sar.num <= 0 || sar.den <= 0 { sar = AVRational(num: 1, den: 1) }
        let squareWidth = max(1.0, (Double(frame.width) * Double(sar.num) / Double(sar.den)).rounded())
        let turned = rotation == 90 || rotation == 270
        let shownWidth = turned ? Double(frame.height) : squareWidth
        let shownHeight = turned ? squareWidth : Double(frame.height)
        let outWidth = width ?? Int(shownWidth)
        guard outWidth > 0, outWidth <= 16384 else {
            throw .ffmpeg(path: path, operation: "scaling to a width of \(outWidth) pixels", error: .invalidArgument)
        }
        let outHeight = max(2, Int((Double(outWidth) * shownHeight / shownWidth / 2).rounded()) * 2)
        let image = try rgb(frame, width: turned ? outHeight : outWidth, height: turned ? outWidth : outHeight)
        return image.rotated(clockwise: rotation)
    }

    /// The coded picture in RGB at a fixed size, without rotation or aspect correction.
    func rgb(_ frame: Frame, width: Int, height: Int) throws(MediaError) -> RGBImage {
        if let scaler, scaler.accepts(frame), scaler.destinationWidth == width, scaler.destinationHeight == height {
            return scaler.rgbImage(from: frame)
        }
        do {
            let made = try Scaler(
                sourceWidth: frame.width, sourceHeight: frame.height, sourceFormat: frame.pixelFormat,
                sourceColorSpace: frame.colorSpace, sourceFullRange: frame.isFullRange,
                destinationWidth: width, destinationHeight: height, destinationFormat: AV_PIX_FMT_RGB24)
            scaler = made
            return made.rgbImage(from: frame)
        } catch {
            throw .ffmpeg(path: path, operation: "converting the picture to RGB", error: error)
        }
    }
}

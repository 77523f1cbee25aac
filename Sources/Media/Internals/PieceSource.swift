internal import CFFmpeg
import Foundation

/// Reads one render piece into a `PieceJoiner`: opens the file, seeks to the keyframe before the in point, and runs
/// the main video and audio streams through piece-mode `EncodeLane`s (the same frame-exact cut as a trim, then the
/// piece's filter graphs).
enum PieceSource {
    /// The decisions taken for one piece's file before it is read.
    struct Plan {
        var videoStream: Int
        var audioStream: Int?
        var videoFilter: String
        var audioFilter: String
        var decisions: PublishDecisions
        var measured: LoudnessMeasurement?
    }

    /// Measures the piece's range (silent channel, loudness) and builds its filter chains for `preset`, fitting
    /// `width`×`height` exactly (scaled to fit, padded with black) at `frameRate`, with `overlay` (a filter
    /// description such as `drawtext`) appended to the picture when given.
    static func plan(
        _ piece: RenderPiece, preset: Preset, width: Int, height: Int, frameRate: Int32, overlay: String?, cancel: CancellationFlag
    ) throws(MediaError) -> Plan {
        let probe = try InputFile(path: piece.path)
        guard let v = probe.bestVideoStream() else { throw .noVideoStream(path: piece.path) }
        let a = av_find_best_stream(probe.pointer, AVMEDIA_TYPE_AUDIO, -1, -1, nil, 0)
        var d = PublishDecisions()
        d.videoStream = v
        d.audioStream = a >= 0 ? Int(a) : nil
        // Upright, progressive, SDR and square-pixelled as publishing makes it, at the source's size…
        let upright = PublishPlanner.videoFilter(probe.stream(v), video: Preset.Video(maxWidth: nil, maxHeight: nil, crf: 23), into: &d)
        // …then fitted into the render's frame (never cropped), padded to exactly its size, at one frame rate.
        var video = [
            upright,
            "scale=\(width):\(height):force_original_aspect_ratio=decrease:force_divisible_by=2:flags=bicubic",
            "pad=\(width):\(height):(ow-iw)/2:(oh-ih)/2:color=black", "setsar=1", "fps=\(frameRate)",
        ]
        if let overlay { video.append(overlay) }
        var audio = "anull"
        var measured: LoudnessMeasurement? = nil
        if let ai = d.audioStream {
            let channels = Int(probe.stream(ai).pointee.codecpar.pointee.ch_layout.nb_channels)
            var levels: AudioStreamLevels? = nil
            if channels == 2 {
                levels = try MediaFile.audioLevelsNowTyped(piece.path, cancel: cancel).first { $0.streamIndex == ai }
            }
            let fold = PublishPlanner.foldFilter(channels: channels, levels: levels, into: &d)
            let m = try LoudnessMeter.measure(
                path: piece.path, streamIndex: ai, prefilter: fold ?? "anull", start: piece.from.seconds,
                duration: (piece.to - piece.from).seconds, cancel: cancel)
            measured = m
            let loudness = PublishPlanner.loudnessFilter(measured: m, target: preset.loudness, into: &d)
            audio = [fold, loudness].compactMap { $0 }.joined(separator: ",")
        }
        d.videoFilter = video.joined(separator: ",")
        d.audioFilter = audio
        return Plan(videoStream: v, audioStream: d.audioStream, videoFilter: d.videoFilter, audioFilter: audio, decisions: d, measured: measured)
    }

    /// Decodes the piece's range and hands its filtered frames to `joiner` (which the caller has begun the piece on).
    ///
    /// Throws `MediaError`: the file's open errors, `.cancelled` (naming `output`), `.ffmpeg`.
    static func read(
        _ piece: RenderPiece, plan: Plan, into joiner: PieceJoiner, output: OutputFile, cancel: CancellationFlag,
        progress: (Double) -> Void
    ) throws(MediaError) {
        let input = try InputFile(path: piece.path)
        let origin = Transcoder.clockOrigin(of: input)
        let window = CutWindow(start: origin + piece.from, end: origin + piece.to)
        let v = plan.videoStream
        let vst = input.stream(v)
        for i in 0..<input.streamCount where i != v && i != plan.audioStream {
            input.stream(i).pointee.discard = AVDISCARD_ALL
        }
        let tb = Rational(vst.pointee.time_base)
        if let found = try input.findKeyframe(
            stream: v, atOrBefore: window.start.rescaled(to: tb).value, cancel: cancel, cancelPath: output.path)
        {
            try input.seek(stream: v, toKeyframeAt: found.pts, decodeTime: found.dts, cancel: cancel, cancelPath: output.path)
        } else {
            try input.seekToBeginning()
        }
        let videoLane = try EncodeLane(pieceOf: input, index: v, filter: plan.videoFilter, shape: .init(), window: window) { (frame: Frame) throws(MediaError) in try joiner.takeVideo(frame) }
        joiner.videoTimeBase = videoLane.graphTimeBase
        var audioLane: EncodeLane? = nil
        if let ai = plan.audioStream {
            let c = joiner.audio.encoder.context.pointer.pointee
            var shape = EncodeLane.PieceShape()
            shape.sampleFormat = c.sample_fmt
            shape.sampleRate = c.sample_rate
            shape.layout = FilterGraph.layoutName(c.ch_layout)
            let lane = try EncodeLane(pieceOf: input, index: ai, filter: plan.audioFilter, shape: shape, window: window) { (frame: Frame) throws(MediaError) in try joiner.takeAudio(frame) }
            joiner.audioTimeBase = lane.graphTimeBase
            audioLane = lane
        }
        let length = max(0.001, (piece.to - piece.from).seconds)
        let packet = Packet()
        while !(videoLane.isDone && (audioLane?.isDone ?? true)) {
            if cancel.isCancelled { throw .cancelled(path: output.path) }
            let more: Bool
            do { more = try input.read(into: packet) } catch {
                throw .ffmpeg(path: piece.path, operation: "reading", error: error)
            }
            guard more else { break }
            if packet.streamIndex == v {
                try videoLane.handle(packet)
                progress(min(1, videoLane.position / length))
            } else if packet.streamIndex == plan.audioStream, let audioLane {
                try audioLane.handle(packet)
            }
            packet.unref()
        }
        if cancel.isCancelled { throw .cancelled(path: output.path) }
        try videoLane.finish()
        try audioLane?.finish()
    }
}

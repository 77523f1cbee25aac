internal import CFFmpeg
import Foundation

/// The synchronous body of `renderPlaylist`: plans every piece, opens one H.264 and one AAC encoder and the muxer,
/// writes chapters and captions, then reads the pieces in turn into a `PieceJoiner`.
struct PlaylistRenderer {
    var pieces: [RenderPiece]
    var preset: Preset
    var video: Preset.Video
    var output: String
    var lowerThirds: Bool
    var overwrite: Bool
    var frameRate: Int32
    var threads: Int
    var cancel: CancellationFlag
    var progress: (@Sendable (Double) -> Void)?

    /// The font the lower thirds are drawn in.
    static let fontFile = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"

    /// The render's frame: the preset's landscape box (1280×720 for web-720p), even-sized.
    var frameSize: (width: Int, height: Int) {
        let w = max(video.maxWidth ?? 1920, video.maxHeight ?? 1080)
        let h = min(video.maxWidth ?? 1920, video.maxHeight ?? 1080)
        return (max(2, w / 2 * 2), max(2, h / 2 * 2))
    }

    func run() throws(MediaError) -> (RenderReport, [CaptionCueText]) {
        let (width, height) = frameSize
        // Plan every piece first (measuring loudness), so a bad file fails before anything is written.
        var plans: [PieceSource.Plan] = []
        for (i, piece) in pieces.enumerated() {
            if cancel.isCancelled { throw .cancelled(path: output) }
            guard piece.to > piece.from else {
                throw .outputNotWritable(path: output, reason: "piece \(i + 1) (\(piece.path)) ends before it starts")
            }
            var overlay: String? = nil
            if lowerThirds, let text = piece.lowerThird {
                // The name waits for the picture: a piece that opens on black shows it from its first real frame.
                let picture = try EdgeScan.firstPicture(piece.path, from: piece.from.seconds, to: piece.to.seconds, cancel: cancel)
                overlay = PlaylistRenderer.lowerThird(text, height: height, from: max(0, (picture ?? piece.from.seconds) - piece.from.seconds))
            }
            plans.append(try PieceSource.plan(
                piece, preset: preset, width: width, height: height, frameRate: frameRate, overlay: overlay, cancel: cancel))
            progress?(0.15 * Double(i + 1) / Double(pieces.count))
        }

        let out = try OutputFile(path: output, overwrite: overwrite)
        do {
            return try write(into: out, plans: plans, width: width, height: height)
        } catch {
            out.discard()
            throw error
        }
    }

    private func write(
        into out: OutputFile, plans: [PieceSource.Plan], width: Int, height: Int
    ) throws(MediaError) -> (RenderReport, [CaptionCueText]) {
        guard let h264 = FrameEncoder.find("libx264"), let aac = FrameEncoder.find("aac") else {
            throw .outputNotWritable(path: output, reason: "the libx264 and aac encoders are not available in this FFmpeg")
        }
        let rate = AVRational(num: frameRate, den: 1)
        var videoSettings = PublishPlanner.h264(video, filter: "null", frameRate: Double(frameRate), threads: threads, bt709: true)
        videoSettings.keepsPictureSideData = false
        let audioSettings = PublishPlanner.aac(preset.audio, filter: "anull")
        let videoEncoder: FrameEncoder
        let audioEncoder: FrameEncoder
        do {
            videoEncoder = try FrameEncoder.openVideo(
                settings: videoSettings, codec: h264, width: Int32(width), height: Int32(height), pixelFormat: AV_PIX_FMT_YUV420P,
                sampleAspectRatio: AVRational(num: 1, den: 1), timeBase: av_inv_q(rate), frameRate: rate, source: nil,
                globalHeader: out.needsGlobalHeader)
            audioEncoder = try FrameEncoder.openAudio(
                settings: audioSettings, codec: aac, sampleFormat: AV_SAMPLE_FMT_FLTP, sampleRate: Int32(preset.audio.sampleRate),
                layout: preset.audio.channels == 1 ? "mono" : "stereo", globalHeader: out.needsGlobalHeader)
        } catch {
            throw .ffmpeg(path: output, operation: "opening the libx264 and aac encoders", error: error)
        }
        let joiner = try PieceJoiner(
            video: try StreamEncoder(encoder: videoEncoder, codecName: "libx264", output: out, frameRate: rate, end: nil),
            audio: try StreamEncoder(encoder: audioEncoder, codecName: "aac", output: out, frameRate: nil, end: nil),
            frameRate: frameRate)

        // The timeline: whole frames per piece, known before anything is encoded.
        var starts: [Int64] = []
        var lengths: [Int64] = []
        var total: Int64 = 0
        for piece in pieces {
            let n = joiner.frames(for: piece.to - piece.from)
            starts.append(total)
            lengths.append(n)
            total += n
        }
        let frameTime = Rational(1, frameRate)
        func ms(_ frames: Int64) -> Int64 { ((try? MediaTime(value: frames, timeBase: frameTime))?.milliseconds ?? 0) }

        // Captions: each piece's cues clipped to its range and shifted to where it lands.
        var cues: [CaptionCueText] = []
        for (i, piece) in pieces.enumerated() {
            let pieceStart = ms(starts[i])
            let pieceEnd = ms(starts[i] + lengths[i])
            let from = piece.from.milliseconds
            for caption in piece.captions {
                let s = max(caption.start.milliseconds, from) - from + pieceStart
                let e = min(caption.end.milliseconds - from + pieceStart, pieceEnd)
                if e > s { cues.append(CaptionCueText(startMs: s, endMs: e, text: caption.text)) }
            }
        }
        cues.sort { $0.startMs < $1.startMs }
        var captionTrack: CaptionTrack? = nil
        if !cues.isEmpty { captionTrack = try CaptionTrack(output: out, cues: cues, language: "eng") }
        setChapters(on: out, starts: starts, lengths: lengths)
        av_dict_set(&out.pointer.pointee.metadata, "title", (output as NSString).lastPathComponent, 0)
        try out.writeHeader()
        try captionTrack?.writeAll()

        var reported: [RenderReport.Piece] = []
        for (i, piece) in pieces.enumerated() {
            if cancel.isCancelled { throw .cancelled(path: output) }
            joiner.beginPiece(frames: lengths[i])
            let base = 0.15 + 0.85 * Double(starts[i]) / Double(total)
            let share = 0.85 * Double(lengths[i]) / Double(total)
            try PieceSource.read(piece, plan: plans[i], into: joiner, output: out, cancel: cancel) { fraction in
                progress?(base + share * fraction)
            }
            guard joiner.pieceHasVideo else {
                throw .ffmpeg(path: piece.path, operation: "decoding \(piece.from.clockString)–\(piece.to.clockString)", error: .invalidData)
            }
            try joiner.endPiece()
            let d = plans[i].decisions
            reported.append(RenderReport.Piece(
                title: piece.title, source: piece.path, startMs: ms(starts[i]), durationMs: ms(lengths[i]),
                measuredLUFS: plans[i].measured?.integratedLUFS, gainDB: d.gainDB, silentChannelFoldedFrom: d.foldedFrom,
                silent: plans[i].audioStream == nil, rotationApplied: d.rotationApplied))
        }
        try joiner.finish()
        if cancel.isCancelled { throw .cancelled(path: output) }
        try out.finish(overwrite: overwrite)
        let report = RenderReport(
            output: output, durationSeconds: (try? MediaTime(value: total, timeBase: frameTime))?.seconds ?? 0, width: width, height: height,
            frameRate: Int(frameRate), pieces: reported, captionCount: cues.count, captionsFile: nil, leftOut: [])
        return (report, cues)
    }

    /// One `AVChapter` per piece, titled with the piece's title, on the frame clock (`av_mallocz`; freed by the muxer's
    /// `avformat_free_context`).
    private func setChapters(on out: OutputFile, starts: [Int64], lengths: [Int64]) {
        let count = pieces.count
        let size = MemoryLayout<UnsafeMutablePointer<AVChapter>?>.stride * count
        guard let array = av_mallocz(size)?.bindMemory(to: UnsafeMutablePointer<AVChapter>?.self, capacity: count) else { return }
        for (i, piece) in pieces.enumerated() {
            guard let raw = av_mallocz(MemoryLayout<AVChapter>.size) else { continue }
            let ch = raw.bindMemory(to: AVChapter.self, capacity: 1)
            ch.pointee.id = Int64(i + 1)
            ch.pointee.time_base = AVRational(num: 1, den: frameRate)
            ch.pointee.start = starts[i]
            ch.pointee.end = starts[i] + lengths[i]
            av_dict_set(&ch.pointee.metadata, "title", piece.title, 0)
            array[i] = ch
        }
        out.pointer.pointee.chapters = array
        out.pointer.pointee.nb_chapters = UInt32(count)
    }

    /// A `drawtext` filter showing `text` bottom-left on a translucent box for 4 seconds from `from` seconds into the
    /// piece (the first frame that is not black).
    static func lowerThird(_ text: String, height: Int, from: Double = 0) -> String {
        let size = max(12, height / 20)
        let margin = max(8, height / 18)
        let options = [
            "fontfile=\(escape(fontFile))", "expansion=none", "text=\(escape(text))", "fontsize=\(size)", "fontcolor=white",
            "box=1", "boxcolor=black@0.6", "boxborderw=\(size / 2)", "x=\(margin)", "y=h-th-\(margin * 2)",
            "enable=\(escape(from > 0 ? String(format: "between(t,%.3f,%.3f)", from, from + 4) : "lt(t,4)"))",
        ]
        return "drawtext=" + options.joined(separator: ":")
    }

    /// Escapes a value twice, as libavfilter unescapes it twice: once as an option value (`\`, `'`, `:`), then as part
    /// of the graph description (`\`, `'`, `[`, `]`, `,`, `;`).
    static func escape(_ value: String) -> String {
        func backslash(_ s: String, _ specials: Set<Character>) -> String {
            var out = ""
            for c in s {
                if specials.contains(c) { out.append("\\") }
                out.append(c)
            }
            return out
        }
        let option = backslash(value, ["\\", "'", ":"])
        return backslash(option, ["\\", "'", "[", "]", ",", ";"])
    }
}

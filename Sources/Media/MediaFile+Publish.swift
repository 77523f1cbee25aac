internal import CFFmpeg
import Foundation

extension MediaFile {
    /// Publishes the file with `preset` to `output` (an `.mp4`, or `.m4a` for audio presets), plus sidecars
    /// beside it with the same base name: `.vtt` captions, `.jpg` poster and `.json` report (`PublishReport`).
    ///
    /// Chapters are kept only when the preset says so (`Preset.keepsChapters`, the archive preset): in an MP4 they
    /// become a QuickTime chapter track, a `bin_data` data stream that web players have no use for.
    /// Every output is upright (the display matrix is applied with `transpose` and not written), progressive
    /// (`bwdif`), SDR BT.709 (HDR PQ/HLG tone-mapped with `zscale`+`tonemap`), square-pixelled, even-sized and
    /// no larger than the preset's box (never scaled up). A two-channel recording with one silent channel gets
    /// the live channel in both at full level (`pan`, measured with `audioLevels()`); loudness is normalised in
    /// two passes: `ebur128` measures, then `volume` and an `alimiter` at the true-peak ceiling apply it.
    /// `captions` are muxed as a `mov_text` track and written as WebVTT. The report is written last, so a
    /// report on disk means a complete set; each file goes to a temporary name renamed into place.
    /// `threads` caps libx264's threads (0: libx264 decides). `progress` gets 0…1 on a background thread.
    ///
    /// An `hls` preset publishes a folder instead: `output` is `DIR/NAME/master.m3u8` and the whole of `DIR/NAME/`
    /// is the output (one `RUNG/index.m3u8` + MPEG-TS segments per rendition that does not scale the source up,
    /// `master.m3u8`, `captions.vtt`, `poster.jpg`, `report.json`); it is built in a hidden `DIR/.NAME.hls-tmp-*`
    /// folder and renamed into place when complete (see `publishHLS`).
    ///
    /// Throws `MediaError`: the source's open errors, `.noVideoStream` for a video preset on a file without video,
    /// `.noAudioStream` for an audio preset without audio, `.outputNotWritable`, `.cancelled`, `.ffmpeg`.
    public func publish(
        preset: Preset, to output: String, sourceChecksum: String, captions: [Caption]? = nil, captionLanguage: String? = nil,
        threads: Int = 0, poster: Bool = true, progress: (@Sendable (Double) -> Void)? = nil
    ) async throws -> PublishReport {
        if preset.kind == .hls {
            return try await publishHLS(
                preset: preset, to: output, sourceChecksum: sourceChecksum, captions: captions, captionLanguage: captionLanguage,
                threads: threads, poster: poster, progress: progress)
        }
        let path = self.path
        let cues = (captions ?? []).map {
            CaptionCueText(startMs: $0.start.milliseconds, endMs: $0.end.milliseconds, text: $0.text)
        }
        let base = (output as NSString).deletingPathExtension
        // A killed earlier run may have left hidden temporary files; this run replaces them.
        for leftover in [output, base + ".vtt", base + ".jpg", base + ".json"] { AtomicFile.removeLeftovers(of: leftover) }
        var report = try await runBlocking { flag in
            try MediaFile.publishNow(
                path, preset: preset, output: output, checksum: sourceChecksum, cues: cues, language: captionLanguage,
                threads: threads, cancel: flag, progress: progress)
        }
        if !cues.isEmpty {
            let vtt = base + ".vtt"
            try AtomicFile.write(Data(CaptionTrack.webVTT(cues).utf8), to: vtt)
            report.captionsFile = vtt
        } else {
            report.warnings.append("no captions: UK public-sector sites must caption pre-recorded video")
        }
        if poster, preset.kind != .audio {
            let jpg = base + ".jpg"
            let frame = try await MediaFile(output).posterFrame(format: .jpeg)
            try AtomicFile.write(frame.data, to: jpg)
            report.posterFile = jpg
        }
        try Task.checkCancellation()
        report.finishedAt = Date()
        let data: Data
        do { data = try report.jsonData() } catch {
            throw MediaError.outputNotWritable(path: base + ".json", reason: "cannot encode the report")
        }
        try AtomicFile.write(data, to: base + ".json")
        progress?(1)
        return report
    }

    /// The path of the JSON report that `publish` writes for `output`: `NAME.json` beside an MP4 or M4A, and
    /// `report.json` inside the folder of an HLS master playlist (`DIR/NAME/master.m3u8`).
    public static func publishReportPath(for output: String) -> String {
        if (output as NSString).pathExtension.lowercased() == "m3u8" {
            return ((output as NSString).deletingLastPathComponent as NSString).appendingPathComponent("report.json")
        }
        return (output as NSString).deletingPathExtension + ".json"
    }

    /// The synchronous body of `publish`: measure, encode, measure again.
    static func publishNow(
        _ path: String, preset: Preset, output outputPath: String, checksum: String, cues: [CaptionCueText],
        language: String?, threads: Int, cancel: CancellationFlag, progress: ((Double) -> Void)?
    ) throws(MediaError) -> PublishReport {
        let (measured, before) = try measureForPublish(path, preset: preset, cancel: cancel, progress: progress)
        var d = measured
        let audioFilter = d.audioFilter

        // Pass 2: encode.
        let input = try InputFile(path: path)
        let output = try OutputFile(path: outputPath, overwrite: true, inputPath: path)
        var actions: [StreamAction] = Array(repeating: .drop(reason: "not published"), count: input.streamCount)
        if let vi = d.videoStream, let video = preset.video {
            let st = input.stream(vi)
            d.videoFilter = PublishPlanner.videoFilter(st, video: video, into: &d)
            actions[vi] = .encode(
                PublishPlanner.h264(
                    video, filter: d.videoFilter, frameRate: PublishPlanner.frameRate(st), threads: threads, bt709: d.toneMapped))
        }
        if let ai = d.audioStream { actions[ai] = .encode(PublishPlanner.aac(preset.audio, filter: audioFilter)) }
        var request = TranscodeRequest(actions: actions)
        request.keepsChapters = preset.keepsChapters
        if !cues.isEmpty, preset.kind != .audio {
            request.captions = cues
            request.captionLanguage = language
        }
        let summary = try Transcoder(input: input, output: output, request: request)
            .run(overwrite: true, cancel: cancel, progress: { progress?(0.1 + 0.8 * $0) })

        // Pass 3: what came out.
        var after: LoudnessMeasurement? = nil
        if d.audioStream != nil {
            after = try LoudnessMeter.measure(path: outputPath, streamIndex: nil, cancel: cancel)
        }
        progress?(0.97)
        let size = (try? FileManager.default.attributesOfItem(atPath: outputPath)[.size] as? Int64) ?? 0
        return PublishReport(
            source: path, sourceChecksum: checksum, preset: preset, output: outputPath, outputSize: size,
            durationSeconds: summary.duration.seconds, width: d.outputWidth, height: d.outputHeight,
            rotationApplied: d.rotationApplied, deinterlaced: d.deinterlaced, toneMapped: d.toneMapped,
            silentChannelFoldedFrom: d.foldedFrom, gainDB: d.gainDB,
            loudnessBefore: before.map { PublishReport.Loudness(integratedLUFS: $0.integratedLUFS, truePeakDBTP: $0.truePeakDBTP) },
            loudnessAfter: after.map { PublishReport.Loudness(integratedLUFS: $0.integratedLUFS, truePeakDBTP: $0.truePeakDBTP) },
            captionCount: request.captions?.count ?? 0, captionsFile: nil, posterFile: nil,
            videoFilter: d.videoStream == nil ? nil : d.videoFilter, audioFilter: d.audioStream == nil ? nil : audioFilter,
            warnings: [], finishedAt: Date())
    }

    /// Pass 1 of publishing: picks the streams, decides the audio fold and measures loudness (`ebur128`) once,
    /// so every output made from these decisions (an MP4, or each HLS rendition) gets the same gain.
    ///
    /// Throws `MediaError`: `.noVideoStream`/`.noAudioStream` when the preset needs a stream the file lacks,
    /// the source's open errors, `.cancelled`, `.ffmpeg`.
    static func measureForPublish(
        _ path: String, preset: Preset, cancel: CancellationFlag, progress: ((Double) -> Void)?
    ) throws(MediaError) -> (PublishDecisions, LoudnessMeasurement?) {
        let probe = try InputFile(path: path)
        var d = PublishDecisions()
        let v = probe.bestVideoStream()
        let a = av_find_best_stream(probe.pointer, AVMEDIA_TYPE_AUDIO, -1, -1, nil, 0)
        d.videoStream = preset.kind == .audio ? nil : v
        d.audioStream = a >= 0 ? Int(a) : nil
        if preset.kind != .audio && v == nil { throw .noVideoStream(path: path) }
        if preset.kind == .audio && d.audioStream == nil { throw .noAudioStream(path: path) }

        // Which channel is live, and how loud the programme is.
        var before: LoudnessMeasurement? = nil
        var audioFilter = "anull"
        if let ai = d.audioStream {
            let channels = Int(probe.stream(ai).pointee.codecpar.pointee.ch_layout.nb_channels)
            var levels: AudioStreamLevels? = nil
            if channels == 2 {
                levels = try MediaFile.audioLevelsNowTyped(path, cancel: cancel).first { $0.streamIndex == ai }
            }
            let fold = PublishPlanner.foldFilter(channels: channels, levels: levels, into: &d)
            progress?(0.03)
            let measured = try LoudnessMeter.measure(path: path, streamIndex: ai, prefilter: fold ?? "anull", cancel: cancel)
            before = measured
            let loudness = PublishPlanner.loudnessFilter(measured: measured, target: preset.loudness, into: &d)
            audioFilter = [fold, loudness].compactMap { $0 }.joined(separator: ",")
        }
        d.audioFilter = audioFilter
        progress?(0.1)
        return (d, before)
    }

    /// `audioLevelsNow` with the cancellation flag and a typed error.
    static func audioLevelsNowTyped(_ path: String, cancel: CancellationFlag) throws(MediaError) -> [AudioStreamLevels] {
        do { return try audioLevelsNow(path, cancellation: cancel) } catch let e as MediaError { throw e } catch {
            throw .ffmpeg(path: path, operation: "measuring audio levels", error: .invalidData)
        }
    }
}

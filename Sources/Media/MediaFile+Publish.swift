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
    /// Every file is first written under a hidden name beside its final one; then, for each in turn (media, captions,
    /// poster, report), `clearance` is called and the file renamed into place. When `clearance` throws (the speaker
    /// withdrew consent meanwhile), nothing of this publish is left under a final name, nor an earlier Reel output
    /// of the same name, and its error is rethrown.
    ///
    /// Without `overwrite`, a file already at one of the final names is replaced only when the report there
    /// (`NAME.json`, a `PublishReport`) shows Reel wrote it; any other is `MediaError.notWrittenByReel`, before any
    /// work is done.
    ///
    /// An `hls` preset publishes a folder instead: `output` is `DIR/NAME/master.m3u8` and the whole of `DIR/NAME/`
    /// is the output (one `RUNG/index.m3u8` + MPEG-TS segments per rendition that does not scale the source up,
    /// `master.m3u8`, `captions.vtt`, `poster.jpg`, `report.json`); it is built in a hidden `DIR/.NAME.hls-tmp-*`
    /// folder and renamed into place when complete (see `publishHLS`).
    ///
    /// Throws `MediaError`: the source's open errors, `.noVideoStream` for a video preset on a file without video,
    /// `.noAudioStream` for an audio preset without audio, `.outputNotWritable`, `.notWrittenByReel`, `.cancelled`,
    /// `.ffmpeg`; and whatever `clearance` throws.
    public func publish(
        preset: Preset, to output: String, sourceChecksum: String, captions: [Caption]? = nil, captionLanguage: String? = nil,
        threads: Int = 0, poster: Bool = true, overwrite: Bool = false, clearance: (@Sendable () throws -> Void)? = nil,
        progress: (@Sendable (Double) -> Void)? = nil
    ) async throws -> PublishReport {
        try await publish(
            preset: preset, to: output, hashing: { sourceChecksum }, captions: captions, captionLanguage: captionLanguage,
            threads: threads, poster: poster, overwrite: overwrite, clearance: clearance, progress: progress)
    }

    /// `publish` with the source's checksum computed by `hashing` on another thread while the file is measured and
    /// encoded (reading a large source twice in a row costs wall time; side by side it mostly overlaps). An error
    /// `hashing` throws fails the publish after the encode, with nothing left under a final name.
    public func publish(
        preset: Preset, to output: String, hashing: @escaping @Sendable () throws -> String, captions: [Caption]? = nil,
        captionLanguage: String? = nil, threads: Int = 0, poster: Bool = true, overwrite: Bool = false,
        clearance: (@Sendable () throws -> Void)? = nil, progress: (@Sendable (Double) -> Void)? = nil
    ) async throws -> PublishReport {
        if preset.kind == .hls {
            return try await publishHLS(
                preset: preset, to: output, hashing: hashing, captions: captions, captionLanguage: captionLanguage,
                threads: threads, poster: poster, clearance: clearance, progress: progress)
        }
        let checksumTask = Task.detached { try hashing() }
        defer { checksumTask.cancel() }
        let path = self.path
        let cues = (captions ?? []).map {
            CaptionCueText(startMs: $0.start.milliseconds, endMs: $0.end.milliseconds, text: $0.text)
        }
        let base = (output as NSString).deletingPathExtension
        let finals = MediaFile.publishedFiles(for: output)
        // A killed earlier run may have left hidden temporary files; this run replaces them.
        for leftover in finals { AtomicFile.removeLeftovers(of: leftover) }
        let writesPoster = poster && preset.kind != .audio
        let written = [output, base + ".json"] + (cues.isEmpty ? [] : [base + ".vtt"]) + (writesPoster ? [base + ".jpg"] : [])
        if !overwrite, let foreign = MediaFile.filesNotWrittenByReel(written, report: base + ".json").first {
            throw MediaError.notWrittenByReel(path: foreign)
        }
        var source = stat(), existing = stat()
        if stat(path, &source) == 0, stat(output, &existing) == 0, source.st_dev == existing.st_dev, source.st_ino == existing.st_ino {
            throw MediaError.outputNotWritable(path: output, reason: "it is the input file; choose another output folder")
        }
        let staged = StagedFiles()
        defer { staged.discard() }
        let stagedMedia = staged.name(for: output)
        var report: PublishReport
        do {
            report = try await runBlocking { flag in
                try MediaFile.publishNow(
                    path, preset: preset, output: stagedMedia, checksum: "", cues: cues, language: captionLanguage,
                    threads: threads, cancel: flag, progress: progress)
            }
        } catch let error as MediaError {
            throw error.replacingPath(stagedMedia, with: output)
        }
        report.output = output
        report.sourceChecksum = try await checksumTask.value
        var commits: [(staged: String, final: String)] = [(stagedMedia, output)]
        if !cues.isEmpty {
            let vtt = base + ".vtt"
            commits.append((try staged.write(Data(CaptionTrack.webVTT(cues).utf8), for: vtt), vtt))
            report.captionsFile = vtt
        } else {
            report.warnings.append("no captions: UK public-sector sites must caption pre-recorded video")
        }
        if writesPoster {
            let jpg = base + ".jpg"
            let frame: Thumbnail
            do { frame = try await MediaFile(stagedMedia).posterFrame(format: .jpeg) } catch let error as MediaError {
                throw error.replacingPath(stagedMedia, with: output)
            }
            commits.append((try staged.write(frame.data, for: jpg), jpg))
            report.posterFile = jpg
        }
        try Task.checkCancellation()
        report.finishedAt = Date()
        let data: Data
        do { data = try report.jsonData() } catch {
            throw MediaError.outputNotWritable(path: base + ".json", reason: "cannot encode the report")
        }
        commits.append((try staged.write(data, for: base + ".json"), base + ".json"))
        try Task.checkCancellation()
        // Each file goes into place only while the clip may still be published; the report goes last.
        var placed: [String] = []
        do {
            for c in commits {
                try clearance?()
                if rename(c.staged, c.final) != 0 {
                    throw MediaError.outputNotWritable(path: c.final, reason: String(cString: strerror(errno)))
                }
                placed.append(c.final)
            }
        } catch {
            // Nothing of a withheld clip stays under a final name: not this run's files, nor an earlier Reel
            // output of the same name (checked above to be Reel's, or replaced on request).
            for f in error is PublishWithheld ? finals : placed { unlink(f) }
            throw error
        }
        progress?(1)
        return report
    }

    /// Every file a (non-HLS) publish to `output` may write: the media, `.vtt`, `.jpg` and `.json` beside it.
    public static func publishedFiles(for output: String) -> [String] {
        let base = (output as NSString).deletingPathExtension
        return [output, base + ".vtt", base + ".jpg", base + ".json"]
    }

    /// Those of `paths` that exist and that the publish report at `report` does not show Reel wrote (a report
    /// counts as Reel's when it reads as a `PublishReport`; it names its output, captions and poster). Compared by
    /// file name, as the report sits beside them.
    public static func filesNotWrittenByReel(_ paths: [String], report: String) -> [String] {
        var ours: Set<String> = []
        if let r = PublishReport.load(from: report) {
            ours.insert((report as NSString).lastPathComponent)
            for p in [r.output, r.captionsFile, r.posterFile].compactMap({ $0 }) { ours.insert((p as NSString).lastPathComponent) }
        }
        return paths.filter { p in
            var isDirectory: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: p, isDirectory: &isDirectory)
            return exists && (isDirectory.boolValue || !ours.contains((p as NSString).lastPathComponent))
        }
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

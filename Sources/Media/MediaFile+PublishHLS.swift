internal import CFFmpeg
import Foundation

extension MediaFile {
    /// Publishes the file as an HLS folder with an `hls` preset: `output` is `DIR/NAME/master.m3u8`.
    ///
    /// Each ladder step that does not scale the source up (at least one) is encoded through the same pipeline as
    /// an MP4 publish (rotation, deinterlace, tone-map, channel fold, loudness measured once and the same gain
    /// for every step, fit to the step's box) into libavformat's `hls` muxer: `RUNG/index.m3u8` (VOD, ends with
    /// `#EXT-X-ENDLIST`) and `RUNG/seg_000.ts`…, with a keyframe every GOP (scene cuts off) so segments of
    /// `preset.segmentSeconds` start on keyframes in every step alike. `master.m3u8` lists the steps with
    /// measured `BANDWIDTH`/`AVERAGE-BANDWIDTH`, `RESOLUTION` and `CODECS`; `captions.vtt`, `poster.jpg` and
    /// `report.json` (`PublishReport` with `renditions`) sit beside it.
    ///
    /// Everything is written into a hidden `DIR/.NAME.hls-tmp-*` folder, renamed to `DIR/NAME` only when complete
    /// (replacing an earlier Reel output there); a killed run leaves only the hidden folder, which the next run
    /// removes. Throws `MediaError` as `publish` does, and `.outputNotWritable` when `output` is not
    /// `DIR/NAME/*.m3u8` or `DIR/NAME` exists but is not an earlier Reel HLS output. `clearance` is called just
    /// before the folder is renamed into place; when it throws, neither this output nor an earlier one at `DIR/NAME`
    /// is left, and its error is rethrown.
    public func publishHLS(
        preset: Preset, to output: String, sourceChecksum: String, captions: [Caption]? = nil, captionLanguage: String? = nil,
        threads: Int = 0, poster: Bool = true, clearance: (@Sendable () throws -> Void)? = nil,
        progress: (@Sendable (Double) -> Void)? = nil
    ) async throws -> PublishReport {
        try await publishHLS(
            preset: preset, to: output, hashing: { sourceChecksum }, captions: captions, captionLanguage: captionLanguage,
            threads: threads, poster: poster, clearance: clearance, progress: progress)
    }

    /// `publishHLS` with the source's checksum computed by `hashing` on another thread while the ladder is encoded.
    func publishHLS(
        preset: Preset, to output: String, hashing: @escaping @Sendable () throws -> String, captions: [Caption]?,
        captionLanguage: String?, threads: Int, poster: Bool, clearance: (@Sendable () throws -> Void)?,
        progress: (@Sendable (Double) -> Void)?
    ) async throws -> PublishReport {
        let path = self.path
        let checksumTask = Task.detached { try hashing() }
        defer { checksumTask.cancel() }
        let folders = try MediaFile.hlsFolders(for: output, preset: preset)
        MediaFile.removeHLSLeftovers(in: folders.parent, name: folders.name)
        let temp = (folders.parent as NSString).appendingPathComponent(
            ".\(folders.name).hls-tmp-\(String(UInt32.random(in: 0...UInt32.max), radix: 16))")
        do {
            try FileManager.default.createDirectory(atPath: temp, withIntermediateDirectories: false)
        } catch {
            throw MediaError.outputNotWritable(path: output, reason: "cannot create files in folder '\(folders.parent)'")
        }
        do {
            let masterName = (output as NSString).lastPathComponent
            let cues = (captions ?? []).map {
                CaptionCueText(startMs: $0.start.milliseconds, endMs: $0.end.milliseconds, text: $0.text)
            }
            var report = try await runBlocking { flag in
                try MediaFile.publishHLSNow(
                    path, preset: preset, temporaryFolder: temp, finalFolder: folders.final, masterName: masterName,
                    checksum: "", threads: threads, cancel: flag, progress: progress)
            }
            report.sourceChecksum = try await checksumTask.value
            report.captionCount = cues.count
            if !cues.isEmpty {
                try AtomicFile.write(Data(CaptionTrack.webVTT(cues).utf8), to: (temp as NSString).appendingPathComponent("captions.vtt"))
                report.captionsFile = (folders.final as NSString).appendingPathComponent("captions.vtt")
            } else {
                report.warnings.append("no captions: UK public-sector sites must caption pre-recorded video")
            }
            if poster, let top = report.renditions?.first {
                let frame = try await MediaFile((temp as NSString).appendingPathComponent(top.playlist)).posterFrame(format: .jpeg)
                try AtomicFile.write(frame.data, to: (temp as NSString).appendingPathComponent("poster.jpg"))
                report.posterFile = (folders.final as NSString).appendingPathComponent("poster.jpg")
            }
            try Task.checkCancellation()
            report.outputSize = MediaFile.folderSize(temp)
            report.finishedAt = Date()
            let data: Data
            do { data = try report.jsonData() } catch {
                throw MediaError.outputNotWritable(path: MediaFile.publishReportPath(for: output), reason: "cannot encode the report")
            }
            try AtomicFile.write(data, to: (temp as NSString).appendingPathComponent("report.json"))
            try Task.checkCancellation()
            do { try clearance?() } catch {
                // The folder there is an earlier Reel output (checked above): it goes too.
                try? FileManager.default.removeItem(atPath: folders.final)
                throw error
            }
            try MediaFile.moveHLSFolder(temp, to: folders.final, parent: folders.parent, name: folders.name, output: output)
            progress?(1)
            return report
        } catch {
            // libavformat's hls muxer does not pass on a segment write that failed for want of space; what shows is
            // an unreadable variant playlist. Say what happened, about the output the user asked for.
            var full = false
            if let e = error as? MediaError, e != .cancelled(path: e.path) { full = MediaFile.isNearlyFull(temp) }
            try? FileManager.default.removeItem(atPath: temp)
            if full { throw MediaError.outputNotWritable(path: output, reason: "no space left on device (in '\(folders.parent)')") }
            throw error
        }
    }

    /// Whether the file system holding `folder` has (almost) no space left for an ordinary user: under 256 KiB
    /// (`statvfs`), less than one HLS segment.
    static func isNearlyFull(_ folder: String) -> Bool {
        var info = statvfs()
        guard statvfs(folder, &info) == 0 else { return false }
        return UInt64(info.f_bavail) * UInt64(info.f_frsize) < 256 * 1024
    }

    /// The synchronous body of `publishHLS`: measure once, decode once and encode every rung, read the rungs back,
    /// write the master.
    static func publishHLSNow(
        _ path: String, preset: Preset, temporaryFolder temp: String, finalFolder: String, masterName: String, checksum: String,
        threads: Int, cancel: CancellationFlag, progress: ((Double) -> Void)?
    ) throws(MediaError) -> PublishReport {
        let finalOutput = (finalFolder as NSString).appendingPathComponent(masterName)
        let (base, before) = try measureForPublish(path, preset: preset, cancel: cancel, progress: progress)
        let probe = try InputFile(path: path)
        guard let vi = base.videoStream else { throw .noVideoStream(path: path) }
        let rungs = HLSLadder.rungs(for: probe.stream(vi), preset: preset)
        guard !rungs.isEmpty else {
            throw .outputNotWritable(path: finalOutput, reason: "preset '\(preset.name)' has no ladder steps")
        }
        let frameRate = PublishPlanner.frameRate(probe.stream(vi))
        let keySeconds = HLSLadder.keyframeSeconds(gop: preset.video?.gopSeconds ?? 2, segment: preset.segmentSeconds)
        let gopFrames = max(1, Int(((frameRate > 0 && frameRate.isFinite ? frameRate : 25) * keySeconds).rounded()))

        // Decode once, encode every rung from the same frames (each rung's video encoder on its own thread).
        let input = probe
        var ladder: [LadderTranscoder.Rung] = []
        var decisions: [PublishDecisions] = []
        var playlists: [String] = []
        for rung in rungs {
            if cancel.isCancelled { throw .cancelled(path: finalOutput) }
            let folder = (temp as NSString).appendingPathComponent(rung.name)
            do { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false) } catch {
                throw .outputNotWritable(path: finalOutput, reason: "cannot create the folder for rendition '\(rung.name)'")
            }
            var d = base
            var video = rung.rendition.video
            video.gopSeconds = keySeconds
            d.videoFilter = PublishPlanner.videoFilter(input.stream(vi), video: video, into: &d)
            let h264 = PublishPlanner.h264(video, filter: d.videoFilter, frameRate: frameRate, threads: threads, bt709: d.toneMapped)
            var audio: EncoderSettings? = nil
            if d.audioStream != nil {
                let settings = Preset.Audio(
                    bitRateKbps: rung.rendition.audioBitRateKbps, sampleRate: preset.audio.sampleRate, channels: preset.audio.channels)
                audio = PublishPlanner.aac(settings, filter: d.audioFilter)
            }
            let playlist = (folder as NSString).appendingPathComponent("index.m3u8")
            ladder.append(LadderTranscoder.Rung(
                output: try OutputFile(path: playlist, overwrite: true, inputPath: path, playlist: true),
                video: HLSLadder.alignKeyframes(h264, frames: gopFrames, segmentSeconds: preset.segmentSeconds), audio: audio,
                muxerOptions: HLSLadder.muxerOptions(segmentSeconds: preset.segmentSeconds, folder: folder)))
            decisions.append(d)
            playlists.append(playlist)
        }
        let durations = try LadderTranscoder(input: input, videoStream: vi, audioStream: base.audioStream, rungs: ladder)
            .run(cancel: cancel, progress: { progress?(0.1 + 0.8 * $0) })
        var variants: [HLSLadder.Variant] = []
        for (i, rung) in rungs.enumerated() {
            variants.append(
                try HLSLadder.variant(
                    rung: rung, playlist: playlists[i], uri: "\(rung.name)/index.m3u8", hasAudio: decisions[i].audioStream != nil))
        }
        let top = decisions[0]
        let duration = durations[0]

        // What came out: loudness of the top rung, read through its playlist.
        var after: LoudnessMeasurement? = nil
        if base.audioStream != nil, let first = variants.first {
            after = try LoudnessMeter.measure(path: (temp as NSString).appendingPathComponent(first.uri), streamIndex: nil, cancel: cancel)
        }
        try AtomicFile.write(Data(HLSLadder.masterPlaylist(variants).utf8), to: (temp as NSString).appendingPathComponent(masterName))
        progress?(0.97)
        var report = PublishReport(
            source: path, sourceChecksum: checksum, preset: preset, output: finalOutput, outputSize: folderSize(temp),
            durationSeconds: duration, width: top.outputWidth, height: top.outputHeight,
            rotationApplied: top.rotationApplied, deinterlaced: top.deinterlaced, toneMapped: top.toneMapped,
            silentChannelFoldedFrom: top.foldedFrom, gainDB: top.gainDB,
            loudnessBefore: before.map { PublishReport.Loudness(integratedLUFS: $0.integratedLUFS, truePeakDBTP: $0.truePeakDBTP) },
            loudnessAfter: after.map { PublishReport.Loudness(integratedLUFS: $0.integratedLUFS, truePeakDBTP: $0.truePeakDBTP) },
            captionCount: 0, captionsFile: nil, posterFile: nil,
            videoFilter: top.videoFilter, audioFilter: top.audioStream == nil ? nil : top.audioFilter,
            warnings: [], finishedAt: Date())
        report.renditions = variants.map {
            PublishReport.Rendition(
                name: $0.rung.name, playlist: $0.uri, width: $0.rung.width, height: $0.rung.height,
                peakBitRate: $0.peakBandwidth, averageBitRate: $0.averageBandwidth, segmentCount: $0.segmentDurations.count,
                longestSegmentSeconds: $0.segmentDurations.max() ?? 0, codecs: $0.codecs)
        }
        return report
    }

    /// Splits `DIR/NAME/master.m3u8` into the final folder, its parent and its name, and checks that the parent
    /// is a writable folder and that `DIR/NAME`, if present, is an earlier Reel HLS output (never a user's folder).
    static func hlsFolders(for output: String, preset: Preset) throws(MediaError) -> (final: String, parent: String, name: String) {
        let final = (output as NSString).deletingLastPathComponent
        let name = (final as NSString).lastPathComponent
        guard (output as NSString).pathExtension.lowercased() == "m3u8", !final.isEmpty, name != ".", name != "..", name != "/"
        else {
            throw .outputNotWritable(path: output, reason: "an HLS output is a folder: give DIR/NAME/master.m3u8")
        }
        let parentPart = (final as NSString).deletingLastPathComponent
        let parent = parentPart.isEmpty ? "." : parentPart
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: parent, isDirectory: &isFolder) else {
            throw .outputNotWritable(path: output, reason: "folder '\(parent)' does not exist")
        }
        guard isFolder.boolValue else { throw .outputNotWritable(path: output, reason: "'\(parent)' is not a folder") }
        guard access(parent, W_OK | X_OK) == 0 else {
            throw .outputNotWritable(path: output, reason: "folder '\(parent)' is not writable")
        }
        if FileManager.default.fileExists(atPath: final, isDirectory: &isFolder) {
            guard isFolder.boolValue else { throw .outputNotWritable(path: output, reason: "'\(final)' is a file, not a folder") }
            let contents = (try? FileManager.default.contentsOfDirectory(atPath: final)) ?? []
            let ours = PublishReport.load(from: publishReportPath(for: output)) != nil
            if !contents.isEmpty && !ours {
                throw .outputNotWritable(
                    path: output, reason: "folder '\(final)' exists and is not a Reel HLS output; remove it or choose another --out")
            }
        }
        return (final, parent, name)
    }

    /// Removes what killed runs left for `DIR/NAME`: hidden `.NAME.hls-tmp-*` and `.NAME.hls-old-*` folders.
    static func removeHLSLeftovers(in parent: String, name: String) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: parent) else { return }
        for entry in names where entry.hasPrefix(".\(name).hls-tmp-") || entry.hasPrefix(".\(name).hls-old-") {
            try? FileManager.default.removeItem(atPath: (parent as NSString).appendingPathComponent(entry))
        }
    }

    /// Renames the finished temporary folder to `final` (`rename(2)`), first moving an earlier output aside and
    /// deleting it afterwards. Throws `MediaError.outputNotWritable`; the earlier output is restored on failure.
    static func moveHLSFolder(_ temp: String, to final: String, parent: String, name: String, output: String) throws(MediaError) {
        var old: String? = nil
        if FileManager.default.fileExists(atPath: final) {
            let aside = (parent as NSString).appendingPathComponent(".\(name).hls-old-\(String(UInt32.random(in: 0...UInt32.max), radix: 16))")
            if rename(final, aside) != 0 {
                throw .outputNotWritable(path: output, reason: "cannot replace '\(final)': \(String(cString: strerror(errno)))")
            }
            old = aside
        }
        if rename(temp, final) != 0 {
            let reason = String(cString: strerror(errno))
            if let old { rename(old, final) }
            throw .outputNotWritable(path: output, reason: reason)
        }
        if let old { try? FileManager.default.removeItem(atPath: old) }
    }

    /// The total size in bytes of the regular files under `folder`.
    static func folderSize(_ folder: String) -> Int64 {
        guard let walker = FileManager.default.enumerator(atPath: folder) else { return 0 }
        var total: Int64 = 0
        while let relative = walker.nextObject() as? String {
            let attributes = try? FileManager.default.attributesOfItem(atPath: (folder as NSString).appendingPathComponent(relative))
            if attributes?[.type] as? FileAttributeType == .typeRegular {
                total += (attributes?[.size] as? NSNumber)?.int64Value ?? 0
            }
        }
        return total
    }
}

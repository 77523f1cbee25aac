import Foundation
import Media
import Testing

/// Trims checked against the `ffprobe`/`ffmpeg` programs and the frame-index barcode in the sample clips.
struct TrimTests {
    // MARK: accurate mode

    /// The output's first frame is the source frame whose interval contains `from`, read from its barcode.
    /// The expected index is computed from ffprobe's list of the source's frame times, not from our code.
    @Test(arguments: [
        ("hca-long-gop.mp4", 12.52, "mp4"),  // between keyframes 10 s and 20 s
        ("hca-long-gop.mp4", 19.98, "mkv"),
        ("doctor-vfr.mp4", 2.5, "mp4"),  // variable frame rate: 1/15 s frames here
        ("housekeeper-interlaced.ts", 2.3, "mp4"),  // MPEG-TS starting at 1.43 s, open GOPs
        ("social-worker-multilang.mkv", 1.01, "mkv"),
    ])
    func accurateTrimStartsOnTheFrameShowingAtFrom(file: String, from: Double, ext: String) async throws {
        let dir = try TrimFixture.scratchFolder()
        defer { TrimFixture.remove(dir) }
        let source = TrimFixture.media(file)
        let out = dir + "/clip.\(ext)"
        let start = MediaTime(milliseconds: Int64((from * 1000).rounded()))
        let end = start + MediaTime(milliseconds: 1500)
        let result = try await MediaFile(source).trim(from: start, to: end, mode: .accurate, output: out)

        #expect(result.actualFrom == start)
        let times = try TrimFixture.frameTimes(source)
        let expected = times.lastIndex { $0 <= from + 1e-9 }!
        #expect(try TrimFixture.firstFrameIndex(out) == expected)
        // The source really needs decoding from an earlier keyframe for this to mean anything.
        let keyframes = try TrimFixture.keyframeTimes(source)
        if file == "hca-long-gop.mp4" {
            #expect(!keyframes.contains { abs($0 - from) < 0.001 })
            #expect(expected == Int((from * 1000).rounded()) * 25 / 1000)
        }
    }

    @Test func accurateTrimHasTheRequestedLengthWithAudioInSync() async throws {
        let dir = try TrimFixture.scratchFolder()
        defer { TrimFixture.remove(dir) }
        let out = dir + "/hca.mp4"
        let result = try await MediaFile(TrimFixture.media("hca-long-gop.mp4")).trim(
            from: MediaTime(milliseconds: 12_520), to: MediaTime(milliseconds: 15_520), mode: .accurate, output: out)

        let frame = 1.0 / 25
        let audioFrame = 1024.0 / 48_000
        let probe = try TrimFixture.ffprobe(out)
        let video = try #require(probe.streams.first { $0["codec_type"] as? String == "video" })
        let audio = try #require(probe.streams.first { $0["codec_type"] as? String == "audio" })
        let videoDuration = try #require(Double(video["duration"] as? String ?? ""))
        let audioDuration = try #require(Double(audio["duration"] as? String ?? ""))
        #expect(abs(probe.duration - 3.0) <= frame + 1e-6)
        #expect(abs(videoDuration - 3.0) <= frame + 1e-6)
        #expect(abs(audioDuration - videoDuration) <= audioFrame + frame)
        #expect(abs((Double(audio["start_time"] as? String ?? "") ?? 99) - (Double(video["start_time"] as? String ?? "") ?? -99)) < audioFrame)
        #expect(video["codec_name"] as? String == "h264")
        #expect(audio["codec_name"] as? String == "aac")
        #expect(abs(result.duration.seconds - 3.0) <= frame)
        #expect(abs(result.actualTo.seconds - 15.52) <= frame)
        #expect(result.mode == .accurate)
        #expect(result.streamsWritten == 2)
        // Decoded audio length, counted by ffmpeg: the cut is by samples, not whole AAC frames.
        let samples = try TrimFixture.decodedSampleCount(out)
        #expect(abs(Double(samples) / 48_000 - 3.0) <= audioFrame)
    }

    @Test func accurateTrimKeepsTracksLanguagesRotationAndPixelFormat() async throws {
        let dir = try TrimFixture.scratchFolder()
        defer { TrimFixture.remove(dir) }
        let multilang = dir + "/multilang.mkv"
        let result = try await MediaFile(TrimFixture.media("social-worker-multilang.mkv")).trim(
            from: MediaTime(milliseconds: 500), to: MediaTime(milliseconds: 2500), mode: .accurate, output: multilang)
        #expect(result.streamsWritten == 4)
        let probe = try TrimFixture.ffprobe(multilang)
        #expect(probe.streams.map { $0["codec_type"] as? String ?? "" } == ["video", "audio", "audio", "subtitle"])
        #expect(probe.streams.map { ($0["tags"] as? [String: String])?["language"] }.dropFirst() == ["eng", "wel", "eng"])
        #expect(probe.streams.compactMap { $0["codec_name"] as? String } == ["h264", "aac", "aac", "subrip"])

        let portrait = dir + "/portrait.mp4"
        _ = try await MediaFile(TrimFixture.media("portrait-phone.mp4")).trim(
            from: MediaTime(milliseconds: 1000), to: MediaTime(milliseconds: 2000), mode: .accurate, output: portrait)
        let p = try TrimFixture.ffprobe(portrait)
        let v = try #require(p.streams.first { $0["codec_type"] as? String == "video" })
        #expect(TrimFixture.rotation(v) == -90)
        #expect(v["width"] as? Int == 640 && v["height"] as? Int == 360)  // the picture itself is not turned

        let hdr = dir + "/hdr.mkv"
        _ = try await MediaFile(TrimFixture.media("chaplain-hdr.mkv")).trim(
            from: MediaTime(milliseconds: 1000), to: MediaTime(milliseconds: 2000), mode: .accurate, output: hdr)
        let h = try #require(try TrimFixture.ffprobe(hdr).streams.first { $0["codec_type"] as? String == "video" })
        #expect(h["pix_fmt"] as? String == "yuv420p10le")
        #expect(h["color_transfer"] as? String == "smpte2084")
        #expect(h["color_primaries"] as? String == "bt2020")
    }

    @Test func accurateTrimToWebMUsesVP9AndOpus() async throws {
        let dir = try TrimFixture.scratchFolder()
        defer { TrimFixture.remove(dir) }
        let out = dir + "/reception.webm"
        _ = try await MediaFile(TrimFixture.media("receptionist.webm")).trim(
            from: MediaTime(milliseconds: 1000), to: MediaTime(milliseconds: 2000), mode: .accurate, output: out)
        let probe = try TrimFixture.ffprobe(out)
        #expect(probe.streams.compactMap { $0["codec_name"] as? String } == ["vp9", "opus"])
        #expect(abs(probe.duration - 1.0) <= 0.04 + 0.0201)
    }

    // MARK: copy mode

    /// The in point snaps back to the last keyframe at or before `from`, as ffprobe lists the keyframes.
    @Test(arguments: [
        ("hca-long-gop.mp4", 12.52), ("nurse-1080p.mp4", 2.3), ("nurse-1080p.mp4", 4.0),
        ("housekeeper-interlaced.ts", 2.3), ("chaplain-hdr.mkv", 1.2),
    ])
    func copyTrimSnapsToTheKeyframeAtOrBeforeFrom(file: String, from: Double) async throws {
        let dir = try TrimFixture.scratchFolder()
        defer { TrimFixture.remove(dir) }
        let source = TrimFixture.media(file)
        let ext = (file as NSString).pathExtension
        let out = dir + "/copy.\(ext)"
        let start = MediaTime(milliseconds: Int64((from * 1000).rounded()))
        let end = start + MediaTime(milliseconds: 1000)
        let result = try await MediaFile(source).trim(from: start, to: end, output: out)

        let keyframes = try TrimFixture.keyframeTimes(source)
        let expected = try #require(keyframes.filter { $0 <= from + 1e-9 }.max())
        #expect(result.mode == .copy)
        #expect(result.actualFrom <= start)
        #expect(abs(result.actualFrom.seconds - expected) < 0.001)
        #expect(abs(result.actualTo.seconds - (result.actualFrom + result.duration).seconds) < 0.001)
        // The output's first frame is that keyframe, and it runs to about `to`.
        let times = try TrimFixture.frameTimes(source)
        #expect(try TrimFixture.firstFrameIndex(out) == times.firstIndex { abs($0 - expected) < 0.001 })
        // It runs to `to`, plus at most a few frames that pictures before `to` need to decode (B-frame
        // references), and the reported end says so.
        let probe = try TrimFixture.ffprobe(out)
        #expect(abs(probe.duration - result.duration.seconds) < 0.05)
        #expect(result.actualTo.seconds >= end.seconds - 0.05)
        #expect(result.actualTo.seconds <= end.seconds + 0.2)
    }

    @Test func copyTrimKeepsEveryTrackWithLanguagesAndDispositions() async throws {
        let dir = try TrimFixture.scratchFolder()
        defer { TrimFixture.remove(dir) }
        let out = dir + "/multilang.mkv"
        let result = try await MediaFile(TrimFixture.media("social-worker-multilang.mkv")).trim(
            from: MediaTime(milliseconds: 1000), to: MediaTime(milliseconds: 4000), output: out)
        #expect(result.streamsWritten == 4)
        #expect(result.droppedStreams.isEmpty)
        let probe = try TrimFixture.ffprobe(out)
        let streams = probe.streams
        #expect(streams.map { $0["codec_type"] as? String ?? "" } == ["video", "audio", "audio", "subtitle"])
        let tags = streams.map { $0["tags"] as? [String: String] ?? [:] }
        #expect(tags[1]["language"] == "eng" && tags[1]["title"] == "English")
        #expect(tags[2]["language"] == "wel" && tags[2]["title"] == "Cymraeg")
        #expect(tags[3]["language"] == "eng")
        let defaults = streams.map { ($0["disposition"] as? [String: Int])?["default"] }
        #expect(defaults[1] == 1 && defaults[2] == 0)
        #expect(probe.formatTags["creation_time"]?.hasPrefix("2024-05-14T09:30:00") == true)
        // Statistics tags describe the source's bytes and must not be carried over.
        #expect(tags[1]["NUMBER_OF_FRAMES"] == nil && tags[1]["NUMBER_OF_FRAMES-eng"] == nil)
        #expect(tags[1]["DURATION"].map { !$0.hasPrefix("00:00:06") } ?? true)
    }

    /// MP4 cannot hold SubRip: the text subtitles become a `mov_text` track whose cues, read back by ffmpeg,
    /// are the source's cues shifted to the in point and clipped to the range.
    @Test(arguments: [TrimMode.copy, .accurate])
    func textSubtitlesBecomeMovTextInMP4(mode: TrimMode) async throws {
        let dir = try TrimFixture.scratchFolder()
        defer { TrimFixture.remove(dir) }
        let source = TrimFixture.media("social-worker-multilang.mkv")
        let out = dir + "/multilang.mp4"
        let from = MediaTime(milliseconds: 1000), to = MediaTime(milliseconds: 3000)
        let result = try await MediaFile(source).trim(from: from, to: to, mode: mode, output: out)
        #expect(result.droppedStreams.isEmpty)
        #expect(result.streamsWritten == 4)

        let streams = try TrimFixture.ffprobe(out).streams
        #expect(streams.map { $0["codec_type"] as? String ?? "" } == ["video", "audio", "audio", "subtitle"])
        #expect(streams.compactMap { $0["codec_name"] as? String }.last == "mov_text")
        let tags = streams.map { $0["tags"] as? [String: String] ?? [:] }
        #expect(tags.map { $0["language"] }.dropFirst() == ["eng", "wel", "eng"])
        #expect(tags[3]["handler_name"] == "English")  // the source track's title

        // Expected cues from the source, read by ffmpeg, on the source's absolute clock.
        let origin = try TrimFixture.streamStart(source)
        let windowStart = origin + result.actualFrom.seconds
        let windowEnd = origin + to.seconds
        let sourceCues = try TrimFixture.subtitleCues(source)
        let expected = sourceCues.filter { $0.end > windowStart && $0.start < windowEnd }.map {
            (start: max($0.start, windowStart) - windowStart, end: min($0.end, windowEnd) - windowStart, text: $0.text)
        }
        try #require(!expected.isEmpty, "the range must overlap a source cue for this test to mean anything")
        let written = try TrimFixture.subtitleCues(out)
        try #require(written.count == expected.count)
        for (w, e) in zip(written, expected) {
            #expect(abs(w.start - e.start) <= 0.0015 && abs(w.end - e.end) <= 0.0015, "\(w) vs \(e)")
            #expect(w.text == e.text)
        }
    }

    @Test(arguments: [TrimMode.copy, .accurate])
    func portraitClipStaysPortrait(mode: TrimMode) async throws {
        let dir = try TrimFixture.scratchFolder()
        defer { TrimFixture.remove(dir) }
        let out = dir + "/portrait.mp4"
        _ = try await MediaFile(TrimFixture.media("portrait-phone.mp4")).trim(
            from: MediaTime(milliseconds: 1000), to: MediaTime(milliseconds: 3000), mode: mode, output: out)
        let video = try #require(try TrimFixture.ffprobe(out).streams.first { $0["codec_type"] as? String == "video" })
        #expect(TrimFixture.rotation(video) == -90)
    }

    @Test func copyTrimOfProResKeepsTheTimecodeTrack() async throws {
        let dir = try TrimFixture.scratchFolder()
        defer { TrimFixture.remove(dir) }
        let out = dir + "/porter.mov"
        let result = try await MediaFile(TrimFixture.media("porter-prores.mov")).trim(
            from: MediaTime(milliseconds: 2000), to: MediaTime(milliseconds: 4000), output: out)
        // Every ProRes frame is a keyframe, so the cut lands on frame 50: 10:00:00:00 + 2 s at 25 fps.
        #expect(result.actualFrom == MediaTime(milliseconds: 2000))
        #expect(result.timecode == "10:00:02:00")
        let probe = try TrimFixture.ffprobe(out)
        #expect(probe.streams.compactMap { $0["codec_name"] as? String }.prefix(2) == ["prores", "pcm_s16le"])
        let tmcd = probe.streams.first { $0["codec_tag_string"] as? String == "tmcd" }
        #expect(tmcd != nil)
        #expect((tmcd?["tags"] as? [String: String])?["timecode"] == "10:00:02:00")
        #expect(result.streamsWritten == probe.streams.count)
        #expect(try TrimFixture.firstFrameIndex(out) == 50)
    }

    @Test func timecodeTrackDroppedForMatroskaIsReportedAndKeptAsATag() async throws {
        let dir = try TrimFixture.scratchFolder()
        defer { TrimFixture.remove(dir) }
        let out = dir + "/porter.mkv"
        let result = try await MediaFile(TrimFixture.media("porter-prores.mov")).trim(
            from: MediaTime(milliseconds: 2000), to: MediaTime(milliseconds: 3000), output: out)
        #expect(
            result.droppedStreams == [
                .init(index: 2, type: .data, codec: "tmcd", reason: ".mkv files have no timecode track; the timecode is kept as a tag")
            ])
        let probe = try TrimFixture.ffprobe(out)
        #expect(probe.streams.compactMap { $0["codec_name"] as? String } == ["prores", "pcm_s16le"])
        #expect(probe.formatTags.first { $0.key.lowercased() == "timecode" }?.value == "10:00:02:00")  // Matroska: TIMECODE
        #expect(result.streamsWritten == 2)
    }

    @Test func chaptersAreClippedToTheCut() async throws {
        let dir = try TrimFixture.scratchFolder()
        defer { TrimFixture.remove(dir) }
        let out = dir + "/nurse.mp4"
        // Source chapters: "What matters most" 0–4 s, "Planning care" 4–8 s.
        let result = try await MediaFile(TrimFixture.media("nurse-1080p.mp4")).trim(
            from: MediaTime(milliseconds: 2300), to: MediaTime(milliseconds: 4100), mode: .accurate, output: out)
        let data = try TrimFixture.run("ffprobe", ["-v", "error", "-print_format", "json", "-show_chapters", out])
        let chapters = (try JSONSerialization.jsonObject(with: data) as? [String: Any])?["chapters"] as? [[String: Any]] ?? []
        let summary = chapters.map {
            "\(($0["tags"] as? [String: String])?["title"] ?? "?") \($0["start_time"] as? String ?? "?")–\($0["end_time"] as? String ?? "?")"
        }
        #expect(summary == ["What matters most 0.000000–1.700000", "Planning care 1.700000–1.800000"])
        #expect(result.streamsWritten == 3)  // video, audio and the MP4 chapter text track
    }

    @Test(arguments: [("nurse-1080p.mp4", "mp4", TrimMode.copy), ("porter-prores.mov", "mov", .copy), ("hca-long-gop.mp4", "mp4", .accurate)])
    func mp4AndMovOutputsPutTheIndexFirst(file: String, ext: String, mode: TrimMode) async throws {
        let dir = try TrimFixture.scratchFolder()
        defer { TrimFixture.remove(dir) }
        let out = dir + "/faststart.\(ext)"
        _ = try await MediaFile(TrimFixture.media(file)).trim(
            from: MediaTime(milliseconds: 1000), to: MediaTime(milliseconds: 3000), mode: mode, output: out)
        let boxes = try TrimFixture.topLevelBoxes(out)
        let moov = try #require(boxes.firstIndex(of: "moov"))
        let mdat = try #require(boxes.firstIndex(of: "mdat"))
        #expect(moov < mdat, "boxes: \(boxes)")
    }

    @Test func progressRisesFromZeroToOne() async throws {
        let dir = try TrimFixture.scratchFolder()
        defer { TrimFixture.remove(dir) }
        let seen = ProgressLog()
        _ = try await MediaFile(TrimFixture.media("hca-long-gop.mp4")).trim(
            from: MediaTime(milliseconds: 2000), to: MediaTime(milliseconds: 8000), mode: .accurate, output: dir + "/p.mp4",
            progress: { seen.record($0) })
        let values = seen.values
        #expect(values.count >= 3)
        #expect(values == values.sorted())
        #expect(values.allSatisfy { $0 >= 0 && $0 <= 1 })
        #expect(values.last == 1)
    }

    @Test func overwriteReplacesAnExistingFile() async throws {
        let dir = try TrimFixture.scratchFolder()
        defer { TrimFixture.remove(dir) }
        let out = dir + "/again.mp4"
        try Data("old".utf8).write(to: URL(fileURLWithPath: out))
        _ = try await MediaFile(TrimFixture.media("nurse-1080p.mp4")).trim(
            from: .zero, to: MediaTime(milliseconds: 1000), output: out, overwrite: true)
        #expect(try TrimFixture.ffprobe(out).streams.count >= 2)
        #expect(TrimFixture.leftovers(dir) == ["again.mp4"])
    }

    // MARK: errors

    @Test func reversedOrEmptyRangeIsRejected() async throws {
        let dir = try TrimFixture.scratchFolder()
        defer { TrimFixture.remove(dir) }
        let source = TrimFixture.media("nurse-1080p.mp4")
        let out = dir + "/x.mp4"
        for (from, to) in [(5000, 2000), (3000, 3000)] {
            let error = await TrimFixture.failure {
                try await MediaFile(source).trim(from: MediaTime(milliseconds: Int64(from)), to: MediaTime(milliseconds: Int64(to)), output: out)
            }
            #expect(error == .invalidRange(path: source, from: MediaTime(milliseconds: Int64(from)), to: MediaTime(milliseconds: Int64(to))))
            #expect(error?.description.hasSuffix("is empty or reversed: --to must come after --from") == true)
        }
        #expect(TrimFixture.leftovers(dir) == [])
    }

    @Test func timesPastTheEndAreRejected() async throws {
        let dir = try TrimFixture.scratchFolder()
        defer { TrimFixture.remove(dir) }
        let source = TrimFixture.media("nurse-1080p.mp4")  // 8.0 s at 25 fps
        let out = dir + "/x.mp4"
        let startPast = await TrimFixture.failure {
            try await MediaFile(source).trim(from: MediaTime(milliseconds: 8000), to: MediaTime(milliseconds: 9000), output: out)
        }
        #expect(startPast?.description == "\(source): time 00:00:08.000 is outside the clip (duration 00:00:08.000)")
        let endPast = await TrimFixture.failure {
            try await MediaFile(source).trim(from: MediaTime(milliseconds: 2000), to: MediaTime(milliseconds: 8100), output: out)
        }
        #expect(endPast?.description == "\(source): time 00:00:08.100 is outside the clip (duration 00:00:08.000)")
        #expect(TrimFixture.leftovers(dir) == [])
        // Within one frame of the end is accepted: the clip simply runs to the end.
        let result = try await MediaFile(source).trim(from: MediaTime(milliseconds: 6000), to: MediaTime(milliseconds: 8030), output: out)
        #expect(abs(result.actualTo.seconds - 8.0) < 0.05)
    }

    @Test func missingAndBrokenInputsNameTheFile() async throws {
        let dir = try TrimFixture.scratchFolder()
        defer { TrimFixture.remove(dir) }
        let out = dir + "/x.mp4"
        let cases: [(String, String)] = [
            (dir + "/missing.mp4", "no such file"),
            (TrimFixture.media("broken/empty.mp4"), "empty file (0 bytes): not a media file"),
            (TrimFixture.media("broken/truncated.mp4"), "truncated or unfinished recording: no index (moov) found"),
            (TrimFixture.media("broken/notes.mp4"), "not a media file"),
        ]
        for (path, reason) in cases {
            let error = await TrimFixture.failure {
                try await MediaFile(path).trim(from: .zero, to: MediaTime(milliseconds: 1000), output: out)
            }
            #expect(error?.description == "\(path): \(reason)")
        }
        #expect(TrimFixture.leftovers(dir) == [])
    }

    @Test func unwritableDestinationsAreRejectedBeforeWriting() async throws {
        let dir = try TrimFixture.scratchFolder()
        defer { TrimFixture.remove(dir) }
        let source = TrimFixture.media("nurse-1080p.mp4")
        let plainFile = dir + "/notes.txt"
        try Data("not a folder".utf8).write(to: URL(fileURLWithPath: plainFile))
        let cases: [(String, String)] = [
            (plainFile + "/out.mp4", "cannot write output: '\(plainFile)' is not a folder"),
            ("/proc/nonexistent/out.mp4", "cannot write output: folder '/proc/nonexistent' does not exist"),
            (dir + "/out.xyz", "cannot write output: unknown container for '.xyz' (use .mp4, .mov, .mkv or .webm)"),
            (dir + "/out", "cannot write output: no file extension to choose a container from (use .mp4, .mov, .mkv or .webm)"),
            (source, "cannot write output: it is the input file; choose another output name"),
        ]
        for (out, reason) in cases {
            let error = await TrimFixture.failure {
                try await MediaFile(source).trim(from: .zero, to: MediaTime(milliseconds: 1000), output: out, overwrite: true)
            }
            #expect(error?.description == "\(out): \(reason)")
        }
        #expect(TrimFixture.leftovers(dir) == ["notes.txt"])
        #expect(FileManager.default.fileExists(atPath: source))
    }

    @Test func existingOutputIsKeptWithoutOverwrite() async throws {
        let dir = try TrimFixture.scratchFolder()
        defer { TrimFixture.remove(dir) }
        let out = dir + "/taken.mp4"
        try Data("keep me".utf8).write(to: URL(fileURLWithPath: out))
        let error = await TrimFixture.failure {
            try await MediaFile(TrimFixture.media("nurse-1080p.mp4")).trim(from: .zero, to: MediaTime(milliseconds: 1000), output: out)
        }
        #expect(error?.description == "\(out): output already exists (use --overwrite to replace it)")
        #expect(try String(contentsOfFile: out, encoding: .utf8) == "keep me")
        #expect(TrimFixture.leftovers(dir) == ["taken.mp4"])
    }

    @Test func streamsTheContainerCannotHoldAreAClearError() async throws {
        let dir = try TrimFixture.scratchFolder()
        defer { TrimFixture.remove(dir) }
        let prores = TrimFixture.media("porter-prores.mov")
        let out = dir + "/porter.mp4"
        let error = await TrimFixture.failure {
            try await MediaFile(prores).trim(from: .zero, to: MediaTime(milliseconds: 1000), output: out)
        }
        #expect(
            error?.description
                == "\(out): cannot write output: a .mp4 file cannot hold prores video (stream 0), pcm_s16le audio (stream 1); "
                + "use .mov or .mkv, or re-encode with --accurate")
        #expect(TrimFixture.leftovers(dir) == [])
        // Re-encoding makes it fit.
        let result = try await MediaFile(prores).trim(from: .zero, to: MediaTime(milliseconds: 1000), mode: .accurate, output: out)
        #expect(result.timecode == "10:00:00:00")
        #expect(try TrimFixture.ffprobe(out).streams.compactMap { $0["codec_name"] as? String }.prefix(2) == ["h264", "aac"])
    }

    @Test func cancellingLeavesNothingBehind() async throws {
        let dir = try TrimFixture.scratchFolder()
        defer { TrimFixture.remove(dir) }
        let big = dir + "/long-source.mp4"
        _ = try TrimFixture.run("ffmpeg", [
            "-v", "error", "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25:duration=40", "-f", "lavfi",
            "-i", "sine=frequency=440:sample_rate=48000:duration=40", "-c:v", "libx264", "-preset", "ultrafast",
            "-g", "250", "-c:a", "aac", "-shortest", big,
        ])
        let out = dir + "/cut.mp4"
        let seen = ProgressLog()
        let sawTemporaryFile = ProgressLog()
        // The progress callback itself cancels the task once 5 % is done, so the race with a fast machine is gone.
        let handle = TaskBox()
        let task = Task {
            try await MediaFile(big).trim(
                from: MediaTime(milliseconds: 500), to: MediaTime(milliseconds: 39_000), mode: .accurate, output: out,
                progress: { value in
                    seen.record(value)
                    if value >= 0.05, handle.cancelOnce() {
                        let temporary = TrimFixture.leftovers(dir).contains { $0.hasPrefix(".cut.mp4.reel-tmp-") }
                        sawTemporaryFile.record(temporary ? 1 : 0)
                    }
                })
        }
        handle.set(task)
        let outcome = await task.result
        let sawTemporary = sawTemporaryFile.values.first == 1
        #expect(sawTemporary, "the trim writes under a temporary name while it works")
        #expect((seen.values.last ?? 0) < 1)
        switch outcome {
        case .success: Issue.record("the trim finished before it was cancelled")
        case .failure(let error):
            #expect(error as? MediaError == .cancelled(path: out))
            #expect((error as? MediaError)?.description == "\(out): cancelled; no output written")
        }
        #expect(TrimFixture.leftovers(dir) == ["long-source.mp4"])
    }
}

/// Holds a task so a callback on another thread can cancel it, once.
private final class TaskBox: @unchecked Sendable {
    private let lock = NSLock()
    private var task: Task<TrimResult, any Error>?
    private var cancelled = false

    func set(_ task: Task<TrimResult, any Error>) {
        lock.withLock {
            self.task = task
            if cancelled { task.cancel() }
        }
    }

    /// Cancels the task the first time it is called; true that time.
    func cancelOnce() -> Bool {
        lock.withLock {
            if cancelled { return false }
            cancelled = true
            task?.cancel()
            return true
        }
    }
}

/// Progress values reported from a background thread.
private final class ProgressLog: @unchecked Sendable {
    private let lock = NSLock()
    private var recorded: [Double] = []
    func record(_ value: Double) { lock.withLock { recorded.append(value) } }
    var values: [Double] { lock.withLock { recorded } }
}

/// Sample paths, scratch folders and the ffprobe/ffmpeg oracle for `TrimTests`.
private enum TrimFixture {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func media(_ name: String) -> String { root.appendingPathComponent("Media/\(name)").path }

    static func scratchFolder() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("reel-trim-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    static func remove(_ dir: String) { try? FileManager.default.removeItem(atPath: dir) }

    /// Every name in the folder, hidden temporary files included.
    static func leftovers(_ dir: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).sorted()
    }

    /// The `MediaError` a call throws, or nil when it succeeds.
    static func failure(_ body: () async throws -> TrimResult) async -> MediaError? {
        do {
            _ = try await body()
            return nil
        } catch {
            return error as? MediaError
        }
    }

    /// Runs a program; returns its standard output, throws when it fails.
    static func run(_ program: String, _ arguments: [String]) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [program] + arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw CocoaError(.executableLoad, userInfo: [NSLocalizedDescriptionKey: "\(program) failed: \(message)"])
        }
        return data
    }

    struct Probe {
        var streams: [[String: Any]]
        var duration: Double
        var formatTags: [String: String]
    }

    static func ffprobe(_ path: String) throws -> Probe {
        let data = try run("ffprobe", ["-v", "error", "-print_format", "json", "-show_format", "-show_streams", path])
        let json = try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
        let format = json["format"] as? [String: Any] ?? [:]
        return Probe(
            streams: json["streams"] as? [[String: Any]] ?? [],
            duration: Double(format["duration"] as? String ?? "") ?? -1,
            formatTags: format["tags"] as? [String: String] ?? [:])
    }

    /// The display-matrix rotation ffprobe reports for a stream (counter-clockwise degrees), or 0.
    static func rotation(_ stream: [String: Any]) -> Int {
        for item in stream["side_data_list"] as? [[String: Any]] ?? [] {
            if let r = item["rotation"] as? Int { return r }
            if let r = item["rotation"] as? Double { return Int(r) }
        }
        return 0
    }

    /// Presentation times of the first video stream's frames, in order, from the stream's first timestamp.
    static func frameTimes(_ path: String) throws -> [Double] {
        let start = try streamStart(path)
        return try numbers(run("ffprobe", [
            "-v", "error", "-select_streams", "v:0", "-show_entries", "packet=pts_time", "-of", "csv=p=0", path,
        ])).map { $0 - start }.sorted()
    }

    /// Keyframe times (decoded with `-skip_frame nokey`), from the stream's first timestamp.
    static func keyframeTimes(_ path: String) throws -> [Double] {
        let start = try streamStart(path)
        return try numbers(run("ffprobe", [
            "-v", "error", "-skip_frame", "nokey", "-select_streams", "v:0", "-show_entries", "frame=pts_time", "-of", "csv=p=0", path,
        ])).map { $0 - start }
    }

    /// The first subtitle stream's cues as ffmpeg reads them (`-f srt`), in seconds on the file's absolute
    /// clock (ffmpeg's SRT times start at the container's start time, which is added back).
    static func subtitleCues(_ path: String) throws -> [(start: Double, end: Double, text: String)] {
        let containerStart = try numbers(run("ffprobe", ["-v", "error", "-show_entries", "format=start_time", "-of", "csv=p=0", path]))
            .first ?? 0
        let srt = String(decoding: try run("ffmpeg", ["-v", "error", "-i", path, "-map", "0:s:0", "-f", "srt", "-"]), as: UTF8.self)
        func seconds(_ s: Substring) -> Double? {
            let parts = s.trimmingCharacters(in: .whitespaces).split(whereSeparator: { $0 == ":" || $0 == "," })
            guard parts.count == 4, let h = Double(parts[0]), let m = Double(parts[1]), let sec = Double(parts[2]), let ms = Double(parts[3])
            else { return nil }
            return h * 3600 + m * 60 + sec + ms / 1000
        }
        var cues: [(start: Double, end: Double, text: String)] = []
        for block in srt.replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n\n") {
            let lines = block.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.isEmpty }
            guard lines.count >= 2, let arrow = lines[1].range(of: "-->") else { continue }
            guard let start = seconds(lines[1][..<arrow.lowerBound]), let end = seconds(lines[1][arrow.upperBound...]) else { continue }
            cues.append((start + containerStart, end + containerStart, lines.dropFirst(2).joined(separator: "\n")))
        }
        return cues
    }

    static func streamStart(_ path: String) throws -> Double {
        try numbers(run("ffprobe", ["-v", "error", "-select_streams", "v:0", "-show_entries", "stream=start_time", "-of", "csv=p=0", path]))
            .first ?? 0
    }

    /// The first field of each non-empty line of ffprobe's CSV output, as numbers.
    static func numbers(_ data: Data) -> [Double] {
        String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline).compactMap { line in
            line.split(separator: ",").first.flatMap { Double($0.trimmingCharacters(in: .whitespaces)) }
        }
    }

    /// The frame index burnt into the output's first video frame (layout in Media/README.md): 12 blocks across
    /// a top strip 16*ceil(H/360) px tall, block k white when bit k is set; the centre half of each block is
    /// averaged in an 8-bit grey picture and compared with 128.
    static func firstFrameIndex(_ path: String) throws -> Int {
        let video = try #require(try ffprobe(path).streams.first { $0["codec_type"] as? String == "video" })
        let width = try #require(video["width"] as? Int)
        let height = try #require(video["height"] as? Int)
        let gray = [UInt8](try run("ffmpeg", [
            "-v", "error", "-noautorotate", "-i", path, "-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "gray", "-",
        ]))
        try #require(gray.count == width * height)
        let strip = 16 * Int((Double(height) / 360).rounded(.up))
        var value = 0
        for k in 0..<12 {
            let x0 = k * width / 12
            let x1 = (k + 1) * width / 12
            let q = max(1, (x1 - x0) / 4)
            var total = 0
            var count = 0
            for y in (strip / 4)..<max(strip / 4 + 1, 3 * strip / 4) {
                for x in (x0 + q)..<(x1 - q) {
                    total += Int(gray[y * width + x])
                    count += 1
                }
            }
            if total >= 128 * count { value |= 1 << k }
        }
        return value
    }

    /// Audio samples ffmpeg decodes from the first audio stream (edit lists applied).
    static func decodedSampleCount(_ path: String) throws -> Int {
        let pcm = try run("ffmpeg", ["-v", "error", "-i", path, "-map", "0:a:0", "-ac", "1", "-f", "s16le", "-"])
        return pcm.count / 2
    }

    /// The four-character types of the file's top-level boxes, in order.
    static func topLevelBoxes(_ path: String) throws -> [String] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        var boxes: [String] = []
        var offset = 0
        while offset + 8 <= data.count {
            let b = [UInt8](data[offset..<offset + 8])
            var size = Int(b[0]) << 24 | Int(b[1]) << 16 | Int(b[2]) << 8 | Int(b[3])
            boxes.append(String(decoding: b[4..<8], as: UTF8.self))
            if size == 1, offset + 16 <= data.count {
                size = [UInt8](data[offset + 8..<offset + 16]).reduce(0) { $0 << 8 | Int($1) }
            } else if size == 0 {
                size = data.count - offset
            }
            guard size >= 8 else { break }
            offset += size
        }
        return boxes
    }
}

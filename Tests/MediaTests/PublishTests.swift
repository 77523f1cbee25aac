import Foundation
import Testing

@testable import Media

/// Publishing checked against the `ffprobe`/`ffmpeg` programs: codec, profile, pixel format, index position,
/// orientation, loudness (ffmpeg's own `ebur128`), channel levels, deinterlace and tone-map flags, captions.
@Suite(.serialized) struct PublishTests {
    static let web720 = Preset(
        name: "web-720p", summary: "test", kind: .mp4,
        video: Preset.Video(maxWidth: 1280, maxHeight: 720, crf: 23, maxRateKbps: 3000, gopSeconds: 2, speed: "veryfast"),
        audio: Preset.Audio(bitRateKbps: 128), loudness: Preset.Loudness(integratedLUFS: -16, truePeakDBTP: -1))

    static func publish(_ name: String, preset: Preset = web720, captions: [Caption]? = nil) async throws -> (PublishReport, String) {
        let folder = try PublishFixture.folder()
        let out = (folder as NSString).appendingPathComponent((name as NSString).deletingPathExtension + ".mp4")
        let report = try await MediaFile(SampleMedia.path(name)).publish(
            preset: preset, to: out, sourceChecksum: "test", captions: captions, poster: true)
        return (report, out)
    }

    @Test func webPresetMakesFastStartH264HighAndStereoAACAtTheLoudnessTarget() async throws {
        let (report, out) = try await Self.publish("nurse-1080p.mp4")
        let probe = try SampleMedia.ffprobe(out)
        let streams = probe["streams"] as? [[String: Any]] ?? []
        let video = try #require(streams.first { $0["codec_type"] as? String == "video" })
        let audio = try #require(streams.first { $0["codec_type"] as? String == "audio" })
        #expect(video["codec_name"] as? String == "h264")
        #expect(video["profile"] as? String == "High")
        #expect(video["pix_fmt"] as? String == "yuv420p")
        #expect(video["width"] as? Int == 1280)
        #expect(video["height"] as? Int == 720)
        #expect(audio["codec_name"] as? String == "aac")
        #expect(audio["profile"] as? String == "LC")
        #expect(audio["sample_rate"] as? String == "48000")
        #expect(audio["channels"] as? Int == 2)
        let duration = Double((probe["format"] as? [String: Any])?["duration"] as? String ?? "") ?? 0
        #expect(abs(duration - 8.0) < 0.1)
        #expect(try PublishFixture.indexIsAtTheFront(out))
        let lufs = try #require(try PublishFixture.integratedLoudness(out))
        #expect(abs(lufs - -16) <= 1, "ffmpeg ebur128 measured \(lufs) LUFS")
        #expect(abs((report.loudnessAfter?.integratedLUFS ?? 0) - lufs) < 0.5)
        let peak = try #require(report.loudnessAfter?.truePeakDBTP)
        #expect(peak <= -0.5 && peak > -6, "true peak \(peak) dBTP against a -1 dBTP ceiling")
        #expect(FileManager.default.fileExists(atPath: (out as NSString).deletingPathExtension + ".jpg"))
        let json = try #require(PublishReport.load(from: (out as NSString).deletingPathExtension + ".json"))
        #expect(json.sourceChecksum == "test")
        #expect(json.preset == Self.web720)
        #expect(json.outputSize > 0)
        #expect(json.warnings.contains { $0.contains("no captions") })
    }

    /// nurse-1080p.mp4 has two chapters, which an MP4 holds as a QuickTime text track (ffprobe: `data`, `bin_data`):
    /// a web preset leaves them out, so the output is one video, one audio stream and nothing else; a preset with
    /// `keepsChapters` (the archive) keeps them.
    @Test func webPresetsDropTheChapterDataStreamAndTheArchiveKeepsIt() async throws {
        let (_, web) = try await Self.publish("nurse-1080p.mp4")
        let webProbe = try SampleMedia.run("ffprobe", ["-v", "error", "-show_entries", "stream=codec_type,codec_name", "-show_chapters", "-of", "json", web])
        let webJSON = try JSONSerialization.jsonObject(with: webProbe) as? [String: Any] ?? [:]
        let webTypes = (webJSON["streams"] as? [[String: Any]] ?? []).compactMap { $0["codec_type"] as? String }
        #expect(webTypes == ["video", "audio"], "\(webJSON)")
        #expect((webJSON["chapters"] as? [Any] ?? []).isEmpty)

        var archive = Self.web720
        archive.name = "archive"
        archive.keepsChapters = true
        let (_, kept) = try await Self.publish("nurse-1080p.mp4", preset: archive)
        let keptProbe = try SampleMedia.run("ffprobe", ["-v", "error", "-show_entries", "stream=codec_type,codec_name", "-show_chapters", "-of", "json", kept])
        let keptJSON = try JSONSerialization.jsonObject(with: keptProbe) as? [String: Any] ?? [:]
        #expect((keptJSON["chapters"] as? [Any] ?? []).count == 2)
        #expect((keptJSON["streams"] as? [[String: Any]] ?? []).contains { $0["codec_name"] as? String == "bin_data" })
    }

    @Test func portraitPhoneClipStaysPortraitWithoutADisplayMatrix() async throws {
        let (report, out) = try await Self.publish("portrait-phone.mp4")
        let video = try #require(try PublishFixture.videoStream(out))
        #expect(video["width"] as? Int == 360)
        #expect(video["height"] as? Int == 640)
        #expect((video["side_data_list"] as? [[String: Any]] ?? []).isEmpty)
        #expect(report.rotationApplied == 90)
        // The barcode strip ran along the top of the coded picture; turned clockwise it is on the right edge.
        let image = try PublishFixture.grayFrame(out, width: 360, height: 640)
        let rightEdge = PublishFixture.meanLuma(image, width: 360, x: 348..<356, y: 0..<640)
        let leftEdge = PublishFixture.meanLuma(image, width: 360, x: 4..<12, y: 0..<640)
        #expect(abs(rightEdge - leftEdge) > 5 || rightEdge < 40, "right \(rightEdge) left \(leftEdge)")
    }

    @Test func interlacedSourceComesOutProgressive() async throws {
        let (report, out) = try await Self.publish("housekeeper-interlaced.ts")
        let video = try #require(try PublishFixture.videoStream(out))
        #expect(video["field_order"] as? String == "progressive")
        #expect(report.deinterlaced)
        #expect(video["width"] as? Int == 720)
        #expect(video["height"] as? Int == 576)
    }

    @Test func hdrSourceIsToneMappedToSDRBT709() async throws {
        let (report, out) = try await Self.publish("chaplain-hdr.mkv")
        let video = try #require(try PublishFixture.videoStream(out))
        #expect(video["color_transfer"] as? String == "bt709")
        #expect(video["color_primaries"] as? String == "bt709")
        #expect(video["pix_fmt"] as? String == "yuv420p")
        #expect((video["side_data_list"] as? [[String: Any]] ?? []).isEmpty)
        #expect(report.toneMapped)
    }

    @Test func oneSilentChannelBecomesCentredMonoAtFullLevel() async throws {
        let (report, out) = try await Self.publish("lav-one-channel.mp4")
        #expect(report.silentChannelFoldedFrom == "left")
        let source = try PublishFixture.channelRMS(SampleMedia.path("lav-one-channel.mp4"))
        let result = try PublishFixture.channelRMS(out)
        #expect(source[1] < -80)
        #expect(abs(result[0] - result[1]) < 0.5, "L \(result[0]) R \(result[1])")
        // Both carry the original left channel, moved only by the loudness gain (the limiter may shave a little).
        #expect(abs(result[0] - (source[0] + report.gainDB)) < 1.5, "out \(result[0]) source \(source[0]) gain \(report.gainDB)")
        #expect(abs(result[1] - (source[0] + report.gainDB)) < 1.5)
    }

    @Test func oddAndNonSquareSourcesComeOutSquareAndEven() async throws {
        let folder = try PublishFixture.folder()
        let src = (folder as NSString).appendingPathComponent("anamorphic.mp4")
        _ = try SampleMedia.run("ffmpeg", [
            "-v", "error", "-f", "lavfi", "-i", "testsrc2=size=719x405:rate=25:duration=1", "-f", "lavfi", "-i",
            "sine=frequency=440:duration=1", "-vf", "setsar=4/3", "-c:v", "libx264", "-pix_fmt", "yuv444p", "-c:a", "aac",
            "-shortest", src])
        let out = (folder as NSString).appendingPathComponent("anamorphic-web.mp4")
        let report = try await MediaFile(src).publish(preset: Self.web720, to: out, sourceChecksum: "x", poster: false)
        let video = try #require(try PublishFixture.videoStream(out))
        let w = try #require(video["width"] as? Int)
        let h = try #require(video["height"] as? Int)
        #expect(w % 2 == 0 && h % 2 == 0)
        #expect(video["sample_aspect_ratio"] as? String == "1:1" || video["sample_aspect_ratio"] == nil)
        let aspect: Double = Double(w) / Double(h)
        let expected: Double = 719.0 * 4.0 / 3.0 / 405.0
        #expect(abs(aspect - expected) < 0.02)
        #expect(w <= 1280 && h <= 720)
        #expect(report.width == w && report.height == h)
    }

    @Test func smallSourcesAreNeverScaledUp() async throws {
        let (_, out) = try await Self.publish("receptionist.webm")
        let video = try #require(try PublishFixture.videoStream(out))
        #expect(video["width"] as? Int == 640)
        #expect(video["height"] as? Int == 360)
    }

    @Test func captionsAreMuxedAsMovTextAndWrittenAsWebVTT() async throws {
        let captions = [
            Caption(start: MediaTime(milliseconds: 500), end: MediaTime(milliseconds: 2500), text: "What matters most"),
            Caption(start: MediaTime(milliseconds: 4000), end: MediaTime(milliseconds: 6200), text: "is being there\nwith them"),
        ]
        let (report, out) = try await Self.publish("nurse-1080p.mp4", captions: captions)
        let streams = try SampleMedia.ffprobe(out)["streams"] as? [[String: Any]] ?? []
        let text = try #require(streams.first { $0["codec_type"] as? String == "subtitle" })
        #expect(text["codec_name"] as? String == "mov_text")
        #expect(report.captionCount == 2)
        #expect(!report.warnings.contains { $0.contains("no captions") })
        let srt = String(decoding: try SampleMedia.run("ffmpeg", ["-v", "error", "-i", out, "-map", "0:s:0", "-f", "srt", "-"]), as: UTF8.self)
        #expect(srt.contains("00:00:00,500 --> 00:00:02,500"))
        #expect(srt.contains("00:00:04,000 --> 00:00:06,200"))
        #expect(srt.contains("What matters most"))
        let vtt = try String(contentsOfFile: try #require(report.captionsFile), encoding: .utf8)
        #expect(vtt.hasPrefix("WEBVTT"))
        #expect(vtt.contains("00:00:04.000 --> 00:00:06.200\nis being there\nwith them"))
    }

    @Test func audioPresetWritesAnM4AAtTheTarget() async throws {
        let preset = Preset(name: "audio", summary: "t", kind: .audio, video: nil, audio: Preset.Audio(bitRateKbps: 96))
        let folder = try PublishFixture.folder()
        let out = (folder as NSString).appendingPathComponent("porter.m4a")
        _ = try await MediaFile(SampleMedia.path("porter-prores.mov")).publish(preset: preset, to: out, sourceChecksum: "x")
        let streams = try SampleMedia.ffprobe(out)["streams"] as? [[String: Any]] ?? []
        #expect(streams.count == 1)
        #expect(streams.first?["codec_name"] as? String == "aac")
        #expect(streams.first?["channels"] as? Int == 2)
        let lufs = try #require(try PublishFixture.integratedLoudness(out))
        #expect(abs(lufs - -16) <= 1, "measured \(lufs)")
    }

    @Test func cancelledPublishLeavesNothingUnderTheFinalNameAndARerunCompletes() async throws {
        let folder = try PublishFixture.folder()
        let out = (folder as NSString).appendingPathComponent("long.mp4")
        let source = SampleMedia.path("hca-long-gop.mp4")
        let interrupt = CancelOnProgress<PublishReport>(at: 0.3)
        let task = Task {
            try await MediaFile(source).publish(preset: Self.web720, to: out, sourceChecksum: "x", progress: { interrupt.report($0) })
        }
        interrupt.attach(task)
        let result = await task.result
        if case .success = result { Issue.record("finished although it was cancelled at 30 %") }
        #expect(!FileManager.default.fileExists(atPath: out))
        #expect(!FileManager.default.fileExists(atPath: MediaFile.publishReportPath(for: out)))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.contains("reel-tmp") }.isEmpty)
        _ = try await MediaFile(source).publish(preset: Self.web720, to: out, sourceChecksum: "x")
        #expect(FileManager.default.fileExists(atPath: out))
    }

    @Test func batchSkipsCurrentOutputsAndReportsFailuresWithoutStopping() async throws {
        let folder = try PublishFixture.folder()
        let jobs = ["receptionist.webm", "doctor-vfr.mp4"].map {
            PublishBatch.Job(source: SampleMedia.path($0), output: (folder as NSString).appendingPathComponent(($0 as NSString).deletingPathExtension + ".mp4"))
        } + [PublishBatch.Job(source: SampleMedia.path("broken/notes.mp4"), output: (folder as NSString).appendingPathComponent("notes.mp4"))]
        let batch = PublishBatch(preset: Self.web720, parallelJobs: 2) { path in
            guard let data = FileManager.default.contents(atPath: path) else { throw MediaError.fileNotFound(path: path) }
            return "\(data.count)-\(data.hashValue)"
        }
        let first = await batch.run(jobs)
        #expect(first.filter { if case .published = $0 { true } else { false } }.count == 2)
        guard case .failed(_, let message) = first[2] else { Issue.record("notes.mp4 should fail"); return }
        #expect(message.hasSuffix("notes.mp4: not a media file"))
        let second = await batch.run(jobs)
        #expect(second.filter { if case .skipped = $0 { true } else { false } }.count == 2)
        var changed = batch
        changed.preset.video?.crf = 30
        let third = await changed.run(Array(jobs.prefix(1)))
        guard case .published = third[0] else { Issue.record("a changed preset must redo the output"); return }
        var strict = batch
        strict.requireCaptions = true
        let fourth = await strict.run([PublishBatch.Job(source: SampleMedia.path("hca-long-gop.mp4"), output: (folder as NSString).appendingPathComponent("hca.mp4"))])
        guard case .failed(_, let m) = fourth[0] else { Issue.record("--require-captions must fail a clip without captions"); return }
        #expect(m.contains("no captions"))
    }
}

/// Oracle helpers: the `ffmpeg`/`ffprobe` programs, run as separate processes.
enum PublishFixture {
    static func folder() throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("reel-publish-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url.path
    }

    static func videoStream(_ path: String) throws -> [String: Any]? {
        let data = try SampleMedia.run("ffprobe", [
            "-v", "error", "-print_format", "json", "-show_streams", "-select_streams", "v:0", "-show_entries",
            "stream=width,height,pix_fmt,field_order,color_transfer,color_primaries,sample_aspect_ratio,codec_name,profile:stream_side_data",
            path])
        let json = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        return (json?["streams"] as? [[String: Any]])?.first
    }

    /// Whether `moov` comes before `mdat` among the top-level boxes.
    static func indexIsAtTheFront(_ path: String) throws -> Bool {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        var offset = 0
        while offset + 8 <= data.count {
            let size = data[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) }
            let type = String(decoding: data[offset + 4..<offset + 8], as: UTF8.self)
            if type == "moov" { return true }
            if type == "mdat" { return false }
            guard size >= 8 else { return false }
            offset += size
        }
        return false
    }

    /// Integrated loudness from `ffmpeg -af ebur128`'s summary.
    static func integratedLoudness(_ path: String) throws -> Double? {
        let stderr = try runCapturingStderr("ffmpeg", ["-hide_banner", "-nostats", "-i", path, "-map", "0:a:0", "-af", "ebur128", "-f", "null", "-"])
        guard let summary = stderr.range(of: "Integrated loudness:") else { return nil }
        let rest = stderr[summary.upperBound...]
        guard let i = rest.range(of: "I:") else { return nil }
        let number = rest[i.upperBound...].trimmingCharacters(in: .whitespaces).split(separator: " ").first
        return number.flatMap { Double($0) }
    }

    /// Per-channel RMS in dBFS, from the samples ffmpeg decodes (f32le stereo).
    static func channelRMS(_ path: String) throws -> [Double] {
        let data = try SampleMedia.run("ffmpeg", ["-v", "error", "-i", path, "-map", "0:a:0", "-ac", "2", "-f", "f32le", "-"])
        var sums = [0.0, 0.0]
        var count = 0
        data.withUnsafeBytes { raw in
            let floats = raw.bindMemory(to: Float.self)
            var i = 0
            while i + 1 < floats.count {
                sums[0] += Double(floats[i]) * Double(floats[i])
                sums[1] += Double(floats[i + 1]) * Double(floats[i + 1])
                i += 2
                count += 1
            }
        }
        return sums.map { count > 0 && $0 > 0 ? 10 * log10($0 / Double(count)) : -200 }
    }

    /// The first frame as 8-bit grey, decoded by ffmpeg.
    static func grayFrame(_ path: String, width: Int, height: Int) throws -> [UInt8] {
        [UInt8](try SampleMedia.run("ffmpeg", ["-v", "error", "-i", path, "-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "gray", "-"]))
    }

    static func meanLuma(_ image: [UInt8], width: Int, x: Range<Int>, y: Range<Int>) -> Double {
        var sum = 0
        var n = 0
        for row in y { for col in x where row * width + col < image.count {
            sum += Int(image[row * width + col])
            n += 1
        } }
        return n == 0 ? 0 : Double(sum) / Double(n)
    }

    static func runCapturingStderr(_ program: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [program] + arguments
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let data = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}

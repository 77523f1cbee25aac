import Foundation
import Testing

@testable import Media

/// HLS publishing checked against `ffprobe`: the master playlist's rungs and sizes, each variant playlist's
/// segments and codecs, orientation, atomic folder handling and resume.
@Suite(.serialized) struct PublishHLSTests {
    /// The ladder of `Catalog/presets.yaml`'s `hls` preset.
    static let hls = Preset(
        name: "hls", summary: "test", kind: .hls,
        video: Preset.Video(maxWidth: 1920, maxHeight: 1080, crf: 21, gopSeconds: 2, speed: "veryfast"),
        audio: Preset.Audio(bitRateKbps: 160), loudness: Preset.Loudness(integratedLUFS: -16, truePeakDBTP: -1),
        renditions: [
            Preset.Rendition(
                name: "1080p", video: Preset.Video(maxWidth: 1920, maxHeight: 1080, crf: 21, maxRateKbps: 6000, bufferKbits: 12000),
                audioBitRateKbps: 160),
            Preset.Rendition(
                name: "720p", video: Preset.Video(maxWidth: 1280, maxHeight: 720, crf: 22, maxRateKbps: 3500, bufferKbits: 7000),
                audioBitRateKbps: 128),
            Preset.Rendition(
                name: "480p", video: Preset.Video(maxWidth: 854, maxHeight: 480, crf: 23, maxRateKbps: 1500, bufferKbits: 3000),
                audioBitRateKbps: 96),
        ],
        segmentSeconds: 6)

    /// Publishes `name` into a fresh folder; returns the report, the master playlist path and the parent folder.
    static func publish(_ name: String, into parent: String? = nil) async throws -> (PublishReport, String, String) {
        let parent = try parent ?? PublishFixture.folder()
        let base = (name as NSString).deletingPathExtension
        let master = ((parent as NSString).appendingPathComponent(base) as NSString).appendingPathComponent("master.m3u8")
        let report = try await MediaFile(SampleMedia.path(name)).publish(preset: hls, to: master, sourceChecksum: "test")
        return (report, master, parent)
    }

    /// `#EXT-X-STREAM-INF` attributes and URIs from a master playlist.
    static func streams(_ master: String) throws -> [(attributes: String, uri: String)] {
        let lines = try String(contentsOfFile: master, encoding: .utf8).split(whereSeparator: \.isNewline).map(String.init)
        var out: [(String, String)] = []
        for (i, line) in lines.enumerated() where line.hasPrefix("#EXT-X-STREAM-INF:") && i + 1 < lines.count {
            out.append((String(line.dropFirst("#EXT-X-STREAM-INF:".count)), lines[i + 1]))
        }
        return out
    }

    static func attribute(_ name: String, in attributes: String) -> String? {
        guard let r = attributes.range(of: "\(name)=") else { return nil }
        let rest = attributes[r.upperBound...]
        if rest.hasPrefix("\"") { return rest.dropFirst().split(separator: "\"").first.map(String.init) }
        return rest.split(separator: ",").first.map(String.init)
    }

    /// Checks one variant playlist: VOD, ended, short segments summing to `duration`, and `ffprobe` reads H.264
    /// at `width`×`height` and AAC 48 kHz stereo through it.
    @discardableResult
    static func checkVariant(_ playlist: String, width: Int, height: Int, duration: Double) throws -> [String: Any] {
        let text = try String(contentsOfFile: playlist, encoding: .utf8)
        #expect(text.contains("#EXT-X-PLAYLIST-TYPE:VOD"))
        #expect(text.contains("#EXT-X-ENDLIST"))
        let target = text.split(whereSeparator: \.isNewline).first { $0.hasPrefix("#EXT-X-TARGETDURATION:") }
            .flatMap { Int($0.dropFirst("#EXT-X-TARGETDURATION:".count)) }
        #expect((target ?? 99) <= 7, "\(playlist): target duration \(target ?? -1)")
        let durations = text.split(whereSeparator: \.isNewline).filter { $0.hasPrefix("#EXTINF:") }
            .compactMap { Double($0.dropFirst("#EXTINF:".count).split(separator: ",").first ?? "") }
        #expect(!durations.isEmpty)
        #expect(durations.allSatisfy { $0 <= 6.5 }, "\(playlist): segments \(durations)")
        #expect(abs(durations.reduce(0, +) - duration) <= 0.1, "\(playlist): segments \(durations) for \(duration) s")
        let probe = try SampleMedia.ffprobe(playlist)
        let streams = probe["streams"] as? [[String: Any]] ?? []
        let video = try #require(streams.first { $0["codec_type"] as? String == "video" })
        let audio = try #require(streams.first { $0["codec_type"] as? String == "audio" })
        #expect(video["codec_name"] as? String == "h264")
        #expect(video["width"] as? Int == width)
        #expect(video["height"] as? Int == height)
        #expect(audio["codec_name"] as? String == "aac")
        #expect(audio["sample_rate"] as? String == "48000")
        #expect(audio["channels"] as? Int == 2)
        return video
    }

    /// Every rung cuts its segments at the same times, and each segment starts with a keyframe.
    static func checkAlignedSegments(_ folder: String, rungs: [String]) throws {
        var cuts: [[String]] = []
        for rung in rungs {
            let text = try String(contentsOfFile: (folder as NSString).appendingPathComponent("\(rung)/index.m3u8"), encoding: .utf8)
            cuts.append(text.split(whereSeparator: \.isNewline).filter { $0.hasPrefix("#EXTINF:") }.map(String.init))
            for segment in text.split(whereSeparator: \.isNewline) where !segment.hasPrefix("#") {
                let out = try SampleMedia.run("ffprobe", [
                    "-v", "error", "-select_streams", "v:0", "-show_entries", "packet=flags", "-read_intervals", "%+#1", "-of", "csv=p=0",
                    (folder as NSString).appendingPathComponent("\(rung)/\(segment)"),
                ])
                #expect(String(decoding: out, as: UTF8.self).hasPrefix("K"), "\(rung)/\(segment) does not start on a keyframe")
            }
        }
        #expect(cuts.allSatisfy { $0 == cuts[0] }, "segment durations differ between rungs: \(cuts)")
    }

    /// `#EXTINF` durations of a variant playlist, in seconds, in order.
    static func segmentDurations(_ playlist: String) throws -> [Double] {
        try String(contentsOfFile: playlist, encoding: .utf8).split(whereSeparator: \.isNewline).filter { $0.hasPrefix("#EXTINF:") }
            .compactMap { Double($0.dropFirst("#EXTINF:".count).split(separator: ",").first ?? "") }
    }

    /// Hidden temporary folders left in `parent`.
    static func leftovers(_ parent: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: parent)) ?? []).filter { $0.contains(".hls-") }
    }

    @Test func fullHDSourceGetsThreeRungsWithAlignedSegmentsAndAMasterPlaylist() async throws {
        let (report, master, parent) = try await Self.publish("nurse-1080p.mp4")
        let folder = (master as NSString).deletingLastPathComponent
        let text = try String(contentsOfFile: master, encoding: .utf8)
        #expect(text.hasPrefix("#EXTM3U\n"))
        #expect(text.contains("#EXT-X-VERSION:3"))
        let streams = try Self.streams(master)
        #expect(streams.map(\.uri) == ["1080p/index.m3u8", "720p/index.m3u8", "480p/index.m3u8"])
        // Expected sizes: the box fit, rounded down to even (854×480 holds 16:9 as 852×480 after rounding).
        let sizes = [(1920, 1080), (1280, 720), (852, 480)]
        for (stream, size) in zip(streams, sizes) {
            #expect(Self.attribute("RESOLUTION", in: stream.attributes) == "\(size.0)x\(size.1)")
            let codecs = Self.attribute("CODECS", in: stream.attributes) ?? ""
            let peak = Int(Self.attribute("BANDWIDTH", in: stream.attributes) ?? "") ?? 0
            let average = Int(Self.attribute("AVERAGE-BANDWIDTH", in: stream.attributes) ?? "") ?? 0
            #expect(average > 0 && peak >= average)
            let video = try Self.checkVariant((folder as NSString).appendingPathComponent(stream.uri), width: size.0, height: size.1, duration: 8)
            // CODECS names what ffprobe finds: High profile (0x64) at the level the encoder chose.
            #expect(video["profile"] as? String == "High")
            let level = try #require(video["level"] as? Int)
            #expect(codecs == String(format: "avc1.6400%02x,mp4a.40.2", level))
        }
        try Self.checkAlignedSegments(folder, rungs: ["1080p", "720p", "480p"])
        // Bigger rungs cost more bits.
        let peaks = streams.map { Int(Self.attribute("AVERAGE-BANDWIDTH", in: $0.attributes) ?? "") ?? 0 }
        #expect(peaks == peaks.sorted(by: >))
        #expect(report.renditions?.map(\.name) == ["1080p", "720p", "480p"])
        #expect(report.width == 1920 && report.height == 1080)
        #expect(abs(report.durationSeconds - 8) < 0.1)
        #expect(report.output == master)
        let lufs = try #require(report.loudnessAfter?.integratedLUFS)
        #expect(abs(lufs - -16) <= 1)
        #expect(FileManager.default.fileExists(atPath: (folder as NSString).appendingPathComponent("poster.jpg")))
        let saved = try #require(PublishReport.load(from: MediaFile.publishReportPath(for: master)))
        #expect(saved.renditions == report.renditions)
        #expect(Self.leftovers(parent).isEmpty)
    }

    @Test func smallPortraitSourceGetsOneUprightRungAndIsNeverScaledUp() async throws {
        let (report, master, parent) = try await Self.publish("portrait-phone.mp4")
        let folder = (master as NSString).deletingLastPathComponent
        let streams = try Self.streams(master)
        // 640×360 turned upright is 360×640: every box holds it, so only the smallest step remains, at source size,
        // named by its height (it has 640 lines, not 480).
        #expect(streams.map(\.uri) == ["640p/index.m3u8"])
        #expect(report.renditions?.map(\.name) == ["640p"])
        #expect(Self.attribute("RESOLUTION", in: streams.first?.attributes ?? "") == "360x640")
        try Self.checkVariant((folder as NSString).appendingPathComponent("640p/index.m3u8"), width: 360, height: 640, duration: 6)
        #expect(report.rotationApplied == 90)
        #expect(report.renditions?.allSatisfy { $0.height > $0.width } == true)
        #expect(!FileManager.default.fileExists(atPath: (folder as NSString).appendingPathComponent("1080p")))
        #expect(Self.leftovers(parent).isEmpty)
    }

    @Test func ladderKeepsOnlyRungsThatScaleDownAndPortraitRungsStayPortrait() throws {
        // A 720×1280 portrait source gets the 720p step at its own size and the 480p step; the 1080p step would be the
        // same size.
        let fixture = try PublishFixture.folder()
        let clip = (fixture as NSString).appendingPathComponent("portrait-720.mp4")
        _ = try SampleMedia.run("ffmpeg", [
            "-v", "error", "-f", "lavfi", "-i", "testsrc2=size=720x1280:rate=25:duration=1", "-c:v", "libx264", "-preset", "ultrafast",
            "-y", clip,
        ])
        let input = try InputFile(path: clip)
        let rungs = HLSLadder.rungs(for: input.stream(try #require(input.bestVideoStream())), preset: Self.hls)
        #expect(rungs.map(\.rendition.name) == ["720p", "480p"])
        #expect(rungs.map { "\($0.width)x\($0.height)" } == ["720x1280", "480x852"])
        // Named by height: 720p would say 720 lines of a picture 1280 lines tall.
        #expect(rungs.map(\.name) == ["1280p", "852p"])
    }

    @Test func keyframeIntervalDividesTheSegment() {
        #expect(HLSLadder.keyframeSeconds(gop: 2, segment: 6) == 2)
        #expect(HLSLadder.keyframeSeconds(gop: 4, segment: 6) == 3)
        #expect(HLSLadder.keyframeSeconds(gop: 10, segment: 6) == 6)
    }

    @Test func variableFrameRateSourceCutsOnTheSegmentGrid() async throws {
        // doctor-vfr.mp4 (640×360, 6 s) mixes 1/30 s and 1/15 s frame gaps; only the 480p step fits it.
        let (_, master, _) = try await Self.publish("doctor-vfr.mp4")
        let folder = (master as NSString).deletingLastPathComponent
        let rungs = try Self.streams(master).map { ($0.uri as NSString).deletingLastPathComponent }
        #expect(rungs == ["480p"])
        for rung in rungs {
            let durations = try Self.segmentDurations((folder as NSString).appendingPathComponent("\(rung)/index.m3u8"))
            #expect(!durations.isEmpty && durations.allSatisfy { $0 <= 6.5 }, "\(rung): segments \(durations)")
            #expect(abs(durations.reduce(0, +) - 6) <= 0.1, "\(rung): segments \(durations)")
        }
        try Self.checkAlignedSegments(folder, rungs: rungs)
    }

    @Test func variableFrameRateSourceCutsEveryRungOnAShortSegmentGrid() async throws {
        // Three steps small enough to scale doctor-vfr.mp4 down, 2 s segments, a 2 s GOP counted at the average rate
        // (about 44 frames, which on this source lands between the 2 s marks): only forcing keyframes by time keeps
        // every cut on the grid.
        let preset = Preset(
            name: "hls-short", summary: "test", kind: .hls,
            video: Preset.Video(maxWidth: 640, maxHeight: 360, crf: 23, gopSeconds: 2, speed: "veryfast"),
            audio: Preset.Audio(bitRateKbps: 96), loudness: Preset.Loudness(integratedLUFS: -16, truePeakDBTP: -1),
            renditions: [
                Preset.Rendition(
                    name: "360p", video: Preset.Video(maxWidth: 640, maxHeight: 360, crf: 23, maxRateKbps: 1000, bufferKbits: 2000),
                    audioBitRateKbps: 96),
                Preset.Rendition(
                    name: "240p", video: Preset.Video(maxWidth: 426, maxHeight: 240, crf: 24, maxRateKbps: 600, bufferKbits: 1200),
                    audioBitRateKbps: 64),
                Preset.Rendition(
                    name: "180p", video: Preset.Video(maxWidth: 320, maxHeight: 180, crf: 25, maxRateKbps: 300, bufferKbits: 600),
                    audioBitRateKbps: 64),
            ],
            segmentSeconds: 2)
        let parent = try PublishFixture.folder()
        let master = ((parent as NSString).appendingPathComponent("doctor-vfr") as NSString).appendingPathComponent("master.m3u8")
        _ = try await MediaFile(SampleMedia.path("doctor-vfr.mp4")).publish(preset: preset, to: master, sourceChecksum: "test")
        let folder = (master as NSString).deletingLastPathComponent
        let rungs = try Self.streams(master).map { ($0.uri as NSString).deletingLastPathComponent }
        #expect(rungs == ["360p", "240p", "180p"])
        for rung in rungs {
            let durations = try Self.segmentDurations((folder as NSString).appendingPathComponent("\(rung)/index.m3u8"))
            #expect(durations.count >= 3, "\(rung): segments \(durations)")
            // Each cut falls on the first frame at or after a 2 s mark: at most one 1/15 s frame gap late.
            var cut = 0.0
            for (k, duration) in durations.dropLast().enumerated() {
                cut += duration
                let mark = Double(2 * (k + 1))
                #expect(cut >= mark - 0.001 && cut <= mark + 1.0 / 15 + 0.001, "\(rung): segments \(durations)")
            }
            #expect(durations.allSatisfy { $0 <= 2.1 }, "\(rung): segments \(durations)")
        }
        try Self.checkAlignedSegments(folder, rungs: rungs)
    }

    @Test func rerunSkipsAndAKilledRunsTemporaryFolderIsRemoved() async throws {
        let parent = try PublishFixture.folder()
        let master = ((parent as NSString).appendingPathComponent("nurse-1080p") as NSString).appendingPathComponent("master.m3u8")
        // What a killed run leaves: a hidden temporary folder with part of a rung.
        let stale = (parent as NSString).appendingPathComponent(".nurse-1080p.hls-tmp-dead")
        try FileManager.default.createDirectory(atPath: (stale as NSString).appendingPathComponent("1080p"), withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: (stale as NSString).appendingPathComponent("1080p/seg_000.ts"), contents: Data([0x47]))
        let batch = PublishBatch(preset: Self.hls, parallelJobs: 1) { _ in "sum-1" }
        let job = PublishBatch.Job(source: SampleMedia.path("nurse-1080p.mp4"), output: master)
        let first = await batch.runOne(job)
        guard case .published(let report) = first else {
            Issue.record("first run did not publish: \(first)")
            return
        }
        #expect(report.output == master)
        #expect(Self.leftovers(parent).isEmpty, "left: \(Self.leftovers(parent))")
        let written = try FileManager.default.attributesOfItem(atPath: master)[.modificationDate] as? Date
        let second = await batch.runOne(job)
        guard case .skipped = second else {
            Issue.record("second run did not skip: \(second)")
            return
        }
        #expect(try FileManager.default.attributesOfItem(atPath: master)[.modificationDate] as? Date == written)
    }

    @Test func refusesToReplaceAFolderThatIsNotAReelOutput() async throws {
        let parent = try PublishFixture.folder()
        let folder = (parent as NSString).appendingPathComponent("nurse-1080p")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: (folder as NSString).appendingPathComponent("notes.txt"), contents: Data("keep".utf8))
        let master = (folder as NSString).appendingPathComponent("master.m3u8")
        await #expect {
            _ = try await MediaFile(SampleMedia.path("nurse-1080p.mp4")).publish(preset: Self.hls, to: master, sourceChecksum: "x")
        } throws: { error in
            (error as? MediaError)?.description
                == "\(master): cannot write output: folder '\(folder)' exists and is not a Reel HLS output; remove it or choose another --out"
        }
        #expect(FileManager.default.fileExists(atPath: (folder as NSString).appendingPathComponent("notes.txt")))
        #expect(Self.leftovers(parent).isEmpty)
    }
}

import Foundation
import Media
import Testing

/// `renderPlaylist`: three pieces from differently shaped samples joined into one web-720p MP4, checked with
/// ffprobe/ffmpeg and the frame-index barcode.
@Suite(.serialized)
struct PlaylistRenderTests {
    static let preset = Preset(
        name: "web-720p", summary: "test", kind: .mp4,
        video: .init(maxWidth: 1280, maxHeight: 720, crf: 22, maxRateKbps: 3500, bufferKbits: 7000, gopSeconds: 2),
        audio: .init(bitRateKbps: 128), loudness: .init(integratedLUFS: -16, truePeakDBTP: -1))

    /// Landscape 25 fps, rotated 30 fps phone, and a recording with a silent right channel; every range starts on a
    /// frame boundary of its source, so the first frame of each piece is known exactly.
    static let pieces = [
        RenderPiece(
            path: SampleMedia.path("nurse-1080p.mp4"), from: .init(milliseconds: 1000), to: .init(milliseconds: 3000),
            title: "Ana Reyes — Nurse: What matters most", lowerThird: "Ana Reyes — Nurse: it's 100% \"true\", [really]",
            captions: [
                Caption(start: .init(milliseconds: 400), end: .init(milliseconds: 1500), text: "first, clipped"),
                Caption(start: .init(milliseconds: 2500), end: .init(milliseconds: 4000), text: "second, clipped at the end"),
            ]),
        RenderPiece(
            path: SampleMedia.path("portrait-phone.mp4"), from: .init(milliseconds: 2000), to: .init(milliseconds: 4200),
            title: "Sam Patel — Porter: Nights", lowerThird: "Sam Patel — Porter"),
        RenderPiece(
            path: SampleMedia.path("lav-one-channel.mp4"), from: .init(milliseconds: 800), to: .init(milliseconds: 3000),
            title: "Jo Bloggs — Housekeeper: Rooms", lowerThird: nil,
            captions: [Caption(start: .init(milliseconds: 1000), end: .init(milliseconds: 2000), text: "third")]),
    ]
    /// Where each piece starts in the output, and the source frame it must start with.
    static let starts = [0.0, 2.0, 4.2]
    static let firstFrames = [25, 60, 20]

    static func temporaryFolder() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("reel-render-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    /// Runs a program, returning standard output and standard error.
    static func run(_ program: String, _ arguments: [String]) throws -> (out: String, err: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [program] + arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read stderr on another thread so neither pipe fills up.
        nonisolated(unsafe) var errData = Data()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            errData = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return (String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
    }

    /// The four-character codes of the file's top-level boxes, in order.
    static func topLevelBoxes(_ path: String) throws -> [String] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        var boxes: [String] = []
        var offset = 0
        while offset + 8 <= data.count {
            var size = data[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) }
            let type = String(decoding: data[offset + 4..<offset + 8], as: UTF8.self)
            if size == 1, offset + 16 <= data.count { size = data[offset + 8..<offset + 16].reduce(0) { $0 << 8 | Int($1) } }
            if size == 0 { size = data.count - offset }
            guard size >= 8 else { break }
            boxes.append(type)
            offset += size
        }
        return boxes
    }

    @Test func rendersThreePiecesIntoOneWebFile() async throws {
        let dir = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let output = dir + "/induction.mp4"
        let report = try await renderPlaylist(
            Self.pieces, preset: Self.preset, to: output, lowerThirds: true, leftOut: ["left out: c-1 (X, porter): consent withdrawn"])

        // Length: the sum of the pieces, within two frames.
        let total = 2.0 + 2.2 + 2.2
        #expect(abs(report.durationSeconds - total) < 0.08)
        #expect(report.leftOut.count == 1)
        #expect(report.pieces.map(\.startMs) == [0, 2000, 4200])
        #expect(report.pieces[1].rotationApplied == 90)
        #expect(report.pieces[2].silentChannelFoldedFrom == "left")

        let probe = try SampleMedia.ffprobe(output)
        let streams = try #require(probe["streams"] as? [[String: Any]])
        let video = try #require(streams.first { $0["codec_type"] as? String == "video" })
        let audio = try #require(streams.first { $0["codec_type"] as? String == "audio" })
        #expect(video["codec_name"] as? String == "h264")
        #expect(video["width"] as? Int == 1280)
        #expect(video["height"] as? Int == 720)
        #expect(video["pix_fmt"] as? String == "yuv420p")
        #expect(audio["codec_name"] as? String == "aac")
        #expect(audio["sample_rate"] as? String == "48000")
        #expect(audio["channels"] as? Int == 2)
        let format = try #require(probe["format"] as? [String: Any])
        let duration = try #require(Double(format["duration"] as? String ?? ""))
        #expect(abs(duration - total) < 0.08)
        let videoDuration = try #require(Double(video["duration"] as? String ?? ""))
        let audioDuration = try #require(Double(audio["duration"] as? String ?? ""))
        #expect(abs(videoDuration - total) < 0.08)
        #expect(abs(audioDuration - videoDuration) < 0.05)

        // Index at the front.
        let boxes = try Self.topLevelBoxes(output)
        let moov = try #require(boxes.firstIndex(of: "moov"))
        let mdat = try #require(boxes.firstIndex(of: "mdat"))
        #expect(moov < mdat)

        // One chapter per piece, starting where the pieces start.
        let chapterJSON = try SampleMedia.run("ffprobe", ["-v", "error", "-print_format", "json", "-show_chapters", output])
        let chapters = try #require((try JSONSerialization.jsonObject(with: chapterJSON) as? [String: Any])?["chapters"] as? [[String: Any]])
        #expect(chapters.count == 3)
        for (i, chapter) in chapters.enumerated() where i < 3 {
            let start = Double(chapter["start_time"] as? String ?? "") ?? -1
            #expect(abs(start - Self.starts[i]) < 0.001, "chapter \(i) starts at \(start)")
            let tags = chapter["tags"] as? [String: String]
            #expect(tags?["title"] == Self.pieces[i].title)
        }
    }

    @Test func firstFrameOfEachPieceIsTheRightSourceFrame() async throws {
        let dir = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let output = dir + "/frames.mp4"
        _ = try await renderPlaylist(Self.pieces, preset: Self.preset, to: output)
        let script = SampleMedia.root.appendingPathComponent("Tests/Fixtures/read_barcode.py").path
        // Where the picture of each piece sits in the 1280×720 frame, and which edge carries its barcode.
        let regions = [
            (crop: "1280:720:0:0", edge: "top", strip: 32),  // 1920×1080 scaled by 2/3
            (crop: "404:720:438:0", edge: "right", strip: 18),  // 360×640 upright, scaled to fit the height
            (crop: "1280:720:0:0", edge: "top", strip: 32),  // 640×360 scaled by 2
        ]
        for i in 0..<3 {
            let frameIndex = Int((Self.starts[i] * 25).rounded())
            let png = dir + "/piece\(i).png"
            _ = try SampleMedia.run("ffmpeg", [
                "-v", "error", "-y", "-i", output, "-vf", "select=eq(n\\,\(frameIndex)),crop=\(regions[i].crop)", "-frames:v", "1", png,
            ])
            let read = try Self.run("python3", [script, png, "--edge", regions[i].edge, "--strip", "\(regions[i].strip)"]).out
            let value = read.split(separator: " ").last.flatMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
            #expect(value == Self.firstFrames[i], "piece \(i): output frame \(frameIndex) shows source frame \(read)")
        }
    }

    @Test func captionsAreShiftedOntoTheOutputClock() async throws {
        let dir = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let output = dir + "/captions.mp4"
        let report = try await renderPlaylist(Self.pieces, preset: Self.preset, to: output)
        #expect(report.captionCount == 3)
        let vtt = try #require(report.captionsFile)
        let text = try String(contentsOfFile: vtt, encoding: .utf8)
        #expect(text.contains("00:00:00.000 --> 00:00:00.500\nfirst, clipped"))
        #expect(text.contains("00:00:01.500 --> 00:00:02.000\nsecond, clipped at the end"))
        #expect(text.contains("00:00:04.400 --> 00:00:05.400\nthird"))
        // The muxed mov_text track says the same, read back by ffmpeg as WebVTT (the muxer's empty gap samples vanish).
        let muxed = try Self.run("ffmpeg", ["-v", "error", "-i", output, "-map", "0:s", "-f", "webvtt", "-"]).out
        let times = muxed.split(separator: "\n").filter { $0.contains(" --> ") }.map(String.init)
        #expect(times == ["00:00.000 --> 00:00.500", "00:01.500 --> 00:02.000", "00:04.400 --> 00:05.400"])
        #expect(muxed.contains("second, clipped at the end"))
    }

    @Test func everyPieceLandsAtTheLoudnessTarget() async throws {
        let dir = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let output = dir + "/loud.mp4"
        let report = try await renderPlaylist(Self.pieces, preset: Self.preset, to: output)
        for (i, piece) in report.pieces.enumerated() {
            let start = Double(piece.startMs) / 1000
            let length = Double(piece.durationMs) / 1000
            let err = try Self.run("ffmpeg", [
                "-hide_banner", "-nostats", "-ss", "\(start)", "-t", "\(length)", "-i", output, "-vn", "-af", "ebur128=peak=true", "-f", "null", "-",
            ]).err
            let summary = err.components(separatedBy: "Summary:").last ?? ""
            let line = summary.split(separator: "\n").first { $0.contains("I:") && $0.contains("LUFS") }
            let lufs = line.flatMap { Double($0.split(separator: " ").dropFirst().first { Double($0) != nil } ?? "") }
            let measured = try #require(lufs, "piece \(i): no loudness in \(summary)")
            #expect(abs(measured - Self.preset.loudness.integratedLUFS) <= 1.5, "piece \(i) is at \(measured) LUFS")
        }
    }

    @Test func cancellingLeavesNothing() async throws {
        let dir = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let output = dir + "/cancelled.mp4"
        let interrupt = CancelOnProgress<RenderReport>(at: 0.3)
        let task = Task { try await renderPlaylist(Self.pieces, preset: Self.preset, to: output, progress: { interrupt.report($0) }) }
        interrupt.attach(task)
        let result = await task.result
        guard case .failure(let error) = result else {
            Issue.record("the render finished although it was cancelled at 30 %")
            return
        }
        #expect("\(error)" == "\(output): cancelled; no output written")
        // Nothing at all: neither the file nor a hidden temporary one nor the caption sidecar.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).isEmpty)
    }

    /// Mean absolute difference of the grey pixels of one region of two files' pictures at `time` seconds.
    static func difference(_ a: String, _ b: String, at time: Double, crop: String) throws -> Double {
        func grey(_ path: String) throws -> Data {
            try SampleMedia.run("ffmpeg", [
                "-v", "error", "-ss", "\(time)", "-i", path, "-frames:v", "1", "-vf", "crop=\(crop),format=gray", "-f", "rawvideo", "-",
            ])
        }
        let x = try grey(a)
        let y = try grey(b)
        guard x.count == y.count, !x.isEmpty else { return .infinity }
        return Double(zip(x, y).reduce(0) { $0 + abs(Int($1.0) - Int($1.1)) }) / Double(x.count)
    }

    @Test func lowerThirdsShowForTheFirstFourSecondsOfAPiece() async throws {
        let dir = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // Quotes, a colon, a percent sign, brackets and a backslash must reach the picture unharmed.
        let piece = RenderPiece(
            path: SampleMedia.path("nurse-1080p.mp4"), from: .init(milliseconds: 1000), to: .init(milliseconds: 6000), title: "t",
            lowerThird: #"Ana O'Neil — Nurse: 100% "sure" [a\b]"#)
        let with = dir + "/with.mp4"
        let without = dir + "/without.mp4"
        _ = try await renderPlaylist([piece], preset: Self.preset, to: with, lowerThirds: true)
        _ = try await renderPlaylist([piece], preset: Self.preset, to: without, lowerThirds: false)
        let corner = "640:160:0:540"
        #expect(try Self.difference(with, without, at: 1.0, crop: corner) > 15)
        #expect(try Self.difference(with, without, at: 4.6, crop: corner) < 4)
    }

    /// A piece that opens on black (2 s in the sample) shows its lower third from the first real frame, for 4 s.
    @Test func aLowerThirdWaitsForThePictureAfterABlackStart() async throws {
        let dir = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let piece = RenderPiece(
            path: SampleMedia.path("family-support-black-start.mp4"), from: .zero, to: .init(milliseconds: 6000), title: "t",
            lowerThird: "Linda Okoro — Family support worker")
        let with = dir + "/with.mp4"
        let without = dir + "/without.mp4"
        _ = try await renderPlaylist([piece], preset: Self.preset, to: with, lowerThirds: true)
        _ = try await renderPlaylist([piece], preset: Self.preset, to: without, lowerThirds: false)
        let corner = "640:160:0:540"
        #expect(try Self.difference(with, without, at: 1.0, crop: corner) < 4)
        #expect(try Self.difference(with, without, at: 2.5, crop: corner) > 15)
        #expect(try Self.difference(with, without, at: 5.5, crop: corner) > 15)
    }

    @Test func anAudioPresetIsRefusedWithAOneLineMessage() async throws {
        var audioOnly = Self.preset
        audioOnly.kind = .audio
        audioOnly.video = nil
        await #expect(throws: MediaError.self) {
            _ = try await renderPlaylist(Self.pieces, preset: audioOnly, to: "/tmp/never.mp4")
        }
        do { _ = try await renderPlaylist(Self.pieces, preset: audioOnly, to: "/tmp/never.mp4") } catch {
            #expect("\(error)" == "/tmp/never.mp4: cannot write output: preset 'web-720p' does not make one MP4 video")
        }
    }
}

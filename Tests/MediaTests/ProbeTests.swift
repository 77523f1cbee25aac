import Foundation
import Testing
@testable import Media

struct ProbeTests {
    /// Our probe agrees with `ffprobe` on every sample's container and stream facts.
    @Test(arguments: SampleMedia.clips)
    func agreesWithFFprobe(name: String) async throws {
        try await Self.expectAgreementWithFFprobe(SampleMedia.path(name))
    }

    /// Compares `probe()` with `ffprobe -show_format -show_streams` on one file, and the variable-frame-rate verdict
    /// with the documented rule applied to the packet times `ffprobe -show_packets` lists.
    static func expectAgreementWithFFprobe(_ path: String) async throws {
        let info = try await MediaFile(path).probe()
        let oracle = try SampleMedia.ffprobe(path)
        let format = try #require(oracle["format"] as? [String: Any])
        #expect(info.container == format["format_name"] as? String, "\(path)")
        #expect(info.size == Int64(format["size"] as? String ?? ""))
        if let d = Double(format["duration"] as? String ?? "") {
            #expect(abs(info.durationSeconds - d) < 0.001, "\(path)")
        }
        if let s = Double(format["start_time"] as? String ?? "") {
            #expect(abs((info.startTime?.seconds ?? .nan) - s) < 0.001, "\(path)")
        }
        let streams = try #require(oracle["streams"] as? [[String: Any]])
        #expect(info.streams.count == streams.count, "\(path)")
        for (ours, theirs) in zip(info.streams, streams) {
            #expect(ours.index == theirs["index"] as? Int)
            #expect(ours.type.rawValue == theirs["codec_type"] as? String, "\(path)")
            if let codec = theirs["codec_name"] as? String { #expect(ours.codec == codec, "\(path)") }
            if let profile = theirs["profile"] as? String, ours.type == .video { #expect(ours.profile == profile, "\(path)") }
            let tags = theirs["tags"] as? [String: String] ?? [:]
            if let lang = tags["language"], lang != "und" { #expect(ours.language == lang) }
            if ours.type == .video {
                let v = try #require(ours.video)
                #expect(v.width == theirs["width"] as? Int, "\(path)")
                #expect(v.height == theirs["height"] as? Int, "\(path)")
                #expect(v.pixelFormat == theirs["pix_fmt"] as? String, "\(path)")
                #expect(v.averageFrameRate.description == ratio(theirs["avg_frame_rate"]), "\(path)")
                #expect(v.realFrameRate.description == ratio(theirs["r_frame_rate"]), "\(path)")
                if let fo = theirs["field_order"] as? String { #expect(v.fieldOrder.rawValue == fo, "\(path)") }
                if let trc = theirs["color_transfer"] as? String { #expect(v.colorTransfer == trc, "\(path)") }
                let sideRotation = (theirs["side_data_list"] as? [[String: Any]])?.compactMap { $0["rotation"] as? Int }.first ?? 0
                #expect(v.rotation == ((-sideRotation) % 360 + 360) % 360, "\(path)")
                let attached = (theirs["disposition"] as? [String: Int])?["attached_pic"] == 1
                if !attached, let index = theirs["index"] as? Int {
                    #expect(v.variableFrameRate == (try variableByFFprobePackets(path, stream: index)), "\(path): VFR verdict")
                }
            }
            if ours.type == .audio {
                let a = try #require(ours.audio)
                #expect(a.channels == theirs["channels"] as? Int)
                #expect(String(a.sampleRate) == theirs["sample_rate"] as? String)
                if let layout = theirs["channel_layout"] as? String { #expect(a.channelLayout == layout) }
                #expect(a.sampleFormat == theirs["sample_fmt"] as? String)
            }
        }
    }

    /// The variable-frame-rate rule applied to every packet time `ffprobe` lists for the stream, written out here
    /// apart from `Prober`: packets flagged `D` (before an edit list's start) left out, times sorted, last gap
    /// ignored, constant when the other gaps are within one tick (or 0.1 %) of each other, the tick being the common
    /// step of the gaps when that is at most 1/8 of a frame.
    static func variableByFFprobePackets(_ path: String, stream: Int) throws -> Bool {
        let csv = try SampleMedia.run("ffprobe", ["-v", "error", "-select_streams", "\(stream)", "-show_entries", "packet=pts,flags",
                                                  "-of", "csv=p=0", path])
        let times = String(decoding: csv, as: UTF8.self).split(separator: "\n").compactMap { line -> Int64? in
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            guard fields.count >= 2, !fields[1].contains("D") else { return nil }
            return Int64(fields[0])
        }
        let sorted = Array(Set(times)).sorted()
        let gaps = zip(sorted.dropFirst(), sorted).map { $0 - $1 }.dropLast()
        guard gaps.count >= 2, let lo = gaps.min(), let hi = gaps.max() else { return false }
        let typical = gaps.sorted()[gaps.count / 2]
        var step: Int64 = 0
        for gap in gaps { var (a, b) = (step, gap); while b != 0 { (a, b) = (b, a % b) }; step = a }
        return hi - lo > max(step <= typical / 8 ? step : 1, typical / 1000)
    }

    /// `ffprobe` prints `25/1`; ours prints `25`.
    private static func ratio(_ any: Any?) -> String? {
        guard let s = any as? String else { return nil }
        return s.hasSuffix("/1") ? String(s.dropLast(2)) : s
    }

    @Test func portraitPhoneClipIsRotated() async throws {
        let info = try await MediaFile(SampleMedia.path("portrait-phone.mp4")).probe()
        let v = try #require(info.videoStream?.video)
        #expect(v.width == 640 && v.height == 360)
        #expect(v.rotation == 90)
        #expect(v.displayWidth == 360 && v.displayHeight == 640)
        #expect(info.make == "Apple")
        #expect(info.creationTime != nil)
        #expect(info.location?.hasPrefix("+51.5072") == true)
    }

    @Test func hdrClipIsFlagged() async throws {
        let info = try await MediaFile(SampleMedia.path("chaplain-hdr.mkv")).probe()
        let v = try #require(info.videoStream?.video)
        #expect(v.hdr)
        #expect(v.colorTransfer == "smpte2084")
        #expect(v.colorPrimaries == "bt2020")
        #expect(v.bitDepth == 10)
        #expect(info.videoStream?.profile == "Main 10")
    }

    @Test func interlacedTransportStreamIsTopFieldFirst() async throws {
        let info = try await MediaFile(SampleMedia.path("housekeeper-interlaced.ts")).probe()
        let v = try #require(info.videoStream?.video)
        #expect(v.fieldOrder == .topFirst)
        #expect(v.fieldOrder.isInterlaced)
        #expect(info.videoStream?.codec == "mpeg2video")
    }

    @Test func variableFrameRateIsJudgedFromTimestamps() async throws {
        let vfr = try await MediaFile(SampleMedia.path("doctor-vfr.mp4")).probe()
        #expect(vfr.videoStream?.video?.variableFrameRate == true)
        for name in ["nurse-1080p.mp4", "hca-long-gop.mp4", "receptionist.webm", "housekeeper-interlaced.ts", "chaplain-hdr.mkv"] {
            let cfr = try await MediaFile(SampleMedia.path(name)).probe()
            #expect(cfr.videoStream?.video?.variableFrameRate == false, "\(name)")
        }
    }

    @Test func proResMovHasTimecodeAndPCM() async throws {
        let info = try await MediaFile(SampleMedia.path("porter-prores.mov")).probe()
        #expect(info.timecode == "10:00:00:00")
        #expect(info.videoStream?.codec == "prores")
        #expect(info.audioStreams.first?.codec == "pcm_s16le")
        #expect(info.streams.contains { $0.type == .data && $0.codec == "tmcd" })
    }

    @Test func multilanguageClipHasTwoAudioLanguagesAndSubtitles() async throws {
        let info = try await MediaFile(SampleMedia.path("social-worker-multilang.mkv")).probe()
        #expect(info.audioStreams.map(\.language) == ["eng", "wel"])
        #expect(info.audioStreams.map(\.title) == ["English", "Cymraeg"])
        #expect(info.subtitleStreams.count == 1)
        #expect(info.subtitleStreams.first?.language == "eng")
    }

    @Test func chaptersAreRead() async throws {
        let info = try await MediaFile(SampleMedia.path("nurse-1080p.mp4")).probe()
        #expect(info.chapters.count >= 2)
        #expect(info.chapters.first?.start == .zero)
    }

    @Test(arguments: [
        ("broken/empty.mp4", "empty file (0 bytes): not a media file"),
        ("broken/truncated.mp4", "truncated or unfinished recording: no index (moov) found"),
        ("broken/random.mov", "not a media file"),
        ("broken/notes.mp4", "not a media file"),
        ("broken/does-not-exist.mp4", "no such file"),
    ])
    func brokenFilesGiveAClearReason(name: String, reason: String) async {
        let path = SampleMedia.path(name)
        let error = await #expect(throws: MediaError.self) { try await MediaFile(path).probe() }
        #expect(error?.description == "\(path): \(reason)")
    }

    @Test func aFolderIsNotAFile() async {
        let path = SampleMedia.path("broken")
        let error = await #expect(throws: MediaError.self) { try await MediaFile(path).probe() }
        #expect(error?.description == "\(path): not a regular file")
    }

    @Test func variableRateRule() {
        #expect(!Prober.isVariable(Array(stride(from: 0, to: 3000, by: 40)).map(Int64.init)))
        // 29.97 fps in a 1 ms time base alternates 33/34 ms, and in QuickTime's 1/600 20/21: rounding, constant.
        let milliseconds: [Int64] = (0..<100).map { (i: Int) -> Int64 in Int64((Double(i) * 1001 / 30).rounded()) }
        let quickTime: [Int64] = (0..<100).map { (i: Int) -> Int64 in Int64((Double(i) * 600 * 1001 / 30000).rounded()) }
        #expect(!Prober.isVariable(milliseconds))
        #expect(!Prober.isVariable(quickTime))
        // Order does not matter (decode order of B-frames), and the last frame's odd gap is ignored.
        #expect(!Prober.isVariable([0, 1024, 512, 1536, 2048, 2560, 5000]))
        let fast: [Int64] = (0..<50).map { Int64($0) * 33 }
        let slow: [Int64] = (0..<50).map { 1650 + Int64($0) * 66 }
        #expect(Prober.isVariable(fast + slow))
        // One dropped frame in 100 is a variable rate (it was constant under the old 5 %-of-gaps allowance).
        // A 1/600 clip rewrapped into 1/19200: 640/672 ticks is the same rounding, 32 times finer.
        let rewrapped: [Int64] = quickTime.map { $0 * 32 }
        #expect(!Prober.isVariable(rewrapped))
        let dropped: [Int64] = (0..<100).filter { $0 != 40 }.map { (i: Int) -> Int64 in Int64(i) * 512 }
        #expect(Prober.isVariable(dropped))
        // Jitter of a few ticks in 1/90000 (under 0.1 %) is clock rounding; 1 ms of jitter is not.
        let clockRounding: [Int64] = (0..<100).map { (i: Int) -> Int64 in Int64(i) * 3000 + Int64(i % 3) }
        let jitter: [Int64] = (0..<100).map { (i: Int) -> Int64 in Int64(i) * 3000 + (i % 2 == 0 ? 90 : 0) }
        #expect(!Prober.isVariable(clockRounding))
        #expect(Prober.isVariable(jitter))
    }
}

import Foundation
import Testing
@testable import Media

struct ProbeTests {
    /// Our probe agrees with `ffprobe` on every sample's container and stream facts.
    @Test(arguments: SampleMedia.clips)
    func agreesWithFFprobe(name: String) async throws {
        let path = SampleMedia.path(name)
        let info = try await MediaFile(path).probe()
        let oracle = try SampleMedia.ffprobe(path)
        let format = try #require(oracle["format"] as? [String: Any])
        #expect(info.container == format["format_name"] as? String)
        #expect(info.size == Int64(format["size"] as? String ?? ""))
        if let d = Double(format["duration"] as? String ?? "") {
            #expect(abs(info.durationSeconds - d) < 0.001)
        }
        if let s = Double(format["start_time"] as? String ?? "") {
            #expect(abs((info.startTime?.seconds ?? .nan) - s) < 0.001)
        }
        let streams = try #require(oracle["streams"] as? [[String: Any]])
        #expect(info.streams.count == streams.count)
        for (ours, theirs) in zip(info.streams, streams) {
            #expect(ours.index == theirs["index"] as? Int)
            #expect(ours.type.rawValue == theirs["codec_type"] as? String)
            if let codec = theirs["codec_name"] as? String { #expect(ours.codec == codec) }
            let tags = theirs["tags"] as? [String: String] ?? [:]
            if let lang = tags["language"], lang != "und" { #expect(ours.language == lang) }
            if ours.type == .video {
                let v = try #require(ours.video)
                #expect(v.width == theirs["width"] as? Int)
                #expect(v.height == theirs["height"] as? Int)
                #expect(v.pixelFormat == theirs["pix_fmt"] as? String)
                #expect(v.averageFrameRate.description == ratio(theirs["avg_frame_rate"]))
                #expect(v.realFrameRate.description == ratio(theirs["r_frame_rate"]))
                if let fo = theirs["field_order"] as? String { #expect(v.fieldOrder.rawValue == fo) }
                if let trc = theirs["color_transfer"] as? String { #expect(v.colorTransfer == trc) }
                let sideRotation = (theirs["side_data_list"] as? [[String: Any]])?.compactMap { $0["rotation"] as? Int }.first ?? 0
                #expect(v.rotation == ((-sideRotation) % 360 + 360) % 360)
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

    /// `ffprobe` prints `25/1`; ours prints `25`.
    private func ratio(_ any: Any?) -> String? {
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

    @Test func variableRateHeuristic() {
        #expect(!Prober.isVariable(Array(stride(from: 0, to: 3000, by: 40)).map(Int64.init)))
        // 29.97 fps in a 1 ms time base alternates 33/34 ms: still constant.
        #expect(!Prober.isVariable((0..<100).map { Int64((Double($0) * 1001 / 30).rounded()) }))
        let fast: [Int64] = (0..<50).map { Int64($0) * 33 }
        let slow: [Int64] = (0..<50).map { 1650 + Int64($0) * 66 }
        #expect(Prober.isVariable(fast + slow))
    }
}

import Foundation
import Testing
@testable import Media

/// Footage of the kinds users bring, authored by `ffmpeg` into a temporary folder the first time a test needs it:
/// phone clips (Android variable rate at 1/90000, iPhone HEVC at 1/600 with rotation), edit lists (B-frame delay,
/// a stream-copy cut mid-GOP), and camera/post formats (ProRes, DNxHD in MOV, DNxHR and XDCAM-style MPEG-2 in MXF,
/// AVCHD-style interlaced H.264 in M2TS). Nothing here is committed; each file is a second or a few long.
enum FootageCorpus {
    struct Clip: Sendable, CustomTestStringConvertible {
        let name: String
        /// Whether the authored timestamps vary (known by construction, not read back).
        let variable: Bool
        let arguments: [String]
        /// Options for a second, stream-copy pass (ffmpeg 5.1 writes a display matrix only when copying).
        var remux: [String] = []
        var testDescription: String { name }
    }

    static let clips: [Clip] = [
        // Android: 90 kHz clock, frames every 1/30 s with camera-clock jitter, then a low-light stretch at 15 fps.
        Clip(name: "android-vfr.mp4", variable: true, arguments: [
            "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=30:duration=4",
            "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration=4",
            "-vf", "settb=1/90000,setpts='(if(lt(N,60),N/30+0.004*sin(N*1.7),2+(N-60)/15+0.003*sin(N)))/TB'",
            "-fps_mode", "passthrough", "-enc_time_base", "1/90000", "-c:v", "libx264", "-preset", "ultrafast",
            "-c:a", "aac", "-video_track_timescale", "90000",
            "-metadata", "com.android.manufacturer=Google", "-metadata", "com.android.model=Pixel 7",
        ]),
        // Android at a steady 30 fps but with ±1.5 ms of clock jitter on every frame: variable, as ffprobe's
        // average rate also says.
        Clip(name: "android-jitter.mp4", variable: true, arguments: [
            "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=30:duration=3",
            "-vf", "settb=1/90000,setpts='(N/30+0.0015*sin(N*2.3))/TB'",
            "-fps_mode", "passthrough", "-enc_time_base", "1/90000", "-c:v", "libx264", "-preset", "ultrafast",
            "-video_track_timescale", "90000",
        ]),
        // iPhone: HEVC (hvc1) 29.97 fps in QuickTime's 1/600 time base (frames 20 or 21 ticks apart), portrait,
        // AAC. ffprobe's avg_frame_rate differs from r_frame_rate here, yet the rate is constant. The display matrix
        // is added by a stream copy, which rewraps the 1/600 times into 1/19200 (as a rewrapping tool would).
        Clip(name: "iphone-hevc.mov", variable: false, arguments: [
            "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=30000/1001:duration=3",
            "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100:duration=3",
            "-c:v", "libx265", "-preset", "ultrafast", "-x265-params", "log-level=error", "-tag:v", "hvc1",
            "-c:a", "aac", "-video_track_timescale", "600",
            "-metadata", "make=Apple", "-metadata", "model=iPhone 15",
        ], remux: ["-metadata:s:v:0", "rotate=270"]),
        // A short clip that lost two frames: under the old "5 % of gaps" allowance this was called constant.
        Clip(name: "dropped-frames.mp4", variable: true, arguments: [
            "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=30:duration=4",
            "-vf", "select='not(eq(n\\,40)+eq(n\\,80))'", "-fps_mode", "passthrough",
            "-c:v", "libx264", "-preset", "ultrafast",
        ]),
        // B-frames: the MP4 carries an edit list hiding the decoder delay.
        Clip(name: "bframes-editlist.mp4", variable: false, arguments: [
            "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=30:duration=4",
            "-c:v", "libx264", "-preset", "fast", "-bf", "3", "-g", "60",
        ]),
        Clip(name: "prores.mov", variable: false, arguments: [
            "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25:duration=1",
            "-f", "lavfi", "-i", "sine=sample_rate=48000:duration=1",
            "-c:v", "prores_ks", "-profile:v", "3", "-pix_fmt", "yuv422p10le", "-c:a", "pcm_s24le", "-timecode", "10:00:00:00",
        ]),
        Clip(name: "dnxhd.mov", variable: false, arguments: [
            "-f", "lavfi", "-i", "testsrc2=size=1920x1080:rate=25:duration=1",
            "-c:v", "dnxhd", "-b:v", "36M", "-pix_fmt", "yuv422p",
        ]),
        Clip(name: "dnxhr.mxf", variable: false, arguments: [
            "-f", "lavfi", "-i", "testsrc2=size=1920x1080:rate=25:duration=1",
            "-f", "lavfi", "-i", "sine=sample_rate=48000:duration=1",
            "-c:v", "dnxhd", "-profile:v", "dnxhr_lb", "-pix_fmt", "yuv422p", "-c:a", "pcm_s16le",
        ]),
        // XDCAM/IMX-style: interlaced MPEG-2 4:2:2, top field first, PCM, in MXF OP1a.
        Clip(name: "xdcam.mxf", variable: false, arguments: [
            "-f", "lavfi", "-i", "testsrc2=size=720x576:rate=25:duration=1",
            "-f", "lavfi", "-i", "sine=sample_rate=48000:duration=1",
            "-vf", "setfield=tff", "-c:v", "mpeg2video", "-flags", "+ildct+ilme", "-top", "1", "-b:v", "8M",
            "-pix_fmt", "yuv422p", "-c:a", "pcm_s16le",
        ]),
        // AVCHD-style: 1080i25 H.264 (fields woven from 50p), AC-3, BDAV M2TS (192-byte packets).
        Clip(name: "avchd.m2ts", variable: false, arguments: [
            "-f", "lavfi", "-i", "testsrc2=size=1920x1080:rate=50:duration=1",
            "-f", "lavfi", "-i", "sine=sample_rate=48000:duration=1",
            "-vf", "tinterlace=interleave_top,setfield=tff", "-c:v", "libx264", "-preset", "ultrafast",
            "-x264-params", "interlaced=1:tff=1", "-flags", "+ildct+ilme", "-pix_fmt", "yuv420p",
            "-c:a", "ac3", "-f", "mpegts", "-mpegts_m2ts_mode", "1",
        ]),
    ]

    /// Derived from another corpus file: a stream-copy cut from 1.3 s for 1.23 s of `bframes-editlist.mp4`. The
    /// edit list starts mid-GOP (the leading frames are flagged discard) and the cut ends on an odd frame.
    static let copyCut = Clip(name: "copy-cut-editlist.mp4", variable: false, arguments: [])

    static var all: [Clip] { clips + [copyCut] }

    /// The folder holding every authored file, made once per test run.
    static let folder: Result<URL, any Error> = Result {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("reel-footage-\(ProcessInfo.processInfo.processIdentifier)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for clip in clips {
            let out = dir.appendingPathComponent(clip.name).path
            if clip.remux.isEmpty {
                _ = try SampleMedia.run("ffmpeg", ["-v", "error", "-y"] + clip.arguments + [out])
            } else {
                let coded = dir.appendingPathComponent("coded-" + clip.name).path
                _ = try SampleMedia.run("ffmpeg", ["-v", "error", "-y"] + clip.arguments + [coded])
                _ = try SampleMedia.run("ffmpeg", ["-v", "error", "-y", "-i", coded, "-map", "0", "-c", "copy"] + clip.remux + [out])
            }
        }
        _ = try SampleMedia.run("ffmpeg", ["-v", "error", "-y", "-ss", "1.3", "-i", dir.appendingPathComponent("bframes-editlist.mp4").path,
                                           "-t", "1.23", "-c", "copy", dir.appendingPathComponent(copyCut.name).path])
        return dir
    }

    static func path(_ clip: Clip) throws -> String { try folder.get().appendingPathComponent(clip.name).path }
}

struct FootageCorpusTests {
    /// Every kind of footage probes as `ffprobe` reads it, the variable-rate verdict included.
    @Test(arguments: FootageCorpus.all)
    func agreesWithFFprobe(clip: FootageCorpus.Clip) async throws {
        try await ProbeTests.expectAgreementWithFFprobe(try FootageCorpus.path(clip))
    }

    /// The verdict matches how the timestamps were authored.
    @Test(arguments: FootageCorpus.all)
    func variableFrameRateMatchesTheAuthoredTimestamps(clip: FootageCorpus.Clip) async throws {
        let info = try await MediaFile(try FootageCorpus.path(clip)).probe()
        #expect(info.videoStream?.video?.variableFrameRate == clip.variable)
    }

    @Test func iPhoneClipIsPortraitHEVCAtAConstantRateThatFFprobeAveragesDifferently() async throws {
        let path = try FootageCorpus.path(FootageCorpus.clips.first { $0.name == "iphone-hevc.mov" }!)
        let info = try await MediaFile(path).probe()
        let v = try #require(info.videoStream?.video)
        #expect(info.videoStream?.codec == "hevc")
        #expect(v.rotation == 90)
        #expect(v.displayWidth == 240 && v.displayHeight == 320)
        #expect(info.make == "Apple")
        #expect(v.realFrameRate == Rational(30000, 1001))
        #expect(v.averageFrameRate != v.realFrameRate)
        #expect(!v.variableFrameRate)
    }

    @Test func copyCutStartsInsideItsEditList() async throws {
        let path = try FootageCorpus.path(FootageCorpus.copyCut)
        let flags = String(decoding: try SampleMedia.run("ffprobe", ["-v", "error", "-select_streams", "v:0", "-show_entries", "packet=flags",
                                                                     "-of", "csv=p=0", path]), as: UTF8.self)
        #expect(flags.contains("D"), "the fixture should have packets before its edit list's start")
        let info = try await MediaFile(path).probe()
        #expect(info.videoStream?.video?.variableFrameRate == false)
    }

    @Test func interlacedCameraFormatsKeepTheirFieldOrder() async throws {
        for name in ["xdcam.mxf", "avchd.m2ts"] {
            let path = try FootageCorpus.path(FootageCorpus.clips.first { $0.name == name }!)
            let info = try await MediaFile(path).probe()
            #expect(info.videoStream?.video?.fieldOrder == .topFirst, "\(name)")
        }
    }
}

import Foundation
import Testing

@testable import Media

/// Issue 11.9: the WebVTT that publish, HLS and render write keeps cue text inside its cue, whatever it says.
struct CaptionVTTTests {
    static let cues = [
        CaptionCueText(startMs: 0, endMs: 1000, text: "left --> right"),
        CaptionCueText(startMs: 1000, endMs: 2000, text: "<b>not bold</b> & \"quoted\"\n\nafter a blank line"),
        CaptionCueText(startMs: 2000, endMs: 3000, text: "last"),
    ]

    @Test func cueTextIsEscapedSoNoArrowOrTagEndsOrChangesACue() {
        let vtt = CaptionTrack.webVTT(Self.cues)
        #expect(vtt == """
            WEBVTT

            1
            00:00:00.000 --> 00:00:01.000
            left --&gt; right

            2
            00:00:01.000 --> 00:00:02.000
            &lt;b&gt;not bold&lt;/b&gt; &amp; "quoted"
            after a blank line

            3
            00:00:02.000 --> 00:00:03.000
            last

            """)
    }

    /// ffmpeg's own WebVTT reader finds the three cues, with the text as typed.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/ffmpeg")))
    func ffmpegReadsTheThreeCuesBack() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("reel-vtt-\(UUID().uuidString).vtt").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try CaptionTrack.webVTT(Self.cues).write(toFile: path, atomically: true, encoding: .utf8)
        let srt = String(decoding: try SampleMedia.run("ffmpeg", ["-v", "error", "-i", path, "-f", "srt", "-"]), as: UTF8.self)
        #expect(srt.contains("00:00:00,000 --> 00:00:01,000\nleft --> right\n"), "\(srt)")
        #expect(srt.contains("00:00:02,000 --> 00:00:03,000\nlast\n"), "\(srt)")
        #expect(srt.contains("after a blank line"), "\(srt)")
    }
}

import Testing
@testable import Catalog

/// SRT and WebVTT sidecars.
struct CaptionFileTests {
    @Test func srtWithCommasMultipleLinesAndMarkup() {
        let srt = """
            \u{FEFF}1
            00:00:00,400 --> 00:00:04,333
            As a nurse, I ask each patient <i>what</i>
            matters most to them.

            2
            00:00:04,433 --> 00:00:06,874
            {\\an8}Then we plan care &amp; support.
            """
        let file = CaptionFile(text: srt)
        #expect(file.format == .srt)
        #expect(file.cues == [
            .init(startMs: 400, endMs: 4333, text: "As a nurse, I ask each patient what\nmatters most to them."),
            .init(startMs: 4433, endMs: 6874, text: "Then we plan care & support."),
        ])
        #expect(file.problems.isEmpty)
    }

    @Test func webVTTWithShortTimesSettingsNotesAndVoices() {
        let vtt = """
            WEBVTT - porter

            NOTE filmed on ward 3

            intro
            00:00.400 --> 00:03.720 align:start position:10%
            <v Tom>As a porter, I move every patient with
            dignity.</v>

            01:00:01.000 --> 01:00:02.500
            Later
            """
        let file = CaptionFile(text: vtt, format: .webVTT)
        #expect(file.cues.count == 2)
        #expect(file.cues[0] == .init(startMs: 400, endMs: 3720, text: "As a porter, I move every patient with\ndignity."))
        #expect(file.cues[1].startMs == 3_601_000)
        #expect(file.cues[1].endMs == 3_602_500)
    }

    @Test func badCuesAreReportedWithTheirLineAndTheRestKept() {
        let srt = "1\n00:00:01,000 --> 00:00:02,000\nGood\n\n2\n00:00:xx,000 --> 00:00:03,000\nBad\n\n3\n00:00:05,000 --> 00:00:04,000\nBackwards\n"
        let file = CaptionFile(text: srt)
        #expect(file.cues.map(\.text) == ["Good"])
        #expect(file.problems == ["line 6: cannot read the times in '00:00:xx,000 --> 00:00:03,000'", "line 10: the cue ends before it starts"])
    }

    @Test func sampleSidecarsParse() throws {
        let srt = try CaptionFile(contentsOf: TestSupport.media("nurse-1080p.srt"))
        #expect(srt.cues.count == 2)
        #expect(srt.cues[0].text.contains("what\nmatters most"))
        let vtt = try CaptionFile(contentsOf: TestSupport.media("porter-prores.vtt"))
        #expect(vtt.format == .webVTT)
        #expect(vtt.cues.first?.startMs == 400)
    }

    // Issue 11.2: hostile times in a sidecar are per-cue problems, never an overflow trap.
    @Test(arguments: [
        "99999999999999999:00:00,000", "99999999999999999:00.000", "9223372036854775807:00:00.000",
        "00:9223372036854775807:00.000", "2562047788015216:00:00.000", "1000001:00:00.000",
        "٣:00:00.000", "+1:00:00.000", "-1:00:00.000",
    ])
    func hugeOrStrangeTimesAreProblemsNotCrashes(time: String) {
        let srt = "1\n\(time) --> \(time)\nboom\n\n2\n00:00:01,000 --> 00:00:02,000\nok\n"
        let file = CaptionFile(text: srt)
        #expect(file.cues == [.init(startMs: 1000, endMs: 2000, text: "ok")])
        #expect(file.problems.count == 1)
        #expect(file.problems.first?.hasPrefix("line 2: cannot read the times in") == true)
        let vtt = CaptionFile(text: "WEBVTT\n\n\(time) --> \(time)\nboom\n", format: .webVTT)
        #expect(vtt.cues.isEmpty && vtt.problems.count == 1)
    }

    @Test func theLatestReadableTimeIsAMillionHours() {
        #expect(CaptionFile.parseTimestamp("1000000:00:00.000") == 3_600_000_000_000)
        #expect(CaptionFile.parseTimestamp("1000000:00:00.001") == nil)
        #expect(CaptionFile.parseTimestamp("60000001:00.000") == nil)
    }
}

import Testing
@testable import Media

struct MediaTimeTests {
    @Test(arguments: [
        ("12.5", 12_500),
        ("0", 0),
        ("01:02.250", 62_250),
        ("00:01:30.500", 90_500),
        ("1:00:00", 3_600_000),
        ("90s", 90_000),
        ("3m", 180_000),
        ("1h2m3s", 3_723_000),
        ("1500ms", 1_500),
    ])
    func parsesClockAndUnits(text: String, milliseconds: Int64) throws {
        #expect(try MediaTime(parsing: text).milliseconds == milliseconds)
    }

    @Test func parsesTimecodeWithFrames() throws {
        let t = try MediaTime(parsing: "00:00:02:12", frameRate: Rational(25, 1))
        #expect(t.milliseconds == 2_480)
        #expect(t.timecodeString(frameRate: Rational(25, 1)) == "00:00:02:12")
        let ntsc = try MediaTime(parsing: "00:00:01:00", frameRate: Rational(30000, 1001))
        #expect(abs(ntsc.seconds - 1.001) < 1e-9)
    }

    @Test(arguments: ["", "abc", "-3", "00:61:00", "00:00:01:30", "1:2:3:4:5", "12x", "5m3"])
    func rejectsBadText(text: String) {
        #expect(throws: TimeParseError.self) { try MediaTime(parsing: text, frameRate: Rational(25, 1)) }
    }

    @Test func errorMessageNamesTheText() {
        let error = #expect(throws: TimeParseError.self) { try MediaTime(parsing: "00:61:00") }
        #expect(error?.description == "invalid time '00:61:00': minutes must be below 60")
    }

    @Test func comparesExactlyAcrossTimeBases() {
        let a = MediaTime(value: 3003, timeBase: Rational(1, 30000))
        let b = MediaTime(value: 9009, timeBase: Rational(1, 90000))
        #expect(a == b)
        #expect(MediaTime(value: 1, timeBase: Rational(1, 25)) < MediaTime(value: 41, timeBase: Rational(1, 1000)))
        #expect((a + b).seconds == 0.2002)
        #expect(MediaTime(value: 1001, timeBase: Rational(1, 30000)).rescaled(to: Rational(1, 1000)).value == 33)
    }

    @Test func printsClockStrings() {
        #expect(MediaTime(milliseconds: 3_723_456).clockString == "01:02:03.456")
        #expect(MediaTime(seconds: 0.0404).clockString == "00:00:00.040")
    }
}

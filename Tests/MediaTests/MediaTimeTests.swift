import Foundation
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

    @Test func comparesExactlyAcrossTimeBases() throws {
        let a = try MediaTime(value: 3003, timeBase: Rational(1, 30000))
        let b = try MediaTime(value: 9009, timeBase: Rational(1, 90000))
        #expect(a == b)
        #expect(try MediaTime(value: 1, timeBase: Rational(1, 25)) < MediaTime(value: 41, timeBase: Rational(1, 1000)))
        #expect((a + b).seconds == 0.2002)
        #expect(try MediaTime(value: 1001, timeBase: Rational(1, 30000)).rescaled(to: Rational(1, 1000)).value == 33)
    }

    @Test func printsClockStrings() throws {
        #expect(MediaTime(milliseconds: 3_723_456).clockString == "01:02:03.456")
        #expect(try MediaTime(seconds: 0.0404).clockString == "00:00:00.040")
    }

    // Issue 10.1 / 11.1: times from users and files are errors, never traps.

    @Test(arguments: [
        "9223372036854775807", "9223372036854775807s", "9223372036854775s", "99999999999999999999",
        "99999999999999h", "1000001h", "3600000001", "9223372036854775807:00", "99999999999999999:00:00.000",
        "2562047788015:00:00", "9223372036854775807:00:00:00", String(repeating: "9", count: 400) + "s",
        String(repeating: "9", count: 400),
    ])
    func hugeTimesAreTooLarge(text: String) {
        let error = #expect(throws: TimeParseError.self) { try MediaTime(parsing: text, frameRate: Rational(25, 1)) }
        #expect(error?.reason == "too large (the most is 1000000 hours)")
    }

    @Test(arguments: ["nan", "NaN", "inf", "-inf", "1e400", "-0.5", "-1s", "٣", "٣s", "1+2s", "1..2", ".", "s", "0x10"])
    func negativeNaNAndMalformedTimesAreErrors(text: String) {
        #expect(throws: TimeParseError.self) { try MediaTime(parsing: text) }
    }

    @Test func theLargestTimeIsAccepted() throws {
        #expect(try MediaTime(parsing: "1000000h").milliseconds == 3_600_000_000_000)
        #expect(try MediaTime(parsing: "999999:59:59.999").milliseconds == 3_599_999_999_999)
    }

    @Test func framesNeedAUsableRate() {
        let error = #expect(throws: TimeParseError.self) { try MediaTime(parsing: "00:00:01:00", frameRate: Rational(0, 0)) }
        #expect(error?.reason == "frames need a usable frame rate, not 0/0")
        #expect(throws: TimeParseError.self) { try MediaTime(parsing: "00:00:01:00", frameRate: Rational(-25, 1)) }
    }

    @Test(arguments: [Rational(0, 0), Rational(1, 0), Rational(0, 1), Rational(-1, 25), Rational(1, -25)])
    func anUnusableTimeBaseIsANamedError(base: Rational) {
        let error = #expect(throws: MediaTimeError.self) { try MediaTime(value: 1, timeBase: base) }
        #expect(error == .invalidTimeBase(base))
    }

    @Test func secondsThatAreNotFiniteOrTooLargeAreNamedErrors() {
        #expect(throws: MediaTimeError.notFinite(.infinity)) { try MediaTime(seconds: .infinity) }
        #expect(throws: MediaTimeError.self) { try MediaTime(seconds: .nan) }
        #expect(throws: MediaTimeError.outOfRange(seconds: 1e300)) { try MediaTime(seconds: 1e300) }
        #expect(throws: MediaTimeError.outOfRange(seconds: -1e19)) { try MediaTime(seconds: -1e19) }
    }

    @Test func arithmeticSaturatesInsteadOfTrapping() {
        let big = MediaTime(microseconds: .max)
        #expect((big + big).value == .max)
        #expect((MediaTime(microseconds: .min) - big).value == .min)
        #expect(MediaTime.clock(seconds: .nan) == "--:--:--.---")
        #expect(MediaTime.clock(seconds: 1e300).hasPrefix("2555555555555:"))
        #expect(big.timecodeString(frameRate: Rational(25, 1)).isEmpty == false)
        #expect(big.timecodeString(frameRate: Rational(0, 0)).isEmpty == false)
    }

    @Test func decodingAStoredTimeChecksItsTimeBase() throws {
        let bad = Data(#"{"value": 5, "timeBase": {"numerator": 0, "denominator": 0}}"#.utf8)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(MediaTime.self, from: bad) }
        let good = Data(#"{"value": 5, "timeBase": {"numerator": 1, "denominator": 1000}}"#.utf8)
        #expect(try JSONDecoder().decode(MediaTime.self, from: good).milliseconds == 5)
    }
}

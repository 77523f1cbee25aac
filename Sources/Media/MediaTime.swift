import Foundation

/// A point in time or a duration: an integer count over a rational time base, like `CMTime`.
///
/// `seconds` is derived, for display; comparisons are exact. Nothing here traps on input: an unusable time base or
/// a number of seconds that is not finite is a thrown `MediaTimeError`, and `+`/`-` saturate at the ends of `Int64`.
public struct MediaTime: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    /// The count of `timeBase` units.
    public var value: Int64
    /// The length of one unit in seconds, e.g. 1/90000; always positive (checked when the value is made).
    public private(set) var timeBase: Rational

    /// A time of `value` units of `timeBase`.
    ///
    /// Throws `MediaTimeError.invalidTimeBase` unless the numerator and denominator are both positive.
    public init(value: Int64, timeBase: Rational) throws(MediaTimeError) {
        guard MediaTime.isUsable(timeBase) else { throw MediaTimeError.invalidTimeBase(timeBase) }
        self.value = value
        self.timeBase = timeBase
    }

    /// A time over a time base the caller knows is usable (a constant, or one checked with `isUsable`).
    init(value: Int64, checkedBase timeBase: Rational) {
        assert(MediaTime.isUsable(timeBase), "invalid time base \(timeBase)")
        self.value = value
        self.timeBase = MediaTime.isUsable(timeBase) ? timeBase : Rational(1, 1_000_000)
    }

    /// Whether `base` can be a time base: a positive numerator and denominator.
    public static func isUsable(_ base: Rational) -> Bool { base.numerator > 0 && base.denominator > 0 }

    /// A time from seconds, rounded to the nearest unit of `timeBase` (default: microseconds).
    ///
    /// Throws `MediaTimeError.notFinite` for NaN or infinity, `.outOfRange` when the count does not fit in `Int64`,
    /// `.invalidTimeBase` for an unusable base.
    public init(seconds: Double, timeBase: Rational = Rational(1, 1_000_000)) throws(MediaTimeError) {
        guard seconds.isFinite else { throw MediaTimeError.notFinite(seconds) }
        guard MediaTime.isUsable(timeBase) else { throw MediaTimeError.invalidTimeBase(timeBase) }
        let units = (seconds * Double(timeBase.denominator) / Double(timeBase.numerator)).rounded()
        // Int64(Double) traps outside (-2^63, 2^63); 2^63 itself is not representable.
        guard units.isFinite, units > -9.2e18, units < 9.2e18 else { throw MediaTimeError.outOfRange(seconds: seconds) }
        self.init(value: Int64(units), checkedBase: timeBase)
    }

    /// A time of `microseconds` µs.
    public init(microseconds: Int64) { self.init(value: microseconds, checkedBase: Rational(1, 1_000_000)) }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let value = try container.decode(Int64.self, forKey: .value)
        let base = try container.decode(Rational.self, forKey: .timeBase)
        guard MediaTime.isUsable(base) else {
            throw DecodingError.dataCorruptedError(forKey: .timeBase, in: container, debugDescription: "invalid time base \(base)")
        }
        self.init(value: value, checkedBase: base)
    }

    /// Zero seconds.
    public static let zero = MediaTime(microseconds: 0)

    /// The time in seconds (for display and approximate work).
    public var seconds: Double { Double(value) * Double(timeBase.numerator) / Double(timeBase.denominator) }

    /// Milliseconds, rounded to the nearest: the form the catalogue stores.
    public var milliseconds: Int64 { rescaled(to: Rational(1, 1000)).value }

    /// A time of `milliseconds` ms.
    public init(milliseconds: Int64) { self.init(value: milliseconds, checkedBase: Rational(1, 1000)) }

    /// The same instant in another time base, rounded to the nearest unit (ties away from zero),
    /// as `av_rescale_q` does.
    /// An unusable `other` (see `isUsable`) leaves the time unchanged.
    public func rescaled(to other: Rational) -> MediaTime {
        if other == timeBase || !MediaTime.isUsable(other) { return self }
        let num = Int128(value) * Int128(timeBase.numerator) * Int128(other.denominator)
        let den = Int128(timeBase.denominator) * Int128(other.numerator)
        let half = den / 2
        let q = num >= 0 ? (num + half) / den : (num - half) / den
        return MediaTime(value: Int64(clamping: q), checkedBase: other)
    }

    public static func < (lhs: MediaTime, rhs: MediaTime) -> Bool {
        lhs.crossProduct(rhs) < 0
    }

    public static func == (lhs: MediaTime, rhs: MediaTime) -> Bool {
        lhs.crossProduct(rhs) == 0
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(rescaled(to: Rational(1, 1_000_000_000)).value)
    }

    private func crossProduct(_ other: MediaTime) -> Int128 {
        let a = Int128(value) * Int128(timeBase.numerator) * Int128(other.timeBase.denominator)
        let b = Int128(other.value) * Int128(other.timeBase.numerator) * Int128(timeBase.denominator)
        return a - b
    }

    /// The sum, in the finer of the two time bases; saturates at the ends of `Int64` instead of overflowing.
    public static func + (lhs: MediaTime, rhs: MediaTime) -> MediaTime {
        let base = lhs.finerBase(rhs)
        let sum = Int128(lhs.rescaled(to: base).value) + Int128(rhs.rescaled(to: base).value)
        return MediaTime(value: Int64(clamping: sum), checkedBase: base)
    }

    /// The difference, in the finer of the two time bases; saturates at the ends of `Int64` instead of overflowing.
    public static func - (lhs: MediaTime, rhs: MediaTime) -> MediaTime {
        let base = lhs.finerBase(rhs)
        let difference = Int128(lhs.rescaled(to: base).value) - Int128(rhs.rescaled(to: base).value)
        return MediaTime(value: Int64(clamping: difference), checkedBase: base)
    }

    private func finerBase(_ other: MediaTime) -> Rational {
        timeBase.doubleValue <= other.timeBase.doubleValue ? timeBase : other.timeBase
    }

    /// `HH:MM:SS.mmm`, the form listings print.
    public var clockString: String { MediaTime.clock(seconds: seconds) }

    public var description: String { clockString }

    /// `HH:MM:SS.mmm` for a number of seconds (negative times get a leading minus).
    public static func clock(seconds: Double) -> String {
        guard seconds.isFinite else { return seconds.isNaN ? "--:--:--.---" : (seconds < 0 ? "-" : "") + "∞" }
        let negative = seconds < 0
        let totalMs = Int64(Swift.min((abs(seconds) * 1000).rounded(), 9.2e18))
        let ms = totalMs % 1000
        let s = (totalMs / 1000) % 60
        let m = (totalMs / 60_000) % 60
        let h = totalMs / 3_600_000
        let text = String(format: "%02lld:%02lld:%02lld.%03lld", h, m, s, ms)
        return negative ? "-" + text : text
    }

    /// `HH:MM:SS:FF` at a frame rate (non-drop-frame), the frame number rounded down.
    public func timecodeString(frameRate: Rational) -> String {
        let rate = frameRate.doubleValue.isFinite ? frameRate.doubleValue : 0
        let fps = max(1, Int64(Swift.min(rate.rounded(), 1e9)))
        let raw = (seconds * rate + 1e-6).rounded(.down)
        let frames = raw.isFinite ? Int64(Swift.max(-9.2e18, Swift.min(raw, 9.2e18))) : 0
        let ff = frames % fps
        let totalSeconds = frames / fps
        return String(format: "%02lld:%02lld:%02lld:%02lld", totalSeconds / 3600, (totalSeconds / 60) % 60, totalSeconds % 60, ff)
    }
}

/// Why a `MediaTime` could not be made from numbers.
public enum MediaTimeError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A time base whose numerator or denominator is zero or negative.
    case invalidTimeBase(Rational)
    /// NaN or an infinity where seconds were expected.
    case notFinite(Double)
    /// A number of seconds too large to count in the time base.
    case outOfRange(seconds: Double)

    public var description: String {
        switch self {
        case .invalidTimeBase(let base): "invalid time base \(base.numerator)/\(base.denominator)"
        case .notFinite(let seconds): "a time of \(seconds) seconds is not a number"
        case .outOfRange(let seconds): "a time of \(seconds) seconds is out of range"
        }
    }
}

/// Why a time could not be read from text.
public struct TimeParseError: Error, Sendable, Equatable, CustomStringConvertible {
    public let text: String
    public let reason: String
    public var description: String { "invalid time '\(text)': \(reason)" }
}

extension MediaTime {
    /// The largest time `init(parsing:)` accepts: 1,000,000 hours. Far beyond any recording, and small enough
    /// that the time fits in `Int64` in every time base Reel uses (down to nanoseconds) with room for arithmetic.
    public static let largestParsedSeconds: Int64 = 3_600_000_000

    /// Reads a time written as `SS.sss`, `MM:SS.sss`, `HH:MM:SS.mmm`, `HH:MM:SS:FF` (frames, needs `frameRate`;
    /// 25 is assumed when none is given) or a duration with units such as `90s`, `3m`, `1h2m30s`, `1500ms`.
    ///
    /// Throws `TimeParseError` with a reason a user can act on: malformed text, negative or larger than
    /// `largestParsedSeconds` (never traps, however many digits).
    public init(parsing text: String, frameRate: Rational? = nil) throws(TimeParseError) {
        let s = text.trimmingCharacters(in: .whitespaces)
        guard !s.isEmpty else { throw TimeParseError(text: text, reason: "empty") }
        if s.hasPrefix("-") { throw TimeParseError(text: text, reason: "negative times are not allowed") }
        let limit = MediaTime.largestParsedSeconds
        let tooLarge = TimeParseError(text: text, reason: "too large (the most is \(limit / 3600) hours)")
        func ms(_ seconds: Double) throws(TimeParseError) -> MediaTime {
            guard seconds.isFinite, seconds >= 0 else { throw tooLarge }
            guard seconds <= Double(limit) else { throw tooLarge }
            return MediaTime(value: Int64((seconds * 1000).rounded()), checkedBase: Rational(1, 1000))
        }
        if s.last?.isLetter == true {
            self = try ms(MediaTime.parseUnits(s, original: text))
            return
        }
        let parts = s.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        func number(_ p: String, _ what: String, max: Double? = nil) throws(TimeParseError) -> Double {
            guard !p.isEmpty, p.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }), let v = Double(p) else {
                throw TimeParseError(text: text, reason: "\(what) '\(p)' is not a number")
            }
            guard v.isFinite else { throw tooLarge }
            if let max, v >= max { throw TimeParseError(text: text, reason: "\(what) must be below \(Int(max))") }
            if v > Double(limit) { throw tooLarge }
            return v
        }
        func whole(_ p: String, _ what: String, max: Int64? = nil) throws(TimeParseError) -> Int64 {
            guard !p.isEmpty, p.allSatisfy({ $0.isASCII && $0.isNumber }) else {
                throw TimeParseError(text: text, reason: "\(what) '\(p)' is not a whole number")
            }
            // Too many digits for Int64 is a number, just too large.
            guard let v = Int64(p), v <= limit else { throw tooLarge }
            if let max, v >= max { throw TimeParseError(text: text, reason: "\(what) must be below \(max)") }
            return v
        }
        switch parts.count {
        case 1:
            self = try ms(number(parts[0], "seconds"))
        case 2:
            let m = try whole(parts[0], "minutes")
            self = try ms(Double(m) * 60 + number(parts[1], "seconds", max: 60))
        case 3:
            let h = try whole(parts[0], "hours")
            let m = try whole(parts[1], "minutes", max: 60)
            self = try ms(Double(h) * 3600 + Double(m) * 60 + number(parts[2], "seconds", max: 60))
        case 4:
            let rate = frameRate ?? Rational(25, 1)
            guard MediaTime.isUsable(rate), rate.doubleValue >= 0.5, rate.doubleValue <= 1_000_000 else {
                throw TimeParseError(text: text, reason: "frames need a usable frame rate, not \(rate)")
            }
            let fps = Int64(rate.doubleValue.rounded())
            let h = try whole(parts[0], "hours")
            let m = try whole(parts[1], "minutes", max: 60)
            let sec = try whole(parts[2], "seconds", max: 60)
            let f = try whole(parts[3], "frames", max: fps)
            let wholeSeconds = h * 3600 + m * 60 + sec  // at most 3.6e9 + 3600: no overflow
            guard wholeSeconds <= limit else { throw tooLarge }
            // One unit = one frame at the (nominal) rate; at most 3.6e15 frames.
            self = MediaTime(value: wholeSeconds * fps + f, checkedBase: rate.inverted)
        default:
            throw TimeParseError(text: text, reason: "expected SS.sss, HH:MM:SS.mmm or HH:MM:SS:FF")
        }
    }

    /// The seconds in `90s`, `1h2m30s`, `1500ms`; may be huge or infinite (the caller checks the range).
    private static func parseUnits(_ s: String, original: String) throws(TimeParseError) -> Double {
        var total = 0.0
        var digits = ""
        var index = s.startIndex
        var sawUnit = false
        while index < s.endIndex {
            let c = s[index]
            if c.isASCII && (c.isNumber || c == ".") {
                digits.append(c)
                index = s.index(after: index)
                continue
            }
            var unit = ""
            while index < s.endIndex, s[index].isLetter {
                unit.append(s[index])
                index = s.index(after: index)
            }
            guard let v = Double(digits) else {
                throw TimeParseError(text: original, reason: unit.isEmpty ? "unexpected '\(c)'" : "expected a number before '\(unit)'")
            }
            switch unit.lowercased() {
            case "h": total += v * 3600
            case "m", "min": total += v * 60
            case "s", "sec": total += v
            case "ms": total += v / 1000
            default: throw TimeParseError(text: original, reason: "unknown unit '\(unit)' (use h, m, s or ms)")
            }
            digits = ""
            sawUnit = true
        }
        guard sawUnit, digits.isEmpty else {
            throw TimeParseError(text: original, reason: "a number without a unit at the end")
        }
        return total
    }
}

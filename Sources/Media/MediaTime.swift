import Foundation

/// A point in time or a duration: an integer count over a rational time base, like `CMTime`.
///
/// `seconds` is derived, for display; comparisons and arithmetic are exact.
public struct MediaTime: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    /// The count of `timeBase` units.
    public var value: Int64
    /// The length of one unit in seconds, e.g. 1/90000.
    public var timeBase: Rational

    public init(value: Int64, timeBase: Rational) {
        precondition(timeBase.denominator != 0 && timeBase.numerator > 0, "invalid time base \(timeBase)")
        self.value = value
        self.timeBase = timeBase
    }

    /// A time from seconds, rounded to the nearest unit of `timeBase` (default: microseconds).
    public init(seconds: Double, timeBase: Rational = Rational(1, 1_000_000)) {
        let units = seconds * Double(timeBase.denominator) / Double(timeBase.numerator)
        self.init(value: Int64(units.rounded()), timeBase: timeBase)
    }

    /// Zero seconds.
    public static let zero = MediaTime(value: 0, timeBase: Rational(1, 1_000_000))

    /// The time in seconds (for display and approximate work).
    public var seconds: Double { Double(value) * Double(timeBase.numerator) / Double(timeBase.denominator) }

    /// Milliseconds, rounded to the nearest: the form the catalogue stores.
    public var milliseconds: Int64 { rescaled(to: Rational(1, 1000)).value }

    /// A time of `milliseconds` ms.
    public init(milliseconds: Int64) { self.init(value: milliseconds, timeBase: Rational(1, 1000)) }

    /// The same instant in another time base, rounded to the nearest unit (ties away from zero),
    /// as `av_rescale_q` does.
    public func rescaled(to other: Rational) -> MediaTime {
        if other == timeBase { return self }
        let num = Int128(value) * Int128(timeBase.numerator) * Int128(other.denominator)
        let den = Int128(timeBase.denominator) * Int128(other.numerator)
        let half = den / 2
        let q = num >= 0 ? (num + half) / den : (num - half) / den
        return MediaTime(value: Int64(clamping: q), timeBase: other)
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

    /// The sum, in the finer of the two time bases.
    public static func + (lhs: MediaTime, rhs: MediaTime) -> MediaTime {
        let base = lhs.finerBase(rhs)
        return MediaTime(value: lhs.rescaled(to: base).value + rhs.rescaled(to: base).value, timeBase: base)
    }

    /// The difference, in the finer of the two time bases.
    public static func - (lhs: MediaTime, rhs: MediaTime) -> MediaTime {
        let base = lhs.finerBase(rhs)
        return MediaTime(value: lhs.rescaled(to: base).value - rhs.rescaled(to: base).value, timeBase: base)
    }

    private func finerBase(_ other: MediaTime) -> Rational {
        timeBase.doubleValue <= other.timeBase.doubleValue ? timeBase : other.timeBase
    }

    /// `HH:MM:SS.mmm`, the form listings print.
    public var clockString: String { MediaTime.clock(seconds: seconds) }

    public var description: String { clockString }

    /// `HH:MM:SS.mmm` for a number of seconds (negative times get a leading minus).
    public static func clock(seconds: Double) -> String {
        let negative = seconds < 0
        let totalMs = Int64((abs(seconds) * 1000).rounded())
        let ms = totalMs % 1000
        let s = (totalMs / 1000) % 60
        let m = (totalMs / 60_000) % 60
        let h = totalMs / 3_600_000
        let text = String(format: "%02lld:%02lld:%02lld.%03lld", h, m, s, ms)
        return negative ? "-" + text : text
    }

    /// `HH:MM:SS:FF` at a frame rate (non-drop-frame), the frame number rounded down.
    public func timecodeString(frameRate: Rational) -> String {
        let fps = max(1, Int64(frameRate.doubleValue.rounded()))
        let frames = Int64((seconds * frameRate.doubleValue + 1e-6).rounded(.down))
        let ff = frames % fps
        let totalSeconds = frames / fps
        return String(format: "%02lld:%02lld:%02lld:%02lld", totalSeconds / 3600, (totalSeconds / 60) % 60, totalSeconds % 60, ff)
    }
}

/// Why a time could not be read from text.
public struct TimeParseError: Error, Sendable, Equatable, CustomStringConvertible {
    public let text: String
    public let reason: String
    public var description: String { "invalid time '\(text)': \(reason)" }
}

extension MediaTime {
    /// Reads a time written as `SS.sss`, `MM:SS.sss`, `HH:MM:SS.mmm`, `HH:MM:SS:FF` (frames, needs `frameRate`;
    /// 25 is assumed when none is given) or a duration with units such as `90s`, `3m`, `1h2m30s`, `1500ms`.
    ///
    /// Throws `TimeParseError` with a reason a user can act on.
    public init(parsing text: String, frameRate: Rational? = nil) throws {
        let s = text.trimmingCharacters(in: .whitespaces)
        guard !s.isEmpty else { throw TimeParseError(text: text, reason: "empty") }
        if s.hasPrefix("-") { throw TimeParseError(text: text, reason: "negative times are not allowed") }
        if s.last?.isLetter == true {
            self = try MediaTime.parseUnits(s, original: text)
            return
        }
        let parts = s.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        func number(_ p: String, _ what: String, max: Double? = nil) throws -> Double {
            guard !p.isEmpty, p.allSatisfy({ $0.isNumber || $0 == "." }), let v = Double(p) else {
                throw TimeParseError(text: text, reason: "\(what) '\(p)' is not a number")
            }
            if let max, v >= max { throw TimeParseError(text: text, reason: "\(what) must be below \(Int(max))") }
            return v
        }
        func whole(_ p: String, _ what: String, max: Int? = nil) throws -> Int64 {
            guard !p.isEmpty, p.allSatisfy(\.isNumber), let v = Int64(p) else {
                throw TimeParseError(text: text, reason: "\(what) '\(p)' is not a whole number")
            }
            if let max, v >= max { throw TimeParseError(text: text, reason: "\(what) must be below \(max)") }
            return v
        }
        func ms(_ seconds: Double) -> MediaTime { MediaTime(value: Int64((seconds * 1000).rounded()), timeBase: Rational(1, 1000)) }
        switch parts.count {
        case 1:
            self = ms(try number(parts[0], "seconds"))
        case 2:
            let m = try whole(parts[0], "minutes")
            self = ms(Double(m) * 60 + (try number(parts[1], "seconds", max: 60)))
        case 3:
            let h = try whole(parts[0], "hours")
            let m = try whole(parts[1], "minutes", max: 60)
            self = ms(Double(h * 3600 + m * 60) + (try number(parts[2], "seconds", max: 60)))
        case 4:
            let rate = frameRate ?? Rational(25, 1)
            let fps = Int64(rate.doubleValue.rounded())
            let h = try whole(parts[0], "hours")
            let m = try whole(parts[1], "minutes", max: 60)
            let sec = try whole(parts[2], "seconds", max: 60)
            let f = try whole(parts[3], "frames", max: Int(fps))
            let frames = (h * 3600 + m * 60 + sec) * fps + f
            // One unit = one frame at the (nominal) rate.
            self = MediaTime(value: frames, timeBase: rate.inverted)
        default:
            throw TimeParseError(text: text, reason: "expected SS.sss, HH:MM:SS.mmm or HH:MM:SS:FF")
        }
    }

    private static func parseUnits(_ s: String, original: String) throws -> MediaTime {
        var total = 0.0
        var digits = ""
        var index = s.startIndex
        var sawUnit = false
        while index < s.endIndex {
            let c = s[index]
            if c.isNumber || c == "." {
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
                throw TimeParseError(text: original, reason: "expected a number before '\(unit)'")
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
        return MediaTime(value: Int64((total * 1000).rounded()), timeBase: Rational(1, 1000))
    }
}

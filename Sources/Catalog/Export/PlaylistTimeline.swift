import Foundation
import Media

/// The usable entries of a playlist laid end to end on one timeline, in whole frames of the playlist's frame rate,
/// as the exports (EDL, OTIO, WebVTT chapters, M3U8, HTML) all place them.
///
/// Each entry's length is its range rounded to the nearest frame at the playlist rate; record times are the sum
/// of the lengths before it. The playlist rate is the nominal rate (24, 25, 29.97…) that covers most of the
/// running time, 25 when no clip has video.
public struct PlaylistTimeline: Sendable, Equatable {
    /// One entry placed on the timeline.
    public struct Entry: Sendable, Equatable {
        /// The playlist entry.
        public var entry: PlaylistEntry
        /// The 1-based place in the exported playlist (after consent left some out).
        public var number: Int
        /// The clip's own nominal frame rate (the playlist rate when the clip has no video).
        public var clipRate: Rational
        /// Where the entry starts on the timeline, in playlist frames.
        public var recordStartFrame: Int64
        /// The entry's length in playlist frames.
        public var durationFrames: Int64
        /// Where the range starts in the clip, in playlist frames.
        public var sourceStartFrame: Int64

        /// The end on the timeline, in playlist frames.
        public var recordEndFrame: Int64 { recordStartFrame + durationFrames }
    }

    /// The playlist's name.
    public var name: String
    /// The title people see (`Playlist.displayTitle`).
    public var title: String
    /// The playlist's frame rate.
    public var frameRate: Rational
    /// The entries in playing order.
    public var entries: [Entry]

    /// A timeline from its parts.
    public init(name: String, frameRate: Rational, entries: [Entry], title: String? = nil) {
        self.name = name
        self.title = title ?? name
        self.frameRate = frameRate
        self.entries = entries
    }

    /// Lays out the usable entries of a selection.
    public init(selection: PlaylistExportSelection) {
        let entries = selection.usable
        var weight: [Rational: Int64] = [:]
        var firstSeen: [Rational] = []
        for e in entries {
            guard let rate = PlaylistTimeline.nominalRate(e.clip.frameRate) else { continue }
            if weight[rate] == nil { firstSeen.append(rate) }
            weight[rate, default: 0] += e.item.durationMs
        }
        let rate = firstSeen.max { (weight[$0]!, -(firstSeen.firstIndex(of: $0)!)) < (weight[$1]!, -(firstSeen.firstIndex(of: $1)!)) }
            ?? Rational(25, 1)
        var start: Int64 = 0
        var placed: [Entry] = []
        for (n, e) in entries.enumerated() {
            let frames = max(1, PlaylistTimeline.frames(ms: e.item.durationMs, rate: rate))
            placed.append(Entry(entry: e, number: n + 1, clipRate: PlaylistTimeline.nominalRate(e.clip.frameRate) ?? rate,
                                recordStartFrame: start, durationFrames: frames,
                                sourceStartFrame: PlaylistTimeline.frames(ms: e.item.startMs, rate: rate)))
            start += frames
        }
        self.init(name: selection.playlist.name, frameRate: rate, entries: placed, title: selection.playlist.displayTitle)
    }

    /// The total length in playlist frames.
    public var totalFrames: Int64 { entries.last?.recordEndFrame ?? 0 }

    /// A frame count at the playlist rate as a time (zero when the rate is not a usable, positive fraction).
    public func time(frames: Int64) -> MediaTime { (try? MediaTime(value: frames, timeBase: frameRate.inverted)) ?? .zero }

    /// The total length as a time.
    public var duration: MediaTime { time(frames: totalFrames) }

    /// The number of whole frames nearest to `ms` milliseconds at `rate`.
    public static func frames(ms: Int64, rate: Rational) -> Int64 {
        MediaTime(milliseconds: ms).rescaled(to: rate.inverted).value
    }

    /// The standard rates clips are snapped to for timelines.
    public static let standardRates: [Rational] = [
        Rational(24000, 1001), Rational(24, 1), Rational(25, 1), Rational(30000, 1001), Rational(30, 1),
        Rational(48, 1), Rational(50, 1), Rational(60000, 1001), Rational(60, 1),
    ]

    /// The standard rate nearest to a clip's frame rate (`30000/1001`, `25`, or a measured `2191/100` from a
    /// variable-rate phone clip); nil when the clip has no frame rate.
    public static func nominalRate(_ text: String?) -> Rational? {
        guard let text, let rate = Catalog.parseRational(text), rate.doubleValue > 0 else { return nil }
        let value = rate.doubleValue
        return standardRates.min { abs($0.doubleValue - value) < abs($1.doubleValue - value) }
    }

    /// The integer frames per second a timecode counts at this rate (30 for 29.97 non-drop-frame).
    public static func timecodeBase(_ rate: Rational) -> Int64 { max(1, Int64(rate.doubleValue.rounded())) }

    /// `HH:MM:SS:FF` for a frame count at `rate`, non-drop-frame.
    public static func timecode(frames: Int64, rate: Rational) -> String {
        let fps = timecodeBase(rate)
        let f = max(0, frames)
        let seconds = f / fps
        return String(format: "%02lld:%02lld:%02lld:%02lld", seconds / 3600 % 100, seconds / 60 % 60, seconds % 60, f % fps)
    }

    /// The frame count of `HH:MM:SS:FF` (or `HH:MM:SS;FF`) at `rate`, non-drop-frame; nil for other text.
    public static func frames(timecode: String, rate: Rational) -> Int64? {
        let parts = timecode.split(whereSeparator: { $0 == ":" || $0 == ";" || $0 == "." }).compactMap { Int64($0) }
        guard parts.count == 4 else { return nil }
        let fps = timecodeBase(rate)
        return ((parts[0] * 60 + parts[1]) * 60 + parts[2]) * fps + parts[3]
    }

    /// `HH:MM:SS.mmm`, the form WebVTT uses.
    public static func vttTime(_ time: MediaTime) -> String {
        let ms = time.milliseconds
        return String(format: "%02lld:%02lld:%02lld.%03lld", ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60, ms % 1000)
    }
}

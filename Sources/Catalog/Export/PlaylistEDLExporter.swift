import Foundation

/// Writes a playlist as a CMX3600 edit decision list, for editing suites that conform from the source clips.
///
/// `TITLE:` and `FCM: NON-DROP FRAME`, then one cut event per item: event number, a reel name of at most 8
/// characters (the clip's short id in capitals, `3FA2C1`), channels `AA/V`, `C`, source in/out and record in/out
/// timecodes at the playlist frame rate, followed by `* FROM CLIP NAME:` and `* SOURCE FILE:` comments. Source
/// timecodes start at the clip's own start timecode when it has one (a camera or tmcd track); the record side
/// starts at 01:00:00:00.
public enum PlaylistEDLExporter {
    /// Where the record side starts: one hour, by convention.
    public static let recordStartSeconds: Int64 = 3600

    /// The EDL text (lines end with `\n`).
    public static func edl(_ timeline: PlaylistTimeline) -> String {
        let rate = timeline.frameRate
        let fps = PlaylistTimeline.timecodeBase(rate)
        var out = "TITLE: \(title(timeline.name))\nFCM: NON-DROP FRAME\n"
        let recordBase = recordStartSeconds * fps
        for e in timeline.entries {
            let clipStart = (try? e.entry.clip.mediaInfo)?.timecode.flatMap { PlaylistTimeline.frames(timecode: $0, rate: rate) } ?? 0
            let srcIn = clipStart + e.sourceStartFrame
            let fields = [
                String(format: "%03d", e.number % 1000),
                "",
                pad(reelName(e.entry.clip), 8),
                pad("AA/V", 5),
                pad("C", 4),
                "   ",
                PlaylistTimeline.timecode(frames: srcIn, rate: rate),
                PlaylistTimeline.timecode(frames: srcIn + e.durationFrames, rate: rate),
                PlaylistTimeline.timecode(frames: recordBase + e.recordStartFrame, rate: rate),
                PlaylistTimeline.timecode(frames: recordBase + e.recordEndFrame, rate: rate),
            ]
            out += "\n" + fields.joined(separator: " ") + "\n"
            out += "* FROM CLIP NAME: \(comment(e.entry.clip.fileName))\n"
            out += "* COMMENT: \(comment(e.entry.displayTitle))\n"
            out += "* SOURCE FILE: \(comment(e.entry.clip.path))\n"
        }
        return out
    }

    /// The clip's short id without `c-`, in capitals, at most 8 characters: `3FA2C1`.
    public static func reelName(_ clip: Clip) -> String {
        let hex = clip.shortID.hasPrefix("c-") ? String(clip.shortID.dropFirst(2)) : clip.shortID
        return String(hex.uppercased().filter { $0.isLetter || $0.isNumber }.prefix(8))
    }

    /// A title on one line, ASCII where possible, at most 70 characters.
    static func title(_ name: String) -> String { String(comment(name).prefix(70)) }

    /// Comment text on one line.
    static func comment(_ text: String) -> String { text.split(whereSeparator: \.isNewline).joined(separator: " ") }

    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }
}

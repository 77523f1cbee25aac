import Foundation
import Playlists

/// Writes a playlist's chapters as WebVTT: one cue per item over the playlist's timeline.
///
/// Cue times come from `PlaylistTimeline` (whole frames), so they line up with the EDL and the trimmed files.
public enum PlaylistChapterExporter {
    /// The WebVTT text: `WEBVTT`, then cues titled `1. Sam Patel — Porter: title (Every staff member has a role)`.
    public static func webVTT(_ timeline: PlaylistTimeline, taxonomy: Taxonomy) -> String {
        var out = "WEBVTT\n\nNOTE chapters of the playlist \(sanitize(timeline.name)), \(timeline.entries.count) items\n"
        for e in timeline.entries {
            let start = PlaylistTimeline.vttTime(timeline.time(frames: e.recordStartFrame))
            let end = PlaylistTimeline.vttTime(timeline.time(frames: e.recordEndFrame))
            out += "\n\(e.number)\n\(start) --> \(end)\n\(sanitize(chapterTitle(e, taxonomy: taxonomy)))\n"
        }
        return out
    }

    /// `1. Sam Patel — Porter: title (Every staff member has a role)`.
    public static func chapterTitle(_ e: PlaylistTimeline.Entry, taxonomy: Taxonomy) -> String {
        var title = "\(e.number). \(e.entry.displayTitle)"
        if let theme = sectionLabel(e.entry, taxonomy: taxonomy) { title += " (\(theme))" }
        return title
    }

    /// The label of the item's section: `Opening`, a theme label, `Closing reflection`, or nil.
    public static func sectionLabel(_ entry: PlaylistEntry, taxonomy: Taxonomy) -> String? {
        let theme = entry.item.themeID.flatMap { taxonomy.theme(id: $0)?.label ?? $0 }
        switch entry.item.section {
        case .opening: return theme.map { "Opening: \($0)" } ?? "Opening"
        case .closing: return theme.map { "Closing reflection: \($0)" } ?? "Closing reflection"
        case .theme: return theme
        case .added: return entry.themes.first.flatMap { taxonomy.theme(id: $0)?.label }
        }
    }

    /// Text safe inside a cue: one line, no `-->`, `&`, `<` and `>` escaped as WebVTT requires.
    static func sanitize(_ text: String) -> String {
        text.replacingOccurrences(of: "-->", with: "→").split(whereSeparator: \.isNewline).joined(separator: " ")
            .replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }
}

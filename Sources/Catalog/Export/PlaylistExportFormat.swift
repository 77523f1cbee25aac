/// A file format `reel playlist export` writes.
public enum PlaylistExportFormat: String, Sendable, Codable, CaseIterable {
    /// Extended M3U with `#EXTINF` durations and titles, over frame-accurate trimmed files beside it.
    case m3u8
    /// Every item's facts: clip, range, themes, speaker, role, consent reference.
    case json
    /// An OpenTimelineIO timeline: one video track, clips with source ranges, theme markers.
    case otio
    /// A CMX3600 edit decision list.
    case edl
    /// WebVTT chapters over the playlist's timeline.
    case vttChapters = "vtt-chapters"
    /// One self-contained web page that plays the trimmed files in order, with chapters and captions.
    case html

    /// The default file name ending: `.m3u8`, `.json`, `.otio`, `.edl`, `.chapters.vtt`, `.html`.
    public var fileSuffix: String {
        switch self {
        case .vttChapters: return ".chapters.vtt"
        default: return "." + rawValue
        }
    }

    /// Whether the format needs trimmed media files beside it (written into `NAME.media/`).
    public var writesMedia: Bool { self == .m3u8 || self == .html }
}

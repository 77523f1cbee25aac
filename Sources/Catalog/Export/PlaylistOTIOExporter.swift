import Foundation
import Media
import Playlists

/// Writes a playlist as an OpenTimelineIO timeline (`.otio`, the `otio_json` format).
///
/// One `Timeline.1` with a `Stack.1` holding one video `Track.1`; one `Clip.2` per item whose `source_range` is
/// the item's range as `RationalTime` at the clip's own (nominal) frame rate, against an `ExternalReference`
/// to the clip file as an absolute `file://` URL, with the whole clip as its `available_range`. Media time
/// starts at the clip's start timecode when it has one (`10:00:00:00` → 900 000 frames at 25 fps), as editing
/// suites expect. Each clip has a
/// `Marker.2` per theme over its range, and Reel's facts (speaker, role, consent reference, ids) in
/// `metadata.reel`. Loads with the `opentimelineio` Python package (`otio.adapters.read_from_file`).
public enum PlaylistOTIOExporter {
    /// The `.otio` JSON, pretty-printed with sorted keys.
    public static func otio(_ timeline: PlaylistTimeline, taxonomy: Taxonomy, audienceLabel: String? = nil) throws -> Data {
        let clips: [[String: Any]] = timeline.entries.map { clip($0, taxonomy: taxonomy) }
        let track: [String: Any] = [
            "OTIO_SCHEMA": "Track.1", "name": "Video 1", "kind": "Video", "metadata": [String: Any](), "source_range": NSNull(),
            "effects": [Any](), "markers": [Any](), "enabled": true, "children": clips,
        ]
        let stack: [String: Any] = [
            "OTIO_SCHEMA": "Stack.1", "name": "tracks", "metadata": [String: Any](), "source_range": NSNull(),
            "effects": [Any](), "markers": [Any](), "enabled": true, "children": [track],
        ]
        var reel: [String: Any] = ["playlist": timeline.name, "frameRate": timeline.frameRate.description]
        if let audienceLabel { reel["audience"] = audienceLabel }
        let root: [String: Any] = [
            "OTIO_SCHEMA": "Timeline.1", "name": timeline.name, "metadata": ["reel": reel],
            "global_start_time": rationalTime(0, timeline.frameRate), "tracks": stack,
        ]
        return try JSONSerialization.data(withJSONObject: root, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
    }

    static func clip(_ e: PlaylistTimeline.Entry, taxonomy: Taxonomy) -> [String: Any] {
        let entry = e.entry
        let rate = e.clipRate
        // Media time starts at the clip's own start timecode when it has one (a camera or tmcd track).
        let origin = (try? entry.clip.mediaInfo)?.timecode.flatMap { PlaylistTimeline.frames(timecode: $0, rate: rate) } ?? 0
        let start = PlaylistTimeline.frames(ms: entry.item.startMs, rate: rate)
        let frames = max(1, PlaylistTimeline.frames(ms: entry.item.endMs, rate: rate) - start)
        let range = timeRange(origin + start, frames, rate)
        var available: Any = NSNull()
        if let total = entry.clip.durationMs { available = timeRange(origin, PlaylistTimeline.frames(ms: total, rate: rate), rate) }
        let reference: [String: Any] = [
            "OTIO_SCHEMA": "ExternalReference.1", "name": entry.clip.fileName, "metadata": [String: Any](),
            "target_url": URL(fileURLWithPath: entry.clip.path).absoluteString, "available_range": available,
            "available_image_bounds": NSNull(),
        ]
        let markers: [[String: Any]] = entry.themes.map { theme in
            [
                "OTIO_SCHEMA": "Marker.2", "name": taxonomy.theme(id: theme)?.label ?? theme, "color": "GREEN",
                "marked_range": range, "comment": "theme: \(theme)", "metadata": ["reel": ["theme": theme]],
            ]
        }
        var reel: [String: Any] = [
            "position": e.number, "clip": entry.clip.shortID, "checksum": entry.clip.checksum, "themes": entry.themes,
            "section": entry.item.section.rawValue, "title": entry.item.title,
        ]
        if let s = entry.segmentShortID { reel["segment"] = s }
        if let speaker = entry.speaker { reel["speaker"] = speaker.name }
        if let role = entry.role { reel["role"] = role.id; reel["roleLabel"] = role.label; reel["audience"] = role.audience.rawValue }
        if let ref = entry.consent.reference { reel["consentReference"] = ref }
        return [
            "OTIO_SCHEMA": "Clip.2", "name": entry.displayTitle, "metadata": ["reel": reel], "source_range": range,
            "effects": [Any](), "markers": markers, "enabled": true,
            "media_references": ["DEFAULT_MEDIA": reference], "active_media_reference_key": "DEFAULT_MEDIA",
        ]
    }

    static func rationalTime(_ value: Int64, _ rate: Rational) -> [String: Any] {
        ["OTIO_SCHEMA": "RationalTime.1", "rate": rate.doubleValue, "value": Double(value)]
    }

    static func timeRange(_ start: Int64, _ duration: Int64, _ rate: Rational) -> [String: Any] {
        ["OTIO_SCHEMA": "TimeRange.1", "start_time": rationalTime(start, rate), "duration": rationalTime(duration, rate)]
    }
}

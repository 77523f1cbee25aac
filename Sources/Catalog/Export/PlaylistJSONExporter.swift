import Foundation
import Media
import Playlists

/// Writes a playlist as JSON: the playlist's facts and, for every exported item, its clip, range, place on the
/// timeline, themes, speaker, role and consent reference.
///
/// Only the usable entries appear; of those left out at export only their number is given, so the file names no
/// one whose consent was withdrawn. Times are given both as integer milliseconds and as seconds.
public enum PlaylistJSONExporter {
    struct Document: Encodable {
        var format = "reel-playlist"
        var version = 1
        var playlist: PlaylistFacts
        var items: [Item]
    }

    struct PlaylistFacts: Encodable {
        var name: String
        var audience: String
        var audienceLabel: String?
        var themes: [Named]
        var targetMs: Int64
        var seed: UInt64
        var edited: Bool
        var builtAt: Date
        var consentCheckedAt: Date
        var frameRate: String
        var durationMs: Int64
        var duration: Double
        var itemCount: Int
        var leftOutCount: Int
    }

    struct Named: Encodable {
        var id: String
        var label: String
    }

    struct Item: Encodable {
        var position: Int
        var id: String
        var title: String
        var displayTitle: String
        var section: String
        var sectionTheme: Named?
        var themes: [Named]
        var reason: String
        var startMs: Int64
        var endMs: Int64
        var durationMs: Int64
        var start: Double
        var end: Double
        var duration: Double
        var recordStartMs: Int64
        var recordStartTimecode: String
        var clip: ClipFacts
        var segment: String?
        var speaker: String?
        var role: Role?
        var consent: Consent
    }

    struct ClipFacts: Encodable {
        var id: String
        var path: String
        var fileName: String
        var checksum: String
        var durationMs: Int64?
        var frameRate: String?
        var container: String
        var videoCodec: String?
        var width: Int?
        var height: Int?
        var timecode: String?
    }

    struct Role: Encodable {
        var id: String
        var label: String
        var audience: String
    }

    struct Consent: Encodable {
        var state: String
        var reference: String?
        var expiresOn: String?
    }

    /// The JSON document, pretty-printed with sorted keys and ISO 8601 dates.
    public static func json(_ selection: PlaylistExportSelection, timeline: PlaylistTimeline, taxonomy: Taxonomy,
                            audienceLabel: String? = nil) throws -> Data {
        func named(_ id: String) -> Named { Named(id: id, label: taxonomy.theme(id: id)?.label ?? id) }
        let playlist = selection.playlist
        let items = timeline.entries.map { e -> Item in
            let entry = e.entry
            let clip = entry.clip
            return Item(
                position: e.number, id: entry.id, title: entry.item.title, displayTitle: entry.displayTitle,
                section: entry.item.section.rawValue, sectionTheme: entry.item.themeID.map(named), themes: entry.themes.map(named),
                reason: entry.item.reason, startMs: entry.item.startMs, endMs: entry.item.endMs, durationMs: entry.item.durationMs,
                start: Double(entry.item.startMs) / 1000, end: Double(entry.item.endMs) / 1000, duration: Double(entry.item.durationMs) / 1000,
                recordStartMs: timeline.time(frames: e.recordStartFrame).milliseconds,
                recordStartTimecode: PlaylistTimeline.timecode(frames: e.recordStartFrame, rate: timeline.frameRate),
                clip: ClipFacts(id: clip.shortID, path: clip.path, fileName: clip.fileName, checksum: clip.checksum,
                                durationMs: clip.durationMs, frameRate: clip.frameRate, container: clip.container,
                                videoCodec: clip.videoCodec, width: clip.width, height: clip.height, timecode: (try? clip.mediaInfo)?.timecode),
                segment: entry.segmentShortID, speaker: entry.speaker?.name,
                role: entry.role.map { Role(id: $0.id, label: $0.label, audience: $0.audience.rawValue) },
                consent: Consent(state: entry.consent.state.rawValue, reference: entry.consent.reference,
                                 expiresOn: entry.consent.expiresOn?.description))
        }
        let total = timeline.duration.milliseconds
        let document = Document(
            playlist: PlaylistFacts(
                name: playlist.name, audience: playlist.audienceID, audienceLabel: audienceLabel, themes: playlist.themes.map(named),
                targetMs: playlist.targetMs, seed: playlist.buildSeed, edited: playlist.edited, builtAt: playlist.createdAt,
                consentCheckedAt: selection.checkedAt, frameRate: timeline.frameRate.description, durationMs: total,
                duration: Double(total) / 1000, itemCount: items.count, leftOutCount: selection.leftOut.count),
            items: items)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return try encoder.encode(document)
    }
}

import Foundation
import Media
import Playlists

/// A clip with everything a listing, a playlist or a publisher needs: speaker, role, audience, themes,
/// flags, segments and consent at the time of the query.
///
/// Encodes to the JSON `reel clips --json` prints: `id`, `path`, `duration` (seconds), `durationMs`, `speaker`,
/// `role`, `audience`, `themes`, `consent`, `usable`, `flags`, `segments` and more.
public struct ClipSummary: Sendable, Equatable, Encodable {
    /// The clip record.
    public var clip: Clip
    /// The clip's speaker, when recorded.
    public var speaker: Speaker?
    /// The speaker's role, when the taxonomy has it.
    public var role: Role?
    /// Theme ids on the whole clip, sorted.
    public var themes: [String]
    /// Flags raised at import, in `QualityFlag` order.
    public var flags: [ClipFlag]
    /// Segments in time order, with their themes.
    public var segments: [SegmentSummary]
    /// The speaker's consent at the time of the query (`missing` when the clip has no speaker).
    public var consent: ConsentStatus

    /// Makes a value from its parts.
    public init(clip: Clip, speaker: Speaker?, role: Role?, themes: [String], flags: [ClipFlag], segments: [SegmentSummary],
                consent: ConsentStatus) {
        self.clip = clip
        self.speaker = speaker
        self.role = role
        self.themes = themes
        self.flags = flags
        self.segments = segments
        self.consent = consent
    }

    /// The short id, e.g. `c-3fa2c1`.
    public var id: String { clip.shortID }
    /// The clip's duration, when known.
    public var duration: MediaTime? { clip.duration }
    /// Clinical or non-clinical, from the speaker's role.
    public var audience: Audience? { role?.audience }
    /// Whether the clip may be used in playlists and published videos (consent is ok).
    public var isUsable: Bool { consent.state.isUsable }
    /// Theme ids on the clip or any of its segments, sorted.
    public var allThemes: [String] { Array(Set(themes + segments.flatMap(\.themes))).sorted() }

    private enum Keys: String, CodingKey {
        case id, path, fileName, title, notes, duration, durationMs, speaker, role, roleLabel, audience, themes, consent, usable,
             flags, segments, checksum, sizeBytes, container, videoCodec, width, height, frameRate, audioStreams, recordedAt
    }

    private struct FlagJSON: Encodable {
        var flag: String
        var detail: String
    }

    private struct SegmentJSON: Encodable {
        var id: String
        var from: Double
        var to: Double
        var fromMs: Int64
        var toMs: Int64
        var title: String
        var notes: String?
        var themes: [String]
    }

    private struct ConsentJSON: Encodable {
        var state: String
        var reference: String?
        var expiresOn: String?
        var changedAt: Date?
        var changedBy: String?
        var reason: String?
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(id, forKey: .id)
        try c.encode(clip.path, forKey: .path)
        try c.encode(clip.fileName, forKey: .fileName)
        try c.encode(clip.title, forKey: .title)
        try c.encodeIfPresent(clip.notes, forKey: .notes)
        try c.encode(clip.durationMs.map { Double($0) / 1000 }, forKey: .duration)
        try c.encode(clip.durationMs, forKey: .durationMs)
        try c.encode(speaker?.name, forKey: .speaker)
        try c.encode(role?.id ?? speaker?.roleID, forKey: .role)
        try c.encode(role?.label, forKey: .roleLabel)
        try c.encode(audience?.rawValue, forKey: .audience)
        try c.encode(themes, forKey: .themes)
        try c.encode(ConsentJSON(state: consent.state.rawValue, reference: consent.reference, expiresOn: consent.expiresOn?.description,
                                 changedAt: consent.changedAt, changedBy: consent.changedBy, reason: consent.reason), forKey: .consent)
        try c.encode(isUsable, forKey: .usable)
        try c.encode(flags.map { FlagJSON(flag: $0.flag.rawValue, detail: $0.detail) }, forKey: .flags)
        try c.encode(segments.map {
            SegmentJSON(id: $0.id, from: Double($0.segment.startMs) / 1000, to: Double($0.segment.endMs) / 1000,
                        fromMs: $0.segment.startMs, toMs: $0.segment.endMs, title: $0.segment.title, notes: $0.segment.notes,
                        themes: $0.themes)
        }, forKey: .segments)
        try c.encode(clip.checksum, forKey: .checksum)
        try c.encode(clip.sizeBytes, forKey: .sizeBytes)
        try c.encode(clip.container, forKey: .container)
        try c.encode(clip.videoCodec, forKey: .videoCodec)
        try c.encode(clip.width, forKey: .width)
        try c.encode(clip.height, forKey: .height)
        try c.encode(clip.frameRate, forKey: .frameRate)
        try c.encode(clip.audioStreamCount, forKey: .audioStreams)
        try c.encode(clip.recordedAt, forKey: .recordedAt)
    }
}

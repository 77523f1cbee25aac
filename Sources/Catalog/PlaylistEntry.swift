import Foundation
import Media
import Playlists

/// A playlist item with everything exports and listings need, read from the catalogue at one moment: the clip,
/// the speaker, their role, their consent at that moment, and the themes of the segment or clip.
public struct PlaylistEntry: Sendable, Equatable {
    /// The stored item (range, section, reason).
    public var item: PlaylistItem
    /// The clip it plays.
    public var clip: Clip
    /// The segment's short id when the item plays a segment that still exists.
    public var segmentShortID: String?
    /// The clip's speaker, if any.
    public var speaker: Speaker?
    /// The speaker's role, when the taxonomy has it.
    public var role: Role?
    /// The speaker's consent at the moment the entry was read.
    public var consent: ConsentStatus
    /// Theme ids of the segment (or the clip's, when the segment has none), sorted.
    public var themes: [String]

    /// An entry from its parts.
    public init(item: PlaylistItem, clip: Clip, segmentShortID: String?, speaker: Speaker?, role: Role?, consent: ConsentStatus,
                themes: [String]) {
        self.item = item
        self.clip = clip
        self.segmentShortID = segmentShortID
        self.speaker = speaker
        self.role = role
        self.consent = consent
        self.themes = themes
    }

    /// The id commands accept for the item: the segment's short id, or the clip's.
    public var id: String { segmentShortID ?? clip.shortID }
    /// Where the item starts in its clip.
    public var start: MediaTime { MediaTime(milliseconds: item.startMs) }
    /// Where it ends in its clip.
    public var end: MediaTime { MediaTime(milliseconds: item.endMs) }
    /// Its length.
    public var duration: MediaTime { MediaTime(milliseconds: item.durationMs) }

    /// `Sam Patel, porter`, or `no speaker`.
    public var voice: String {
        guard let speaker else { return "no speaker" }
        return "\(speaker.name), \((role?.label ?? speaker.roleID).lowercased())"
    }

    /// `Sam Patel — Porter: title`, the title players show.
    public var displayTitle: String {
        let who = speaker.map { "\($0.name) — \(role?.label ?? $0.roleID)" } ?? "Unknown speaker"
        return "\(who): \(item.title)"
    }

    /// Whether the speaker's consent allows the item to be used.
    public var isUsable: Bool { consent.state.isUsable }
}

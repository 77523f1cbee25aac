import Foundation
import Media

/// A segment (or a whole clip that has no segments) the playlist builder may choose, with the facts it weighs.
///
/// Built from the catalogue by `Catalog.playlistCandidates(at:)`, or in code for tests and benchmarks: the
/// builder needs no database. Times are integer milliseconds within the clip.
public struct PlaylistCandidate: Sendable, Equatable, Hashable {
    /// The short id: the segment's (`s-3fa2c1-2`) or, for a whole clip, the clip's (`c-3fa2c1`).
    public var id: String
    /// The clip's row id.
    public var clipID: Int64
    /// The clip's short id, e.g. `c-3fa2c1`.
    public var clipShortID: String
    /// The segment's row id; nil for a whole clip.
    public var segmentID: Int64?
    /// The segment's or clip's title.
    public var title: String
    /// Where the range starts in the clip (ms).
    public var startMs: Int64
    /// Where the range ends in the clip (ms).
    public var endMs: Int64
    /// The speaker's row id; nil when the clip has no speaker.
    public var speakerID: Int64?
    /// The speaker's name.
    public var speakerName: String?
    /// The speaker's role id, from the taxonomy.
    public var roleID: String?
    /// The role's label, e.g. `Porter`.
    public var roleLabel: String?
    /// Which side of the clinical/non-clinical split the speaker's role is on.
    public var side: Audience?
    /// Theme ids: the segment's own, or the clip's when the segment has none.
    public var themes: [String]
    /// The speaker's consent at the time of the build.
    public var consent: ConsentStatus

    /// A candidate with every fact given (the catalogue makes them with `Catalog.playlistCandidates(at:)`).
    public init(
        id: String, clipID: Int64, clipShortID: String, segmentID: Int64? = nil, title: String, startMs: Int64, endMs: Int64,
        speakerID: Int64?, speakerName: String?, roleID: String?, roleLabel: String? = nil, side: Audience?, themes: [String],
        consent: ConsentStatus
    ) {
        self.id = id
        self.clipID = clipID
        self.clipShortID = clipShortID
        self.segmentID = segmentID
        self.title = title
        self.startMs = startMs
        self.endMs = endMs
        self.speakerID = speakerID
        self.speakerName = speakerName
        self.roleID = roleID
        self.roleLabel = roleLabel
        self.side = side
        self.themes = themes
        self.consent = consent
    }

    /// The length of the range (ms).
    public var durationMs: Int64 { endMs - startMs }

    /// `Sam Patel, porter` — the speaker and role as explanations print them.
    public var voice: String {
        let role = roleLabel ?? roleID
        switch (speakerName, role) {
        case let (name?, role?): return "\(name), \(role.lowercased())"
        case let (name?, nil): return name
        default: return "no speaker"
        }
    }
}

import Foundation
import Media
import Playlists

/// What to look for in the catalogue; every filter that is set must hold.
public struct ClipQuery: Sendable {
    /// Role ids, aliases or labels; a clip matches when its speaker has any of them.
    public var roles: [String] = []
    /// Clinical or non-clinical, from the speaker's role.
    public var audience: Audience?
    /// Theme ids or labels; a clip matches when it, or one of its segments, has every one of them.
    public var themes: [String] = []
    /// Speaker names; a clip matches when its speaker is any of them.
    public var speakers: [String] = []
    /// The shortest duration wanted, inclusive.
    public var minDuration: MediaTime?
    /// The longest duration wanted, inclusive.
    public var maxDuration: MediaTime?
    /// The consent state wanted, judged at `date`.
    public var consent: ConsentState?
    /// Flags the clip must all carry.
    public var flags: [QualityFlag] = []
    /// Words to find in titles, notes, speaker names, captions and segment titles (SQLite FTS5, word prefixes;
    /// text with double quotes or AND/OR/NOT is passed to FTS5 as a query). Results come best match first.
    public var text: String?
    /// At most this many clips.
    public var limit: Int?
    /// The moment consent is judged at.
    public var date: Date = Date()

    /// Makes a value from its parts.
    public init(roles: [String] = [], audience: Audience? = nil, themes: [String] = [], speakers: [String] = [],
                minDuration: MediaTime? = nil, maxDuration: MediaTime? = nil, consent: ConsentState? = nil, flags: [QualityFlag] = [],
                text: String? = nil, limit: Int? = nil, date: Date = Date()) {
        self.roles = roles
        self.audience = audience
        self.themes = themes
        self.speakers = speakers
        self.minDuration = minDuration
        self.maxDuration = maxDuration
        self.consent = consent
        self.flags = flags
        self.text = text
        self.limit = limit
        self.date = date
    }
}

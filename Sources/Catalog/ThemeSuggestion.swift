import Playlists

/// A theme proposed for a clip because its keywords occur in the clip's captions.
public struct ThemeSuggestion: Sendable, Equatable {
    /// One caption line that mentions the theme's keywords.
    public struct Evidence: Sendable, Equatable {
        /// The caption cue.
        public var cue: CaptionCue
        /// The keywords found in the cue, as written in the taxonomy.
        public var keywords: [String]

        /// Makes a value from its parts.
        public init(cue: CaptionCue, keywords: [String]) {
            self.cue = cue
            self.keywords = keywords
        }
    }

    /// The theme suggested.
    public var theme: Theme
    /// The cues that matched, in time order.
    public var evidence: [Evidence]
    /// Whether the clip is already tagged with the theme.
    public var alreadyTagged: Bool

    /// Makes a value from its parts.
    public init(theme: Theme, evidence: [Evidence], alreadyTagged: Bool) {
        self.theme = theme
        self.evidence = evidence
        self.alreadyTagged = alreadyTagged
    }

    /// Distinct keywords found, for ranking and display.
    public var keywords: [String] {
        var seen: [String] = []
        for e in evidence { for k in e.keywords where !seen.contains(k) { seen.append(k) } }
        return seen
    }
}

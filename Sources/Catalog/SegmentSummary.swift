/// A segment with its theme ids, as listings and JSON show it.
public struct SegmentSummary: Sendable, Codable, Equatable {
    /// The segment record.
    public var segment: Segment
    /// The segment's own theme ids, sorted (it also carries its clip's: see `Segment.effectiveThemes`).
    public var themes: [String]
    /// Themes of its clip that the segment sets aside (is not about), sorted.
    public var setAsideThemes: [String] = []

    /// Makes a value from its parts.
    public init(segment: Segment, themes: [String]) {
        self.segment = segment
        self.themes = themes
    }

    /// The short id, e.g. `s-3fa2c1-2`.
    public var id: String { segment.shortID }
}

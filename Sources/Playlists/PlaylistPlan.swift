import Foundation

/// What `PlaylistBuilder` chose: the items in playing order, and why.
public struct PlaylistPlan: Sendable, Equatable {
    /// One chosen segment or clip.
    public struct Item: Sendable, Equatable {
        /// The segment or clip chosen.
        public var candidate: PlaylistCandidate
        /// Where it sits in the arc.
        public var section: PlaylistSection
        /// The theme of its section (for `.theme`, and the opening and closing themes).
        public var sectionThemeID: String?
        /// Why it was chosen, in a sentence.
        public var reason: String

        /// A chosen item.
        public init(candidate: PlaylistCandidate, section: PlaylistSection, sectionThemeID: String?, reason: String) {
            self.candidate = candidate
            self.section = section
            self.sectionThemeID = sectionThemeID
            self.reason = reason
        }
    }

    /// The items in playing order: opening, themed sections, closing reflection.
    public var items: [Item]
    /// Why each was chosen, what was left out, and what is missing.
    public var explanation: PlaylistExplanation
    /// How long the builder itself took, in seconds (not stored).
    public var elapsed: Double

    /// A plan from its parts.
    public init(items: [Item], explanation: PlaylistExplanation, elapsed: Double = 0) {
        self.items = items
        self.explanation = explanation
        self.elapsed = elapsed
    }

    /// The running time (ms).
    public var totalMs: Int64 { items.reduce(0) { $0 + $1.candidate.durationMs } }

    /// Plans are equal when their items and explanations are (the time taken does not count).
    public static func == (a: PlaylistPlan, b: PlaylistPlan) -> Bool {
        a.items == b.items && a.explanation == b.explanation
    }
}

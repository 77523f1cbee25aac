/// A theme that runs through the staff narratives (memory making, difficult conversations…), from the taxonomy.
///
/// Clips and segments are tagged with theme ids; `keywords` drive `Catalog.suggestThemes(for:)`.
public struct Theme: Sendable, Codable, Equatable, Hashable {
    /// The stable id used for tags, e.g. `memory-making`.
    public var id: String
    /// The name shown to people.
    public var label: String
    /// What the theme covers, for people choosing tags.
    public var description: String
    /// Words and phrases that suggest the theme when heard in a clip's captions; matched without regard to
    /// case, as whole words with common endings (`conversation` matches `conversations`); a trailing `*`
    /// matches any ending (`bereave*`).
    public var keywords: [String]
    /// The theme's place in the taxonomy file.
    public var position: Int

    /// Makes a value from its parts.
    public init(id: String, label: String, description: String = "", keywords: [String] = [], position: Int = 0) {
        self.id = id
        self.label = label
        self.description = description
        self.keywords = keywords
        self.position = position
    }
}

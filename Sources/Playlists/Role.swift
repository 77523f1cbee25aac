/// A job a speaker holds (nurse, porter, chaplain…), from the taxonomy.
///
/// The catalogue keeps a copy of the taxonomy's roles in its `role` table so that queries can join on them;
/// `taxonomy.yaml` stays the source the team edits.
public struct Role: Sendable, Codable, Equatable, Hashable {
    /// The stable id used in shot logs and on the command line, e.g. `health-care-assistant`.
    public var id: String
    /// The name shown to people, e.g. `Health care assistant`.
    public var label: String
    /// Whether the role is clinical.
    public var audience: Audience
    /// Other names the team uses (`HCA`, `healthcare assistant`); matched without regard to case.
    public var aliases: [String]
    /// The role's place in the taxonomy file, for listings in the team's order.
    public var position: Int

    /// Makes a value from its parts.
    public init(id: String, label: String, audience: Audience, aliases: [String] = [], position: Int = 0) {
        self.id = id
        self.label = label
        self.audience = audience
        self.aliases = aliases
        self.position = position
    }
}

import Foundation

/// The audiences a team builds playlists for, read from `audiences.yaml` and checked against the taxonomy.
///
/// Lookups accept an audience's id or label without regard to case; anything else is refused with
/// `PlaylistError.unknownAudience`, which carries the closest ids.
public struct AudienceProfileSet: Sendable, Equatable {
    /// Every audience, in file order.
    public var profiles: [AudienceProfile]
    /// Where the audiences were read from; nil for the built-in standard set or one made in code.
    public var sourcePath: String?

    /// A set of audiences, in order.
    public init(profiles: [AudienceProfile], sourcePath: String? = nil) {
        self.profiles = profiles
        self.sourcePath = sourcePath
    }

    /// The audience with exactly this id.
    public func profile(id: String) -> AudienceProfile? { profiles.first { $0.id == id } }

    /// The audience named by `text`: its id or its label (any case).
    ///
    /// Throws `PlaylistError.unknownAudience` with the closest ids when nothing matches.
    public func resolve(_ text: String) throws(PlaylistError) -> AudienceProfile {
        let matcher = NameMatcher(profiles.map { NameMatcher.Candidate(id: $0.id, names: [$0.label]) })
        if let id = matcher.exactMatch(text), let profile = profile(id: id) { return profile }
        throw .unknownAudience(text, known: profiles.map(\.id), suggestions: matcher.suggestions(for: text))
    }
}

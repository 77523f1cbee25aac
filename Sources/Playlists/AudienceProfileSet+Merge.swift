import Foundation

extension AudienceProfileSet {
    /// This set with `other`'s audiences laid over it: one with the same id replaces this set's (in place), new ones
    /// are appended in `other`'s order. This is how a team's `audiences.yaml` and the audiences stored in the
    /// catalogue add to the standard ones instead of replacing them.
    public func merging(_ other: AudienceProfileSet) -> AudienceProfileSet {
        var profiles = self.profiles
        for profile in other.profiles {
            if let k = profiles.firstIndex(where: { $0.id == profile.id }) { profiles[k] = profile } else { profiles.append(profile) }
        }
        return AudienceProfileSet(profiles: profiles, sourcePath: other.sourcePath ?? sourcePath)
    }

    /// The audiences in force for a team: the standard ones, with the team's file (when there is one) laid over
    /// them. Throws `TaxonomyError` naming each bad line of the file.
    public static func standard(mergedWithFileAt path: String?, taxonomy: Taxonomy) throws(TaxonomyError) -> AudienceProfileSet {
        var base = AudienceProfileSet.standard
        // The standard audiences name standard themes and roles; a team taxonomy without them drops those audiences.
        base.profiles = base.profiles.filter { profile in
            profile.themeIDs.allSatisfy { taxonomy.theme(id: $0) != nil } && profile.preferredRoleIDs.allSatisfy { taxonomy.role(id: $0) != nil }
                && [profile.openingThemeID, profile.closingThemeID].compactMap { $0 }.allSatisfy { taxonomy.theme(id: $0) != nil }
        }
        guard let path else { return base }
        return base.merging(try AudienceProfileSet(contentsOf: path, taxonomy: taxonomy))
    }
}

import Foundation

/// The roles and themes the team catalogues by, read from `taxonomy.yaml`.
///
/// Lookups accept an id, an alias or a label without regard to case; anything else is refused with
/// `CatalogError.unknownRole` / `.unknownTheme`, which carry the closest known ids.
public struct Taxonomy: Sendable, Equatable {
    /// Every role, in file order.
    public var roles: [Role]
    /// Every theme, in file order.
    public var themes: [Theme]
    /// Where the taxonomy was read from; nil for the built-in standard taxonomy or one made in code.
    public var sourcePath: String?

    /// Makes a value from its parts.
    public init(roles: [Role], themes: [Theme], sourcePath: String? = nil) {
        self.roles = roles.enumerated().map { i, r in var r = r; r.position = i; return r }
        self.themes = themes.enumerated().map { i, t in var t = t; t.position = i; return t }
        self.sourcePath = sourcePath
    }

    /// The role with exactly this id.
    public func role(id: String) -> Role? { roles.first { $0.id == id } }

    /// The theme with exactly this id.
    public func theme(id: String) -> Theme? { themes.first { $0.id == id } }

    /// The role named by `text`: its id, an alias or its label (any case).
    ///
    /// Throws `TaxonomyLookupError.unknownRole` with the closest ids when nothing matches.
    public func resolveRole(_ text: String) throws(TaxonomyLookupError) -> Role {
        if let id = roleMatcher.exactMatch(text), let role = role(id: id) { return role }
        throw .unknownRole(text, suggestions: roleMatcher.suggestions(for: text))
    }

    /// The theme named by `text`: its id or its label (any case).
    ///
    /// Throws `TaxonomyLookupError.unknownTheme` with the closest ids when nothing matches.
    public func resolveTheme(_ text: String) throws(TaxonomyLookupError) -> Theme {
        if let id = themeMatcher.exactMatch(text), let theme = theme(id: id) { return theme }
        throw .unknownTheme(text, suggestions: themeMatcher.suggestions(for: text))
    }

    /// Resolves a list of theme names, refusing the first unknown one.
    public func resolveThemes(_ texts: [String]) throws(TaxonomyLookupError) -> [Theme] {
        var out: [Theme] = []
        for t in texts {
            let theme = try resolveTheme(t)
            if !out.contains(theme) { out.append(theme) }
        }
        return out
    }

    /// The ids of the roles for an audience.
    public func roleIDs(for audience: Audience) -> [String] {
        roles.filter { $0.audience == audience }.map(\.id)
    }

    var roleMatcher: NameMatcher {
        NameMatcher(roles.map { NameMatcher.Candidate(id: $0.id, names: [$0.label] + $0.aliases) })
    }

    var themeMatcher: NameMatcher {
        NameMatcher(themes.map { NameMatcher.Candidate(id: $0.id, names: [$0.label]) })
    }

    /// Splits a list written as `a,b`, `a; b` or `a | b` into trimmed, non-empty items.
    public static func splitList(_ text: String) -> [String] {
        text.split(whereSeparator: { $0 == "," || $0 == ";" || $0 == "|" })
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
    }
}

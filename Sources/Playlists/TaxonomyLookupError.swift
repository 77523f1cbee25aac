/// A role or theme name that the taxonomy does not know, with the closest ids.
///
/// `description` is the one line a user sees; the catalogue wraps it as `CatalogError.unknownRole` / `.unknownTheme`.
public enum TaxonomyLookupError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No role has this id, alias or label.
    case unknownRole(String, suggestions: [String])
    /// No theme has this id or label.
    case unknownTheme(String, suggestions: [String])

    public var description: String {
        switch self {
        case .unknownRole(let text, let s): return "unknown role '\(text)'\(NameMatcher.didYouMean(s)); `reel taxonomy` lists the roles"
        case .unknownTheme(let text, let s): return "unknown theme '\(text)'\(NameMatcher.didYouMean(s)); `reel taxonomy` lists the themes"
        }
    }
}

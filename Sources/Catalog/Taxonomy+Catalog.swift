import Playlists

extension CatalogError {
    /// The catalogue's error for a name the taxonomy does not know.
    init(_ error: TaxonomyLookupError) {
        switch error {
        case .unknownRole(let text, let suggestions): self = .unknownRole(text, suggestions: suggestions)
        case .unknownTheme(let text, let suggestions): self = .unknownTheme(text, suggestions: suggestions)
        }
    }
}

extension Taxonomy {
    /// `resolveRole(_:)`, throwing the catalogue's error.
    func role(named text: String) throws(CatalogError) -> Role {
        do { return try resolveRole(text) } catch { throw CatalogError(error) }
    }

    /// `resolveTheme(_:)`, throwing the catalogue's error.
    func theme(named text: String) throws(CatalogError) -> Theme {
        do { return try resolveTheme(text) } catch { throw CatalogError(error) }
    }

    /// `resolveThemes(_:)`, throwing the catalogue's error.
    func themes(named texts: [String]) throws(CatalogError) -> [Theme] {
        do { return try resolveThemes(texts) } catch { throw CatalogError(error) }
    }
}

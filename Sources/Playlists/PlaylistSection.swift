/// Where an item sits in a playlist's arc.
public enum PlaylistSection: String, Sendable, Codable, CaseIterable {
    /// The first clip, which sets the scene.
    case opening
    /// A clip in the section for one theme.
    case theme
    /// The last clip, a closing reflection.
    case closing
    /// A clip added by hand with `reel playlist add`.
    case added
}

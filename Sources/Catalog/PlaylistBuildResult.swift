import Playlists

/// What `Catalog.buildPlaylist(named:request:replace:at:)` did: the stored playlist and the plan behind it.
public struct PlaylistBuildResult: Sendable, Equatable {
    /// The playlist as stored.
    public var playlist: Playlist
    /// The builder's plan, with its explanation and its own running time.
    public var plan: PlaylistPlan
    /// How many candidates the catalogue offered.
    public var candidateCount: Int
    /// Seconds spent reading the candidates from the catalogue.
    public var loadSeconds: Double
    /// Seconds spent storing the playlist.
    public var saveSeconds: Double

    /// A build's outcome.
    public init(playlist: Playlist, plan: PlaylistPlan, candidateCount: Int, loadSeconds: Double, saveSeconds: Double) {
        self.playlist = playlist
        self.plan = plan
        self.candidateCount = candidateCount
        self.loadSeconds = loadSeconds
        self.saveSeconds = saveSeconds
    }
}

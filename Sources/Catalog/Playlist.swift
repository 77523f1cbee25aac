import Foundation
import GRDB
import Playlists

/// A named playlist in the catalogue: who it is for, how it was built, and (in `PlaylistItem` rows) what it plays.
///
/// Built by `Catalog.buildPlaylist(_:request:replace:at:)` and editable afterwards (`addToPlaylist`, `removeFromPlaylist`,
/// `movePlaylistItem`). The build's explanation is kept, so `reel playlist show --explain` can print it later.
public struct Playlist: Sendable, Codable, Equatable, FetchableRecord, MutablePersistableRecord {
    /// The row id; nil until inserted.
    public var id: Int64?
    /// The name commands use; unique without regard to case, and usable as a file name.
    public var name: String
    /// The audience profile's id, e.g. `non-clinical`.
    public var audienceID: String
    /// The theme ids the build had to cover (JSON in the database).
    public var themes: [String]
    /// The running time the build aimed for (ms).
    public var targetMs: Int64
    /// The longest clip the build allowed (ms), if any.
    public var maxClipMs: Int64?
    /// The seed of the build (stored as its bit pattern).
    public var seed: Int64
    /// `--include` and `--exclude` ids of the build (JSON in the database).
    public var include: [String]
    /// `--exclude` ids of the build (JSON in the database).
    public var exclude: [String]
    /// Why the build chose what it chose (JSON in the database).
    public var explanation: PlaylistExplanation?
    /// Whether items were added, removed or moved by hand after the build.
    public var edited: Bool
    /// When the playlist was built.
    public var createdAt: Date
    /// When it was last built or edited.
    public var updatedAt: Date
    /// The title people see (an exported page's title and heading), e.g. `Porters' induction`; nil: `displayTitle`
    /// makes one from the name.
    public var title: String? = nil

    /// A playlist record (not yet stored); `seed` is kept as its bit pattern.
    public init(
        id: Int64? = nil, name: String, audienceID: String, themes: [String], targetMs: Int64, maxClipMs: Int64? = nil,
        seed: UInt64 = 1, include: [String] = [], exclude: [String] = [], explanation: PlaylistExplanation? = nil,
        edited: Bool = false, createdAt: Date = Date()
    ) {
        self.id = id
        self.name = name
        self.audienceID = audienceID
        self.themes = themes
        self.targetMs = targetMs
        self.maxClipMs = maxClipMs
        self.seed = Int64(bitPattern: seed)
        self.include = include
        self.exclude = exclude
        self.explanation = explanation
        self.edited = edited
        self.createdAt = createdAt
        self.updatedAt = createdAt
    }

    /// The build's seed.
    public var buildSeed: UInt64 { UInt64(bitPattern: seed) }

    /// The title, or one made from a name written as a file name: `porters-induction` → `Porters induction`
    /// (a name with spaces or capitals, such as `Clinical demo`, is kept as it is).
    public var displayTitle: String {
        if let title, !title.trimmingCharacters(in: .whitespaces).isEmpty { return title }
        guard !name.contains(" "), name == name.lowercased() else { return name }
        let words = name.split(whereSeparator: { $0 == "-" || $0 == "_" }).joined(separator: " ")
        guard let first = words.first else { return name }
        return first.uppercased() + words.dropFirst()
    }

    /// The table's name.
    public static let databaseTableName = "playlist"

    /// The table's columns.
    public enum Columns {
        /// The row id.
        public static let id = Column(CodingKeys.id)
        /// The name (compared without regard to case).
        public static let name = Column(CodingKeys.name)
        /// The audience profile's id.
        public static let audienceID = Column(CodingKeys.audienceID)
        /// When it last changed.
        public static let updatedAt = Column(CodingKeys.updatedAt)
    }

    /// The playlist's items in playing order.
    public static let items = hasMany(PlaylistItem.self).order(PlaylistItem.Columns.position)

    /// Keeps the row id GRDB assigned.
    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}

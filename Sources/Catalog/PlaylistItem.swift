import Foundation
import GRDB
import Playlists

/// One entry of a playlist: a segment of a clip (or a whole clip), at a position, with why it is there.
///
/// The range is copied from the segment when the item is made, so later edits to the segment do not move a
/// published playlist. Times are integer milliseconds within the clip.
public struct PlaylistItem: Sendable, Codable, Equatable, FetchableRecord, MutablePersistableRecord {
    /// The row id; nil until inserted.
    public var id: Int64?
    /// The playlist's row id.
    public var playlistID: Int64
    /// The place in playing order, from 1.
    public var position: Int
    /// The clip's row id.
    public var clipID: Int64
    /// The segment played; nil for a whole clip.
    public var segmentID: Int64?
    /// Where the range starts in the clip (ms).
    public var startMs: Int64
    /// Where the range ends in the clip (ms).
    public var endMs: Int64
    /// The segment's or clip's title when the item was made.
    public var title: String
    /// Where the item sits in the playlist's arc.
    public var section: PlaylistSection
    /// The theme of the item's section.
    public var themeID: String?
    /// Why the item is there.
    public var reason: String
    /// When the item was made (by a build or by hand).
    public var addedAt: Date

    /// An item record (not yet stored).
    public init(
        id: Int64? = nil, playlistID: Int64, position: Int, clipID: Int64, segmentID: Int64?, startMs: Int64, endMs: Int64,
        title: String, section: PlaylistSection, themeID: String?, reason: String, addedAt: Date = Date()
    ) {
        self.id = id
        self.playlistID = playlistID
        self.position = position
        self.clipID = clipID
        self.segmentID = segmentID
        self.startMs = startMs
        self.endMs = endMs
        self.title = title
        self.section = section
        self.themeID = themeID
        self.reason = reason
        self.addedAt = addedAt
    }

    /// The length of the range (ms).
    public var durationMs: Int64 { endMs - startMs }

    /// The table's name.
    public static let databaseTableName = "playlistItem"

    /// The table's columns.
    public enum Columns {
        /// The row id.
        public static let id = Column(CodingKeys.id)
        /// The playlist's row id.
        public static let playlistID = Column(CodingKeys.playlistID)
        /// The place in playing order.
        public static let position = Column(CodingKeys.position)
        /// The clip's row id.
        public static let clipID = Column(CodingKeys.clipID)
    }

    /// The playlist the item belongs to.
    public static let playlist = belongsTo(Playlist.self)
    /// The clip the item plays.
    public static let clip = belongsTo(Clip.self)

    /// Keeps the row id GRDB assigned.
    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}

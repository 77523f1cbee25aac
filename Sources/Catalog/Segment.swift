import Foundation
import GRDB
import Media

/// A marked range of a clip (a moment worth teaching from), with its own title and themes; no new media.
///
/// Segments of one clip may overlap. Times are integer milliseconds from the start of the clip.
public struct Segment: Sendable, Codable, Equatable, FetchableRecord, MutablePersistableRecord {
    /// The row id; nil until inserted.
    public var id: Int64?
    /// The short id listings print and commands accept: `s-`, the clip's hex id, and the segment's number
    /// within the clip, e.g. `s-3fa2c1-2`. Never changes; numbers are not reused.
    public var shortID: String
    /// The clip's row id.
    public var clipID: Int64
    /// The segment's number within its clip, from 1.
    public var number: Int
    /// Where it starts, in milliseconds from the start of the clip.
    public var startMs: Int64
    /// Where it ends, in milliseconds from the start of the clip.
    public var endMs: Int64
    /// The title shown to people.
    public var title: String
    /// Free-text notes.
    public var notes: String?
    /// When it was added.
    public var createdAt: Date

    /// Makes a value from its parts.
    public init(id: Int64? = nil, shortID: String, clipID: Int64, number: Int, startMs: Int64, endMs: Int64, title: String,
                notes: String? = nil, createdAt: Date = Date()) {
        self.id = id
        self.shortID = shortID
        self.clipID = clipID
        self.number = number
        self.startMs = startMs
        self.endMs = endMs
        self.title = title
        self.notes = notes
        self.createdAt = createdAt
    }

    /// Reads a segment from a database row (faster than Codable for the thousands a listing loads).
    public init(row: Row) throws {
        id = row["id"]
        shortID = row["shortID"]
        clipID = row["clipID"]
        number = row["number"]
        startMs = row["startMs"]
        endMs = row["endMs"]
        title = row["title"]
        notes = row["notes"]
        createdAt = row["createdAt"]
    }

    /// The columns `init(columns:)` reads, in order.
    static let columnList = "segment.id, segment.shortID, segment.clipID, segment.number, segment.startMs, segment.endMs, segment.title, segment.notes, segment.createdAt"

    /// Reads a row selected with `columnList`, by position: listings load thousands of segments.
    init(columns row: Row) {
        id = row[0]
        shortID = row[1]
        clipID = row[2]
        number = row[3]
        startMs = row[4]
        endMs = row[5]
        title = row[6]
        notes = row[7]
        createdAt = row[8]
    }

    /// Where the segment starts in its clip.
    public var start: MediaTime { MediaTime(milliseconds: startMs) }
    /// Where the segment ends in its clip.
    public var end: MediaTime { MediaTime(milliseconds: endMs) }
    /// The segment's length.
    public var duration: MediaTime { MediaTime(milliseconds: endMs - startMs) }

    public static let databaseTableName = "segment"

    /// The table's columns.
    public enum Columns {
        public static let id = Column(CodingKeys.id)
        public static let shortID = Column(CodingKeys.shortID)
        public static let clipID = Column(CodingKeys.clipID)
        public static let number = Column(CodingKeys.number)
        public static let startMs = Column(CodingKeys.startMs)
        public static let endMs = Column(CodingKeys.endMs)
        public static let title = Column(CodingKeys.title)
    }

    /// The association to Clip records, for GRDB requests.
    public static let clip = belongsTo(Clip.self)
    /// The association to SegmentTheme records, for GRDB requests.
    public static let themes = hasMany(SegmentTheme.self).forKey("themes")

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}

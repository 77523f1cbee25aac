import Foundation
import GRDB

/// A theme tag on a segment.
public struct SegmentTheme: Sendable, Codable, Equatable, Hashable, FetchableRecord, PersistableRecord {
    /// The segment's row id.
    public var segmentID: Int64
    /// A theme id from the taxonomy.
    public var themeID: String
    /// When the tag was added.
    public var addedAt: Date

    /// Makes a value from its parts.
    public init(segmentID: Int64, themeID: String, addedAt: Date = Date()) {
        self.segmentID = segmentID
        self.themeID = themeID
        self.addedAt = addedAt
    }

    /// Reads a tag from a database row.
    public init(row: Row) throws {
        segmentID = row["segmentID"]
        themeID = row["themeID"]
        addedAt = row["addedAt"]
    }

    public static let databaseTableName = "segmentTheme"

    /// The table's columns.
    public enum Columns {
        public static let segmentID = Column(CodingKeys.segmentID)
        public static let themeID = Column(CodingKeys.themeID)
    }

    /// The association to Segment records, for GRDB requests.
    public static let segment = belongsTo(Segment.self)
}

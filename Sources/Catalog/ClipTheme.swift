import Foundation
import GRDB

/// A theme tag on a whole clip.
public struct ClipTheme: Sendable, Codable, Equatable, Hashable, FetchableRecord, PersistableRecord {
    /// The clip's row id.
    public var clipID: Int64
    /// A theme id from the taxonomy.
    public var themeID: String
    /// When the tag was added.
    public var addedAt: Date

    /// Makes a value from its parts.
    public init(clipID: Int64, themeID: String, addedAt: Date = Date()) {
        self.clipID = clipID
        self.themeID = themeID
        self.addedAt = addedAt
    }

    /// Reads a tag from a database row.
    public init(row: Row) throws {
        clipID = row["clipID"]
        themeID = row["themeID"]
        addedAt = row["addedAt"]
    }

    public static let databaseTableName = "clipTheme"

    /// The table's columns.
    public enum Columns {
        public static let clipID = Column(CodingKeys.clipID)
        public static let themeID = Column(CodingKeys.themeID)
    }

    /// The association to Clip records, for GRDB requests.
    public static let clip = belongsTo(Clip.self)
}

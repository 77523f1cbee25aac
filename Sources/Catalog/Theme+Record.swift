import GRDB
import Playlists

/// The catalogue's copy of the taxonomy's themes lives in the `theme` table; tags refer to its ids.
extension Theme: FetchableRecord, PersistableRecord {
    public static let databaseTableName = "theme"

    /// The table's columns.
    public enum Columns {
        public static let id = Column("id")
        public static let label = Column("label")
        public static let position = Column("position")
    }
}

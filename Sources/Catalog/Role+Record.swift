import GRDB
import Playlists

/// The catalogue's copy of the taxonomy's roles lives in the `role` table, so that queries can join on them.
extension Role: FetchableRecord, PersistableRecord {
    public static let databaseTableName = "role"

    /// The table's columns.
    public enum Columns {
        public static let id = Column("id")
        public static let label = Column("label")
        public static let audience = Column("audience")
        public static let position = Column("position")
    }
}

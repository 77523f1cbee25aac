import GRDB

/// A flag raised on a clip at import, with the detail that explains it (`stream 1: FR silent, FL −22.4 dBFS RMS`).
public struct ClipFlag: Sendable, Codable, Equatable, Hashable, FetchableRecord, PersistableRecord {
    /// The clip's row id.
    public var clipID: Int64
    /// Which flag.
    public var flag: QualityFlag
    /// What exactly was found, for people.
    public var detail: String

    /// Makes a value from its parts.
    public init(clipID: Int64, flag: QualityFlag, detail: String) {
        self.clipID = clipID
        self.flag = flag
        self.detail = detail
    }

    /// Reads a flag from a database row; a flag name this version does not know fails the fetch.
    public init(row: Row) throws {
        clipID = row["clipID"]
        let name: String = row["flag"]
        guard let flag = QualityFlag(rawValue: name) else {
            throw DatabaseError(resultCode: .SQLITE_MISMATCH, message: "unknown flag '\(name)' in clipFlag")
        }
        self.flag = flag
        detail = row["detail"]
    }

    public static let databaseTableName = "clipFlag"

    /// The table's columns.
    public enum Columns {
        public static let clipID = Column(CodingKeys.clipID)
        public static let flag = Column(CodingKeys.flag)
    }

    /// The association to Clip records, for GRDB requests.
    public static let clip = belongsTo(Clip.self)
}

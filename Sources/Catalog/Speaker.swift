import Foundation
import GRDB
import Playlists

/// A member of staff who tells their story on camera.
///
/// A speaker's clips may be used only while their consent is current: see `Catalog.consentStatus(speakerID:at:)`.
public struct Speaker: Sendable, Codable, Equatable, Hashable, FetchableRecord, MutablePersistableRecord {
    /// The row id; nil until inserted.
    public var id: Int64?
    /// The name as the team writes it; unique without regard to case.
    public var name: String
    /// The id of the speaker's role in the taxonomy.
    public var roleID: String
    /// Anything the team wants to remember about the speaker.
    public var notes: String?
    /// When the speaker was added to the catalogue.
    public var createdAt: Date

    /// Makes a value from its parts.
    public init(id: Int64? = nil, name: String, roleID: String, notes: String? = nil, createdAt: Date = Date()) {
        self.id = id
        self.name = name
        self.roleID = roleID
        self.notes = notes
        self.createdAt = createdAt
    }

    /// Reads a speaker from a database row.
    public init(row: Row) throws {
        id = row["id"]
        name = row["name"]
        roleID = row["roleID"]
        notes = row["notes"]
        createdAt = row["createdAt"]
    }

    public static let databaseTableName = "speaker"

    /// The table's columns.
    public enum Columns {
        public static let id = Column(CodingKeys.id)
        public static let name = Column(CodingKeys.name)
        public static let roleID = Column(CodingKeys.roleID)
    }

    /// The speaker's role, joined on `roleID`.
    public static let role = belongsTo(Role.self, using: ForeignKey([Columns.roleID], to: [Role.Columns.id]))
    /// The speaker's consent history.
    public static let consentEvents = hasMany(ConsentEvent.self)
    /// The speaker's clips.
    public static let clips = hasMany(Clip.self)

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}

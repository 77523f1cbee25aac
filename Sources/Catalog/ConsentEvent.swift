import Foundation
import GRDB
import Playlists

/// One change to a speaker's consent: a grant (with its form reference and expiry) or a withdrawal.
///
/// The history is append-only: the database refuses to update or delete these rows, and a speaker's
/// current consent is derived from the latest event (see `ConsentStatus`).
public struct ConsentEvent: Sendable, Codable, Equatable, Hashable, FetchableRecord, MutablePersistableRecord {
    /// What the event did.
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// Consent was given (or renewed), usually with a signed form's reference.
        case granted
        /// Consent was withdrawn: the speaker's clips must no longer be used.
        case withdrawn
    }

    /// The row id; nil until inserted.
    public var id: Int64?
    /// The speaker's row id; nil when none is recorded.
    public var speakerID: Int64
    /// What the event did.
    public var kind: Kind
    /// The consent form's reference (e.g. `CF-2024-031`), for a grant.
    public var reference: String?
    /// The last day the consent is valid, for a grant that expires.
    public var expiresOn: CalendarDay?
    /// Why, as the person recording the change explained it.
    public var reason: String?
    /// Who recorded the change (the OS user or `--by`).
    public var recordedBy: String
    /// When the change was recorded.
    public var recordedAt: Date
    /// Where the change came from: `cli`, or a shot log and line such as `shotlog.csv:7`.
    public var source: String

    /// Makes a value from its parts.
    public init(
        id: Int64? = nil, speakerID: Int64, kind: Kind, reference: String? = nil, expiresOn: CalendarDay? = nil,
        reason: String? = nil, recordedBy: String, recordedAt: Date = Date(), source: String = "cli"
    ) {
        self.id = id
        self.speakerID = speakerID
        self.kind = kind
        self.reference = reference
        self.expiresOn = expiresOn
        self.reason = reason
        self.recordedBy = recordedBy
        // Stored to the millisecond: keep the time as stored (rounded down), so an event never reads back as later
        // than it happened, and a check at `Date()` right after a withdrawal already sees it.
        self.recordedAt = Date(timeIntervalSince1970: (recordedAt.timeIntervalSince1970 * 1000).rounded(.down) / 1000)
        self.source = source
    }

    /// Reads an event from a database row.
    public init(row: Row) throws {
        id = row["id"]
        speakerID = row["speakerID"]
        let kindName: String = row["kind"]
        guard let kind = Kind(rawValue: kindName) else {
            throw DatabaseError(resultCode: .SQLITE_MISMATCH, message: "unknown consent event kind '\(kindName)'")
        }
        self.kind = kind
        reference = row["reference"]
        expiresOn = row["expiresOn"]
        reason = row["reason"]
        recordedBy = row["recordedBy"]
        recordedAt = row["recordedAt"]
        source = row["source"]
    }

    public static let databaseTableName = "consentEvent"

    /// The table's columns.
    public enum Columns {
        public static let id = Column(CodingKeys.id)
        public static let speakerID = Column(CodingKeys.speakerID)
        public static let kind = Column(CodingKeys.kind)
        public static let reference = Column(CodingKeys.reference)
        public static let recordedAt = Column(CodingKeys.recordedAt)
    }

    /// The association to Speaker records, for GRDB requests.
    public static let speaker = belongsTo(Speaker.self)

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}

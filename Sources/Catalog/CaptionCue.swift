import Foundation
import GRDB
import Media

/// One caption from a sidecar SRT or WebVTT file next to a clip: what is said and when.
public struct CaptionCue: Sendable, Codable, Equatable, FetchableRecord, MutablePersistableRecord {
    /// The row id; nil until inserted.
    public var id: Int64?
    /// The clip's row id.
    public var clipID: Int64
    /// The caption file's name, e.g. `nurse-1080p.srt` or `interview.en.vtt`.
    public var source: String
    /// The cue's place in its file, from 1.
    public var position: Int
    /// Where it starts, in milliseconds from the start of the clip.
    public var startMs: Int64
    /// Where it ends, in milliseconds from the start of the clip.
    public var endMs: Int64
    /// The text, lines joined with a newline, markup removed.
    public var text: String

    /// Makes a value from its parts.
    public init(id: Int64? = nil, clipID: Int64, source: String, position: Int, startMs: Int64, endMs: Int64, text: String) {
        self.id = id
        self.clipID = clipID
        self.source = source
        self.position = position
        self.startMs = startMs
        self.endMs = endMs
        self.text = text
    }

    public var start: MediaTime { MediaTime(milliseconds: startMs) }
    public var end: MediaTime { MediaTime(milliseconds: endMs) }

    public static let databaseTableName = "captionCue"

    /// The table's columns.
    public enum Columns {
        public static let clipID = Column(CodingKeys.clipID)
        public static let source = Column(CodingKeys.source)
        public static let startMs = Column(CodingKeys.startMs)
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}

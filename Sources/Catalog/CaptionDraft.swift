import Foundation
import GRDB

/// Captions a recogniser drafted for a clip: `draft` until a person approves them, then `approved`.
///
/// Only approved drafts are published (and count for `--require-captions`); a draft is searchable and feeds theme
/// suggestions at once, since finding a clip by what is said needs no approval.
public struct CaptionDraft: Sendable, Codable, Equatable, FetchableRecord, PersistableRecord {
    /// Whether a person has approved the captions.
    public enum Status: String, Sendable, Codable, CaseIterable {
        case draft
        case approved
    }

    /// The clip's row id (one draft per clip).
    public var clipID: Int64
    public var status: Status
    /// The recogniser: `pocketsphinx` or `whisper`.
    public var engine: String
    /// The model it used (a folder or a file path).
    public var model: String
    public var draftedBy: String
    public var draftedAt: Date
    /// Who last corrected a cue, and when; nil when no one has.
    public var editedBy: String?
    public var editedAt: Date?
    /// Who approved the captions, and when; set exactly when `status` is `approved`.
    public var approvedBy: String?
    public var approvedAt: Date?

    public init(clipID: Int64, status: Status = .draft, engine: String, model: String, draftedBy: String, draftedAt: Date,
                editedBy: String? = nil, editedAt: Date? = nil, approvedBy: String? = nil, approvedAt: Date? = nil) {
        self.clipID = clipID
        self.status = status
        self.engine = engine
        self.model = model
        self.draftedBy = draftedBy
        self.draftedAt = draftedAt
        self.editedBy = editedBy
        self.editedAt = editedAt
        self.approvedBy = approvedBy
        self.approvedAt = approvedAt
    }

    public static let databaseTableName = "captionDraft"

    public enum Columns {
        public static let clipID = Column(CodingKeys.clipID)
        public static let status = Column(CodingKeys.status)
    }
}

/// One cue of a clip's draft captions.
public struct CaptionDraftCue: Sendable, Codable, Equatable, FetchableRecord, MutablePersistableRecord {
    public var id: Int64?
    /// The clip's row id.
    public var clipID: Int64
    /// The cue's number, from 1, in time order.
    public var position: Int
    /// Where it starts (ms from the start of the clip).
    public var startMs: Int64
    /// Where it ends (ms), after `startMs`.
    public var endMs: Int64
    /// The text; lines joined with a newline.
    public var text: String

    public init(id: Int64? = nil, clipID: Int64, position: Int, startMs: Int64, endMs: Int64, text: String) {
        self.id = id
        self.clipID = clipID
        self.position = position
        self.startMs = startMs
        self.endMs = endMs
        self.text = text
    }

    /// The cue as a caption row from `source` (for code that reads sidecar and draft cues alike).
    public func captionCue(source: String) -> CaptionCue {
        CaptionCue(clipID: clipID, source: source, position: position, startMs: startMs, endMs: endMs, text: text)
    }

    public static let databaseTableName = "captionDraftCue"

    public enum Columns {
        public static let clipID = Column(CodingKeys.clipID)
        public static let position = Column(CodingKeys.position)
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// A clip's draft captions with their cues, as `reel captions show` and the web page present them.
public struct DraftCaptions: Sendable, Equatable {
    /// The clip's short id (`c-3fa2c1`).
    public var clip: String
    /// The clip's file name.
    public var fileName: String
    /// The clip's length (ms), when known.
    public var clipDurationMs: Int64?
    public var draft: CaptionDraft
    /// The cues in time order.
    public var cues: [CaptionDraftCue]

    public var status: CaptionDraft.Status { draft.status }
}

/// Where a clip's captions come from, in the order publishing prefers them.
public enum CaptionSource: Sendable, Equatable {
    /// Cues imported from an SRT/WebVTT sidecar (or a sidecar file beside the clip), with the file's name.
    case sidecar(String)
    /// Draft captions a person approved.
    case approvedDraft
    /// Draft captions awaiting approval: not published.
    case unapprovedDraft
    /// None.
    case none

    /// Whether publishing and `--require-captions` may use them.
    public var isPublishable: Bool {
        switch self {
        case .sidecar, .approvedDraft: return true
        case .unapprovedDraft, .none: return false
        }
    }
}

/// A request about draft captions that cannot be carried out, in words a user can act on.
public enum CaptionDraftError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The clip has no draft captions.
    case noDraft(clip: String)
    /// The clip has captions that a new draft would replace or shadow (sidecar or approved) and `force` was not given.
    case alreadyCaptioned(clip: String, source: String)
    /// No cue has this number.
    case unknownCue(clip: String, position: Int, count: Int)
    /// An edit or a cue is not acceptable.
    case invalidCue(clip: String, position: Int, reason: String)
    /// The recogniser heard nothing to caption.
    case nothingHeard(clip: String)

    public var description: String {
        switch self {
        case .noDraft(let clip): return "\(clip): no draft captions (`reel captions draft \(clip)` makes them)"
        case .alreadyCaptioned(let clip, let source): return "\(clip): already has \(source); use --force to draft anyway"
        case .unknownCue(let clip, let position, let count):
            return "\(clip): no cue \(position) (the draft has \(count) cue\(count == 1 ? "" : "s"), numbered from 1)"
        case .invalidCue(let clip, let position, let reason): return "\(clip): cue \(position): \(reason)"
        case .nothingHeard(let clip): return "\(clip): the recogniser heard no words, so no captions were drafted"
        }
    }
}

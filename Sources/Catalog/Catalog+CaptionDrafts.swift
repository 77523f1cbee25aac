import Foundation
import GRDB
import Media

extension Catalog {
    /// The longest caption line (characters) and the most lines a cue may have: drafts are laid out to these and
    /// edits are held to them (the BBC/Ofcom subtitle guidance Reel follows).
    public static let captionLineLimit = 42
    public static let captionLinesPerCue = 2

    /// Where the captions that would be published for a clip come from: imported sidecar cues, else an SRT/WebVTT
    /// file beside the clip, else approved draft captions; `.unapprovedDraft` when only a draft awaits approval.
    ///
    /// Throws `CatalogError.unknownClip` / `.ambiguousClip`.
    public func captionSource(forClip clipText: String) throws -> CaptionSource {
        try writer.read { db in try Catalog.captionSource(of: try Catalog.resolveClip(clipText, db), db) }
    }

    static func captionSource(of clip: Clip, _ db: Database) throws -> CaptionSource {
        if let source = try String.fetchOne(db, sql: "SELECT source FROM captionCue WHERE clipID = ? ORDER BY source LIMIT 1", arguments: [clip.id!]) {
            return .sidecar(source)
        }
        if let file = Catalog.sidecarFile(for: clip.path) { return .sidecar((file as NSString).lastPathComponent) }
        switch try CaptionDraft.fetchOne(db, key: clip.id!)?.status {
        case .approved?: return .approvedDraft
        case .draft?: return .unapprovedDraft
        case nil: return .none
        }
    }

    /// Stores draft captions for a clip (status `draft`), replacing any earlier draft, in one transaction; the clip's
    /// search entry is rewritten so the words are found at once.
    ///
    /// `cues` must be in time order inside the clip, each with 1–2 lines of at most 42 characters (as
    /// `CaptionLayout` makes them). Unless `force`, a clip with sidecar captions or approved draft captions is refused
    /// (`CaptionDraftError.alreadyCaptioned`), so a person's work is never overwritten by accident. Throws
    /// `CatalogError.unknownClip`, `CaptionDraftError.nothingHeard` for no cues, `.invalidCue`.
    @discardableResult
    public func saveDraftCaptions(
        forClip clipText: String, cues: [CaptionLayout.Cue], engine: String, model: String, by person: String = Catalog.currentUser,
        at date: Date = Date(), force: Bool = false
    ) throws -> DraftCaptions {
        try writer.write { db in
            let clip = try Catalog.resolveClip(clipText, db)
            if !force {
                switch try Catalog.captionSource(of: clip, db) {
                case .sidecar(let name): throw CaptionDraftError.alreadyCaptioned(clip: clip.shortID, source: "sidecar captions (\(name))")
                case .approvedDraft: throw CaptionDraftError.alreadyCaptioned(clip: clip.shortID, source: "approved draft captions")
                case .unapprovedDraft, .none: break
                }
            }
            guard !cues.isEmpty else { throw CaptionDraftError.nothingHeard(clip: clip.shortID) }
            for (i, cue) in cues.enumerated() {
                let previousEnd = i > 0 ? cues[i - 1].endMs : 0
                try Catalog.validate(cue.text, startMs: cue.startMs, endMs: cue.endMs, after: previousEnd, before: nil,
                                     clip: clip, position: i + 1)
            }
            try db.execute(sql: "DELETE FROM captionDraft WHERE clipID = ?", arguments: [clip.id!])
            try CaptionDraft(clipID: clip.id!, engine: engine, model: model, draftedBy: person, draftedAt: date).insert(db)
            for (i, cue) in cues.enumerated() {
                var row = CaptionDraftCue(clipID: clip.id!, position: i + 1, startMs: cue.startMs, endMs: cue.endMs, text: cue.text)
                try row.insert(db)
            }
            try Catalog.reindex(clipID: clip.id!, db)
            return try Catalog.draftCaptions(of: clip, db)!
        }
    }

    /// The clip's draft captions, or nil when it has none. Throws `CatalogError.unknownClip` / `.ambiguousClip`.
    public func draftCaptions(forClip clipText: String) throws -> DraftCaptions? {
        try writer.read { db in try Catalog.draftCaptions(of: try Catalog.resolveClip(clipText, db), db) }
    }

    static func draftCaptions(of clip: Clip, _ db: Database) throws -> DraftCaptions? {
        guard let draft = try CaptionDraft.fetchOne(db, key: clip.id!) else { return nil }
        let cues = try CaptionDraftCue.filter(CaptionDraftCue.Columns.clipID == clip.id!).order(CaptionDraftCue.Columns.position).fetchAll(db)
        return DraftCaptions(clip: clip.shortID, fileName: clip.fileName, clipDurationMs: clip.durationMs, draft: draft, cues: cues)
    }

    /// Marks a clip's draft captions approved by `person` at `date`; from then on they are published like a sidecar.
    /// Approving again records the new approver. Throws `CaptionDraftError.noDraft`, `CatalogError.unknownClip`,
    /// `CatalogError.missingValue` for an empty name.
    @discardableResult
    public func approveDraftCaptions(forClip clipText: String, by person: String = Catalog.currentUser, at date: Date = Date()) throws -> DraftCaptions {
        let name = person.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty else { throw CatalogError.missingValue("the approver's name (--by)") }
        return try writer.write { db in
            let clip = try Catalog.resolveClip(clipText, db)
            guard var draft = try CaptionDraft.fetchOne(db, key: clip.id!) else { throw CaptionDraftError.noDraft(clip: clip.shortID) }
            draft.status = .approved
            draft.approvedBy = name
            draft.approvedAt = date
            try draft.update(db)
            return try Catalog.draftCaptions(of: clip, db)!
        }
    }

    /// Corrects one cue of a clip's draft captions (numbered from 1): its text, and optionally its times (ms).
    ///
    /// The text must be 1–2 lines of at most 42 characters; the times must lie inside the clip, after the previous cue
    /// and before the next. An edit of approved captions returns them to `draft`: approval is for the words as they
    /// were approved, so a person approves again. Throws `CaptionDraftError.noDraft` / `.unknownCue` / `.invalidCue`
    /// with a sentence naming the clip and cue, and `CatalogError.unknownClip`.
    @discardableResult
    public func editDraftCue(
        forClip clipText: String, cue position: Int, text: String? = nil, startMs: Int64? = nil, endMs: Int64? = nil,
        by person: String = Catalog.currentUser, at date: Date = Date()
    ) throws -> DraftCaptions {
        try writer.write { db in
            let clip = try Catalog.resolveClip(clipText, db)
            guard var draft = try CaptionDraft.fetchOne(db, key: clip.id!) else { throw CaptionDraftError.noDraft(clip: clip.shortID) }
            let cues = try CaptionDraftCue.filter(CaptionDraftCue.Columns.clipID == clip.id!).order(CaptionDraftCue.Columns.position).fetchAll(db)
            guard position >= 1, position <= cues.count else {
                throw CaptionDraftError.unknownCue(clip: clip.shortID, position: position, count: cues.count)
            }
            var cue = cues[position - 1]
            let newText = text.map(Catalog.tidyCaptionText) ?? cue.text
            let newStart = startMs ?? cue.startMs
            let newEnd = endMs ?? cue.endMs
            try Catalog.validate(newText, startMs: newStart, endMs: newEnd, after: position > 1 ? cues[position - 2].endMs : 0,
                                 before: position < cues.count ? cues[position].startMs : nil, clip: clip, position: position)
            guard newText != cue.text || newStart != cue.startMs || newEnd != cue.endMs else { return try Catalog.draftCaptions(of: clip, db)! }
            cue.text = newText
            cue.startMs = newStart
            cue.endMs = newEnd
            try cue.update(db)
            draft.editedBy = person
            draft.editedAt = date
            draft.status = .draft
            draft.approvedBy = nil
            draft.approvedAt = nil
            try draft.update(db)
            try Catalog.reindex(clipID: clip.id!, db)
            return try Catalog.draftCaptions(of: clip, db)!
        }
    }

    /// Removes a clip's draft captions (for example to draft again from scratch). Returns whether there were any.
    @discardableResult
    public func discardDraftCaptions(forClip clipText: String) throws -> Bool {
        try writer.write { db in
            let clip = try Catalog.resolveClip(clipText, db)
            let removed = try CaptionDraft.deleteOne(db, key: clip.id!)
            if removed { try Catalog.reindex(clipID: clip.id!, db) }
            return removed
        }
    }

    /// Approved draft captions as publishable captions; empty when the clip has none or they are not approved.
    static func approvedDraftCaptions(clipID: Int64, _ db: Database) throws -> [Caption] {
        guard try CaptionDraft.fetchOne(db, key: clipID)?.status == .approved else { return [] }
        return try CaptionDraftCue.filter(CaptionDraftCue.Columns.clipID == clipID).order(CaptionDraftCue.Columns.position).fetchAll(db)
            .map { Caption(start: MediaTime(milliseconds: $0.startMs), end: MediaTime(milliseconds: $0.endMs), text: $0.text) }
    }

    /// The text a person typed, trimmed line by line, blank lines dropped, `\r\n` read as a line break.
    static func tidyCaptionText(_ text: String) -> String {
        text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n").components(separatedBy: "\n")
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.joined(separator: "\n")
    }

    /// Checks one cue's text and times; throws `CaptionDraftError.invalidCue` with the reason.
    static func validate(_ text: String, startMs: Int64, endMs: Int64, after previousEnd: Int64, before nextStart: Int64?,
                         clip: Clip, position: Int) throws {
        func fail(_ reason: String) -> CaptionDraftError { .invalidCue(clip: clip.shortID, position: position, reason: reason) }
        let lines = text.components(separatedBy: "\n")
        if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { throw fail("the text is empty") }
        if lines.count > captionLinesPerCue { throw fail("\(lines.count) lines; a cue has at most \(captionLinesPerCue) (split it, or shorten it)") }
        if let long = lines.first(where: { $0.count > captionLineLimit }) {
            throw fail("the line '\(long.prefix(60))\(long.count > 60 ? "…" : "")' has \(long.count) characters; at most \(captionLineLimit)")
        }
        let clock = { (ms: Int64) in MediaTime(milliseconds: ms).clockString }
        if startMs < 0 { throw fail("it starts before the clip (\(clock(startMs)))") }
        if endMs <= startMs { throw fail("it ends (\(clock(endMs))) before it starts (\(clock(startMs)))") }
        if let d = clip.durationMs, endMs > d { throw fail("it ends at \(clock(endMs)), after the clip's end (\(clock(d)))") }
        if startMs < previousEnd { throw fail("it starts at \(clock(startMs)), before the previous cue ends (\(clock(previousEnd)))") }
        if let nextStart, endMs > nextStart { throw fail("it ends at \(clock(endMs)), after the next cue starts (\(clock(nextStart)))") }
    }
}

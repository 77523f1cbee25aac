import Foundation
import GRDB
import Media
import Playlists

/// Shot-log rows checked against the taxonomy and matched to the files of an import (or clips already in the
/// catalogue), ready to apply inside each clip's transaction.
struct ShotLogPlan: Sendable {
    /// A row that passed the checks, with its role and themes resolved to ids.
    struct Row: Sendable {
        var entry: ShotLog.Entry
        var roleID: String?
        var themeIDs: [String]
        var expires: CalendarDay?
        /// `shotlog.csv:7`, recorded as the source of consent taken from the row.
        var source: String
    }

    /// Rows by the absolute path of the file found in this import.
    var byPath: [String: [Row]] = [:]
    /// Rows naming files that are not in this import but are in the catalogue, by clip id.
    var byClipID: [Int64: [Row]] = [:]
    var issues: [ShotLogIssue] = []

    /// Checks every row and matches it to a file. Rows with problems become issues and are left out.
    init(shotLog: ShotLog?, files: [MediaScanner.Found], taxonomy: Taxonomy, db: Database) throws {
        guard let shotLog else { return }
        let logFolder = (Catalog.absolutePath(shotLog.path) as NSString).deletingLastPathComponent
        let logName = (shotLog.path as NSString).lastPathComponent
        var byName: [String: [String]] = [:]
        let paths = Set(files.map(\.path))
        for f in files { byName[(f.path as NSString).lastPathComponent.lowercased(), default: []].append(f.path) }
        for entry in shotLog.entries {
            func issue(_ message: String) { issues.append(ShotLogIssue(path: shotLog.path, line: entry.line, message: message)) }
            var roleID: String?
            var themeIDs: [String] = []
            var expires: CalendarDay?
            do {
                if let role = entry.role { roleID = try taxonomy.role(named: role).id }
                themeIDs = try taxonomy.themes(named: entry.themes).map(\.id)
            } catch {
                issue(error.description)
                continue
            }
            if let text = entry.consentExpires {
                guard let day = CalendarDay(text) else {
                    issue("invalid consent expiry date '\(text)': use YYYY-MM-DD")
                    continue
                }
                expires = day
            }
            if let bad = [("speaker", entry.speaker), ("title", entry.title)].first(where: { $0.1?.unicodeScalars.contains {
                CharacterSet.controlCharacters.contains($0) } == true }) {
                issue("the \(bad.0) must be one line of text: it contains a line break or another control character")
                continue
            }
            if entry.speaker == nil, entry.consentReference != nil || entry.role != nil {
                issue("a role or consent reference needs a speaker name")
                continue
            }
            if let from = entry.from, let to = entry.to {
                do {
                    let start = try MediaTime(parsing: from)
                    let end = try MediaTime(parsing: to)
                    if end <= start {
                        issue("segment \(from)–\(to) is empty or reversed: 'to' must come after 'from'")
                        continue
                    }
                    if entry.title == nil {
                        issue("a segment (from/to) needs a title")
                        continue
                    }
                } catch {
                    issue(error.description)
                    continue
                }
            }
            let row = Row(entry: entry, roleID: roleID, themeIDs: themeIDs, expires: expires, source: "\(logName):\(entry.line)")
            // Match the row's file: a path (relative to the shot log's folder or the current folder), or a name.
            let name = entry.file
            if name.contains("/") {
                let candidates = [Catalog.absolutePath((logFolder as NSString).appendingPathComponent(name)), Catalog.absolutePath(name)]
                if let hit = candidates.first(where: paths.contains) {
                    byPath[hit, default: []].append(row)
                    continue
                }
                if let clip = try Clip.filter(candidates.contains(Clip.Columns.path)).fetchOne(db) {
                    byClipID[clip.id!, default: []].append(row)
                    continue
                }
            }
            let base = (name as NSString).lastPathComponent.lowercased()
            let hits = byName[base] ?? []
            if hits.count == 1 {
                byPath[hits[0], default: []].append(row)
                continue
            }
            if hits.count > 1 {
                issue("'\(name)' matches \(hits.count) files in this import (\(hits.joined(separator: ", "))): give the path")
                continue
            }
            let clips = try Clip.filter(Clip.Columns.fileName == (name as NSString).lastPathComponent).limit(3).fetchAll(db)
            if clips.count == 1 {
                byClipID[clips[0].id!, default: []].append(row)
            } else if clips.count > 1 {
                issue("'\(name)' matches \(clips.count) clips in the catalogue (\(clips.map(\.shortID).joined(separator: ", "))): give the path")
            } else {
                issue("unknown file '\(name)': not found in this import or in the catalogue")
            }
        }
    }

    /// Applies rows to a clip inside its transaction: speaker (created with the row's role when new), consent
    /// (a grant when the reference is new for the speaker), title, notes, themes and segments.
    /// Rows that cannot be applied become issues; the clip is still written. Returns how many rows applied.
    static func apply(_ rows: [Row], to clipID: Int64, shotLogPath: String, recordedBy: String, now: Date, db: Database,
                      issues: inout [ShotLogIssue]) throws -> Int {
        guard var clip = try Clip.fetchOne(db, key: clipID) else { return 0 }
        var applied = 0
        for row in rows.sorted(by: { $0.entry.line < $1.entry.line }) {
            let entry = row.entry
            func issue(_ message: String) { issues.append(ShotLogIssue(path: shotLogPath, line: entry.line, message: message)) }
            var speakerID: Int64?
            if let name = entry.speaker {
                let key = NameMatcher.normalize(name)
                let existing = try Speaker.filter(Speaker.Columns.name == name).fetchOne(db)
                    ?? Speaker.fetchAll(db).first { NameMatcher.normalize($0.name) == key }
                if let speaker = existing {
                    if let roleID = row.roleID, roleID != speaker.roleID {
                        issue("speaker '\(speaker.name)' is recorded as '\(speaker.roleID)' but this row says '\(roleID)'; row not applied")
                        continue
                    }
                    speakerID = speaker.id
                } else {
                    guard let roleID = row.roleID else {
                        issue("new speaker '\(name)' needs a role")
                        continue
                    }
                    var speaker = Speaker(name: name, roleID: roleID, createdAt: now)
                    try speaker.insert(db)
                    speakerID = speaker.id
                }
                if let ref = entry.consentReference, let id = speakerID {
                    let known = try ConsentEvent.filter(ConsentEvent.Columns.speakerID == id && ConsentEvent.Columns.reference == ref).fetchCount(db)
                    if known == 0 {
                        var event = ConsentEvent(speakerID: id, kind: .granted, reference: ref, expiresOn: row.expires,
                                                 recordedBy: recordedBy, recordedAt: now, source: row.source)
                        try event.insert(db)
                    }
                }
            }
            if let from = entry.from, let to = entry.to, let title = entry.title {
                let rate = clip.frameRate.flatMap(Catalog.parseRational)
                let startMs: Int64
                let endMs: Int64
                do {
                    startMs = try MediaTime(parsing: from, frameRate: rate).milliseconds
                    endMs = try MediaTime(parsing: to, frameRate: rate).milliseconds
                    try Catalog.checkRange(clip: clip, startMs: startMs, endMs: endMs)
                } catch let error as CatalogError {
                    if case .invalidSegment(_, let reason) = error { issue(reason) } else { issue(error.description) }
                    continue
                } catch {
                    issue("\(error)")
                    continue
                }
                if var segment = try Segment.filter(Segment.Columns.clipID == clipID && Segment.Columns.startMs == startMs
                                                    && Segment.Columns.endMs == endMs).fetchOne(db) {
                    segment.title = title
                    if let notes = entry.notes { segment.notes = notes }
                    try segment.update(db)
                    for theme in row.themeIDs {
                        try SegmentTheme(segmentID: segment.id!, themeID: theme, addedAt: now).insert(db, onConflict: .ignore)
                    }
                } else {
                    _ = try Catalog.insertSegment(clip: clip, startMs: startMs, endMs: endMs, title: title, themeIDs: row.themeIDs,
                                                  notes: entry.notes, db)
                }
                if clip.speakerID == nil, let speakerID { clip.speakerID = speakerID }
            } else {
                if let speakerID { clip.speakerID = speakerID }
                if let title = entry.title { clip.title = title }
                if let notes = entry.notes { clip.notes = notes }
                for theme in row.themeIDs {
                    try ClipTheme(clipID: clipID, themeID: theme, addedAt: now).insert(db, onConflict: .ignore)
                }
            }
            applied += 1
        }
        clip.updatedAt = now
        try clip.update(db)
        try Catalog.reindex(clipID: clipID, db)
        return applied
    }
}

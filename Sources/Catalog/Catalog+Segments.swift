import Foundation
import GRDB
import Media

extension Catalog {
    /// Marks a range of a clip as a segment, with a title and themes; times are read with
    /// `MediaTime(parsing:)` (frames in `HH:MM:SS:FF` count at the clip's frame rate).
    ///
    /// Throws `CatalogError.unknownClip`, `.invalidTime`, `.invalidSegment` (empty, reversed or past the end of
    /// the clip), `.unknownTheme` (with suggestions), `.missingValue` for an empty title, `.notOneLine` for a title with a line break.
    @discardableResult
    ///
    /// `notThemes` are themes of the clip this segment is not about: the segment otherwise carries every theme of
    /// its clip (see `Segment.effectiveThemes`).
    public func addSegment(clip clipText: String, from: String, to: String, title: String, themes: [String] = [],
                           notThemes: [String] = [], notes: String? = nil) throws -> SegmentSummary {
        let clip = try resolveClip(clipText)
        let rate = clip.frameRate.flatMap(Catalog.parseRational)
        let start: MediaTime
        let end: MediaTime
        do {
            start = try MediaTime(parsing: from, frameRate: rate)
            end = try MediaTime(parsing: to, frameRate: rate)
        } catch {
            throw CatalogError.invalidTime(error.text, reason: error.reason)
        }
        return try addSegment(clipID: clip.id!, start: start, end: end, title: title, themes: themes, notThemes: notThemes, notes: notes)
    }

    /// Marks a range of a clip as a segment. Throws as `addSegment(clip:from:to:title:themes:notes:)` does.
    @discardableResult
    public func addSegment(clipID: Int64, start: MediaTime, end: MediaTime, title: String, themes: [String] = [],
                           notThemes: [String] = [], notes: String? = nil) throws -> SegmentSummary {
        let resolved = try taxonomy.themes(named: themes)
        let setAside = try taxonomy.themes(named: notThemes).map(\.id)
        return try writer.write { db in
            guard let clip = try Clip.fetchOne(db, key: clipID) else { throw CatalogError.unknownClip(String(clipID)) }
            var summary = try Catalog.insertSegment(clip: clip, startMs: start.milliseconds, endMs: end.milliseconds, title: title,
                                                    themeIDs: resolved.map(\.id), notes: notes, db)
            for theme in setAside {
                try db.execute(sql: "INSERT OR IGNORE INTO segmentThemeSetAside(segmentID, themeID, addedAt) VALUES (?, ?, ?)",
                               arguments: [summary.segment.id!, theme, Date()])
            }
            summary.setAsideThemes = setAside.sorted()
            return summary
        }
    }

    /// Checks the range against the clip and inserts the segment with its tags, then reindexes the clip.
    static func insertSegment(clip: Clip, startMs: Int64, endMs: Int64, title: String, themeIDs: [String], notes: String?,
                              _ db: Database) throws -> SegmentSummary {
        let title = title.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !title.isEmpty else { throw CatalogError.missingValue("the segment title") }
        try requireOneLine(title, "the segment title")
        try checkRange(clip: clip, startMs: startMs, endMs: endMs)
        let number = (try Int.fetchOne(db, sql: "SELECT MAX(number) FROM segment WHERE clipID = ?", arguments: [clip.id!]) ?? 0) + 1
        let hex = clip.shortID.hasPrefix("c-") ? String(clip.shortID.dropFirst(2)) : clip.shortID
        var segment = Segment(shortID: "s-\(hex)-\(number)", clipID: clip.id!, number: number, startMs: startMs, endMs: endMs,
                              title: title, notes: notes)
        try segment.insert(db)
        for theme in themeIDs {
            try SegmentTheme(segmentID: segment.id!, themeID: theme).insert(db, onConflict: .ignore)
        }
        try reindex(clipID: clip.id!, db)
        return SegmentSummary(segment: segment, themes: themeIDs.sorted())
    }

    /// Refuses an empty or reversed range, or one that ends after the clip does.
    static func checkRange(clip: Clip, startMs: Int64, endMs: Int64) throws {
        let from = MediaTime(milliseconds: startMs).clockString
        let to = MediaTime(milliseconds: endMs).clockString
        guard endMs > startMs else {
            throw CatalogError.invalidSegment(clip: clip.shortID, reason: "the range \(from)–\(to) is empty or reversed: --to must come after --from")
        }
        if let duration = clip.durationMs, endMs > duration {
            throw CatalogError.invalidSegment(clip: clip.shortID, reason: "the range \(from)–\(to) ends after the clip does (duration \(MediaTime(milliseconds: duration).clockString))")
        }
    }

    /// The segments of a clip with their themes, in time order. Throws `CatalogError.unknownClip`.
    public func segments(ofClip clipText: String) throws -> [SegmentSummary] {
        try writer.read { db in
            let clip = try Catalog.resolveClip(clipText, db)
            return try Catalog.segmentSummaries(clipIDs: [clip.id!], db)[clip.id!] ?? []
        }
    }

    /// Segments with their themes for several clips at once, by clip id.
    static func segmentSummaries(clipIDs: [Int64], _ db: Database) throws -> [Int64: [SegmentSummary]] {
        var out: [Int64: [SegmentSummary]] = [:]
        for chunk in clipIDs.chunked(500) {
            let ids = Array(chunk)
            let placeholders = databaseQuestionMarks(count: ids.count)
            var segments: [Segment] = []
            let segmentRows = try Row.fetchCursor(db, sql: """
                SELECT \(Segment.columnList) FROM segment WHERE clipID IN (\(placeholders))
                ORDER BY clipID, startMs, endMs, number
                """, arguments: StatementArguments(ids))
            while let row = try segmentRows.next() { segments.append(Segment(columns: row)) }
            var themes: [Int64: [String]] = [:]
            let rows = try Row.fetchCursor(db, sql: """
                SELECT segmentTheme.segmentID, segmentTheme.themeID FROM segmentTheme
                JOIN segment ON segment.id = segmentTheme.segmentID WHERE segment.clipID IN (\(placeholders))
                """, arguments: StatementArguments(ids))
            while let row = try rows.next() { themes[row[0], default: []].append(row[1]) }
            var setAside: [Int64: [String]] = [:]
            let asideRows = try Row.fetchCursor(db, sql: """
                SELECT segmentThemeSetAside.segmentID, segmentThemeSetAside.themeID FROM segmentThemeSetAside
                JOIN segment ON segment.id = segmentThemeSetAside.segmentID WHERE segment.clipID IN (\(placeholders))
                """, arguments: StatementArguments(ids))
            while let row = try asideRows.next() { setAside[row[0], default: []].append(row[1]) }
            for segment in segments {
                var summary = SegmentSummary(segment: segment, themes: (themes[segment.id!] ?? []).sorted())
                summary.setAsideThemes = (setAside[segment.id!] ?? []).sorted()
                out[segment.clipID, default: []].append(summary)
            }
        }
        return out
    }

    /// `30000/1001` as a `Rational`.
    static func parseRational(_ text: String) -> Rational? {
        let parts = text.split(separator: "/")
        guard let n = Int32(parts[0]) else { return nil }
        let d = parts.count > 1 ? Int32(parts[1]) : 1
        guard let d, d != 0, n > 0 else { return nil }
        return Rational(n, d)
    }
}

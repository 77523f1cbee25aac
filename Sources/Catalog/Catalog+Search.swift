import Foundation
import GRDB
import Media
import Playlists

extension Catalog {
    /// The clips matching a query, with speaker, role, themes, flags, segments and consent.
    ///
    /// Ordered by file name, or best match first when `query.text` is set; `query.limit` cuts the list before
    /// the clips are loaded, so a page of results stays fast in a large catalogue. Roles and themes are checked against
    /// the taxonomy first: throws `CatalogError.unknownRole` / `.unknownTheme` / `.unknownSpeaker` with suggestions.
    public func clips(matching query: ClipQuery = ClipQuery()) throws -> [ClipSummary] {
        try clipPage(matching: query, offset: 0).clips
    }

    /// One page of the clips matching a query, and how many match in all (for paged listings such as the web
    /// catalogue's). `query.limit` is the page size (all when nil); `offset` skips that many matches first.
    ///
    /// Throws like `clips(matching:)`.
    public func clipPage(matching query: ClipQuery = ClipQuery(), offset: Int) throws -> ClipPage {
        let roleIDs = try query.roles.map { (r: String) throws(CatalogError) in try taxonomy.role(named: r).id }
        let themeIDs = try taxonomy.themes(named: query.themes).map(\.id)
        return try writer.read { db in
            var request = Clip.all()
            var roleFilter = roleIDs
            if let audience = query.audience {
                let ids = taxonomy.roleIDs(for: audience)
                roleFilter = roleFilter.isEmpty ? ids : roleFilter.filter(ids.contains)
                if roleFilter.isEmpty { return ClipPage(clips: [], total: 0, offset: offset) }
            }
            if !roleFilter.isEmpty || query.audience != nil { request = request.filter(roleIDs: roleFilter) }
            if !query.speakers.isEmpty {
                let ids = try query.speakers.map { try Catalog.resolveSpeaker($0, db).id! }
                request = request.filter(speakerIDs: ids)
            }
            for theme in themeIDs { request = request.filter(themeID: theme) }
            for flag in query.flags { request = request.filter(flag: flag) }
            if let min = query.minDuration { request = request.filter(minDurationMs: min.milliseconds) }
            if let max = query.maxDuration { request = request.filter(maxDurationMs: max.milliseconds) }
            let statuses = try Catalog.consentStatuses(at: query.date, db)
            if let state = query.consent {
                let allSpeakers = try Int64.fetchAll(db, sql: "SELECT id FROM speaker")
                let ids = allSpeakers.filter { (statuses[$0] ?? .missing).state == state }
                request = state == .missing ? request.filter(speakerIDsOrNone: ids) : request.filter(speakerIDs: ids)
            }
            // Find the matching ids first (cheap), order and cut them, then load only the clips that are returned.
            var ids: [Int64]
            if let text = query.text?.trimmingCharacters(in: .whitespaces), !text.isEmpty {
                guard let pattern = Catalog.searchPattern(text) else { return ClipPage(clips: [], total: 0, offset: offset) }
                let ranked = try Int64.fetchAll(db, sql: "SELECT rowid FROM clipSearch WHERE clipSearch MATCH ? ORDER BY rank", arguments: [pattern])
                let allowed = Set(try Int64.fetchAll(db, request.select(Clip.Columns.id)))
                ids = ranked.filter(allowed.contains)
            } else {
                ids = try Int64.fetchAll(db, request.orderedByFileName().select(Clip.Columns.id))
            }
            let total = ids.count
            ids = Array(ids.dropFirst(max(0, offset)))
            if let limit = query.limit { ids = Array(ids.prefix(max(0, limit))) }
            var byID: [Int64: Clip] = [:]
            for chunk in ids.chunked(500) {
                for clip in try Clip.filter(keys: chunk).fetchAll(db) { byID[clip.id!] = clip }
            }
            let clips = ids.compactMap { byID[$0] }
            return ClipPage(clips: try summaries(of: clips, statuses: statuses, db), total: total, offset: max(0, offset))
        }
    }

    /// The clips that may be used in playlists and published videos at `date`: those matching `query` whose
    /// speaker's consent is ok (recorded, not withdrawn, not expired).
    public func usableClips(matching query: ClipQuery = ClipQuery(), at date: Date = Date()) throws -> [ClipSummary] {
        var q = query
        q.consent = .ok
        q.date = date
        return try clips(matching: q)
    }

    /// One clip with every fact, caption and consent event, for `reel show`.
    ///
    /// Throws `CatalogError.unknownClip` / `.ambiguousClip`.
    public func clipDetail(_ clipText: String, at date: Date = Date()) throws -> ClipDetail {
        try writer.read { db in
            let clip = try Catalog.resolveClip(clipText, db)
            let statuses = try Catalog.consentStatuses(at: date, db)
            let summary = try summaries(of: [clip], statuses: statuses, db)[0]
            let captions = try CaptionCue.filter(CaptionCue.Columns.clipID == clip.id!)
                .order(CaptionCue.Columns.source, CaptionCue.Columns.startMs).fetchAll(db)
            let history = try clip.speakerID.map {
                try ConsentEvent.filter(ConsentEvent.Columns.speakerID == $0).order(ConsentEvent.Columns.recordedAt, ConsentEvent.Columns.id).fetchAll(db)
            } ?? []
            return ClipDetail(summary: summary, captions: captions, consentHistory: history,
                              posterPath: posterPath(for: clip), filmstripPath: filmstripPath(for: clip))
        }
    }

    /// Summaries for clips, loading their speakers, flags, tags and segments in a few batched queries.
    func summaries(of clips: [Clip], statuses: [Int64: ConsentStatus], _ db: Database) throws -> [ClipSummary] {
        let ids = clips.compactMap(\.id)
        let speakerIDs = Array(Set(clips.compactMap(\.speakerID)))
        var speakers: [Int64: Speaker] = [:]
        var flags: [Int64: [ClipFlag]] = [:]
        var themes: [Int64: [ClipTheme]] = [:]
        for chunk in speakerIDs.chunked(500) {
            for s in try Speaker.filter(keys: chunk).fetchAll(db) { speakers[s.id!] = s }
        }
        for chunk in ids.chunked(500) {
            for f in try ClipFlag.filter(chunk.contains(ClipFlag.Columns.clipID)).fetchAll(db) { flags[f.clipID, default: []].append(f) }
            for t in try ClipTheme.filter(chunk.contains(ClipTheme.Columns.clipID)).fetchAll(db) { themes[t.clipID, default: []].append(t) }
        }
        let segments = try Catalog.segmentSummaries(clipIDs: ids, db)
        return clips.map { clip in
            let speaker = clip.speakerID.flatMap { speakers[$0] }
            return ClipSummary(
                clip: clip, speaker: speaker, role: speaker.flatMap { taxonomy.role(id: $0.roleID) },
                themes: (themes[clip.id!] ?? []).map(\.themeID).sorted(),
                flags: (flags[clip.id!] ?? []).sorted { $0.flag < $1.flag },
                segments: segments[clip.id!] ?? [],
                consent: speaker.flatMap { statuses[$0.id!] } ?? .missing)
        }
    }

    /// The FTS5 query for user text: words become prefix searches that must all match; text with double quotes or
    /// the operators AND, OR, NOT is used as an FTS5 query as written. Nil when the text has no words.
    static func searchPattern(_ text: String) -> FTS5Pattern? {
        let words = text.split(separator: " ")
        if text.contains("\"") || words.contains(where: { ["AND", "OR", "NOT"].contains($0) }) {
            if let raw = try? FTS5Pattern(rawPattern: text) { return raw }
        }
        return FTS5Pattern(matchingAllPrefixesIn: text)
    }
}

extension Array {
    /// The array in consecutive pieces of at most `size` elements (SQLite limits the values one statement binds).
    func chunked(_ size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}

import Dispatch
import Foundation
import GRDB
import Playlists

extension Catalog {
    /// Every segment, and every clip with no segments, as playlist candidates with speaker, role, themes and
    /// consent as of `date` (unusable ones included: the builder explains why it leaves them out).
    ///
    /// A segment carries its clip's themes plus its own, less those it sets aside (`Segment.effectiveThemes`).
    /// Clips of unknown duration are skipped.
    public func playlistCandidates(at date: Date = Date()) throws -> [PlaylistCandidate] {
        try writer.read { db in try playlistCandidates(at: date, db) }
    }

    /// The candidates; a clip whose short id is in `wholeClips` is also offered whole (from 0 to its end, on the
    /// clip's own themes) even when it has segments: that is what `--include CLIP` asks for.
    func playlistCandidates(at date: Date, wholeClips: Set<String> = [], _ db: Database) throws -> [PlaylistCandidate] {
        let statuses = try Catalog.consentStatuses(at: date, db)
        var speakers: [Int64: (name: String, role: String)] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT id, name, roleID FROM speaker") {
            speakers[row["id"]] = (row["name"], row["roleID"])
        }
        var clipThemes: [Int64: [String]] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT clipID, themeID FROM clipTheme ORDER BY clipID, themeID") {
            clipThemes[row["clipID"], default: []].append(row["themeID"])
        }
        var segmentThemes: [Int64: [String]] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT segmentID, themeID FROM segmentTheme ORDER BY segmentID, themeID") {
            segmentThemes[row["segmentID"], default: []].append(row["themeID"])
        }
        var setAside: [Int64: [String]] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT segmentID, themeID FROM segmentThemeSetAside ORDER BY segmentID, themeID") {
            setAside[row["segmentID"], default: []].append(row["themeID"])
        }
        var segmentsByClip: [Int64: [Row]] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT id, shortID, clipID, startMs, endMs, title FROM segment ORDER BY clipID, startMs, number") {
            segmentsByClip[row["clipID"], default: []].append(row)
        }
        var out: [PlaylistCandidate] = []
        for clip in try Row.fetchAll(db, sql: "SELECT id, shortID, title, fileName, speakerID, durationMs FROM clip ORDER BY id") {
            let clipID: Int64 = clip["id"]
            let shortID: String = clip["shortID"]
            let speakerID: Int64? = clip["speakerID"]
            let speaker = speakerID.flatMap { speakers[$0] }
            let role = speaker.flatMap { taxonomy.role(id: $0.role) }
            let consent = speakerID.flatMap { statuses[$0] } ?? .missing
            func candidate(id: String, segmentID: Int64?, title: String, start: Int64, end: Int64, themes: [String]) -> PlaylistCandidate {
                PlaylistCandidate(id: id, clipID: clipID, clipShortID: shortID, segmentID: segmentID, title: title, startMs: start, endMs: end,
                                  speakerID: speakerID, speakerName: speaker?.name, roleID: speaker?.role, roleLabel: role?.label,
                                  side: role?.audience, themes: themes, consent: consent)
            }
            let ownThemes = clipThemes[clipID] ?? []
            let duration: Int64? = clip["durationMs"]
            let clipTitle: String = clip["title"] ?? clip["fileName"]
            if let segments = segmentsByClip[clipID], !segments.isEmpty {
                if wholeClips.contains(shortID), let duration, duration > 0 {
                    out.append(candidate(id: shortID, segmentID: nil, title: clipTitle, start: 0, end: duration, themes: ownThemes))
                }
                for s in segments {
                    let id: Int64 = s["id"]
                    let themes = Segment.effectiveThemes(clipThemes: ownThemes, ownThemes: segmentThemes[id] ?? [], setAside: setAside[id] ?? [])
                    out.append(candidate(id: s["shortID"], segmentID: id, title: s["title"], start: s["startMs"], end: s["endMs"],
                                         themes: themes))
                }
            } else if let duration, duration > 0 {
                out.append(candidate(id: shortID, segmentID: nil, title: clipTitle, start: 0, end: duration, themes: ownThemes))
            }
        }
        return out
    }

    /// Builds a playlist from the catalogue's candidates (consent as of `date`) and stores it under `name`, in one
    /// transaction; with `replace`, a playlist of that name is replaced.
    ///
    /// `request.include` and `.exclude` may name segments (`s-…`) or clips in any form `resolveClip` accepts.
    /// Throws `PlaylistError.invalidName`, `.playlistExists`; `CatalogError.unknownClip`, `.unknownSegment`,
    /// `.unknownTheme`. What the catalogue cannot supply is not an error: see `plan.explanation.shortfalls`.
    public func buildPlaylist(named name: String, request: PlaylistRequest, replace: Bool = false, title: String? = nil,
                              at date: Date = Date()) throws -> PlaylistBuildResult {
        let trimmed = try Catalog.checkPlaylistName(name)
        var request = request
        if let themes = request.themes { request.themes = try taxonomy.themes(named: themes).map(\.id) }
        if let roles = request.preferredRoleIDs { request.preferredRoleIDs = try roles.reduce(into: [String]()) { ids, text in
            let id = try taxonomy.role(named: text).id
            if !ids.contains(id) { ids.append(id) }
        } }
        let t0 = DispatchTime.now().uptimeNanoseconds
        let (candidates, include, exclude) = try writer.read { db in
            if !replace, let existing = try Playlist.filter(Playlist.Columns.name == trimmed).fetchOne(db) {
                throw PlaylistError.playlistExists(existing.name)
            }
            let include = try Catalog.shortIDs(request.include, db)
            let wholeClips = Set(include.filter { !$0.hasPrefix("s-") })
            return (try playlistCandidates(at: date, wholeClips: wholeClips, db), include, try Catalog.shortIDs(request.exclude, db))
        }
        request.include = include
        request.exclude = exclude
        let t1 = DispatchTime.now().uptimeNanoseconds
        let plan = PlaylistBuilder(taxonomy: taxonomy).build(request, from: candidates)
        let t2 = DispatchTime.now().uptimeNanoseconds
        let playlist = try writer.write { db in
            var keptTitle: String? = nil
            if let existing = try Playlist.filter(Playlist.Columns.name == trimmed).fetchOne(db) {
                guard replace else { throw PlaylistError.playlistExists(existing.name) }
                keptTitle = existing.title
                _ = try existing.delete(db)
            }
            var playlist = Playlist(name: trimmed, audienceID: request.audience.id, themes: request.effectiveThemes,
                                    targetMs: request.effectiveTargetMs, maxClipMs: request.effectiveMaxClipMs, seed: request.seed,
                                    include: include, exclude: exclude, explanation: plan.explanation, createdAt: date)
            // A rebuild keeps the title unless a new one is given.
            playlist.title = Catalog.cleanTitle(title) ?? keptTitle
            try playlist.insert(db)
            for (n, planned) in plan.items.enumerated() {
                let c = planned.candidate
                var item = PlaylistItem(playlistID: playlist.id!, position: n + 1, clipID: c.clipID, segmentID: c.segmentID,
                                        startMs: c.startMs, endMs: c.endMs, title: c.title, section: planned.section,
                                        themeID: planned.sectionThemeID, reason: planned.reason, addedAt: date)
                try item.insert(db)
            }
            return playlist
        }
        let t3 = DispatchTime.now().uptimeNanoseconds
        return PlaylistBuildResult(playlist: playlist, plan: plan, candidateCount: candidates.count,
                                   loadSeconds: Double(t1 - t0) / 1e9, saveSeconds: Double(t3 - t2) / 1e9)
    }

    /// The canonical short ids of segments (`s-…`) and clips named by a user.
    static func shortIDs(_ texts: [String], _ db: Database) throws -> [String] {
        try texts.map { text in
            text.trimmingCharacters(in: .whitespaces).lowercased().hasPrefix("s-")
                ? try resolveSegment(text, db).shortID : try resolveClip(text, db).shortID
        }
    }

    /// The trimmed name, or `PlaylistError.invalidName` when it cannot serve as a file name.
    static func checkPlaylistName(_ name: String) throws -> String {
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty { throw PlaylistError.invalidName(name, reason: "it is empty") }
        if trimmed.count > 80 { throw PlaylistError.invalidName(name, reason: "use at most 80 characters") }
        if trimmed.hasPrefix(".") || trimmed.hasPrefix("-") {
            throw PlaylistError.invalidName(name, reason: "it may not start with '.' or '-'")
        }
        if let bad = trimmed.unicodeScalars.first(where: { "/\\:*?\"<>|".unicodeScalars.contains($0) || $0.properties.generalCategory == .control }) {
            throw PlaylistError.invalidName(name, reason: "it becomes a file name, so it may not contain '\(bad.escaped(asASCII: true))'")
        }
        return trimmed
    }
}

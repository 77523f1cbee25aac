import Foundation
import GRDB
import Playlists

extension Catalog {
    /// Adds the playlist tables to the schema; called from `Catalog.migrator` after the catalogue's own migrations.
    static func registerPlaylistMigrations(_ migrator: inout CatalogMigrations) {
        migrator.registerMigration("playlists v1: playlist, playlistItem") { db in
            try db.create(table: "playlist") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("name", .text).notNull().unique().collate(.nocase)
                t.column("audienceID", .text).notNull()
                t.column("themes", .jsonText).notNull()
                t.column("targetMs", .integer).notNull()
                t.column("maxClipMs", .integer)
                t.column("seed", .integer).notNull()
                t.column("include", .jsonText).notNull()
                t.column("exclude", .jsonText).notNull()
                t.column("explanation", .jsonText)
                t.column("edited", .boolean).notNull()
                t.column("createdAt", .datetime).notNull()
                t.column("updatedAt", .datetime).notNull()
            }
            try db.create(table: "playlistItem") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("playlistID", .integer).notNull().indexed().references("playlist", onDelete: .cascade)
                t.column("position", .integer).notNull()
                // A clip leaving the catalogue leaves its playlists too; a deleted segment keeps its copied range.
                t.column("clipID", .integer).notNull().indexed().references("clip", onDelete: .cascade)
                t.column("segmentID", .integer).indexed().references("segment", onDelete: .setNull)
                t.column("startMs", .integer).notNull().check { $0 >= 0 }
                t.column("endMs", .integer).notNull()
                t.column("title", .text).notNull()
                t.column("section", .text).notNull()
                t.column("themeID", .text)
                t.column("reason", .text).notNull()
                t.column("addedAt", .datetime).notNull()
                t.check(sql: "endMs > startMs")
            }
        }
    }

    // MARK: - Reading

    /// The playlist with this name (any case). Throws `PlaylistError.unknownPlaylist` with the closest names.
    public func playlist(named name: String) throws -> Playlist {
        try writer.read { db in try Catalog.resolvePlaylist(name, db) }
    }

    static func resolvePlaylist(_ name: String, _ db: Database) throws -> Playlist {
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        if let p = try Playlist.filter(Playlist.Columns.name == trimmed).fetchOne(db) { return p }
        let names = try String.fetchAll(db, sql: "SELECT name FROM playlist ORDER BY name")
        throw PlaylistError.unknownPlaylist(trimmed, suggestions: NameMatcher(names.map { .init(id: $0) }).suggestions(for: trimmed))
    }

    /// One playlist with its entries, consent as of `date`. Throws `PlaylistError.unknownPlaylist`.
    public func playlistContents(named name: String, at date: Date = Date()) throws -> PlaylistContents {
        try writer.read { db in
            let playlist = try Catalog.resolvePlaylist(name, db)
            return PlaylistContents(playlist: playlist, entries: try entries(of: playlist, at: date, db))
        }
    }

    /// Every playlist with its entries, by name, consent as of `date`.
    public func playlists(at date: Date = Date()) throws -> [PlaylistContents] {
        try writer.read { db in
            try Playlist.order(Playlist.Columns.name.collating(.nocase)).fetchAll(db).map {
                PlaylistContents(playlist: $0, entries: try entries(of: $0, at: date, db))
            }
        }
    }

    /// The items of a playlist resolved against the catalogue, in playing order, consent as of `date`.
    func entries(of playlist: Playlist, at date: Date, _ db: Database) throws -> [PlaylistEntry] {
        guard let id = playlist.id else { return [] }
        let items = try PlaylistItem.filter(PlaylistItem.Columns.playlistID == id).order(PlaylistItem.Columns.position).fetchAll(db)
        let clipIDs = Array(Set(items.map(\.clipID)))
        let clips = try Dictionary(uniqueKeysWithValues: Clip.filter(keys: clipIDs).fetchAll(db).map { ($0.id!, $0) })
        let speakers = try Dictionary(uniqueKeysWithValues: Speaker.filter(keys: Array(Set(clips.values.compactMap(\.speakerID)))).fetchAll(db)
            .map { ($0.id!, $0) })
        let statuses = try Catalog.consentStatuses(at: date, db)
        let segmentIDs = items.compactMap(\.segmentID)
        let segments = try Dictionary(uniqueKeysWithValues: Segment.filter(keys: segmentIDs).fetchAll(db).map { ($0.id!, $0) })
        let segmentThemes = Dictionary(grouping: try SegmentTheme.filter(segmentIDs.contains(SegmentTheme.Columns.segmentID)).fetchAll(db),
                                       by: \.segmentID)
        let clipThemes = Dictionary(grouping: try ClipTheme.filter(clipIDs.contains(ClipTheme.Columns.clipID)).fetchAll(db), by: \.clipID)
        var setAside: [Int64: [String]] = [:]
        if !segmentIDs.isEmpty {
            let list = segmentIDs.map(String.init).joined(separator: ",")
            for row in try Row.fetchAll(db, sql: "SELECT segmentID, themeID FROM segmentThemeSetAside WHERE segmentID IN (\(list))") {
                setAside[row["segmentID"], default: []].append(row["themeID"])
            }
        }
        return items.compactMap { item in
            guard let clip = clips[item.clipID] else { return nil }
            let speaker = clip.speakerID.flatMap { speakers[$0] }
            let segment = item.segmentID.flatMap { segments[$0] }
            let ownClipThemes = clipThemes[clip.id!]?.map(\.themeID) ?? []
            // The builder's rule: a clip's themes apply to its segments, less those a segment sets aside.
            let themes = segment.map { segment in
                Segment.effectiveThemes(clipThemes: ownClipThemes, ownThemes: segmentThemes[segment.id!]?.map(\.themeID) ?? [],
                                        setAside: setAside[segment.id!] ?? [])
            } ?? ownClipThemes
            return PlaylistEntry(item: item, clip: clip, segmentShortID: segment?.shortID, speaker: speaker,
                                 role: speaker.flatMap { taxonomy.role(id: $0.roleID) },
                                 consent: speaker.flatMap { statuses[$0.id!] } ?? .missing, themes: themes.sorted())
        }
    }

    // MARK: - Editing

    /// Adds a segment (`s-…`) or a whole clip (any form `resolveClip` accepts) to a playlist, at `position`
    /// (from 1; nil for the end), in one transaction.
    ///
    /// Refuses a clip whose speaker's consent is not current at `date`. Throws `PlaylistError.unknownPlaylist`,
    /// `.invalidPosition`, `.notUsable`, `.unknownDuration`; `CatalogError.unknownClip`, `.unknownSegment`.
    @discardableResult
    public func addToPlaylist(named name: String, _ target: String, at position: Int? = nil, date: Date = Date()) throws -> PlaylistEntry {
        try writer.write { db in
            var playlist = try Catalog.resolvePlaylist(name, db)
            // Close any gap a deleted clip left, so positions run 1…count.
            try Catalog.renumber(playlist.id!, db)
            let count = try PlaylistItem.filter(PlaylistItem.Columns.playlistID == playlist.id!).fetchCount(db)
            let place = position ?? count + 1
            guard place >= 1 && place <= count + 1 else { throw PlaylistError.invalidPosition(place, count: count + 1) }
            let clip: Clip
            let segment: Segment?
            if target.trimmingCharacters(in: .whitespaces).lowercased().hasPrefix("s-") {
                let s = try Catalog.resolveSegment(target, db)
                segment = s
                clip = try Clip.fetchOne(db, key: s.clipID)!
            } else {
                clip = try Catalog.resolveClip(target, db)
                segment = nil
            }
            let shown = segment?.shortID ?? clip.shortID
            let status = try clip.speakerID.map { id in
                ConsentStatus(history: try ConsentEvent.filter(ConsentEvent.Columns.speakerID == id).fetchAll(db), at: date)
            } ?? .missing
            guard status.state.isUsable else {
                let speaker = try clip.speakerID.flatMap { try Speaker.fetchOne(db, key: $0) }
                throw PlaylistError.notUsable(shown, reason: Catalog.consentReason(status, speaker: speaker))
            }
            let range: (Int64, Int64)
            if let segment {
                range = (segment.startMs, segment.endMs)
            } else {
                guard let d = clip.durationMs, d > 0 else { throw PlaylistError.unknownDuration(clip.shortID) }
                range = (0, d)
            }
            try db.execute(sql: "UPDATE playlistItem SET position = position + 1 WHERE playlistID = ? AND position >= ?",
                           arguments: [playlist.id!, place])
            var item = PlaylistItem(playlistID: playlist.id!, position: place, clipID: clip.id!, segmentID: segment?.id,
                                    startMs: range.0, endMs: range.1, title: segment?.title ?? clip.title ?? clip.fileName,
                                    section: .added, themeID: nil, reason: "added by hand", addedAt: date)
            try item.insert(db)
            playlist.edited = true
            playlist.updatedAt = date
            try playlist.update(db)
            return try entries(of: playlist, at: date, db).first { $0.item.id == item.id }!
        }
    }

    /// Removes an item, named by its position (from 1) or its segment or clip id, and closes the gap.
    ///
    /// Throws `PlaylistError.unknownPlaylist`, `.invalidPosition`, `.notInPlaylist`.
    @discardableResult
    public func removeFromPlaylist(named name: String, _ target: String, date: Date = Date()) throws -> PlaylistEntry {
        try writer.write { db in
            var playlist = try Catalog.resolvePlaylist(name, db)
            let all = try entries(of: playlist, at: date, db)
            let entry = try Catalog.findEntry(target, in: all, playlist: playlist.name)
            try PlaylistItem.deleteOne(db, key: entry.item.id!)
            try Catalog.renumber(playlist.id!, db)
            playlist.edited = true
            playlist.updatedAt = date
            try playlist.update(db)
            return entry
        }
    }

    /// Moves an item (by position or id) to position `to` (from 1), shifting the items between.
    ///
    /// Throws `PlaylistError.unknownPlaylist`, `.invalidPosition`, `.notInPlaylist`.
    public func movePlaylistItem(named name: String, _ target: String, to position: Int, date: Date = Date()) throws {
        try writer.write { db in
            var playlist = try Catalog.resolvePlaylist(name, db)
            let all = try entries(of: playlist, at: date, db)
            let entry = try Catalog.findEntry(target, in: all, playlist: playlist.name)
            guard position >= 1 && position <= all.count else { throw PlaylistError.invalidPosition(position, count: all.count) }
            var ids = all.map { $0.item.id! }
            ids.removeAll { $0 == entry.item.id! }
            ids.insert(entry.item.id!, at: position - 1)
            for (n, id) in ids.enumerated() {
                try db.execute(sql: "UPDATE playlistItem SET position = ? WHERE id = ?", arguments: [n + 1, id])
            }
            playlist.edited = true
            playlist.updatedAt = date
            try playlist.update(db)
        }
    }

    /// Deletes a playlist and its items. Throws `PlaylistError.unknownPlaylist`.
    /// Sets (or, with nil or blank text, clears) the title of the playlist named `name`, which exported pages show;
    /// returns the playlist as stored. Throws `PlaylistError.unknownPlaylist`.
    @discardableResult
    public func setPlaylistTitle(named name: String, to title: String?, at date: Date = Date()) throws -> Playlist {
        try writer.write { db in
            var playlist = try Catalog.resolvePlaylist(name, db)
            playlist.title = Catalog.cleanTitle(title)
            playlist.updatedAt = date
            try playlist.update(db)
            return playlist
        }
    }

    /// A title with surrounding white space removed and inner runs (newlines included) made one space; nil when blank.
    static func cleanTitle(_ title: String?) -> String? {
        guard let title else { return nil }
        let words = title.split(whereSeparator: { $0.isWhitespace })
        return words.isEmpty ? nil : words.joined(separator: " ")
    }

    public func deletePlaylist(named name: String) throws {
        try writer.write { db in
            let playlist = try Catalog.resolvePlaylist(name, db)
            _ = try playlist.delete(db)
        }
    }

    /// The entry a user means: a position (`3`) or a segment or clip id.
    static func findEntry(_ target: String, in entries: [PlaylistEntry], playlist: String) throws -> PlaylistEntry {
        let text = target.trimmingCharacters(in: .whitespaces)
        if let n = Int(text) {
            guard n >= 1 && n <= entries.count else { throw PlaylistError.invalidPosition(n, count: entries.count) }
            return entries[n - 1]
        }
        let lower = text.lowercased()
        if let e = entries.first(where: { $0.id.lowercased() == lower }) { return e }
        let byClip = entries.filter { $0.clip.shortID.lowercased() == lower }
        if byClip.count == 1 { return byClip[0] }
        if byClip.count > 1 {
            throw PlaylistError.invalidOption("\(text) plays \(byClip.count) times in playlist '\(playlist)' (items \(byClip.map { String($0.item.position) }.joined(separator: ", "))): give the position or the segment id")
        }
        throw PlaylistError.notInPlaylist(text, playlist: playlist)
    }

    /// Renumbers a playlist's items 1, 2, 3… in their current order.
    static func renumber(_ playlistID: Int64, _ db: Database) throws {
        let ids = try Int64.fetchAll(db, sql: "SELECT id FROM playlistItem WHERE playlistID = ? ORDER BY position, id", arguments: [playlistID])
        for (n, id) in ids.enumerated() {
            try db.execute(sql: "UPDATE playlistItem SET position = ? WHERE id = ?", arguments: [n + 1, id])
        }
    }

    /// `consent withdrawn 2026-11-21`, `consent expired 2026-03-31`, `no consent recorded`, `no speaker recorded`.
    static func consentReason(_ status: ConsentStatus, speaker: Speaker?) -> String {
        switch status.state {
        case .withdrawn: return "consent withdrawn" + (status.changedAt.map { " " + CalendarDay($0).description } ?? "")
        case .expired: return "consent expired" + (status.expiresOn.map { " \($0)" } ?? "")
        case .missing: return speaker == nil ? "no speaker recorded, so no consent" : "no consent recorded"
        case .ok: return "consent ok"
        }
    }
}

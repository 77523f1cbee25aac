import Foundation
import GRDB
import Playlists

extension Catalog {
    /// The schema's migrations, in order. Shipped migrations are never edited; changes get a new one.
    static var migrator: CatalogMigrations {
        var migrator = CatalogMigrations()
        migrator.registerMigration("v1: clips, speakers, consent, segments, tags, captions") { db in
            try db.create(table: "catalogMeta") { t in
                t.primaryKey("key", .text)
                t.column("value", .text).notNull()
            }
            // Copies of the taxonomy (taxonomy.yaml stays the source), so queries can join on roles and themes.
            try db.create(table: "role") { t in
                t.primaryKey("id", .text)
                t.column("label", .text).notNull()
                t.column("audience", .text).notNull().check { ["clinical", "non-clinical"].contains($0) }
                t.column("aliases", .jsonText).notNull()
                t.column("position", .integer).notNull()
            }
            try db.create(table: "theme") { t in
                t.primaryKey("id", .text)
                t.column("label", .text).notNull()
                t.column("description", .text).notNull()
                t.column("keywords", .jsonText).notNull()
                t.column("position", .integer).notNull()
            }
            try db.create(table: "speaker") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("name", .text).notNull().unique().collate(.nocase)
                // Not a foreign key: the taxonomy may drop a role the catalogue still mentions.
                t.column("roleID", .text).notNull().indexed()
                t.column("notes", .text)
                t.column("createdAt", .datetime).notNull()
            }
            try db.create(table: "consentEvent") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("speakerID", .integer).notNull().indexed().references("speaker", onDelete: .restrict)
                t.column("kind", .text).notNull().check { ["granted", "withdrawn"].contains($0) }
                t.column("reference", .text)
                t.column("expiresOn", .text)
                t.column("reason", .text)
                t.column("recordedBy", .text).notNull()
                t.column("recordedAt", .datetime).notNull()
                t.column("source", .text).notNull()
            }
            // Consent history is append-only: the database itself refuses changes and deletions.
            try db.execute(sql: """
                CREATE TRIGGER consentEventNoUpdate BEFORE UPDATE ON consentEvent
                BEGIN SELECT RAISE(ABORT, 'consent history is append-only: record a new grant or withdrawal instead'); END;
                CREATE TRIGGER consentEventNoDelete BEFORE DELETE ON consentEvent
                BEGIN SELECT RAISE(ABORT, 'consent history is append-only: record a new grant or withdrawal instead'); END;
                """)
            try db.create(table: "clip") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("shortID", .text).notNull().unique()
                t.column("checksum", .text).notNull().unique()
                t.column("sizeBytes", .integer).notNull()
                t.column("path", .text).notNull().indexed()
                t.column("sourcePath", .text)
                t.column("fileName", .text).notNull().indexed().collate(.nocase)
                t.column("title", .text)
                t.column("notes", .text)
                t.column("speakerID", .integer).indexed().references("speaker", onDelete: .setNull)
                t.column("durationMs", .integer)
                t.column("container", .text).notNull()
                t.column("videoCodec", .text)
                t.column("width", .integer)
                t.column("height", .integer)
                t.column("frameRate", .text)
                t.column("audioCodec", .text)
                t.column("audioStreamCount", .integer).notNull()
                t.column("subtitleStreamCount", .integer).notNull()
                t.column("recordedAt", .datetime)
                t.column("mediaInfo", .jsonText).notNull()
                t.column("audioLevels", .jsonText)
                t.column("hasPoster", .boolean).notNull()
                t.column("hasFilmstrip", .boolean).notNull()
                t.column("importedAt", .datetime).notNull()
                t.column("updatedAt", .datetime).notNull()
            }
            try db.create(table: "clipFlag") { t in
                t.column("clipID", .integer).notNull().references("clip", onDelete: .cascade)
                t.column("flag", .text).notNull().indexed()
                t.column("detail", .text).notNull()
                t.primaryKey(["clipID", "flag"])
            }
            try db.create(table: "clipTheme") { t in
                t.column("clipID", .integer).notNull().references("clip", onDelete: .cascade)
                t.column("themeID", .text).notNull().indexed()
                t.column("addedAt", .datetime).notNull()
                t.primaryKey(["clipID", "themeID"])
            }
            try db.create(table: "segment") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("shortID", .text).notNull().unique().collate(.nocase)
                t.column("clipID", .integer).notNull().indexed().references("clip", onDelete: .cascade)
                t.column("number", .integer).notNull()
                t.column("startMs", .integer).notNull().check { $0 >= 0 }
                t.column("endMs", .integer).notNull()
                t.column("title", .text).notNull()
                t.column("notes", .text)
                t.column("createdAt", .datetime).notNull()
                t.check(sql: "endMs > startMs")
                t.uniqueKey(["clipID", "number"])
            }
            try db.create(table: "segmentTheme") { t in
                t.column("segmentID", .integer).notNull().references("segment", onDelete: .cascade)
                t.column("themeID", .text).notNull().indexed()
                t.column("addedAt", .datetime).notNull()
                t.primaryKey(["segmentID", "themeID"])
            }
            try db.create(table: "captionCue") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("clipID", .integer).notNull().indexed().references("clip", onDelete: .cascade)
                t.column("source", .text).notNull()
                t.column("position", .integer).notNull()
                t.column("startMs", .integer).notNull()
                t.column("endMs", .integer).notNull()
                t.column("text", .text).notNull()
            }
            // Full-text search over each clip's words; rowid = clip.id. Kept in step in the same transactions
            // that change clips, captions, speakers and segments.
            try db.create(virtualTable: "clipSearch", using: FTS5()) { t in
                t.tokenizer = .unicode61()
                t.prefixes = [2, 3]
                t.column("title")
                t.column("notes")
                t.column("speaker")
                t.column("captions")
                t.column("segments")
            }
        }
        registerPlaylistMigrations(&migrator)
        registerTeamMigrations(&migrator)
        registerCaptionDraftMigrations(&migrator)
        migrator.registerMigration("listing-v1: clips listed by name from an index") { db in
            // The listing order (file name without case, then path) read from one index, not the table's wide rows.
            try db.create(index: "clip_on_fileName_path", on: "clip", columns: ["fileName", "path"])
        }
        return migrator
    }

    /// Rewrites one clip's full-text entry from its title, notes, speaker, captions and segments.
    static func reindex(clipID: Int64, _ db: Database) throws {
        try db.execute(sql: "DELETE FROM clipSearch WHERE rowid = ?", arguments: [clipID])
        guard let clip = try Clip.fetchOne(db, key: clipID) else { return }
        let speaker = try clip.speakerID.flatMap { try Speaker.fetchOne(db, key: $0) }
        var captions = try String.fetchAll(db, sql: "SELECT text FROM captionCue WHERE clipID = ? ORDER BY source, startMs", arguments: [clipID])
        // Draft captions are searchable before approval: finding a clip by what is said needs no sign-off.
        if try db.tableExists("captionDraftCue") {
            captions += try String.fetchAll(db, sql: "SELECT text FROM captionDraftCue WHERE clipID = ? ORDER BY position", arguments: [clipID])
        }
        let segments = try Row.fetchAll(db, sql: "SELECT title, notes FROM segment WHERE clipID = ? ORDER BY startMs", arguments: [clipID])
            .map { [$0["title"] as String? ?? "", $0["notes"] as String? ?? ""].joined(separator: " ") }
        try db.execute(
            sql: "INSERT INTO clipSearch(rowid, title, notes, speaker, captions, segments) VALUES (?, ?, ?, ?, ?, ?)",
            arguments: [clipID, [clip.title ?? "", clip.fileName].joined(separator: " "), clip.notes ?? "", speaker?.name ?? "",
                        captions.joined(separator: "\n"), segments.joined(separator: "\n")])
    }

    /// Copies the taxonomy into the `role` and `theme` tables when it differs from the copy there.
    func syncTaxonomy() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let data = try encoder.encode(TaxonomySnapshot(roles: taxonomy.roles, themes: taxonomy.themes))
        let fingerprint = String(XXH64.hash(data), radix: 16)
        let stored = try writer.read { db in
            try String.fetchOne(db, sql: "SELECT value FROM catalogMeta WHERE key = 'taxonomy'")
        }
        guard stored != fingerprint else { return }
        try writer.write { db in
            try Role.deleteAll(db)
            try Theme.deleteAll(db)
            for role in taxonomy.roles { try role.insert(db) }
            for theme in taxonomy.themes { try theme.insert(db) }
            try db.execute(sql: "INSERT OR REPLACE INTO catalogMeta(key, value) VALUES ('taxonomy', ?)", arguments: [fingerprint])
        }
    }
}

private struct TaxonomySnapshot: Encodable {
    var roles: [Role]
    var themes: [Theme]
}

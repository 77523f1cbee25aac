import Foundation
import GRDB
import Playlists

extension Catalog {
    /// The audiences in force: the standard ones, the team's `audiences.yaml` at `file` laid over them, then the
    /// audiences added or edited in this catalogue (`reel audience add|edit`) laid over those.
    ///
    /// Throws `TaxonomyError` naming the file and line, or the stored audience, that no longer checks out.
    public func audienceProfiles(file: String? = nil) throws -> AudienceProfileSet {
        let base = try AudienceProfileSet.standard(mergedWithFileAt: file, taxonomy: taxonomy)
        return base.merging(try storedAudiences())
    }

    /// The audiences stored in the catalogue, in the order they were first added.
    public func storedAudiences() throws -> AudienceProfileSet {
        let rows = try writer.read { db in try Row.fetchAll(db, sql: "SELECT id, yaml FROM teamAudience ORDER BY rowid") }
        var profiles: [AudienceProfile] = []
        for row in rows {
            let id: String = row["id"]
            do {
                let set = try AudienceProfileSet(yaml: row["yaml"], path: "catalogue audience '\(id)'", taxonomy: taxonomy)
                profiles += set.profiles
            } catch {
                throw TaxonomyError(path: "catalogue audience '\(id)'", issues: error.issues.map {
                    .init(line: nil, message: $0.message + " (fix it with `reel audience edit \(id)`)")
                })
            }
        }
        return AudienceProfileSet(profiles: profiles, sourcePath: path)
    }

    /// Where an audience comes from, for listings: `the catalogue`, the file, or `the built-in set`.
    public func audienceSource(id: String, file: String? = nil) throws -> String {
        if try storedAudiences().profile(id: id) != nil { return "the catalogue" }
        if let file, let set = try? AudienceProfileSet(contentsOf: file, taxonomy: taxonomy), set.profile(id: id) != nil { return file }
        return "the built-in set"
    }

    /// Adds an audience to the catalogue after checking it as `audiences.yaml` is checked.
    ///
    /// Throws `TaxonomyError` (every problem with the fields) or `AudienceError.exists` when an audience with that id
    /// is already in force (`file` is the team's audiences file, if any).
    @discardableResult
    public func addAudience(_ draft: AudienceDraft, file: String? = nil, at date: Date = Date()) throws -> AudienceProfile {
        let profile = try draft.profile(taxonomy: taxonomy)
        if try audienceProfiles(file: file).profile(id: profile.id) != nil { throw AudienceError.exists(profile.id) }
        try store(draft, at: date)
        return profile
    }

    /// Replaces an audience in force (built-in, from the file, or stored) with `draft`, stored in the catalogue.
    ///
    /// Throws `PlaylistError.unknownAudience` when no audience has that id, `TaxonomyError` when the draft does not check.
    @discardableResult
    public func editAudience(_ draft: AudienceDraft, file: String? = nil, at date: Date = Date()) throws -> AudienceProfile {
        _ = try audienceProfiles(file: file).resolve(draft.id)
        let profile = try draft.profile(taxonomy: taxonomy)
        try store(draft, at: date)
        return profile
    }

    /// Removes an audience stored in the catalogue; returns the audience now in force under that id (the built-in or
    /// file one it had overridden), or nil.
    ///
    /// Throws `PlaylistError.unknownAudience` for an unknown id, `AudienceError.notRemovable` for one that is only built
    /// in or in the file.
    @discardableResult
    public func removeAudience(_ text: String, file: String? = nil) throws -> AudienceProfile? {
        let id = try audienceProfiles(file: file).resolve(text).id
        let removed = try writer.write { db in
            try db.execute(sql: "DELETE FROM teamAudience WHERE id = ?", arguments: [id])
            return db.changesCount
        }
        if removed == 0 { throw AudienceError.notRemovable(id, source: try audienceSource(id: id, file: file)) }
        return try audienceProfiles(file: file).profile(id: id)
    }

    private func store(_ draft: AudienceDraft, at date: Date) throws {
        let id = draft.id.trimmingCharacters(in: .whitespaces)
        try writer.write { db in
            try db.execute(sql: """
                INSERT INTO teamAudience(id, yaml, updatedAt) VALUES (?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET yaml = excluded.yaml, updatedAt = excluded.updatedAt
                """, arguments: [id, draft.yaml, date])
        }
    }
}

import Foundation
import GRDB

extension Catalog {
    /// Adds the tables of the education team's features (issue 9); called from `Catalog.migrator` after the others.
    ///
    /// - `segmentThemeSetAside`: themes of its clip that a segment says it is not about (the exception to
    ///   "a clip's themes apply to all of it").
    /// - `teamAudience`: audiences a team added or edited with `reel audience`, each stored as the YAML of one
    ///   audience (checked by the same reader as `audiences.yaml`).
    /// - `playlist.title`: the title people see on exported pages (`playlist build --title`, `playlist title`);
    ///   NULL in older catalogues, where the title is made from the name.
    /// - `clipEdgeCheck`: the clips whose head and tail were looked at for black and silence; a clip an older Reel
    ///   imported has no row, so importing it again looks and adds its black/silent flags.
    static func registerTeamMigrations(_ migrator: inout CatalogMigrations) {
        migrator.registerMigration("team-v1: segment themes set aside, team audiences") { db in
            try db.create(table: "segmentThemeSetAside") { t in
                t.column("segmentID", .integer).notNull().references("segment", onDelete: .cascade)
                t.column("themeID", .text).notNull()
                t.column("addedAt", .datetime).notNull()
                t.primaryKey(["segmentID", "themeID"])
            }
            try db.create(table: "teamAudience") { t in
                t.column("id", .text).notNull().primaryKey()
                t.column("yaml", .text).notNull()
                t.column("updatedAt", .datetime).notNull()
            }
        }
        migrator.registerMigration("team-v2: playlist title") { db in
            try db.alter(table: "playlist") { t in t.add(column: "title", .text) }
        }
        migrator.registerMigration("team-v3: clips checked for black and silence") { db in
            try db.create(table: "clipEdgeCheck") { t in
                t.column("clipID", .integer).notNull().primaryKey().references("clip", onDelete: .cascade)
                t.column("checkedAt", .datetime).notNull()
            }
        }
    }
}

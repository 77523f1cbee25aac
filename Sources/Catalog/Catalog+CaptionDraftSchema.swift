import Foundation
import GRDB

extension Catalog {
    /// Adds draft captions (issue 8 §2); called from `Catalog.migrator` after the others.
    ///
    /// - `captionDraft`: one per clip: `draft` until a person approves it (`approvedBy`, `approvedAt`); the engine and
    ///   model that made it; who drafted and last edited it.
    /// - `captionDraftCue`: its cues, numbered from 1 in time order, times in milliseconds.
    static func registerCaptionDraftMigrations(_ migrator: inout CatalogMigrations) {
        migrator.registerMigration("captions-v2: draft captions with approval") { db in
            try db.create(table: "captionDraft") { t in
                t.primaryKey("clipID", .integer).references("clip", onDelete: .cascade)
                t.column("status", .text).notNull().check { ["draft", "approved"].contains($0) }
                t.column("engine", .text).notNull()
                t.column("model", .text).notNull()
                t.column("draftedBy", .text).notNull()
                t.column("draftedAt", .datetime).notNull()
                t.column("editedBy", .text)
                t.column("editedAt", .datetime)
                t.column("approvedBy", .text)
                t.column("approvedAt", .datetime)
                t.check(sql: "(status = 'approved') = (approvedBy IS NOT NULL AND approvedAt IS NOT NULL)")
            }
            try db.create(table: "captionDraftCue") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("clipID", .integer).notNull().references("captionDraft", column: "clipID", onDelete: .cascade)
                t.column("position", .integer).notNull()
                t.column("startMs", .integer).notNull().check { $0 >= 0 }
                t.column("endMs", .integer).notNull()
                t.column("text", .text).notNull()
                t.check(sql: "endMs > startMs")
                t.uniqueKey(["clipID", "position"])
            }
        }
    }
}

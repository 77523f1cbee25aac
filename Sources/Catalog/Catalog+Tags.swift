import Foundation
import GRDB

extension Catalog {
    /// Adds and removes themes on a clip (`c-…`, or any form `resolveClip` accepts) or a segment (`s-…`).
    ///
    /// Themes may be ids or labels. Both lists are checked before anything changes; one transaction.
    /// Throws `CatalogError.unknownTheme` (with suggestions), `.unknownClip`, `.unknownSegment`.
    @discardableResult
    public func tag(_ target: String, add: [String], remove: [String] = []) throws -> TagChange {
        let adding = try taxonomy.themes(named: add).map(\.id)
        // Removing accepts ids no longer in the taxonomy, so stale tags can be cleaned up.
        var removing: [String] = []
        for r in remove {
            if let theme = try? taxonomy.theme(named: r) { removing.append(theme.id) } else {
                removing.append(r)
            }
        }
        let now = Date()
        return try writer.write { db in
            let isSegment = target.lowercased().hasPrefix("s-")
            var current: Set<String>
            let shortID: String
            if isSegment {
                let segment = try Catalog.resolveSegment(target, db)
                shortID = segment.shortID
                current = Set(try String.fetchAll(db, sql: "SELECT themeID FROM segmentTheme WHERE segmentID = ?", arguments: [segment.id!]))
                for id in removing where current.contains(id) && !adding.contains(id) {
                    try db.execute(sql: "DELETE FROM segmentTheme WHERE segmentID = ? AND themeID = ?", arguments: [segment.id!, id])
                }
                for id in adding where !current.contains(id) {
                    try SegmentTheme(segmentID: segment.id!, themeID: id, addedAt: now).insert(db)
                }
            } else {
                let clip = try Catalog.resolveClip(target, db)
                shortID = clip.shortID
                current = Set(try String.fetchAll(db, sql: "SELECT themeID FROM clipTheme WHERE clipID = ?", arguments: [clip.id!]))
                for id in removing where current.contains(id) && !adding.contains(id) {
                    try db.execute(sql: "DELETE FROM clipTheme WHERE clipID = ? AND themeID = ?", arguments: [clip.id!, id])
                }
                for id in adding where !current.contains(id) {
                    try ClipTheme(clipID: clip.id!, themeID: id, addedAt: now).insert(db)
                }
            }
            let added = adding.filter { !current.contains($0) }
            let removed = removing.filter { current.contains($0) && !adding.contains($0) }
            let notPresent = removing.filter { !current.contains($0) }
            let after = current.subtracting(removed).union(added)
            return TagChange(target: shortID, added: added, removed: removed, notPresent: notPresent, themes: after.sorted())
        }
    }
}

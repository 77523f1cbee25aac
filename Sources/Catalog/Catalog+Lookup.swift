import Foundation
import GRDB
import Playlists

extension Catalog {
    /// The clip a user means: a short id (`c-3fa2c1`, or a longer or shorter prefix of the checksum after `c-`),
    /// a full checksum, the file's path, or its file name when only one clip has it.
    ///
    /// Throws `CatalogError.unknownClip` or `.ambiguousClip` (with the candidates' ids).
    public func resolveClip(_ text: String) throws -> Clip {
        try writer.read { db in try Catalog.resolveClip(text, db) }
    }

    static func resolveClip(_ text: String, _ db: Database) throws -> Clip {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { throw CatalogError.missingValue("the clip id") }
        let lower = trimmed.lowercased()
        if let clip = try Clip.filter(Clip.Columns.shortID == lower).fetchOne(db) { return clip }
        var hex = lower
        if hex.hasPrefix("c-") { hex.removeFirst(2) }
        if hex.count >= 4, hex.allSatisfy(\.isHexDigit) {
            let matches = try Clip.filter(Clip.Columns.checksum.like(hex + "%")).limit(6).fetchAll(db)
            if matches.count == 1 { return matches[0] }
            if matches.count > 1 { throw CatalogError.ambiguousClip(trimmed, matches: matches.map(\.shortID)) }
        }
        let absolute = Catalog.absolutePath(trimmed)
        if let clip = try Clip.filter(Clip.Columns.path == absolute).fetchOne(db) { return clip }
        let byName = try Clip.filter(Clip.Columns.fileName == (trimmed as NSString).lastPathComponent).limit(6).fetchAll(db)
        if byName.count == 1 { return byName[0] }
        if byName.count > 1 {
            throw CatalogError.ambiguousClip(trimmed, matches: byName.map { "\($0.shortID) (\($0.path))" })
        }
        throw CatalogError.unknownClip(trimmed)
    }

    /// The segment with this short id (`s-3fa2c1-2`), in any case.
    ///
    /// Throws `CatalogError.unknownSegment`.
    public func resolveSegment(_ text: String) throws -> Segment {
        try writer.read { db in try Catalog.resolveSegment(text, db) }
    }

    static func resolveSegment(_ text: String, _ db: Database) throws -> Segment {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let segment = try Segment.filter(Segment.Columns.shortID == trimmed.lowercased()).fetchOne(db) else {
            throw CatalogError.unknownSegment(trimmed)
        }
        return segment
    }

    /// The speaker with this name, ignoring case and accents.
    ///
    /// Throws `CatalogError.unknownSpeaker` with the closest names.
    public func resolveSpeaker(_ name: String) throws -> Speaker {
        try writer.read { db in try Catalog.resolveSpeaker(name, db) }
    }

    static func resolveSpeaker(_ name: String, _ db: Database) throws -> Speaker {
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { throw CatalogError.missingValue("the speaker's name") }
        if let s = try Speaker.filter(Speaker.Columns.name == trimmed).fetchOne(db) { return s }
        let all = try Speaker.fetchAll(db)
        let key = NameMatcher.normalize(trimmed)
        if let s = all.first(where: { NameMatcher.normalize($0.name) == key }) { return s }
        let matcher = NameMatcher(all.map { .init(id: $0.name) })
        throw CatalogError.unknownSpeaker(trimmed, suggestions: matcher.suggestions(for: trimmed))
    }

    /// A short id for a new clip: `c-` and the first 6 hex digits of the checksum, 2 more at a time while
    /// another clip already has it.
    static func newShortID(checksum: String, _ db: Database) throws -> String {
        var length = 6
        while length < checksum.count {
            let candidate = "c-" + checksum.prefix(length)
            if try Clip.filter(Clip.Columns.shortID == candidate).fetchCount(db) == 0 { return candidate }
            length += 2
        }
        return "c-" + checksum
    }
}

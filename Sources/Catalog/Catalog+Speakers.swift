import Foundation
import GRDB
import Playlists

extension Catalog {
    /// Adds a speaker with a role from the taxonomy, and records their consent when `consentReference` is given.
    ///
    /// `role` may be an id, alias or label. Throws `CatalogError.unknownRole` (with suggestions),
    /// `.speakerExists`, `.missingValue` for an empty name, `.notOneLine` for a name with a line break.
    @discardableResult
    public func addSpeaker(
        name: String, role: String, notes: String? = nil, consentReference: String? = nil,
        consentExpires: CalendarDay? = nil, recordedBy: String, at date: Date = Date()
    ) throws -> Speaker {
        let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw CatalogError.missingValue("the speaker's name") }
        try Catalog.requireOneLine(trimmed, "the speaker's name")
        let resolved = try taxonomy.role(named: role)
        return try writer.write { db in
            if let existing = try Speaker.filter(Speaker.Columns.name == trimmed).fetchOne(db) {
                throw CatalogError.speakerExists(existing.name)
            }
            var speaker = Speaker(name: trimmed, roleID: resolved.id, notes: notes, createdAt: date)
            try speaker.insert(db)
            if let consentReference, !consentReference.trimmingCharacters(in: .whitespaces).isEmpty {
                var event = ConsentEvent(speakerID: speaker.id!, kind: .granted, reference: consentReference.trimmingCharacters(in: .whitespaces),
                                         expiresOn: consentExpires, recordedBy: recordedBy, recordedAt: date, source: "cli")
                try event.insert(db)
            }
            return speaker
        }
    }

    /// Throws `CatalogError.notOneLine` when `text` holds a line break or another control character (a name or
    /// title shown in lists, file names, EDL comments and subtitles must be one line).
    static func requireOneLine(_ text: String, _ what: String) throws {
        if text.unicodeScalars.contains(where: { CharacterSet.controlCharacters.contains($0) || $0 == "\u{2028}" || $0 == "\u{2029}" }) {
            throw CatalogError.notOneLine(what)
        }
    }

    /// Every speaker with role, consent at `date` and clip count, by name.
    public func speakers(at date: Date = Date()) throws -> [SpeakerSummary] {
        try writer.read { db in
            let speakers = try Speaker.order(Speaker.Columns.name.collating(.nocase)).fetchAll(db)
            let statuses = try Catalog.consentStatuses(at: date, db)
            let counts = try Dictionary(
                Row.fetchAll(db, sql: "SELECT speakerID, COUNT(*) AS n FROM clip WHERE speakerID IS NOT NULL GROUP BY speakerID")
                    .map { ($0["speakerID"] as Int64, $0["n"] as Int) }, uniquingKeysWith: { a, _ in a })
            return speakers.map { s in
                SpeakerSummary(speaker: s, role: taxonomy.role(id: s.roleID), consent: statuses[s.id!] ?? .missing,
                               clipCount: counts[s.id!] ?? 0)
            }
        }
    }

    /// Sets the speaker of a clip (by clip id or name, and speaker name).
    ///
    /// Throws `CatalogError.unknownClip`, `.unknownSpeaker`.
    public func assignSpeaker(_ speakerName: String, toClip clipText: String) throws {
        try writer.write { db in
            var clip = try Catalog.resolveClip(clipText, db)
            let speaker = try Catalog.resolveSpeaker(speakerName, db)
            clip.speakerID = speaker.id
            clip.updatedAt = Date()
            try clip.update(db)
            try Catalog.reindex(clipID: clip.id!, db)
        }
    }
}

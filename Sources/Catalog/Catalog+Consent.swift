import Foundation
import GRDB
import Playlists

extension Catalog {
    /// Records that a speaker gave (or renewed) consent, with the form's reference and an optional expiry day.
    ///
    /// Appends to the history; nothing is overwritten. Throws `CatalogError.unknownSpeaker`, `.missingValue`.
    @discardableResult
    public func grantConsent(
        speaker name: String, reference: String, expiresOn: CalendarDay? = nil, recordedBy: String,
        at date: Date = Date(), source: String = "cli"
    ) throws -> ConsentEvent {
        let ref = reference.trimmingCharacters(in: .whitespaces)
        guard !ref.isEmpty else { throw CatalogError.missingValue("the consent reference") }
        return try writer.write { db in
            let speaker = try Catalog.resolveSpeaker(name, db)
            var event = ConsentEvent(speakerID: speaker.id!, kind: .granted, reference: ref, expiresOn: expiresOn,
                                     recordedBy: recordedBy, recordedAt: date, source: source)
            try event.insert(db)
            return event
        }
    }

    /// Records that a speaker withdrew consent; from then on none of their clips is usable.
    ///
    /// Appends to the history; nothing is overwritten. Throws `CatalogError.unknownSpeaker`.
    @discardableResult
    public func withdrawConsent(
        speaker name: String, reason: String? = nil, recordedBy: String, at date: Date = Date(), source: String = "cli"
    ) throws -> ConsentEvent {
        try writer.write { db in
            let speaker = try Catalog.resolveSpeaker(name, db)
            var event = ConsentEvent(speakerID: speaker.id!, kind: .withdrawn, reason: reason, recordedBy: recordedBy,
                                     recordedAt: date, source: source)
            try event.insert(db)
            return event
        }
    }

    /// A speaker's consent at `date`, derived from their history. Throws `CatalogError.unknownSpeaker`.
    public func consentStatus(speaker name: String, at date: Date = Date()) throws -> ConsentStatus {
        try writer.read { db in
            let speaker = try Catalog.resolveSpeaker(name, db)
            let history = try ConsentEvent.filter(ConsentEvent.Columns.speakerID == speaker.id!).fetchAll(db)
            return ConsentStatus(history: history, at: date)
        }
    }

    /// Whether a speaker's clips may be used at `date`: ok, withdrawn, expired or missing.
    ///
    /// Throws `CatalogError.unknownSpeaker`.
    public func consentState(speaker name: String, at date: Date = Date()) throws -> ConsentState {
        try consentStatus(speaker: name, at: date).state
    }

    /// A speaker's full consent history, oldest first. Throws `CatalogError.unknownSpeaker`.
    public func consentHistory(speaker name: String) throws -> [ConsentEvent] {
        try writer.read { db in
            let speaker = try Catalog.resolveSpeaker(name, db)
            return try ConsentEvent.filter(ConsentEvent.Columns.speakerID == speaker.id!)
                .order(ConsentEvent.Columns.recordedAt, ConsentEvent.Columns.id).fetchAll(db)
        }
    }

    /// Every consent event with its speaker, oldest first.
    public func consentHistory() throws -> [(speaker: Speaker, event: ConsentEvent)] {
        try writer.read { db in
            let speakers = try Dictionary(uniqueKeysWithValues: Speaker.fetchAll(db).map { ($0.id!, $0) })
            return try ConsentEvent.order(ConsentEvent.Columns.recordedAt, ConsentEvent.Columns.id).fetchAll(db)
                .compactMap { e in speakers[e.speakerID].map { ($0, e) } }
        }
    }

    /// Every speaker's consent status at `date`, by speaker id (speakers with no history are absent: missing).
    static func consentStatuses(at date: Date, _ db: Database) throws -> [Int64: ConsentStatus] {
        let events = try ConsentEvent.fetchAll(db)
        return Dictionary(grouping: events, by: \.speakerID).mapValues { ConsentStatus(history: $0, at: date) }
    }
}

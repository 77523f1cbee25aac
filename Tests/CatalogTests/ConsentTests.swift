import Foundation
import GRDB
import Playlists
import Testing
@testable import Catalog

/// Speakers and consent: derived state, append-only history, and what listings show.
struct ConsentTests {
    static let day: TimeInterval = 86_400

    @Test func stateIsDerivedFromTheLatestEvent() throws {
        let t0 = Date(timeIntervalSince1970: 1_700_000_000)
        let catalog = try Catalog(inMemoryWith: .standard)
        try catalog.addSpeaker(name: "Ann Lee", role: "nurse", recordedBy: "a", at: t0)
        #expect(try catalog.consentState(speaker: "Ann Lee", at: t0) == .missing)
        try catalog.grantConsent(speaker: "ann lee", reference: "CF-1", expiresOn: CalendarDay(CalendarDay(t0 + 10 * Self.day).description),
                                 recordedBy: "a", at: t0 + Self.day)
        #expect(try catalog.consentState(speaker: "Ann Lee", at: t0) == .missing)
        #expect(try catalog.consentState(speaker: "Ann Lee", at: t0 + 2 * Self.day) == .ok)
        // Valid through the whole expiry day, expired the day after.
        #expect(try catalog.consentState(speaker: "Ann Lee", at: t0 + 10 * Self.day) == .ok)
        #expect(try catalog.consentState(speaker: "Ann Lee", at: t0 + 11.5 * Self.day) == .expired)
        try catalog.withdrawConsent(speaker: "Ann Lee", reason: "left the trust", recordedBy: "b", at: t0 + 3 * Self.day)
        let status = try catalog.consentStatus(speaker: "Ann Lee", at: t0 + 4 * Self.day)
        #expect(status.state == .withdrawn)
        #expect(status.reference == "CF-1")
        #expect(status.reason == "left the trust")
        #expect(status.changedBy == "b")
        // A new grant after the withdrawal makes the clips usable again; history keeps all three.
        try catalog.grantConsent(speaker: "Ann Lee", reference: "CF-2", recordedBy: "c", at: t0 + 5 * Self.day)
        #expect(try catalog.consentState(speaker: "Ann Lee", at: t0 + 6 * Self.day) == .ok)
        #expect(try catalog.consentHistory(speaker: "Ann Lee").map(\.kind) == [.granted, .withdrawn, .granted])
    }

    @Test func historyIsAppendOnlyInTheDatabaseItself() throws {
        let catalog = try Catalog(inMemoryWith: .standard)
        try catalog.addSpeaker(name: "Ann", role: "nurse", consentReference: "CF-1", recordedBy: "a")
        #expect(throws: DatabaseError.self) {
            try catalog.writer.write { db in try db.execute(sql: "UPDATE consentEvent SET kind = 'withdrawn'") }
        }
        #expect(throws: DatabaseError.self) {
            try catalog.writer.write { db in try db.execute(sql: "DELETE FROM consentEvent") }
        }
        #expect(try catalog.consentHistory().count == 1)
    }

    @Test func speakersAreUniqueAndRolesChecked() throws {
        let catalog = try Catalog(inMemoryWith: .standard)
        let s = try catalog.addSpeaker(name: "Ann Lee", role: "HCA", recordedBy: "a")
        #expect(s.roleID == "health-care-assistant")
        #expect(throws: CatalogError.speakerExists("Ann Lee")) { try catalog.addSpeaker(name: "ann lee", role: "nurse", recordedBy: "a") }
        #expect(throws: CatalogError.unknownRole("nuse", suggestions: ["nurse"])) { try catalog.addSpeaker(name: "B", role: "nuse", recordedBy: "a") }
        #expect(throws: CatalogError.unknownSpeaker("Ann Le", suggestions: ["Ann Lee"])) { try catalog.withdrawConsent(speaker: "Ann Le", recordedBy: "a") }
        #expect(throws: CatalogError.missingValue("the consent reference")) { try catalog.grantConsent(speaker: "Ann Lee", reference: " ", recordedBy: "a") }
    }

    @Test func withdrawalShowsInListingsAndRemovesClipsFromUsable() async throws {
        let catalog = try await TestSupport.sampleCatalogue()
        let when = TestSupport.shortlyAfterImport
        let usableBefore = try catalog.usableClips(at: when).map(\.clip.fileName)
        #expect(usableBefore.contains("porter-prores.mov"))
        // The doctor's consent expired at the end of 2025; the family support worker's form never came back.
        #expect(!usableBefore.contains("doctor-vfr.mp4"))
        #expect(!usableBefore.contains("family-support-black-start.mp4"))
        #expect(try catalog.clips(matching: ClipQuery(consent: .expired, date: when)).map(\.clip.fileName) == ["doctor-vfr.mp4"])
        #expect(try catalog.clips(matching: ClipQuery(consent: .missing, date: when)).map(\.clip.fileName) == ["family-support-black-start.mp4"])

        try catalog.withdrawConsent(speaker: "Tom Hughes", reason: "asked to be removed", recordedBy: "sam", at: when)
        let later = when + 60
        let today = CalendarDay(when).description
        let porter = try #require(try catalog.clips(matching: ClipQuery(speakers: ["tom hughes"], date: later)).first)
        #expect(porter.consent.state == .withdrawn)
        #expect(!porter.isUsable)
        #expect(porter.consent.summary == "withdrawn \(today) by sam (CF-2024-004, until 2029-06-30): asked to be removed")
        #expect(try catalog.clips(matching: ClipQuery(consent: .withdrawn, date: later)).map(\.clip.fileName) == ["porter-prores.mov"])
        #expect(!(try catalog.usableClips(at: later).map(\.clip.fileName)).contains("porter-prores.mov"))
        let listing = try catalog.speakers(at: later)
        #expect(listing.first { $0.speaker.name == "Tom Hughes" }?.consent.state == .withdrawn)
        #expect(listing.first { $0.speaker.name == "Tom Hughes" }?.clipCount == 1)
        #expect(listing.count == 11)
    }
}

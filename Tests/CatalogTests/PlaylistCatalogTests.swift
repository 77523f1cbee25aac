import Catalog
import Foundation
import GRDB
import Media
import Playlists
import Testing

/// Building, storing and editing playlists in a catalogue, and the consent check at export.
struct PlaylistCatalogTests {
    let now = PlaylistSamples.grantedAt.addingTimeInterval(30 * 86_400)
    /// The local day Sam Patel withdrew (the sample catalogue records it a day after the grants).
    let samWithdrew = CalendarDay(PlaylistSamples.grantedAt.addingTimeInterval(86_400)).description

    func request(_ audience: String, target: Int64 = 6 * 60_000, themes: [String]? = nil, include: [String] = [],
                 exclude: [String] = [], seed: UInt64 = 1) -> PlaylistRequest {
        PlaylistRequest(audience: PlaylistSamples.audience(audience), themes: themes, targetMs: target, include: include, exclude: exclude,
                        seed: seed)
    }

    @Test func buildStoresThePlanInOrder() throws {
        let catalog = try PlaylistSamples.catalogue()
        let result = try catalog.buildPlaylist(named: "Porters induction", request: request("non-clinical"), at: now)
        let contents = try catalog.playlistContents(named: "porters INDUCTION", at: now)
        #expect(contents.playlist.name == "Porters induction")
        #expect(contents.playlist.audienceID == "non-clinical")
        #expect(contents.entries.map(\.id) == result.plan.items.map(\.candidate.id))
        #expect(contents.entries.map(\.item.position) == Array(1...contents.entries.count))
        #expect(contents.playlist.explanation == result.plan.explanation)
        #expect(contents.entries.first?.item.section == .opening)
        // Nobody without consent, nobody twice in a row.
        #expect(contents.entries.allSatisfy { $0.isUsable })
        #expect(!contents.entries.contains { $0.speaker?.name == "Sam Patel" || $0.speaker?.name == "Jo Kemp" })
        for (a, b) in zip(contents.entries, contents.entries.dropFirst()) { #expect(a.speaker != b.speaker) }
        // The explanation names the speaker left out and why.
        #expect(result.plan.explanation.leftOut.contains { $0.reason == "consent withdrawn \(samWithdrew) (Sam Patel, porter)" && $0.count == 2 })
        #expect(result.plan.explanation.leftOut.contains { $0.reason == "no consent recorded (Jo Kemp, doctor)" })
    }

    @Test func aCatalogueThatCannotMeetTheConstraintsSaysWhatIsMissing() throws {
        let catalog = try PlaylistSamples.catalogue()
        // Only Sam Patel (withdrawn), Jo Kemp (no consent) and Dev Shah tell of care after death; exclude Dev Shah.
        let dev = try catalog.playlistCandidates(at: now).first { $0.speakerName == "Dev Shah" && $0.themes == ["care-after-death"] }!
        let result = try catalog.buildPlaylist(named: "short", request: request("non-clinical", target: 12 * 60_000, exclude: [dev.id]), at: now)
        let shortfalls = result.plan.explanation.shortfalls
        #expect(shortfalls.contains("no consented clip covers 'Care after death and bereavement' for this audience: 2 tagged with it lack consent, 1 is excluded, too long or overlap chosen clips"))
        #expect(shortfalls.contains { $0.hasPrefix("the catalogue has only ") && $0.contains("against a 12:00 target (at least 10:48 needed)") })
        #expect(!result.plan.items.isEmpty)
    }

    @Test func sameCatalogueAndSeedGiveTheSamePlaylist() throws {
        let catalog = try PlaylistSamples.catalogue()
        let a = try catalog.buildPlaylist(named: "a", request: request("mixed", seed: 9), at: now)
        let b = try catalog.buildPlaylist(named: "b", request: request("mixed", seed: 9), at: now)
        #expect(a.plan == b.plan)
        let other = try PlaylistSamples.catalogue()
        let c = try other.buildPlaylist(named: "a", request: request("mixed", seed: 9), at: now)
        #expect(c.plan.items.map(\.candidate.id) == a.plan.items.map(\.candidate.id))
    }

    @Test func buildRefusesADuplicateNameUnlessReplacing() throws {
        let catalog = try PlaylistSamples.catalogue()
        try catalog.buildPlaylist(named: "induction", request: request("mixed"), at: now)
        #expect(throws: PlaylistError.playlistExists("induction")) {
            try catalog.buildPlaylist(named: "Induction", request: request("clinical"), at: now)
        }
        #expect(PlaylistError.playlistExists("induction").description
            == "a playlist named 'induction' already exists; choose another name, or add --replace to build it again")
        let replaced = try catalog.buildPlaylist(named: "Induction", request: request("clinical"), replace: true, at: now)
        #expect(try catalog.playlists(at: now).map(\.playlist.name) == ["Induction"])
        #expect(replaced.playlist.audienceID == "clinical")
    }

    @Test func namesMustServeAsFileNames() throws {
        let catalog = try PlaylistSamples.catalogue()
        #expect(throws: PlaylistError.invalidName("a/b", reason: "it becomes a file name, so it may not contain '/'")) {
            try catalog.buildPlaylist(named: "a/b", request: request("mixed"), at: now)
        }
        #expect(throws: PlaylistError.invalidName("  ", reason: "it is empty")) {
            try catalog.buildPlaylist(named: "  ", request: request("mixed"), at: now)
        }
    }

    @Test func includeAndExcludeAcceptCatalogueIDs() throws {
        let catalog = try PlaylistSamples.catalogue()
        let candidates = try catalog.playlistCandidates(at: now)
        let ana = candidates.first { $0.speakerName == "Ana Lopez" && $0.themes == ["memory-making"] }!
        let finn = candidates.first { $0.speakerName == "Finn Roe" }!
        let result = try catalog.buildPlaylist(named: "x", request: request("non-clinical", include: [ana.id.uppercased()],
                                                                             exclude: [finn.clipShortID]), at: now)
        #expect(result.plan.items.contains { $0.candidate.id == ana.id })
        #expect(!result.plan.items.contains { $0.candidate.clipID == finn.clipID })
        #expect(throws: CatalogError.unknownSegment("s-ffffff-9")) {
            try catalog.buildPlaylist(named: "y", request: request("mixed", include: ["s-ffffff-9"]), at: now)
        }
    }

    @Test func itemsCanBeAddedRemovedMovedAndThePlaylistDeleted() throws {
        let catalog = try PlaylistSamples.catalogue()
        try catalog.buildPlaylist(named: "edit", request: request("clinical", target: 3 * 60_000), at: now)
        let before = try catalog.playlistContents(named: "edit", at: now).entries
        let spare = try catalog.playlistCandidates(at: now).first { c in c.consent.state == .ok && !before.contains { $0.id == c.id } }!
        let added = try catalog.addToPlaylist(named: "edit", spare.id, at: 1, date: now)
        #expect(added.item.section == .added && added.item.position == 1)
        var entries = try catalog.playlistContents(named: "edit", at: now).entries
        #expect(entries.map(\.id) == [spare.id] + before.map(\.id))
        #expect(try catalog.playlist(named: "edit").edited)

        try catalog.movePlaylistItem(named: "edit", spare.id, to: entries.count, date: now)
        entries = try catalog.playlistContents(named: "edit", at: now).entries
        #expect(entries.map(\.id) == before.map(\.id) + [spare.id])
        #expect(entries.map(\.item.position) == Array(1...entries.count))

        let removed = try catalog.removeFromPlaylist(named: "edit", "1", date: now)
        #expect(removed.id == before[0].id)
        entries = try catalog.playlistContents(named: "edit", at: now).entries
        #expect(entries.map(\.id) == Array(before.dropFirst()).map(\.id) + [spare.id])

        // A whole clip can be added too.
        let clip = try catalog.addToPlaylist(named: "edit", try catalog.resolveClip(spare.clipShortID).fileName, date: now)
        #expect(clip.segmentShortID == nil && clip.item.startMs == 0)

        #expect(throws: PlaylistError.invalidPosition(99, count: entries.count + 1)) {
            try catalog.movePlaylistItem(named: "edit", "1", to: 99, date: now)
        }
        #expect(throws: PlaylistError.notInPlaylist("s-000000-1", playlist: "edit")) {
            try catalog.removeFromPlaylist(named: "edit", "s-000000-1", date: now)
        }
        try catalog.deletePlaylist(named: "edit")
        #expect(throws: PlaylistError.unknownPlaylist("edit", suggestions: [])) { try catalog.playlist(named: "edit") }
        // The clips stay.
        #expect(try catalog.playlistCandidates(at: now).count == 18)
    }

    @Test func addingAClipWithoutConsentIsRefused() throws {
        let catalog = try PlaylistSamples.catalogue()
        try catalog.buildPlaylist(named: "p", request: request("mixed"), at: now)
        let sam = try catalog.playlistCandidates(at: now).first { $0.speakerName == "Sam Patel" }!
        #expect(throws: PlaylistError.notUsable(sam.id, reason: "consent withdrawn \(samWithdrew)")) {
            try catalog.addToPlaylist(named: "p", sam.id, date: now)
        }
        #expect(PlaylistError.notUsable(sam.id, reason: "consent withdrawn \(samWithdrew)").description
            == "\(sam.id) cannot be used: consent withdrawn \(samWithdrew)")
    }

    @Test func unknownPlaylistSuggestsNames() throws {
        let catalog = try PlaylistSamples.catalogue()
        try catalog.buildPlaylist(named: "porters-induction", request: request("non-clinical"), at: now)
        do {
            _ = try catalog.playlist(named: "porter-induction")
            Issue.record("expected an error")
        } catch let error as PlaylistError {
            #expect(error.description == "no playlist named 'porter-induction' (did you mean 'porters-induction'?); `reel playlist list` lists them")
        }
    }

    @Test func consentWithdrawnAfterTheBuildLeavesTheClipOutAtExport() throws {
        let catalog = try PlaylistSamples.catalogue()
        let built = try catalog.buildPlaylist(named: "p", request: request("non-clinical"), at: now)
        let ben = try #require(built.plan.items.first { $0.candidate.speakerName == "Ben Okafor" })
        let withdrawal = now.addingTimeInterval(86_400)
        try catalog.withdrawConsent(speaker: "Ben Okafor", reason: "moved away", recordedBy: "test", at: withdrawal)

        // Before the withdrawal everything is usable; after it, Ben's clips are left out, with the reason.
        #expect(try catalog.exportablePlaylistItems(named: "p", at: now).leftOut.isEmpty)
        let selection = try catalog.exportablePlaylistItems(built.playlist, at: withdrawal.addingTimeInterval(60))
        #expect(!selection.usable.contains { $0.speaker?.name == "Ben Okafor" })
        #expect(selection.usable.count + selection.leftOut.count == built.plan.items.count)
        let line = try #require(selection.leftOut.first { $0.entry.id == ben.candidate.id })
        #expect(line.description == "left out: \(ben.candidate.id) (Ben Okafor, porter): consent withdrawn \(CalendarDay(withdrawal))")
        // The stored playlist still lists the item (so show can mark it), but flags it.
        let shown = try catalog.playlistContents(named: "p", at: withdrawal.addingTimeInterval(60))
        #expect(shown.entries.contains { $0.id == ben.candidate.id && !$0.isUsable })
    }

    @Test func expiredConsentIsLeftOutToo() throws {
        let catalog = try PlaylistSamples.catalogue()
        // Renewed a minute after the build, but with an expiry day that has already passed.
        try catalog.grantConsent(speaker: "Eve Moss", reference: "CF-EVE-2", expiresOn: CalendarDay("2023-12-01"), recordedBy: "test",
                                 at: now.addingTimeInterval(60))
        let built = try catalog.buildPlaylist(named: "p", request: request("non-clinical", target: 10 * 60_000), at: now)
        #expect(built.plan.items.contains { $0.candidate.speakerName == "Eve Moss" })
        let later = try catalog.exportablePlaylistItems(named: "p", at: now.addingTimeInterval(3600))
        #expect(later.leftOut.contains { $0.entry.speaker?.name == "Eve Moss" && $0.reason == "consent expired 2023-12-01" })
    }

    @Test func deletingAClipRemovesItFromPlaylists() throws {
        let catalog = try PlaylistSamples.catalogue()
        let built = try catalog.buildPlaylist(named: "p", request: request("mixed"), at: now)
        let first = built.plan.items[0].candidate
        try catalog.writer.write { db in _ = try Clip.deleteOne(db, key: first.clipID) }
        let entries = try catalog.playlistContents(named: "p", at: now).entries
        #expect(!entries.contains { $0.item.clipID == first.clipID })
    }
}

import Catalog
import Foundation
import Playlists
import Testing

/// The selection algorithm on its own, with no database.
struct PlaylistBuilderTests {
    let builder = PlaylistBuilder()

    func build(_ audience: String, _ candidates: [PlaylistCandidate], target: Int64? = 12 * 60_000, themes: [String]? = nil,
               maxClip: Int64? = nil, include: [String] = [], exclude: [String] = [], seed: UInt64 = 1) -> PlaylistPlan {
        builder.build(PlaylistRequest(audience: PlaylistSamples.audience(audience), themes: themes, targetMs: target, maxClipMs: maxClip,
                                      include: include, exclude: exclude, seed: seed), from: candidates)
    }

    @Test(arguments: ["clinical", "non-clinical", "mixed"])
    func meetsEveryConstraintOnARichCatalogue(audience: String) {
        let candidates = PlaylistSamples.candidates(count: 300)
        let plan = build(audience, candidates)
        let profile = PlaylistSamples.audience(audience)
        #expect(plan.explanation.shortfalls.isEmpty, "\(plan.explanation.shortfalls)")
        // Length within ±10 %.
        #expect(plan.totalMs >= 12 * 60_000 * 9 / 10 && plan.totalMs <= 12 * 60_000 * 11 / 10, "total \(plan.totalMs)")
        // Every theme of the audience covered.
        for theme in profile.themeIDs {
            #expect(plan.items.contains { $0.candidate.themes.contains(theme) }, "theme \(theme) not covered")
        }
        // No speaker twice in a row.
        for (a, b) in zip(plan.items, plan.items.dropFirst()) {
            #expect(a.candidate.speakerID != b.candidate.speakerID, "\(a.candidate.id) and \(b.candidate.id) share a speaker")
        }
        // A mix of roles, and of speakers.
        #expect(Set(plan.items.compactMap(\.candidate.roleID)).count >= 4)
        #expect(Set(plan.items.compactMap(\.candidate.speakerID)).count >= plan.items.count / 2)
        // Minimum shares of the running time.
        for (side, minimum) in profile.minimumShare {
            let ms = plan.items.filter { $0.candidate.side == side }.reduce(Int64(0)) { $0 + $1.candidate.durationMs }
            #expect(Double(ms) / Double(plan.totalMs) >= minimum, "\(side) share")
        }
        // No two overlapping ranges of one clip.
        for (i, a) in plan.items.enumerated() {
            for b in plan.items.dropFirst(i + 1) where a.candidate.clipID == b.candidate.clipID {
                #expect(a.candidate.endMs <= b.candidate.startMs || b.candidate.endMs <= a.candidate.startMs)
            }
        }
        // Every choice explained.
        #expect(plan.explanation.choices.count == plan.items.count)
        #expect(plan.explanation.choices.allSatisfy { !$0.reason.isEmpty })
    }

    @Test func neverChoosesAClipWithoutValidConsent() {
        var candidates = PlaylistSamples.candidates(count: 120)
        // Speakers 0–3 cover every role kind; take their consent away in every way.
        for i in candidates.indices {
            switch candidates[i].speakerID! {
            case 0: candidates[i].consent = ConsentStatus(state: .withdrawn, reference: "CF-1", changedAt: Date(timeIntervalSince1970: 1_795_000_000))
            case 1: candidates[i].consent = ConsentStatus(state: .expired, reference: "CF-2", expiresOn: CalendarDay("2025-01-31"))
            case 2: candidates[i].consent = .missing
            default: break
            }
        }
        let plan = build("non-clinical", candidates)
        #expect(!plan.items.isEmpty)
        #expect(plan.items.allSatisfy { $0.candidate.consent.state == .ok })
        let reasons = plan.explanation.leftOut.map(\.reason)
        #expect(reasons.contains { $0.hasPrefix("consent withdrawn 2026-11-") && $0.contains("(Speaker 0, nurse)") })
        #expect(reasons.contains("consent expired 2025-01-31 (Speaker 1, porter)"))
        #expect(reasons.contains("no consent recorded (Speaker 2, doctor)"))
    }

    @Test func includedCandidatesWithoutConsentAreStillRefused() {
        var candidates = PlaylistSamples.candidates(count: 60)
        candidates[0].consent = ConsentStatus(state: .withdrawn)
        let plan = build("clinical", candidates, include: [candidates[0].id])
        #expect(!plan.items.contains { $0.candidate.id == candidates[0].id })
        #expect(plan.explanation.notes.contains { $0.contains("--include \(candidates[0].id) was not honoured: consent withdrawn") })
    }

    @Test func nonClinicalAudienceHearsMostlyNonClinicalStaffWhenTheCatalogueHasThem() {
        // Only a quarter of the catalogue is non-clinical, but that is enough for half of 12 minutes.
        var candidates = PlaylistSamples.candidates(count: 160, roleFilter: { $0.side == .clinical })
        candidates += PlaylistSamples.candidates(count: 54, speakers: 6, seed: 99, roleFilter: { $0.side == .nonClinical }).map {
            var c = $0
            c.id = "n" + c.id
            c.clipID += 10_000
            c.clipShortID = "n" + c.clipShortID
            c.speakerID! += 100
            return c
        }
        let plan = build("non-clinical", candidates)
        let nonClinical = plan.items.filter { $0.candidate.side == .nonClinical }.reduce(Int64(0)) { $0 + $1.candidate.durationMs }
        #expect(Double(nonClinical) / Double(plan.totalMs) >= 0.5)
        #expect(plan.explanation.shares["non-clinical"]! >= 0.5)
        // A clinical audience is not held to it.
        let clinical = build("clinical", candidates)
        #expect(clinical.explanation.shortfalls.isEmpty, "\(clinical.explanation.shortfalls)")
    }

    @Test func saysWhenTheCatalogueLacksNonClinicalVoices() {
        var candidates = PlaylistSamples.candidates(count: 150, roleFilter: { $0.side == .clinical })
        candidates.append(PlaylistSamples.candidate("porter-1", clip: 9000, speaker: 900, role: PlaylistSamples.role("porter"),
                                                    themes: ["every-role-matters"], seconds: 60))
        let plan = build("non-clinical", candidates)
        #expect(plan.explanation.shortfalls.contains {
            $0.hasPrefix("only ") && $0.contains("% of the running time is from non-clinical staff (at least 50% wanted): the catalogue has only 1:00 of consented non-clinical material")
        }, "\(plan.explanation.shortfalls)")
        #expect(plan.items.contains { $0.candidate.id == "porter-1" })
    }

    @Test func ordersTheClipsIntoAnArc() {
        let plan = build("non-clinical", PlaylistSamples.candidates(count: 300))
        let profile = PlaylistSamples.audience("non-clinical")
        let first = try! #require(plan.items.first)
        let last = try! #require(plan.items.last)
        #expect(first.section == .opening && first.candidate.themes.contains(profile.openingThemeID!))
        #expect(last.section == .closing && last.candidate.themes.contains(profile.closingThemeID!))
        // The themed sections follow the audience's order of themes.
        let order = plan.items.dropFirst().dropLast().map { profile.themeIDs.firstIndex(of: $0.sectionThemeID!)! }
        #expect(order == order.sorted())
        #expect(plan.items.dropFirst().dropLast().allSatisfy { $0.section == .theme && $0.candidate.themes.contains($0.sectionThemeID!) })
    }

    @Test func isDeterministicForASeed() {
        let candidates = PlaylistSamples.candidates(count: 400)
        let a = build("mixed", candidates, seed: 42)
        let b = build("mixed", candidates.reversed(), seed: 42)
        let c = build("mixed", candidates.shuffled(), seed: 42)
        #expect(a == b && a == c)
        #expect(a.items.map(\.candidate.id) == c.items.map(\.candidate.id))
        // Other seeds give other playlists (the random term breaks ties).
        let others = (43...47).map { build("mixed", candidates, seed: $0).items.map(\.candidate.id) }
        #expect(others.contains { $0 != a.items.map(\.candidate.id) })
    }

    @Test func saysExactlyWhichThemeIsMissing() {
        var candidates = PlaylistSamples.candidates(count: 200, themes: PlaylistSamples.themes.filter { $0 != "care-after-death" })
        var plan = build("clinical", candidates)
        #expect(plan.explanation.shortfalls.contains(
            "no consented clip covers 'Care after death and bereavement' for this audience: no clip or segment in the catalogue is tagged with it"))
        #expect(!plan.explanation.isComplete)
        // Tagged, but only by speakers without consent.
        candidates.append(PlaylistSamples.candidate("gone", clip: 5000, speaker: 500, role: PlaylistSamples.role("porter"),
                                                    themes: ["care-after-death"], seconds: 40, consent: ConsentStatus(state: .withdrawn)))
        plan = build("clinical", candidates)
        #expect(plan.explanation.shortfalls.contains(
            "no consented clip covers 'Care after death and bereavement' for this audience: 1 tagged with it lack consent"))
        #expect(plan.explanation.text.contains("Missing: no consented clip covers 'Care after death and bereavement' for this audience"))
        // Everything else is still met: the other themes are covered.
        for theme in PlaylistSamples.audience("clinical").themeIDs where theme != "care-after-death" {
            #expect(plan.items.contains { $0.candidate.themes.contains(theme) })
        }
    }

    @Test func buildsTheBestItCanFromTooLittleMaterial() {
        let candidates = PlaylistSamples.candidates(count: 6, minSeconds: 30, maxSeconds: 30,
                                                    themes: PlaylistSamples.audience("mixed").themeIDs)  // 3 minutes in all
        let plan = build("mixed", candidates, target: 12 * 60_000)
        #expect(plan.items.count == 6)
        #expect(plan.totalMs == 180_000)
        #expect(plan.explanation.shortfalls.contains {
            $0 == "the catalogue has only 3:00 of consented material on these themes for this audience, against a 12:00 target (at least 10:48 needed)"
        }, "\(plan.explanation.shortfalls)")
    }

    @Test func honoursIncludeExcludeAndTheClipLimit() {
        let candidates = PlaylistSamples.candidates(count: 200, minSeconds: 20, maxSeconds: 200)
        let long = candidates.first { $0.durationMs > 150_000 }!
        let plan = build("clinical", candidates, maxClip: 120_000, include: [long.id], exclude: [candidates[5].clipShortID])
        #expect(plan.items.contains { $0.candidate.id == long.id })
        #expect(plan.items.first { $0.candidate.id == long.id }!.reason.contains("asked for with --include"))
        #expect(plan.items.allSatisfy { $0.candidate.id == long.id || $0.candidate.durationMs <= 120_000 })
        #expect(!plan.items.contains { $0.candidate.clipShortID == candidates[5].clipShortID })
        #expect(plan.explanation.leftOut.contains { $0.reason == "excluded with --exclude" && $0.count == 3 })
        #expect(plan.explanation.leftOut.contains { $0.reason == "longer than the 2:00 limit (--max-clip)" })
    }

    @Test func requestedThemesReplaceTheAudiencesThemes() {
        let plan = build("clinical", PlaylistSamples.candidates(count: 300), target: 5 * 60_000, themes: ["inclusivity", "memory-making"])
        #expect(plan.explanation.themes == ["inclusivity", "memory-making"])
        #expect(plan.items.contains { $0.candidate.themes.contains("inclusivity") })
        #expect(plan.items.contains { $0.candidate.themes.contains("memory-making") })
        #expect(plan.totalMs >= 270_000 && plan.totalMs <= 330_000)
    }

    @Test func cannotSeparateASingleSpeakerAndSaysSo() {
        let role = PlaylistSamples.role("porter")
        let candidates = (0..<6).map { i in
            PlaylistSamples.candidate("p\(i)", clip: Int64(i), speaker: 1, role: role, themes: ["every-role-matters"], seconds: 60)
        }
        let plan = build("non-clinical", candidates, target: 3 * 60_000, themes: ["every-role-matters"])
        #expect(plan.items.count == 3)
        #expect(plan.explanation.shortfalls.contains { $0.hasPrefix("Speaker 1, porter speaks twice in a row") && $0.contains("only one speaker") })
    }

    @Test func explanationTextNamesChoicesAndOmissions() {
        var candidates = PlaylistSamples.candidates(count: 100)
        candidates[0].consent = ConsentStatus(state: .withdrawn, changedAt: Date(timeIntervalSince1970: 1_795_000_000))
        let text = build("non-clinical", candidates).explanation.text
        #expect(text.contains("Playlist for Non-clinical staff (non-clinical)"))
        #expect(text.contains("opens the playlist: tagged 'Every staff member has a role'"))
        #expect(text.contains("closing reflection: tagged 'Staff wellbeing'"))
        #expect(text.contains("consent withdrawn 2026-11-"))
        #expect(text.contains("Left out (100 candidates considered):"))
        #expect(text.contains("Every constraint is met."))
    }

    @Test func buildsFifteenMinutesFromTenThousandSegments() {
        let candidates = PlaylistSamples.candidates(count: 10_000, speakers: 400)
        let plan = build("mixed", candidates, target: 15 * 60_000)
        #expect(plan.explanation.shortfalls.isEmpty, "\(plan.explanation.shortfalls)")
        // Speed is the benchmark's business (Scripts/bench-playlist, release build), not a timed test's.
        let total = plan.items.map(\.candidate.durationMs).reduce(0, +)
        #expect(abs(total - 15 * 60_000) <= 60_000, "within a minute of the target: \(total) ms")
    }
}

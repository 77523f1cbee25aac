import Foundation
import GRDB
import Media
import Testing

@testable import Catalog

/// Draft captions in the catalogue: the migration, storing, approving and editing drafts, search and theme
/// suggestions over their words, and publishing that uses approved drafts only.
struct CaptionDraftTests {
    /// Sample clip with no sidecar captions (25 s).
    static let uncaptioned = "hca-long-gop.mp4"

    static let cues = [
        CaptionLayout.Cue(startMs: 500, endMs: 3000, lines: ["I ask each patient what matters most", "to them and their wishes"]),
        CaptionLayout.Cue(startMs: 10_500, endMs: 13_000, lines: ["we made a zebrafish memory box"]),
        CaptionLayout.Cue(startMs: 20_500, endMs: 23_000, lines: ["for the whole family"]),
    ]

    static func catalogueWithDraft() async throws -> (Catalog, String) {
        let catalog = try await TestSupport.sampleCatalogue()
        let saved = try catalog.saveDraftCaptions(forClip: uncaptioned, cues: cues, engine: "pocketsphinx", model: "/models/en-us",
                                                  by: "drafter", at: Date(timeIntervalSince1970: 1_800_000_000))
        return (catalog, saved.clip)
    }

    @Test func theMigrationIsNamedAndTheDatabaseHoldsItsRules() throws {
        let catalog = try Catalog(inMemoryWith: .standard)
        let applied = try catalog.writer.read { db in try CatalogMigrations.applied(db) }
        #expect(Catalog.migrator.migrations.map(\.identifier).contains("captions-v2: draft captions with approval"))
        #expect(applied.contains("captions-v2: draft captions with approval"))
        try catalog.writer.write { db in
            try db.execute(sql: """
                INSERT INTO clip(shortID, checksum, sizeBytes, path, fileName, container, audioStreamCount, subtitleStreamCount,
                  mediaInfo, hasPoster, hasFilmstrip, importedAt, updatedAt)
                VALUES ('c-000001', 'x', 1, '/x.mp4', 'x.mp4', 'mp4', 1, 0, '{}', 0, 0, '2026-01-01', '2026-01-01')
                """)
            // Approved without an approver is refused by the database itself.
            #expect(throws: DatabaseError.self) {
                try db.execute(sql: "INSERT INTO captionDraft(clipID, status, engine, model, draftedBy, draftedAt) VALUES (1, 'approved', 'e', 'm', 'me', '2026-01-01')")
            }
            #expect(throws: DatabaseError.self) {
                try db.execute(sql: "INSERT INTO captionDraft(clipID, status, engine, model, draftedBy, draftedAt) VALUES (1, 'maybe', 'e', 'm', 'me', '2026-01-01')")
            }
            try db.execute(sql: "INSERT INTO captionDraft(clipID, status, engine, model, draftedBy, draftedAt) VALUES (1, 'draft', 'e', 'm', 'me', '2026-01-01')")
            // A cue that ends before it starts is refused.
            #expect(throws: DatabaseError.self) {
                try db.execute(sql: "INSERT INTO captionDraftCue(clipID, position, startMs, endMs, text) VALUES (1, 1, 500, 400, 'x')")
            }
            // Deleting the clip removes its draft and cues.
            try db.execute(sql: "INSERT INTO captionDraftCue(clipID, position, startMs, endMs, text) VALUES (1, 1, 0, 400, 'x')")
            try db.execute(sql: "DELETE FROM clip")
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM captionDraftCue") == 0)
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM captionDraft") == 0)
        }
    }

    @Test func aDraftIsStoredAsDraftAndApprovedByAPerson() async throws {
        let (catalog, clip) = try await Self.catalogueWithDraft()
        let draft = try #require(try catalog.draftCaptions(forClip: clip))
        #expect(draft.status == .draft)
        #expect(draft.draft.engine == "pocketsphinx" && draft.draft.model == "/models/en-us" && draft.draft.draftedBy == "drafter")
        #expect(draft.cues.map(\.position) == [1, 2, 3])
        #expect(draft.cues[0].text == "I ask each patient what matters most\nto them and their wishes")
        #expect(try catalog.captionSource(forClip: clip) == .unapprovedDraft)
        // Not published while a draft.
        let id = try #require(try catalog.clipDetail(clip).summary.clip.id)
        #expect(try catalog.captions(forClip: id).isEmpty)

        let when = Date(timeIntervalSince1970: 1_800_000_100)
        let approved = try catalog.approveDraftCaptions(forClip: clip, by: "Ward Sister Ada", at: when)
        #expect(approved.status == .approved)
        #expect(approved.draft.approvedBy == "Ward Sister Ada" && approved.draft.approvedAt == when)
        #expect(try catalog.captionSource(forClip: clip) == .approvedDraft)
        #expect(try catalog.captions(forClip: id).map(\.text) == Self.cues.map(\.text))
        #expect(try catalog.captions(forClip: id).first?.start == MediaTime(milliseconds: 500))
        #expect(try TestSupport.consistencyProblems(catalog).isEmpty)

        #expect(throws: CatalogError.missingValue("the approver's name (--by)")) { try catalog.approveDraftCaptions(forClip: clip, by: "  ") }
    }

    @Test func clipsWithCaptionsAreNotOverwrittenWithoutForce() async throws {
        let (catalog, clip) = try await Self.catalogueWithDraft()
        let nurse = try catalog.clipDetail("nurse-1080p.mp4").summary.id
        #expect(throws: CaptionDraftError.alreadyCaptioned(clip: nurse, source: "sidecar captions (nurse-1080p.srt)")) {
            try catalog.saveDraftCaptions(forClip: nurse, cues: Self.cues, engine: "e", model: "m")
        }
        // A draft may be redrafted; an approved one only with force.
        try catalog.saveDraftCaptions(forClip: clip, cues: Array(Self.cues.prefix(1)), engine: "e", model: "m")
        try catalog.approveDraftCaptions(forClip: clip, by: "ada")
        #expect(throws: CaptionDraftError.alreadyCaptioned(clip: clip, source: "approved draft captions")) {
            try catalog.saveDraftCaptions(forClip: clip, cues: Self.cues, engine: "e", model: "m")
        }
        let forced = try catalog.saveDraftCaptions(forClip: clip, cues: Self.cues, engine: "e2", model: "m2", force: true)
        #expect(forced.status == .draft && forced.cues.count == 3 && forced.draft.approvedBy == nil)
        #expect(throws: CaptionDraftError.nothingHeard(clip: clip)) {
            try catalog.saveDraftCaptions(forClip: clip, cues: [], engine: "e", model: "m", force: true)
        }
        #expect(throws: CaptionDraftError.noDraft(clip: nurse)) { try catalog.approveDraftCaptions(forClip: nurse) }
        #expect(CaptionDraftError.noDraft(clip: nurse).description == "\(nurse): no draft captions (`reel captions draft \(nurse)` makes them)")
    }

    @Test func editingACueIsValidatedAndSendsApprovedCaptionsBackToDraft() async throws {
        let (catalog, clip) = try await Self.catalogueWithDraft()
        try catalog.approveDraftCaptions(forClip: clip, by: "ada")
        let edited = try catalog.editDraftCue(forClip: clip, cue: 2, text: "  we made a memory box \r\n with her hand cast ", startMs: 10_400, by: "bo")
        #expect(edited.cues[1].text == "we made a memory box\nwith her hand cast")
        #expect(edited.cues[1].startMs == 10_400 && edited.cues[1].endMs == 13_000)
        #expect(edited.status == .draft && edited.draft.approvedBy == nil && edited.draft.editedBy == "bo")

        func refusal(_ position: Int, _ reason: String) -> CaptionDraftError { .invalidCue(clip: clip, position: position, reason: reason) }
        #expect(throws: refusal(2, "the text is empty")) { try catalog.editDraftCue(forClip: clip, cue: 2, text: " \n ") }
        #expect(throws: refusal(2, "3 lines; a cue has at most 2 (split it, or shorten it)")) {
            try catalog.editDraftCue(forClip: clip, cue: 2, text: "a\nb\nc")
        }
        let long = String(repeating: "word ", count: 9) + "end"
        #expect(throws: refusal(2, "the line '\(long)' has 48 characters; at most 42")) { try catalog.editDraftCue(forClip: clip, cue: 2, text: long) }
        #expect(throws: refusal(2, "it starts at 00:00:02.000, before the previous cue ends (00:00:03.000)")) {
            try catalog.editDraftCue(forClip: clip, cue: 2, startMs: 2000)
        }
        #expect(throws: refusal(2, "it ends at 00:00:21.000, after the next cue starts (00:00:20.500)")) {
            try catalog.editDraftCue(forClip: clip, cue: 2, endMs: 21_000)
        }
        #expect(throws: refusal(3, "it ends (00:00:20.000) before it starts (00:00:20.500)")) {
            try catalog.editDraftCue(forClip: clip, cue: 3, endMs: 20_000)
        }
        #expect(throws: refusal(3, "it ends at 00:00:26.000, after the clip's end (00:00:25.000)")) {
            try catalog.editDraftCue(forClip: clip, cue: 3, endMs: 26_000)
        }
        #expect(throws: CaptionDraftError.unknownCue(clip: clip, position: 4, count: 3)) { try catalog.editDraftCue(forClip: clip, cue: 4, text: "x") }
        #expect(CaptionDraftError.unknownCue(clip: clip, position: 4, count: 3).description == "\(clip): no cue 4 (the draft has 3 cues, numbered from 1)")
        // Refused edits changed nothing.
        #expect(try catalog.draftCaptions(forClip: clip)?.cues == edited.cues)
    }

    @Test func draftWordsAreSearchableAndSuggestThemes() async throws {
        let (catalog, clip) = try await Self.catalogueWithDraft()
        #expect(try catalog.clips(matching: ClipQuery(text: "zebrafish")).map(\.id) == [clip])
        let themes = try catalog.suggestThemes(for: clip)
        let ids = themes.map(\.theme.id)
        #expect(ids.contains("what-matters-most"))
        #expect(ids.contains("memory-making"))
        #expect(ids.contains("supporting-families"))
        let memory = try #require(themes.first { $0.theme.id == "memory-making" })
        #expect(memory.evidence.map(\.cue.source) == ["draft captions (pocketsphinx, draft)"])
        // An edit re-indexes; discarding the draft removes its words.
        try catalog.editDraftCue(forClip: clip, cue: 2, text: "we made a quokka keepsake")
        #expect(try catalog.clips(matching: ClipQuery(text: "zebrafish")).isEmpty)
        #expect(try catalog.clips(matching: ClipQuery(text: "quokka")).map(\.id) == [clip])
        #expect(try catalog.discardDraftCaptions(forClip: clip))
        #expect(try catalog.clips(matching: ClipQuery(text: "quokka")).isEmpty)
        #expect(try catalog.draftCaptions(forClip: clip) == nil)
        #expect(try TestSupport.consistencyProblems(catalog).isEmpty)
    }

    @Test func requireCaptionsRefusesADraftAndAcceptsItOnceApproved() async throws {
        let (catalog, clip) = try await Self.catalogueWithDraft()
        let summary = try catalog.clipDetail(clip).summary
        let out = try TestSupport.temporaryFolder("drafts")
        defer { TestSupport.cleanUp(out) }
        let preset = try #require(PresetLibrary.standard.preset(named: "web-720p"))
        let draftJob = try catalog.publishJob(for: summary.clip, outputFolder: out, preset: preset)
        #expect(draftJob.captions == nil)
        let batch = PublishBatch(preset: preset, parallelJobs: 1, requireCaptions: true) { _ in "sum" }
        guard case .failed(_, let message) = await batch.runOne(draftJob) else { Issue.record("a draft-only clip was published"); return }
        #expect(message == "\(summary.clip.path): no approved captions (required): its draft captions are not approved yet: check them "
            + "(`reel captions show \(clip)`), then `reel captions approve \(clip)`")

        try catalog.approveDraftCaptions(forClip: clip, by: "ada")
        let approvedJob = try catalog.publishJob(for: summary.clip, outputFolder: out, preset: preset)
        #expect(approvedJob.captions?.map(\.text) == Self.cues.map(\.text))
        #expect(approvedJob.missingCaptionsNote == nil)

        // A clip with no captions at all keeps the old message.
        let bare = try catalog.clipDetail("receptionist.webm").summary.clip
        let bareJob = try catalog.publishJob(for: bare, outputFolder: out, preset: preset)
        guard case .failed(_, let bareMessage) = await batch.runOne(bareJob) else { Issue.record("published without captions"); return }
        #expect(bareMessage.hasSuffix("no captions (required): put NAME.srt or NAME.vtt beside the clip, or add captions in the catalogue"))
    }

    @Test func renderingUsesApprovedDraftsAndNamesDraftsAwaitingApproval() async throws {
        let (catalog, _) = try await RenderPlanTests.catalogWithPlaylist()
        let plan = try catalog.renderPlan(forPlaylist: "Porters")
        // A piece whose clip has no captions at all.
        let index = try #require(plan.pieces.firstIndex { $0.captions.isEmpty })
        let path = plan.pieces[index].path
        let clip = try catalog.clipDetail(path).summary.id
        let duration = try #require(try catalog.clipDetail(path).summary.clip.durationMs)
        let cue = CaptionLayout.Cue(startMs: 0, endMs: duration, lines: ["drafted words"])
        try catalog.saveDraftCaptions(forClip: clip, cues: [cue], engine: "pocketsphinx", model: "m")

        let waiting = try catalog.renderPlan(forPlaylist: "Porters")
        #expect(waiting.pieces[index].captions.isEmpty)
        #expect(waiting.captionCoverage[index].draftAwaitingApproval == clip)
        #expect(waiting.captionCoverage[index].line.hasSuffix("(draft captions await approval: `reel captions approve \(clip)`)"))
        #expect(throws: MissingCaptionsError.self) { try waiting.requireCaptions() }
        do { try waiting.requireCaptions() } catch {
            #expect(error.description.contains("draft captions await approval for \(clip)"))
        }

        try catalog.approveDraftCaptions(forClip: clip, by: "ada")
        let approved = try catalog.renderPlan(forPlaylist: "Porters")
        #expect(approved.pieces[index].captions.map(\.text) == ["drafted words"])
        #expect(approved.captionCoverage[index].isMissing == false)
    }

    @Test func draftCuesAreKeptInsideTheClip() {
        let transcript = Transcript(engine: .pocketsphinx, model: "m", phrases: [
            .init(text: "hello there", startMs: 100, endMs: 900), .init(text: "after the end", startMs: 5000, endMs: 6000),
        ], audioDurationMs: 6000, processingSeconds: 1)
        let cues = Catalog.draftCues(from: transcript, clipDurationMs: 4000)
        #expect(cues.map(\.text) == ["hello there"])
        #expect(cues[0].endMs <= 4000)
    }
}

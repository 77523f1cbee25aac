import Catalog
import Foundation
import Hummingbird
import HummingbirdTesting
import Media
import Testing
@testable import ReelWeb

/// Draft captions in the clip page: shown, corrected with the catalogue's rules, approved; drafted in a job.
@Suite struct WebCaptionTests {
    static let cues = [
        CaptionLayout.Cue(startMs: 400, endMs: 2_600, lines: ["as a nurse I ask each patient"]),
        CaptionLayout.Cue(startMs: 2_700, endMs: 5_200, lines: ["what matters most to them"]),
    ]

    @Test func draftCuesAreCorrectedAndApprovedInThePage() async throws {
        let f = try await WebFixture.make()
        defer { f.cleanUp() }
        let id = try f.clipID("hca-long-gop.mp4")
        try f.catalog.saveDraftCaptions(forClip: id, cues: Self.cues, engine: "pocketsphinx", model: "en-us", by: "drafter")
        try await f.test { b in
            let page = try await b.get("/clips/\(id)")
            #expect(page.text.contains("Draft from pocketsphinx, not yet approved"))
            #expect(page.text.contains("action=\"/clips/\(id)/captions/cues/1\""))
            #expect(page.text.contains("<track kind=\"captions\""), "the player shows the draft for review")
            let vtt = try await b.get("/media/clips/\(id)/captions.vtt")
            #expect(vtt.status == .ok)
            #expect(vtt.text.contains("what matters most to them"))

            // Markup is escaped in the page; a correction with its times is saved.
            let saved = try await b.follow(try await b.post("/clips/\(id)/captions/cues/2", [
                ("from", "00:00:02.800"), ("to", "00:00:05.100"), ("text", "what <b>matters</b> most to them"),
            ]))
            #expect(saved.text.contains("Saved cue 2."))
            #expect(saved.text.contains("what &lt;b&gt;matters&lt;/b&gt; most to them"))
            let edited = try #require(try f.catalog.draftCaptions(forClip: id))
            #expect(edited.cues[1].startMs == 2_800 && edited.cues[1].endMs == 5_100)
            #expect(edited.draft.editedBy == "tester")

            // The catalogue's rules: overlapping the previous cue, a line too long, a bad time, no such cue.
            let overlap = try await b.follow(try await b.post("/clips/\(id)/captions/cues/2", [("from", "00:00:01.000"), ("to", "00:00:05.100"), ("text", "x")]))
            #expect(overlap.text.contains("class=\"error\""))
            #expect(overlap.text.contains("cue 2"))
            let long = try await b.follow(try await b.post("/clips/\(id)/captions/cues/1", [("from", "0.4"), ("to", "2.6"), ("text", String(repeating: "word ", count: 30))]))
            #expect(long.text.contains("class=\"error\""))
            let badTime = try await b.follow(try await b.post("/clips/\(id)/captions/cues/1", [("from", "soon"), ("to", "2.6"), ("text", "x")]))
            #expect(badTime.text.contains("Cue 1:"))
            let missing = try await b.follow(try await b.post("/clips/\(id)/captions/cues/9", [("from", "0.4"), ("to", "2.6"), ("text", "x")]))
            #expect(missing.text.contains("no cue 9"))
            #expect(try f.catalog.draftCaptions(forClip: id)?.cues[0].text == "as a nurse I ask each patient", "refused edits change nothing")

            let approved = try await b.follow(try await b.post("/clips/\(id)/captions/approve", []))
            #expect(approved.text.contains("Approved 2 caption cues"))
            #expect(approved.text.contains("Approved by tester"))
            #expect(try f.catalog.captionSource(forClip: id) == .approvedDraft)

            // Correcting approved captions makes them a draft again.
            let again = try await b.follow(try await b.post("/clips/\(id)/captions/cues/1", [("from", "0.4"), ("to", "2.6"), ("text", "As a nurse, I ask each patient")]))
            #expect(again.text.contains("a draft again"))
            #expect(try f.catalog.captionSource(forClip: id) == .unapprovedDraft)
        }
    }

    @Test func viewersSeeCuesButCannotChangeThem() async throws {
        let f = try await WebFixture.make(users: [("Vic Viewer", .viewer, "viewer-pass-1")])
        defer { f.cleanUp() }
        let id = try f.clipID("hca-long-gop.mp4")
        try f.catalog.saveDraftCaptions(forClip: id, cues: Self.cues, engine: "pocketsphinx", model: "en-us", by: "drafter")
        try await f.test { b in
            _ = try await b.get("/login")
            _ = try await b.follow(try await b.post("/login", [("name", "Vic Viewer"), ("password", "viewer-pass-1")]))
            let page = try await b.get("/clips/\(id)")
            #expect(page.text.contains("as a nurse I ask each patient"))
            #expect(!page.text.contains("/captions/cues/1"))
            #expect(!page.text.contains("Approve these captions"))
            let refused = try await b.post("/clips/\(id)/captions/approve", [])
            #expect(refused.status == .forbidden)
            #expect(try f.catalog.captionSource(forClip: id) == .unapprovedDraft)
        }
    }

    @Test func draftingRunsAsAJobAndRefusesCaptionedClips() async throws {
        let f = try await WebFixture.make()
        defer { f.cleanUp() }
        let captioned = try f.clipID("nurse-1080p.mp4")
        let id = try f.clipID("lav-one-channel.mp4")
        try await f.test { b in
            let page = try await b.get("/clips/\(id)")
            #expect(page.text.contains("Draft captions from the audio"))
            let refused = try await b.follow(try await b.post("/clips/\(captioned)/captions/draft", []))
            #expect(refused.text.contains("already has captions from nurse-1080p.srt"))

            let started = try await b.post("/clips/\(id)/captions/draft", [])
            #expect(started.status == .seeOther)
            let location = try #require(started.headers[.location])
            #expect(location.hasPrefix("/jobs/"))
            let jobID = String(location.dropFirst("/jobs/".count))
            var job = try #require(await f.app.jobs.job(jobID))
            for _ in 0..<600 where job.state == .running {
                try await Task.sleep(for: .milliseconds(100))
                job = try #require(await f.app.jobs.job(jobID))
            }
            #expect(job.state == .done, "\(job.messages)")
            let jobPage = try await b.get(location)
            #expect(jobPage.text.contains("href=\"/clips/\(id)#captions\""))
            let draft = try #require(try f.catalog.draftCaptions(forClip: id))
            #expect(!draft.cues.isEmpty)
            #expect(draft.draft.engine == "pocketsphinx" && draft.draft.draftedBy == "tester")
            #expect(draft.cues.allSatisfy { $0.startMs < $0.endMs && $0.endMs <= (draft.clipDurationMs ?? .max) })
        }
    }
}

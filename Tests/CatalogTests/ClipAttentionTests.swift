import Catalog
import Foundation
import Media
import Playlists
import Testing

/// Issue 9 item 8: each flag says what to do; missing consent and second-language audio are shown at import.
struct ClipAttentionTests {
    @Test func everyFlagHasARemedy() {
        for flag in QualityFlag.allCases {
            #expect(!flag.remedy.isEmpty && flag.remedy != flag.meaning, "\(flag)")
        }
        #expect(QualityFlag.silentChannel.remedy.contains("publish will fold the silent channel"))
    }

    @Test func importSaysWhatToDoAboutFlagsConsentAndASecondLanguage() async throws {
        let catalog = try Catalog(inMemoryWith: .standard)
        let log = try ShotLog(contentsOf: TestSupport.root.appendingPathComponent("Catalog/shotlog.csv").path)
        let files = ["lav-one-channel.mp4", "social-worker-multilang.mkv", "receptionist.webm", "family-support-black-start.mp4"].map(TestSupport.media)
        let report = try await catalog.importMedia(files, options: ImportOptions(shotLog: log, makePictures: false, recordedBy: "t"))
        let attention = try catalog.attention(after: report)
        func lines(_ file: String) -> [String] { attention.first { $0.fileName == file }?.attention.map(\.line) ?? [] }
        #expect(lines("lav-one-channel.mp4").contains { $0.hasPrefix("silent-channel: ") && $0.hasSuffix("— nothing to do: publish will fold the silent channel (the live one is centred into both)") })
        #expect(lines("receptionist.webm").contains("no-captions: no sidecar .srt/.vtt and no subtitle stream — put receptionist.srt or receptionist.vtt beside the file and import again, or draft captions from the audio (`reel captions draft \(try catalog.clipDetail("receptionist.webm").summary.id)`), correct and approve them; `publish --require-captions` refuses it until then"))
        #expect(lines("social-worker-multilang.mkv").contains { $0.hasPrefix("second-language: 2 audio streams: stream 1 (eng), the default; stream 2 (wel) — only the default audio stream is published") })
        // The shot log names Linda Okoro but her consent form was not returned.
        #expect(lines("family-support-black-start.mp4").first
            == "consent: no consent form recorded for Linda Okoro — not usable in playlists or publishing until you record it: reel consent grant \"Linda Okoro\" --ref FORM-ID")
        #expect(!lines("lav-one-channel.mp4").contains { $0.hasPrefix("consent:") })
    }

    @Test func aClipWithoutASpeakerOrConsentSaysHowToRecordIt() throws {
        let catalog = try Catalog(inMemoryWith: .standard)
        try catalog.addSpeaker(name: "Jo Kemp", role: "doctor", consentReference: nil, recordedBy: "t")
        let clip = try PlaylistSamples.addClip(catalog, number: 1, speaker: "Jo Kemp", seconds: 10)
        let attention = try catalog.clipDetail(clip.shortID).summary.attention
        #expect(attention.first == ClipAttention(kind: "consent", detail: "no consent form recorded for Jo Kemp",
                                                 remedy: "not usable in playlists or publishing until you record it: reel consent grant \"Jo Kemp\" --ref FORM-ID"))
        let nobody = try PlaylistSamples.addClip(catalog, number: 2, speaker: nil, seconds: 10)
        #expect(try catalog.clipDetail(nobody.shortID).summary.attention.first?.detail == "no speaker recorded, so no consent")
    }
}

/// Issue 9 item 4: how much of each playlist item its captions cover.
struct CaptionCoverageTests {
    func cue(_ a: Int64, _ b: Int64) -> Caption { Caption(start: MediaTime(milliseconds: a * 1000), end: MediaTime(milliseconds: b * 1000), text: "x") }

    @Test func coverageCountsOnlyTheRangeAndMergesOverlaps() {
        let c = CaptionCoverage(id: "s-1", voice: "Ana Lopez, nurse", from: MediaTime(milliseconds: 10_000), to: MediaTime(milliseconds: 20_000),
                                captions: [cue(0, 5), cue(8, 12), cue(11, 14), cue(18, 30)])
        #expect(c.cues == 3)
        #expect(c.coveredMs == 6000)  // 10–14 and 18–20
        #expect(c.line == "s-1 (Ana Lopez, nurse): 3 cues, 60% of 0:10 captioned")
        let none = CaptionCoverage(id: "c-2", voice: "Tom Hughes, porter", from: .zero, to: MediaTime(milliseconds: 45_000), captions: [cue(50, 52)])
        #expect(none.isMissing && none.line == "c-2 (Tom Hughes, porter): no captions in its 0:45")
    }

    @Test func aRenderPlanNamesTheClipsWithoutCaptionsAndCanRefuse() async throws {
        let catalog = try await TestSupport.sampleCatalogue()
        let nurse = try catalog.resolveClip("nurse-1080p.mp4").shortID
        let porter = try catalog.resolveClip("porter-prores.mov").shortID
        let portrait = try catalog.resolveClip("portrait-phone.mp4").shortID
        let request = PlaylistRequest(audience: PlaylistSamples.audience("mixed"), themes: ["every-role-matters"], targetMs: 10_000,
                                      include: [nurse, porter, portrait])
        try catalog.buildPlaylist(named: "cap", request: request, at: TestSupport.shortlyAfterImport)
        let plan = try catalog.renderPlan(forPlaylist: "cap", at: TestSupport.shortlyAfterImport)
        #expect(plan.captionCoverage.count == plan.pieces.count)
        #expect(plan.captionCoverage.first { $0.id == nurse }?.cues ?? 0 > 0)
        #expect(plan.uncaptioned.contains { $0.id == portrait })
        let error = #expect(throws: MissingCaptionsError.self) { try plan.requireCaptions() }
        #expect(error?.description.hasPrefix("playlist 'cap': \(plan.uncaptioned.count) of \(plan.pieces.count) clips have no captions (--require-captions): ") == true)
    }
}

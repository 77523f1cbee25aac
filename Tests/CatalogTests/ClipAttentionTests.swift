import Catalog
import Foundation
import Media
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
        #expect(lines("receptionist.webm").contains("no-captions: no sidecar .srt/.vtt and no subtitle stream — put receptionist.srt or receptionist.vtt beside the file and import again; `publish --require-captions` refuses it until then"))
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

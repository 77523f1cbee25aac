import Foundation
import Media
import Testing

@testable import Catalog

/// The shipped presets file and the checks that report mistakes with their line.
struct PublishPresetTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func shippedPresetsLoadWithTheIssuesValues() throws {
        let library = try PresetLibrary(contentsOf: Self.root.appendingPathComponent("Catalog/presets.yaml").path)
        #expect(library.names == ["web-1080p", "web-720p", "hls", "archive", "audio"])
        let web = try #require(library.preset(named: "WEB-720P"))
        #expect(web.kind == .mp4)
        #expect(web.video?.maxWidth == 1280 && web.video?.maxHeight == 720)
        #expect(web.video?.profile == "high")
        #expect(web.video?.gopSeconds == 2)
        #expect(web.video?.maxRateKbps != nil && web.video?.bufferKbits != nil)
        #expect(web.audio == Preset.Audio(bitRateKbps: 128, sampleRate: 48_000, channels: 2))
        #expect(web.loudness == Preset.Loudness(integratedLUFS: -16, truePeakDBTP: -1))
        let archive = try #require(library.preset(named: "archive"))
        #expect(archive.video?.maxWidth == nil)
        #expect(archive.loudness.integratedLUFS == -23)
        // Only the archive keeps chapters; the web presets drop them (no bin_data chapter track).
        #expect(library.presets.filter(\.keepsChapters).map(\.name) == ["archive"])
        let hls = try #require(library.preset(named: "hls"))
        #expect(hls.renditions.map(\.name) == ["1080p", "720p", "480p"])
        #expect(hls.segmentSeconds == 6)
        #expect(library.preset(named: "audio")?.video == nil)
    }

    @Test func mistakesAreReportedWithFileAndLine() {
        let yaml = """
            web:
              kind: mp4
              video: { box: 1280x720, crf: 99 }
              colour: red
            """
        #expect(throws: PresetLibrary.LoadError.self) { try PresetLibrary(yaml: yaml, path: "p.yaml") }
        do {
            _ = try PresetLibrary(yaml: yaml, path: "p.yaml")
        } catch {
            #expect(error.description.contains("p.yaml:3: 'crf' must be a whole number from 0 to 51"))
            #expect(error.description.contains("p.yaml:4: unknown field 'colour'"))
        }
        do {
            _ = try PresetLibrary(yaml: "web:\n  video: { box: 1280x720 }\n  chapters: yes\n", path: "p.yaml")
            Issue.record("expected an error")
        } catch {
            #expect(error.description == "p.yaml:3: 'chapters' must be keep or drop")
        }
    }

    /// A publish report written before presets said anything about chapters still loads; those outputs kept them.
    @Test func aPresetStoredByAnOlderReelStillDecodes() throws {
        let web = try #require(PresetLibrary.standard.preset(named: "web-720p"))
        var object = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(web)) as? [String: Any])
        #expect(object["keepsChapters"] as? Bool == false)
        object.removeValue(forKey: "keepsChapters")
        let old = try JSONDecoder().decode(Preset.self, from: JSONSerialization.data(withJSONObject: object))
        #expect(old.keepsChapters)
        #expect(old != web)  // so publish makes such an output again, without the chapter track
        var same = old
        same.keepsChapters = false
        #expect(same == web)
    }

    @Test func aMissingFileSaysSo() {
        do {
            _ = try PresetLibrary(contentsOf: "/nonexistent/presets.yaml")
            Issue.record("expected an error")
        } catch {
            #expect(error.description == "/nonexistent/presets.yaml: no such file")
        }
    }

    @Test func sidecarCaptionsAreFoundBesideTheClip() throws {
        let captions = try #require(Catalog.sidecarCaptions(for: Self.root.appendingPathComponent("Media/nurse-1080p.mp4").path))
        #expect(!captions.isEmpty)
        #expect(captions[0].start < captions[0].end)
        #expect(Catalog.sidecarCaptions(for: Self.root.appendingPathComponent("Media/lav-one-channel.mp4").path) == nil)
    }
}

/// `reel publish --clips`: clips without valid consent are refused, the rest become jobs with their captions.
struct PublishConsentTests {
    @Test func clipsWithoutValidConsentAreRefused() async throws {
        let catalog = try await TestSupport.sampleCatalogue()
        let when = TestSupport.shortlyAfterImport
        let preset = Preset(name: "web-720p", summary: "t", kind: .mp4, video: Preset.Video(maxWidth: 1280, maxHeight: 720, crf: 22))
        try catalog.withdrawConsent(speaker: "Tom Hughes", reason: "asked to be removed", recordedBy: "sam", at: when)
        let (jobs, refused) = try catalog.publishJobs(clipQuery: nil, outputFolder: "/tmp/out", preset: preset, at: when + 60)
        let refusedFiles = refused.map { ($0.path as NSString).lastPathComponent }.sorted()
        #expect(refusedFiles == ["doctor-vfr.mp4", "family-support-black-start.mp4", "porter-prores.mov"])
        #expect(refused.first { $0.path.hasSuffix("porter-prores.mov") }?.reason == "consent withdrawn")
        let jobFiles = jobs.map { ($0.source as NSString).lastPathComponent }
        #expect(!jobFiles.contains("porter-prores.mov"))
        #expect(jobFiles.contains("nurse-1080p.mp4"))
        let nurse = try #require(jobs.first { $0.source.hasSuffix("nurse-1080p.mp4") })
        #expect(nurse.output == "/tmp/out/nurse-1080p.mp4")
        #expect(!(nurse.captions ?? []).isEmpty)
    }
}

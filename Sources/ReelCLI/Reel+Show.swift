import ArgumentParser
import Catalog
import Foundation
import Media

extension Reel {
    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show everything about one clip: facts, flags, consent, themes, segments, captions.",
            discussion: """
                Examples:
                  reel show c-3fa2c1
                  reel show nurse-1080p.mp4 --json
                """
        )

        @OptionGroup var catalog: CatalogOptions

        @Argument(help: "The clip: its id (c-…), a longer checksum prefix, its file name or path.")
        var clip: String

        @Flag(help: "Print JSON: the clip's summary plus its probe facts, audio levels, captions and consent history.")
        var json = false

        func run() async throws {
            try await reportingErrors {
                let cat = try catalog.open()
                let detail = try cat.clipDetail(clip)
                let s = detail.summary
                let c = s.clip
                if json {
                    struct Output: Encodable {
                        var clip: ClipSummary
                        var mediaInfo: MediaInfo
                        var audioLevels: [AudioStreamLevels]?
                        var captions: [CaptionCue]
                        var consentHistory: [ConsentEvent]
                        var poster: String?
                        var filmstrip: String?
                    }
                    try printJSON(Output(clip: s, mediaInfo: c.mediaInfo, audioLevels: c.audioLevels, captions: detail.captions,
                                         consentHistory: detail.consentHistory, poster: detail.posterPath, filmstrip: detail.filmstripPath))
                    return
                }
                let info = try c.mediaInfo
                var lines: [(String, String)] = []
                lines.append(("Clip", "\(s.id)  \(c.title ?? "(no title)")"))
                lines.append(("File", c.path))
                if let source = c.sourcePath { lines.append(("Copied from", source)) }
                lines.append(("Checksum", "XXH64 \(c.checksum), \(formatBytes(c.sizeBytes))"))
                lines.append(("Duration", c.duration?.clockString ?? "unknown"))
                var picture = info.containerLongName.isEmpty ? info.container : info.containerLongName
                if let v = info.videoStream, let vi = v.video {
                    picture += "; \(v.codec) \(vi.displayWidth)x\(vi.displayHeight) \(String(format: "%.3g", vi.frameRate.doubleValue)) fps"
                    if vi.rotation != 0 { picture += ", rotated \(vi.rotation)°" }
                    if vi.fieldOrder.isInterlaced { picture += ", interlaced (\(vi.fieldOrder.label))" }
                    if vi.hdr { picture += ", HDR (\(vi.colorTransfer ?? "?"))" }
                    if vi.variableFrameRate { picture += ", variable frame rate" }
                }
                lines.append(("Format", picture))
                for a in info.audioStreams {
                    var text = "stream \(a.index): \(a.codec)"
                    if let ai = a.audio { text += " \(ai.channelLayout ?? "\(ai.channels) ch") \(ai.sampleRate) Hz" }
                    if let lang = a.language { text += " [\(lang)]" }
                    if let levels = try c.audioLevels?.first(where: { $0.streamIndex == a.index }) {
                        text += "; " + levels.channels.enumerated().map { i, ch in
                            "\(ch.name ?? "ch\(i + 1)") peak \(ChannelLevel.format(ch.peakDBFS)), RMS \(ChannelLevel.format(ch.rmsDBFS))"
                        }.joined(separator: "; ")
                    }
                    lines.append(("Audio", text))
                }
                if info.audioStreams.isEmpty { lines.append(("Audio", "none")) }
                if let recorded = c.recordedAt { lines.append(("Recorded", ISO8601DateFormatter().string(from: recorded))) }
                let camera = [info.make, info.model].compactMap { $0 }.joined(separator: " ")
                if !camera.isEmpty { lines.append(("Camera", camera)) }
                if let tc = info.timecode { lines.append(("Timecode", tc)) }
                if let speaker = s.speaker {
                    lines.append(("Speaker", "\(speaker.name), \(s.role?.label ?? speaker.roleID) (\(s.audience?.rawValue ?? "role not in taxonomy"))"))
                } else {
                    lines.append(("Speaker", "none recorded"))
                }
                lines.append(("Consent", s.consent.summary + (s.isUsable ? "" : "  — NOT USABLE in playlists or publishing")))
                lines.append(("Themes", s.themes.isEmpty ? "none" : s.themes.map { theme in cat.taxonomy.theme(id: theme).map { "\($0.id) (\($0.label))" } ?? "\(theme) (not in taxonomy)" }.joined(separator: ", ")))
                if let notes = c.notes { lines.append(("Notes", notes)) }
                if let poster = detail.posterPath { lines.append(("Poster", poster)) }
                if let strip = detail.filmstripPath { lines.append(("Filmstrip", strip)) }
                lines.append(("Imported", ISO8601DateFormatter().string(from: c.importedAt)))
                let width = lines.map(\.0.count).max() ?? 0
                for (k, v) in lines { print(k.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + v) }

                print("\nFlags:")
                if s.flags.isEmpty { print("  none") }
                for a in s.attention where a.kind != "consent" { print("  \(a.line)") }
                if let consent = s.attention.first(where: { $0.kind == "consent" }) {
                    print("\nConsent: \(consent.detail) — \(consent.remedy)")
                }

                print("\nSegments:")
                if s.segments.isEmpty { print("  none") }
                for seg in s.segments {
                    print("  \(seg.id)  \(seg.segment.start.clockString)–\(seg.segment.end.clockString)  \(seg.segment.title)" + (seg.themes.isEmpty ? "" : "  [\(seg.themes.joined(separator: ", "))]"))
                }
                if !info.chapters.isEmpty {
                    print("\nChapters:")
                    for ch in info.chapters { print("  \(ch.start.clockString)–\(ch.end.clockString)  \(ch.title ?? "")") }
                }
                print("\nCaptions:")
                if detail.captions.isEmpty {
                    print(info.subtitleStreams.isEmpty ? "  none" : "  no sidecar file; \(info.subtitleStreams.count) subtitle stream(s) in the file (not indexed)")
                }
                for cue in detail.captions {
                    print("  \(cue.start.clockString)  \(cue.text.replacingOccurrences(of: "\n", with: " "))  (\(cue.source))")
                }
                if detail.consentHistory.count > 0 {
                    print("\nConsent history:")
                    let f = ISO8601DateFormatter()
                    for e in detail.consentHistory {
                        var text = "  \(f.string(from: e.recordedAt))  \(e.kind.rawValue)"
                        if let r = e.reference { text += " \(r)" }
                        if let x = e.expiresOn { text += " until \(x)" }
                        text += " by \(e.recordedBy) (\(e.source))"
                        if let reason = e.reason { text += ": \(reason)" }
                        print(text)
                    }
                }
            }
        }
    }
}

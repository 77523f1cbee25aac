import ArgumentParser
import Catalog
import Foundation
import Media

extension Reel.PlaylistCommand {
    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Export a playlist as M3U8, JSON, OpenTimelineIO, CMX3600 EDL, WebVTT chapters or a web page.",
            discussion: """
                Consent is checked again now: a clip whose speaker's consent was withdrawn (or expired) after the \
                build is left out of the files, and the command says so ("left out: c-1a2b3c (Sam Patel, porter): \
                consent withdrawn 2026-11-21").

                m3u8 and html also write frame-accurate trimmed MP4 files into a folder beside the file \
                (NAME.media/01-….mp4), reused by later exports; the M3U8 plays in any standard player and the page \
                plays the files in order in a browser, with chapters and captions, with no network. A clip a \
                browser cannot play as trimmed (HDR, 10-bit, 4:2:2 such as ProRes, interlaced) is made for the page \
                through the web-720p preset of presets.yaml (the built-in one when it has none) instead (SDR, \
                8-bit 4:2:0, progressive, 1280x720), and \
                the command names it. otio loads in \
                OpenTimelineIO; edl is CMX3600 (non-drop-frame, reel names of 8 characters at most); vtt-chapters \
                writes WebVTT chapters over the playlist's timeline. The default file is NAME.<format> (in -o when \
                -o is a folder). Give --format several times to write several formats into one folder. A file \
                already there is replaced only when an earlier export wrote it and it is unchanged since \
                (.reel-exports.json in the folder records them); any other is refused unless --overwrite.

                Examples:
                  reel playlist export porters-induction --format m3u8
                  reel playlist export porters-induction --format html -o out/
                  reel playlist export porters-induction --format otio --format edl --format json -o out/
                """
        )

        @OptionGroup var catalog: CatalogOptions
        @OptionGroup var audiences: AudienceOptions

        @Option(help: ArgumentHelp("The presets file (for the web-720p preset html exports convert with).",
                                   discussion: "Default: $REEL_PRESETS, else presets.yaml beside the catalogue, else Catalog/presets.yaml; the built-in presets when none exists.",
                                   valueName: "path"))
        var presets: String?

        @Argument(help: "The playlist's name.")
        var name: String

        @Option(help: ArgumentHelp("m3u8, json, otio, edl, vtt-chapters or html (repeatable).", valueName: "format"))
        var format: [PlaylistExportFormat]

        @Option(name: [.customShort("o"), .customLong("output")], help: ArgumentHelp("The file to write, or a folder to write into.", valueName: "path"))
        var output: String?

        @Flag(help: "Replace the output file even when Reel did not write it (or it was changed since).")
        var overwrite = false

        func validate() throws {
            if format.isEmpty { throw ValidationError("Give --format: one of \(PlaylistExportFormat.allCases.map(\.rawValue).joined(separator: ", ")).") }
            if format.count > 1, let output, !output.hasSuffix("/") {
                var isDirectory: ObjCBool = false
                let exists = FileManager.default.fileExists(atPath: output, isDirectory: &isDirectory)
                if exists && !isDirectory.boolValue {
                    throw ValidationError("With several --format options, -o must be a folder (end it with / to create one).")
                }
            }
        }

        func run() async throws {
            try await reportingErrors {
                let cat = try catalog.open()
                var webPreset = PlaylistExporter.standardWebPreset
                if format.contains(.html) {
                    let libraryPath = TeamFile.presets.path(explicit: presets, catalogPath: catalog.resolvedCatalogPath)
                    let library = try PresetLibrary.inForce(file: libraryPath)
                    if let chosen = library.preset(named: "web-720p"), chosen.kind == .mp4, chosen.video != nil {
                        webPreset = chosen
                    } else {
                        printError("note: \(libraryPath ?? "the built-in presets"): no MP4 video preset 'web-720p'; the page's browser copies use the built-in one")
                    }
                }
                let exporter = PlaylistExporter(catalog: cat, audiences: try audiences.load(catalog: catalog, opened: cat), webPreset: webPreset)
                var target = output
                if format.count > 1, let output, !output.hasSuffix("/") { target = output + "/" }
                var reportedLeftOut = false
                var formats: [PlaylistExportFormat] = []
                for f in format where !formats.contains(f) { formats.append(f) }
                // The page's browser copies first: an M3U8 into the same folder then plays (and reuses) them too.
                formats = formats.filter { $0 == .html } + formats.filter { $0 != .html }
                for f in formats {
                    let showProgress = stderrIsTerminal
                    let report = try await exporter.export(name, format: f, to: target, overwrite: overwrite) { done, total in
                        if showProgress { FileHandle.standardError.write(Data("\rtrimming \(done)/\(total)\u{1B}[K".utf8)) }
                    }
                    if showProgress && f.writesMedia { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
                    if !reportedLeftOut {
                        for left in report.leftOut { printError(left.description) }
                        reportedLeftOut = true
                    }
                    print("wrote \(report.output) (\(report.itemCount) clips, \(MediaTime(milliseconds: report.durationMs).playlistClock))")
                    if let media = report.mediaFolder {
                        print("  media: \(media)/ (\(report.trimmed) trimmed, \(report.reused) reused)")
                    }
                    if !report.converted.isEmpty, let preset = report.webPreset {
                        print("  made through \(preset) so browsers can play them: \(report.converted.joined(separator: ", "))")
                    }
                    if !report.removedMedia.isEmpty {
                        print("  removed from the media folder: \(report.removedMedia.joined(separator: ", "))")
                    }
                }
            }
        }
    }
}

import ArgumentParser
import Catalog
import Foundation
import Media
import Playlists

extension Reel.PlaylistCommand {
    /// `reel playlist render NAME -o OUT.mp4`: one MP4 of the whole playlist for the intranet.
    struct Render: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Render a playlist into one MP4 with chapters, captions and even loudness.",
            discussion: """
                Each clip's range is cut frame-exactly, turned upright, fitted into the preset's picture (black bars \
                where the shapes differ) and brought to the preset's loudness target on its own, so every speaker \
                sounds equally loud. Each clip is a chapter titled "Speaker — Role: title"; the clips' captions are \
                muxed and written to a .vtt beside the file. Consent is checked again now: a clip whose speaker's \
                consent was withdrawn is left out, and the command says so. After the render, one line per clip says \
                how much of it is captioned; --require-captions refuses the render when a clip has none.

                Examples:
                  reel playlist render porters-induction -o out/porters-induction.mp4
                  reel playlist render porters-induction -o induction.mp4 --preset web-1080p --lower-thirds
                  reel playlist render porters-induction -o out/porters.mp4 --require-captions
                """
        )

        @OptionGroup var catalog: CatalogOptions

        @Argument(help: "The playlist's name.")
        var name: String

        @Option(name: [.customShort("o"), .customLong("output")], help: ArgumentHelp("The MP4 file to write.", valueName: "file.mp4"))
        var output: String

        @Option(help: ArgumentHelp("The MP4 preset to use (web-720p, web-1080p…).", valueName: "name"))
        var preset: String = "web-720p"

        @Option(help: ArgumentHelp("The presets file.", discussion: "Default: $REEL_PRESETS, else presets.yaml beside the catalogue, else Catalog/presets.yaml; the built-in presets when none exists.", valueName: "path"))
        var presets: String?

        @Flag(help: "Show each speaker's name and role at the bottom left for the first 4 seconds of their clip.")
        var lowerThirds = false

        @Flag(name: .customLong("require-captions"), help: "Refuse to render (writing nothing) when a clip has no captions in its range.")
        var requireCaptions = false

        @Flag(help: "Replace the output file if it exists.")
        var overwrite = false

        func validate() throws {
            if (output as NSString).pathExtension.lowercased() != "mp4" {
                throw ValidationError("-o must name an .mp4 file, e.g. -o out/\(name).mp4.")
            }
        }

        func run() async throws {
            let libraryPath = TeamFile.presets.path(explicit: presets, catalogPath: catalog.resolvedCatalogPath)
            let library: PresetLibrary
            do { library = try PresetLibrary.inForce(file: libraryPath) } catch {
                printError(error.description)
                throw ExitCode.failure
            }
            guard let chosen = library.preset(named: preset) else {
                printError("\(libraryPath ?? "the built-in presets"): no preset '\(preset)' (have: \(library.names.joined(separator: ", ")))")
                throw ExitCode.failure
            }
            try await reportingErrors {
                let plan = try catalog.open().renderPlan(forPlaylist: name)
                for line in plan.leftOut { printError(line) }
                if requireCaptions { try plan.requireCaptions() }
                let showProgress = stderrIsTerminal
                let report = try await renderPlaylist(
                    plan.pieces, preset: chosen, to: output, lowerThirds: lowerThirds, overwrite: overwrite, leftOut: plan.leftOut
                ) { fraction in
                    if showProgress { FileHandle.standardError.write(Data("\rrendering \(Int(fraction * 100))%\u{1B}[K".utf8)) }
                }
                if showProgress { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
                print("wrote \(report.output) (\(report.pieces.count) clips, \(MediaTime(milliseconds: Int64(report.durationSeconds * 1000)).playlistClock), \(report.width)x\(report.height))")
                for piece in report.pieces {
                    let loudness = piece.measuredLUFS.map { String(format: "%.1f LUFS, gain %+.1f dB", $0, piece.gainDB) } ?? (piece.silent ? "no sound" : "not measurable")
                    print("  \(MediaTime(milliseconds: piece.startMs).playlistClock)  \(piece.title)  (\(loudness))")
                }
                if let vtt = report.captionsFile { print("  captions: \(vtt) (\(report.captionCount) cues)") }
                print("Captions:")
                for c in plan.captionCoverage { print("  \(c.line)") }
                let missing = plan.uncaptioned
                if !missing.isEmpty {
                    printError("warning: \(missing.count) of \(plan.pieces.count) clips have no captions: \(missing.map(\.id).joined(separator: ", ")) (--require-captions refuses such a render)")
                }
            }
        }
    }
}

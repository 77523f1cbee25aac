import ArgumentParser
import Catalog
import Dispatch
import Foundation
import Media

extension Reel {
    struct Publish: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Transcode clips for intranet publishing with a preset, several at a time, resumably.",
            discussion: """
                Each output is upright, progressive, SDR, square-pixelled and no larger than the preset's box; a \
                recording with one silent channel is centred into both; loudness is normalised in two passes \
                (default -16 LUFS, -1 dBTP). Captions (SRT/WebVTT beside the clip, or from the catalogue) are \
                muxed as a text track and written as OUT/NAME.vtt; OUT/NAME.jpg is a poster and OUT/NAME.json a \
                report. A clip whose report already matches its checksum and the preset is skipped, so a re-run \
                after a failure or Ctrl-C finishes only what is missing. Nothing appears under a final name until \
                it is complete. A file already at an output name is replaced only when Reel wrote it (the report \
                beside it says so); any other is refused unless --overwrite.

                Clips whose speaker lacks valid consent are refused: with --clips or --playlist, and for files named \
                on the command line that the catalogue knows (by path, or by content when the file was renamed or \
                copied); --ignore-catalog publishes named files without asking the catalogue. Consent is checked \
                again before each clip starts and before each of its files goes into place, so a withdrawal during \
                the run leaves nothing of that clip under a final name. What Reel published into --out earlier for \
                a clip that may no longer be published is deleted, with a line saying so.

                Presets come from presets.yaml, found like taxonomy.yaml and audiences.yaml (see --presets, \
                --list-presets); the built-in presets when there is none.

                Examples:
                  reel publish Media/nurse-1080p.mp4 Media/portrait-phone.mp4 --preset web-720p --out public/
                  reel publish --clips "chaplain" --preset web-1080p --out public/ --jobs 2
                  reel publish --playlist induction --preset audio --out podcast/ --require-captions
                  reel publish Media/porter-prores.mov --preset web-720p --out review/ --ignore-catalog
                """
        )

        @Argument(help: "Media files to publish.", completion: .file())
        var files: [String] = []

        @Option(help: ArgumentHelp("Publish the clips of this playlist (catalogue; consent checked).", valueName: "name"))
        var playlist: String?

        @Option(help: ArgumentHelp("Publish the catalogue clips matching this text (as `reel clips --text`; consent checked).", valueName: "query"))
        var clips: String?

        @Option(help: ArgumentHelp("The preset to use (web-1080p, web-720p, hls, archive, audio…).", valueName: "name"))
        var preset: String?

        @Option(name: [.customLong("out"), .customShort("o")], help: ArgumentHelp("The folder to write into (created if missing).", valueName: "dir"))
        var out: String?

        @Option(help: ArgumentHelp("Files to publish at once (default: half the cores, at least 1).", valueName: "n"))
        var jobs: Int?

        @Flag(help: "Fail clips without captions instead of publishing them with a warning.")
        var requireCaptions = false

        @Option(help: ArgumentHelp("The presets file.", discussion: "Default: $REEL_PRESETS, else presets.yaml beside the catalogue, else Catalog/presets.yaml; the built-in presets when none exists.", valueName: "path"))
        var presets: String?

        @Flag(help: "Print a line on stderr as each file starts and finishes even when stderr is not a terminal (on a terminal a progress line is always drawn and cleared).")
        var progress = false

        @Flag(help: "Replace files at the output names even when Reel did not write them.")
        var overwrite = false

        @Flag(help: "List the presets and exit.")
        var listPresets = false

        @Flag(name: .customLong("ignore-catalog"), help: "Publish the named files without checking the catalogue for their speaker's consent.")
        var ignoreCatalog = false

        @OptionGroup var catalog: CatalogOptions

        func validate() throws {
            if listPresets { return }
            let sources = (files.isEmpty ? 0 : 1) + (playlist == nil ? 0 : 1) + (clips == nil ? 0 : 1)
            if sources == 0 { throw ValidationError("Give media files, --playlist NAME or --clips QUERY to publish.") }
            if sources > 1 { throw ValidationError("Give only one of: media files, --playlist, --clips.") }
            if ignoreCatalog && files.isEmpty {
                throw ValidationError("--ignore-catalog is for media files named on the command line; --clips and --playlist always check consent.")
            }
            if preset == nil { throw ValidationError("Choose a preset with --preset (see --list-presets).") }
            if out == nil { throw ValidationError("Choose an output folder with --out DIR.") }
            if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1.") }
        }

        func run() async throws {
            let libraryPath = TeamFile.presets.path(explicit: presets, catalogPath: catalog.resolvedCatalogPath)
            let library: PresetLibrary
            do { library = try PresetLibrary.inForce(file: libraryPath) } catch {
                printError(error.description)
                throw ExitCode.failure
            }
            if listPresets {
                for p in library.presets { print("\(p.name.padding(toLength: 12, withPad: " ", startingAt: 0)) \(p.summary)") }
                return
            }
            guard let chosen = library.preset(named: preset!) else {
                printError("\(libraryPath ?? "the built-in presets"): no preset '\(preset!)' (have: \(library.names.joined(separator: ", ")))")
                throw ExitCode.failure
            }
            let folder = out!
            do { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) } catch {
                printError("\(folder): cannot create the output folder")
                throw ExitCode.failure
            }
            var jobList: [PublishBatch.Job] = []
            var refused: [Catalog.PublishRefusal] = []
            var opened: Catalog? = nil
            try await reportingErrors {
                if let playlist {
                    opened = try catalog.open()
                    (jobList, refused) = try opened!.publishJobs(playlist: playlist, outputFolder: folder, preset: chosen)
                } else if let clips {
                    opened = try catalog.open()
                    (jobList, refused) = try opened!.publishJobs(clipQuery: clips, outputFolder: folder, preset: chosen)
                } else if ignoreCatalog || !FileManager.default.fileExists(atPath: catalog.resolvedCatalogPath) {
                    jobList = files.map {
                        PublishBatch.Job(
                            source: $0, output: Catalog.publishOutput(for: $0, folder: folder, preset: chosen),
                            captions: Catalog.sidecarCaptions(for: $0))
                    }
                } else {
                    opened = try catalog.open()
                    (jobList, refused) = try opened!.publishJobs(files: files, outputFolder: folder, preset: chosen)
                }
            }
            for r in refused { printError("\(r.path.isEmpty ? r.clip : r.path): refused: \(r.reason)") }
            let cat = opened
            // Deletes (and says so) what Reel published into the folder earlier for clips no longer allowed.
            func removeWithdrawn() async throws {
                guard let cat else { return }
                try await reportingErrors {
                    for r in try cat.removePublicationsNoLongerAllowed(in: folder) {
                        print("  removed   \(r.removed.joined(separator: ", ")): \(r.reason)")
                    }
                }
            }
            try await removeWithdrawn()
            let names = jobList.map(\.output)  // full paths: every HLS output is NAME/master.m3u8
            if Set(names).count != names.count {
                printError("\(folder): two sources share a base name; publish them to different folders")
                throw ExitCode.failure
            }
            let batch = PublishBatch(preset: chosen, parallelJobs: jobs, requireCaptions: requireCaptions, overwrite: overwrite,
                                     clearance: cat?.publishClearance()) { path in
                try ContentHasher.checksum(ofFile: path).checksum
            }
            let display = PublishProgressDisplay(names: jobList.map { ($0.source as NSString).lastPathComponent }, terminal: stderrIsTerminal,
                                                 lines: progress)
            let finalJobs = jobList
            let work = Task { await batch.run(finalJobs) { display.handle($0) } }
            let interrupts = [SIGINT, SIGTERM].map { sig -> any DispatchSourceSignal in
                signal(sig, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
                source.setEventHandler { work.cancel() }
                source.resume()
                return source
            }
            defer { interrupts.forEach { $0.cancel() } }
            let outcomes = await work.value
            display.clear()
            var failed = 0
            var warned = 0
            var refusedLater = 0
            print("preset \(chosen.name) → \(folder)")
            for (job, outcome) in zip(jobList, outcomes) {
                switch outcome {
                case .published(let r):
                    let l = r.loudnessAfter?.integratedLUFS.map { String(format: "%.1f LUFS", $0) } ?? "no audio"
                    print("  published \(job.source) → \(r.output) (\(String(format: "%.1f", r.durationSeconds)) s, \(formatBytes(r.outputSize)), \(l))")
                    for w in r.warnings {
                        warned += 1
                        printError("\(job.source): warning: \(w)")
                    }
                case .skipped(let r):
                    print("  skipped   \(job.source): \(r.output) is up to date")
                case .failed(_, let message):
                    failed += 1
                    // Messages name their file (the source, or an output): add the source only when they do not.
                    let named = message.hasPrefix(job.source) || message.hasPrefix((job.output as NSString).deletingLastPathComponent + "/")
                    printError(named ? message : "\(job.source): \(message)")
                case .refused(let withheld):
                    refusedLater += 1
                    printError(withheld.description)
                }
            }
            // A withdrawal during the run: its earlier outputs go too.
            if refusedLater > 0 { try await removeWithdrawn() }
            let done = outcomes.count - failed - refusedLater
            print("\(done) of \(outcomes.count) done, \(failed) failed, \(warned) warnings, \(refused.count + refusedLater) refused")
            if work.isCancelled { throw ExitCode(130) }
            if failed > 0 || !refused.isEmpty || refusedLater > 0 { throw ExitCode.failure }
        }
    }
}

/// Draws batch progress on stderr: a redrawn (and finally cleared) line with per-file and overall percentages and
/// an ETA on a terminal; plain start/finish lines otherwise only when asked (`--progress`), so a redirected stderr
/// holds only errors and warnings.
final class PublishProgressDisplay: @unchecked Sendable {
    private let lock = NSLock()
    private let names: [String]
    private let terminal: Bool
    /// Plain start/finish lines when stderr is not a terminal (`--progress`); otherwise stderr carries only errors.
    private let lines: Bool
    private let started = Date()
    private var running: [Int: Double] = [:]
    private var lastDraw = Date.distantPast

    init(names: [String], terminal: Bool, lines: Bool = false) {
        self.names = names
        self.terminal = terminal
        self.lines = lines
    }

    func handle(_ event: PublishBatch.Event) {
        lock.withLock {
            switch event.kind {
            case .started:
                running[event.index] = 0
                if !terminal && lines { printError("started \(names[event.index])") }
            case .progressed:
                running[event.index] = event.fraction
            case .finished(let outcome):
                running[event.index] = nil
                if !terminal && lines {
                    let what: String
                    switch outcome {
                    case .published: what = "published"
                    case .skipped: what = "skipped (up to date)"
                    case .failed: what = "failed"
                    case .refused: what = "refused"
                    }
                    printError("\(what) \(names[event.index]) [\(Int(event.overall * 100))% overall]")
                }
            }
            guard terminal, Date().timeIntervalSince(lastDraw) > 0.2 || event.fraction >= 1 else { return }
            lastDraw = Date()
            let files = running.keys.sorted().map { "\(names[$0]) \(Int((running[$0]! * 100).rounded(.down)))%" }.joined(separator: "  ")
            let elapsed = Date().timeIntervalSince(started)
            var eta = ""
            if event.overall > 0.02 {
                let left = elapsed / event.overall * (1 - event.overall)
                eta = String(format: "  ETA %d:%02d", Int(left) / 60, Int(left) % 60)
            }
            FileHandle.standardError.write(Data("\r\u{1B}[K\(Int(event.overall * 100))% \(eta)  \(files)".utf8))
        }
    }

    func clear() {
        if terminal { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}

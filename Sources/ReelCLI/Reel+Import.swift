import ArgumentParser
import Catalog
import Foundation

extension Reel {
    struct ImportCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Add footage to the catalogue: probe, checksum, flag and describe every clip.",
            discussion: """
                Walks the given files and folders (camera cards included: DCIM, PRIVATE/M4ROOT/CLIP, XDROOT/Clip), \
                skips what is not media with a note, and for each clip computes an XXH64 checksum while reading it, \
                probes it, measures its audio, looks for black and silence at its start and end (libavfilter's \
                blackdetect and silencedetect), reads SRT/WebVTT captions with the same name beside it, and makes a \
                poster and a filmstrip in the cache folder beside the catalogue. Content already catalogued is a \
                duplicate (nothing added) or, when its recorded file is gone, a move (the path is updated); a clip \
                an older Reel imported is looked at for black and silence then, and shown when that flags it.

                Flags raised for the production liaison: no-audio, silent-channel, quiet-audio, vfr, interlaced, hdr, \
                rotated, black-head and black-tail (at least 0.5 s of black at the start or end), silent-head (2 s or \
                more before the first sound) and silent-tail (3 s or more after the last), short (< 3 s), \
                no-captions, no-video, second-language. After the files, "Needs attention" \
                lists each new clip's flags and missing consent with what to do about each.

                A shot log (CSV with a header row, or YAML) describes the files: file, speaker, role, themes, title, \
                consent_ref, consent_expires, notes, and from/to for a segment. Speakers are created from it; bad \
                rows are reported with their line numbers and the good rows still apply. Importing again with a \
                shot log applies its rows again: it adds speakers, consent forms it has not seen, titles, notes, \
                themes and segments, and removes nothing.

                Each clip is written in one transaction: stopping an import at any moment leaves a consistent \
                catalogue, and running it again finishes the job. Exit status 1 when a file failed or a shot-log row \
                was refused.

                Examples:
                  reel import Media --shotlog Catalog/shotlog.csv
                  reel import /media/card1 /media/card2 --copy-to /srv/footage
                  reel import --shotlog Catalog/shotlog.csv      (update descriptions of clips already imported)
                """
        )

        @OptionGroup var catalog: CatalogOptions

        @Argument(help: "Files and folders to import.", completion: .file())
        var paths: [String] = []

        @Option(help: ArgumentHelp("A shot log (CSV or YAML) describing the files.", valueName: "file"), completion: .file(extensions: ["csv", "tsv", "yaml", "yml"]))
        var shotlog: String?

        @Option(name: .customLong("copy-to"), help: ArgumentHelp("Copy new files into this folder (verified by checksum) and catalogue the copies.", valueName: "dir"), completion: .directory)
        var copyTo: String?

        @Option(help: "How many files to read and probe at once (1–8).")
        var jobs: Int = 3

        @Flag(name: .customLong("no-pictures"), help: "Do not make posters and filmstrips.")
        var noPictures = false

        @Flag(help: "Print every file's result, including duplicates.")
        var verbose = false

        @OptionGroup var recorder: RecorderOption

        func validate() throws {
            if paths.isEmpty && shotlog == nil {
                throw ValidationError("Give at least one file or folder to import (or a --shotlog to apply to clips already imported).")
            }
            if !(1...8).contains(jobs) { throw ValidationError("--jobs must be between 1 and 8.") }
        }

        func run() async throws {
            try await reportingErrors {
                let cat = try catalog.open(creating: true)
                let log = try shotlog.map { try ShotLog(contentsOf: $0) }
                let options = ImportOptions(shotLog: log, copyTo: copyTo, concurrency: jobs, makePictures: !noPictures, recordedBy: recorder.name)
                let display = ProgressDisplay(terminal: stderrIsTerminal, verbose: verbose)
                let report = try await cat.importMedia(paths, options: options) { display.update($0) }
                display.finish()
                // Results on stdout; what went wrong (and notes on the way) on stderr, one line each.
                for note in report.notes { printError("note: \(note)") }
                for issue in report.shotLogIssues { printError(issue.description) }
                for r in report.failed { printError("\(r.path): \(r.detail)") }
                if !report.skipped.isEmpty {
                    print("")
                    for r in report.skipped { print("skipped  \(r.path): \(r.detail)") }
                }
                let attention = try cat.attention(after: report)
                if !attention.isEmpty {
                    print("")
                    print("Needs attention:")
                    for clip in attention {
                        print("  \(clip.shortID)  \(clip.fileName)")
                        for a in clip.attention { print("    \(a.line)") }
                    }
                }
                print(report.summaryLine)
                if !report.failed.isEmpty || !report.shotLogIssues.isEmpty { throw ExitCode(1) }
            }
        }
    }
}

/// Shows an import's progress: a bar with count, rate and ETA on a terminal (stderr), plain lines otherwise.
private final class ProgressDisplay: @unchecked Sendable {
    private let lock = NSLock()
    private let terminal: Bool
    private let verbose: Bool
    private var barShown = false

    init(terminal: Bool, verbose: Bool) {
        self.terminal = terminal
        self.verbose = verbose
    }

    func update(_ p: ImportProgress) {
        lock.withLock {
            // A clip already catalogued is shown too when this import flagged it (black and silence, looked at now).
            if let r = p.result, verbose || r.kind == .imported || r.kind == .moved || !r.flags.isEmpty {
                if terminal, barShown { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
                // Straight to the file descriptor, so a pipe (tee, a log) shows each file as it is done.
                FileHandle.standardOutput.write(Data((r.line + "\n").utf8))
            }
            guard terminal else { return }
            let width = 24
            let fraction = p.total > 0 ? Double(p.completed) / Double(p.total) : 0
            let filled = Int((fraction * Double(width)).rounded(.down))
            var line = "[" + String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled) + "]"
            line += " \(p.completed)/\(p.total)"
            if p.elapsed > 0.2, p.completed > 0 { line += String(format: "  %.1f files/s", Double(p.completed) / p.elapsed) }
            if let eta = p.estimatedRemaining { line += "  ETA " + ProgressDisplay.clock(eta) }
            if let name = p.result.map({ ($0.path as NSString).lastPathComponent }) { line += "  " + String(name.prefix(40)) }
            FileHandle.standardError.write(Data(("\r\u{1B}[K" + line).utf8))
            barShown = true
        }
    }

    func finish() {
        lock.withLock {
            if terminal, barShown { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
            barShown = false
        }
    }

    static func clock(_ seconds: TimeInterval) -> String {
        let s = Int(seconds.rounded())
        return s >= 3600 ? String(format: "%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60) : String(format: "%d:%02d", s / 60, s % 60)
    }
}

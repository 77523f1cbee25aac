import ArgumentParser
import Catalog
import Foundation
import Media
import Playlists

extension SpeechEngine: ExpressibleByArgument {}

extension Reel {
    /// `reel captions`: draft captions from a clip's audio, review, correct and approve them.
    struct CaptionsCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "captions",
            abstract: "Draft captions from clips' audio, then check, correct and approve them.",
            discussion: """
                A recogniser drafts captions (42 characters a line, at most 2 lines a cue, times from the recogniser); \
                they stay `draft` until a person approves them. Drafts are searchable (`reel clips --text`) and feed \
                theme suggestions at once, but only approved captions are published, and `--require-captions` \
                refuses a clip whose captions are still a draft.

                Engines: pocketsphinx (default; FFmpeg's asr filter with Debian's pocketsphinx-en-us model, in-process) \
                and whisper (libwhisper.so with a ggml model file given by --model). Drafts are rough: read every cue.

                Examples:
                  reel captions draft --all
                  reel captions show c-3fa2c1
                  reel captions edit c-3fa2c1 --cue 2 --text "As a nurse, I ask each patient" --from 0.4 --to 2.9
                  reel captions approve c-3fa2c1 --by "Ada Lovelace"
                """,
            subcommands: [Draft.self, ShowDraft.self, Approve.self, Edit.self, Transcribe.self]
        )
    }
}

extension Reel.CaptionsCommand {
    struct EngineOptions: ParsableArguments {
        @Option(help: ArgumentHelp("The recogniser: \(SpeechEngine.allCases.map(\.rawValue).joined(separator: " or ")).", valueName: "engine"))
        var engine: SpeechEngine = .pocketsphinx

        @Option(help: ArgumentHelp(
            "The model: for whisper a ggml .bin file (required); for pocketsphinx a model folder.",
            discussion: "Default for pocketsphinx: /usr/share/pocketsphinx/model/en-us (Debian's pocketsphinx-en-us).",
            valueName: "path"), completion: .file())
        var model: String?

        func validate() throws {
            if engine == .whisper && model == nil { throw ValidationError("--engine whisper needs --model PATH.bin (a ggml whisper model file).") }
        }
    }

    struct Draft: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Draft captions from the audio of clips that have none.",
            discussion: """
                Clips that already have captions (an imported .srt/.vtt, a sidecar beside the file, or approved draft \
                captions) are skipped unless --force. A clip's earlier unapproved draft is replaced. Progress goes to \
                stderr, one result line per clip to stdout, followed by themes suggested by the captions' words \
                (the taxonomy's theme keywords; tag them with `reel tag` or `reel suggest-themes CLIP --apply`).

                Examples:
                  reel captions draft c-3fa2c1
                  reel captions draft --all
                  reel captions draft --all --engine whisper --model ~/models/ggml-base.en.bin --force
                """
        )

        @Argument(help: "Clips: id (c-…), file name or path.")
        var clips: [String] = []

        @Flag(help: "Every clip in the catalogue.")
        var all = false

        @Flag(help: "Draft even clips that have sidecar or approved captions (an approved draft goes back to draft).")
        var force = false

        @OptionGroup var engine: EngineOptions
        @OptionGroup var catalog: CatalogOptions
        @OptionGroup var recorder: RecorderOption

        func validate() throws {
            if all == !clips.isEmpty { throw ValidationError("Give clips to draft, or --all (not both).") }
        }

        func run() async throws {
            var failed = 0
            try await reportingErrors {
                let cat = try catalog.open()
                let targets = all ? try cat.clips().map { ($0.id, $0.clip.fileName) } : try clips.map { text in
                    let s = try cat.clipDetail(text).summary
                    return (s.id, s.clip.fileName)
                }
                var drafted = 0, skipped = 0
                for (n, (clip, name)) in targets.enumerated() {
                    printError("[\(n + 1)/\(targets.count)] \(clip) \(name)…")
                    do {
                        let outcome = try await cat.draftCaptionsFromAudio(forClip: clip, engine: engine.engine, model: engine.model,
                                                                           by: recorder.by ?? Catalog.currentUser, force: force)
                        drafted += 1
                        let d = outcome.drafts, t = outcome.transcript
                        print("drafted  \(d.clip)  \(d.fileName)  \(d.cues.count) cue\(d.cues.count == 1 ? "" : "s"), "
                            + String(format: "%.1f s of audio in %.1f s", Double(t.audioDurationMs) / 1000, t.processingSeconds)
                            + " (\(t.engine.rawValue)); status draft: check with `reel captions show \(d.clip)`")
                        if outcome.suggestions.isEmpty {
                            print("  no theme keywords in the captions")
                        } else {
                            let list = outcome.suggestions.map { "\($0.theme.id) (\($0.keywords.joined(separator: ", ")))\($0.alreadyTagged ? " already tagged" : "")" }
                            print("  suggested themes: \(list.joined(separator: "; "))")
                        }
                    } catch let error as CaptionDraftError {
                        if case .alreadyCaptioned(let id, let source) = error {
                            skipped += 1
                            print("skipped  \(id)  already has \(source) (--force drafts anyway)")
                        } else {
                            failed += 1
                            printError(error.description)
                        }
                    } catch let error as CatalogError {
                        throw error
                    } catch {
                        failed += 1
                        printError(describe(error))
                    }
                }
                print("\(drafted) drafted, \(skipped) skipped, \(failed) failed")
            }
            if failed > 0 { throw ExitCode.failure }
        }
    }

    struct ShowDraft: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "Show a clip's draft captions with their status, or where its captions come from.",
            discussion: """
                Cues are numbered for `reel captions edit --cue N`; a line break inside a cue is shown as ' / '.

                Examples:
                  reel captions show c-3fa2c1
                  reel captions show nurse-1080p.mp4
                """
        )

        @Argument(help: "The clip: id (c-…), file name or path.")
        var clip: String

        @OptionGroup var catalog: CatalogOptions

        func run() async throws {
            try await reportingErrors {
                let cat = try catalog.open()
                let detail = try cat.clipDetail(clip)
                let id = detail.summary.id
                let source = try cat.captionSource(forClip: id)
                if case .sidecar(let name) = source {
                    print("\(id) \(detail.summary.clip.fileName): captions from \(name) (published as they are)")
                }
                guard let draft = try cat.draftCaptions(forClip: id) else {
                    if case .sidecar = source {
                        for c in detail.captions { print("  \(c.start.clockString) --> \(c.end.clockString)  \(c.text.replacingOccurrences(of: "\n", with: " / "))") }
                    } else {
                        print("\(id) \(detail.summary.clip.fileName): no captions; `reel captions draft \(id)` drafts them from the audio")
                    }
                    return
                }
                let d = draft.draft
                var status = "status \(d.status.rawValue)"
                if d.status == .approved, let by = d.approvedBy, let at = d.approvedAt { status += " (by \(by), \(CalendarDay(at)))" }
                print("\(id) \(draft.fileName): draft captions, \(status); \(d.engine), model \(d.model); drafted by \(d.draftedBy) \(CalendarDay(d.draftedAt))"
                    + (d.editedBy.map { ", last edited by \($0)" } ?? ""))
                if case .sidecar = source { print("  (not published: the sidecar captions are)") }
                for c in draft.cues {
                    let from = MediaTime(milliseconds: c.startMs).clockString, to = MediaTime(milliseconds: c.endMs).clockString
                    print(String(format: "%3d  ", c.position) + "\(from) --> \(to)  \(c.text.replacingOccurrences(of: "\n", with: " / "))")
                }
                if d.status == .draft { print("approve when every cue is right: reel captions approve \(id)") }
            }
        }
    }

    struct Approve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Approve a clip's draft captions, so they are published like a sidecar.",
            discussion: """
                Approval is recorded with who and when. Editing a cue afterwards returns the captions to draft.

                Examples:
                  reel captions approve c-3fa2c1
                  reel captions approve c-3fa2c1 --by "Ada Lovelace"
                """
        )

        @Argument(help: "The clip: id (c-…), file name or path.")
        var clip: String

        @Option(name: .customLong("by"), help: ArgumentHelp("Who checked and approves the captions (default: $USER).", valueName: "name"))
        var by: String?

        @OptionGroup var catalog: CatalogOptions

        func run() async throws {
            try await reportingErrors {
                let d = try catalog.open().approveDraftCaptions(forClip: clip, by: by ?? Catalog.currentUser)
                print("\(d.clip) \(d.fileName): \(d.cues.count) caption cue\(d.cues.count == 1 ? "" : "s") approved by \(d.draft.approvedBy ?? "?")")
            }
        }
    }

    struct Edit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Correct one cue of a clip's draft captions: its text and/or times.",
            discussion: """
                Lines: at most 2, of at most 42 characters (write a line break as \\n or a real newline). Times must \
                lie inside the clip, after the previous cue and before the next. Approved captions go back to draft.

                Examples:
                  reel captions edit c-3fa2c1 --cue 1 --text "As a nurse, I ask each patient\\nwhat matters most to them."
                  reel captions edit c-3fa2c1 --cue 3 --from 00:00:04.433 --to 00:00:06.874
                """
        )

        @Argument(help: "The clip: id (c-…), file name or path.")
        var clip: String

        @Option(help: ArgumentHelp("The cue's number, as `reel captions show` lists them.", valueName: "n"))
        var cue: Int

        @Option(help: ArgumentHelp("The corrected text.", valueName: "text"))
        var text: String?

        @Option(help: ArgumentHelp("The new start time (SS.sss, HH:MM:SS.mmm…).", valueName: "time"))
        var from: String?

        @Option(help: ArgumentHelp("The new end time.", valueName: "time"))
        var to: String?

        @OptionGroup var catalog: CatalogOptions
        @OptionGroup var recorder: RecorderOption

        func validate() throws {
            if text == nil && from == nil && to == nil { throw ValidationError("Give --text, --from or --to to change the cue.") }
        }

        func run() async throws {
            try await reportingErrors {
                func ms(_ t: String?) throws -> Int64? {
                    guard let t else { return nil }
                    do { return try MediaTime(parsing: t).milliseconds } catch let e { throw CatalogError.invalidTime(e.text, reason: e.reason) }
                }
                let d = try catalog.open().editDraftCue(
                    forClip: clip, cue: cue, text: text?.replacingOccurrences(of: "\\n", with: "\n"), startMs: try ms(from), endMs: try ms(to),
                    by: recorder.by ?? Catalog.currentUser)
                let c = d.cues[cue - 1]
                print("\(d.clip) cue \(c.position): \(MediaTime(milliseconds: c.startMs).clockString) --> \(MediaTime(milliseconds: c.endMs).clockString)  "
                    + c.text.replacingOccurrences(of: "\n", with: " / "))
                print("status \(d.status.rawValue): approve when every cue is right: reel captions approve \(d.clip)")
            }
        }
    }

    struct Transcribe: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Recognise the speech in media files (no catalogue) and print cues; with a reference, the word error rate.",
            discussion: """
                Prints SRT on stdout. With --reference (an .srt/.vtt or a plain text file) or --reference-text, prints \
                instead one line per file: word error rate (substitutions + deletions + insertions over reference words, \
                case and punctuation ignored) and the real-time factor (processing time / audio time).

                Examples:
                  reel captions transcribe interview.wav > interview.srt
                  reel captions transcribe Media/nurse-1080p.mp4 --reference Media/nurse-1080p.srt
                """
        )

        @Argument(help: "Media files.", completion: .file())
        var files: [String]

        @Option(help: ArgumentHelp("What was really said: an .srt/.vtt or a text file.", valueName: "path"), completion: .file())
        var reference: String?

        @Option(name: .customLong("reference-text"), help: ArgumentHelp("What was really said, as text.", valueName: "text"))
        var referenceText: String?

        @OptionGroup var engine: EngineOptions

        func validate() throws {
            if reference != nil && referenceText != nil { throw ValidationError("Give --reference or --reference-text, not both.") }
            if (reference != nil || referenceText != nil) && files.count != 1 { throw ValidationError("A reference belongs to one file: give exactly one.") }
        }

        func run() async throws {
            var failed = false
            for file in files {
                do {
                    let t = try await MediaFile(file).transcribe(engine: engine.engine, model: engine.model)
                    let refText: String?
                    if let reference {
                        let ext = (reference as NSString).pathExtension.lowercased()
                        if ext == "srt" || ext == "vtt" {
                            refText = try CaptionFile(contentsOf: reference).cues.map(\.text).joined(separator: " ")
                        } else {
                            guard let data = FileManager.default.contents(atPath: reference) else {
                                throw RecognitionError(path: reference, reason: "cannot read the reference file")
                            }
                            refText = String(decoding: data, as: UTF8.self)
                        }
                    } else {
                        refText = referenceText
                    }
                    if let refText {
                        let w = WordErrorRate(reference: refText, hypothesis: t.text)
                        print(String(format: "%@: wer %.3f (%d sub, %d del, %d ins of %d words); audio %.2f s in %.2f s, rtf %.3f",
                                     file, w.rate, w.substitutions, w.deletions, w.insertions, w.referenceWords,
                                     Double(t.audioDurationMs) / 1000, t.processingSeconds, t.realTimeFactor))
                        print("  heard: \(t.text)")
                    } else {
                        for (i, c) in t.cues().enumerated() {
                            print("\(i + 1)\n\(Self.srt(c.startMs)) --> \(Self.srt(c.endMs))\n\(c.text)\n")
                        }
                    }
                } catch {
                    failed = true
                    printError(describe(error))
                }
            }
            if failed { throw ExitCode.failure }
        }

        static func srt(_ ms: Int64) -> String {
            String(format: "%02lld:%02lld:%02lld,%03lld", ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60, ms % 1000)
        }
    }
}

import ArgumentParser
import Catalog
import Dispatch
import Foundation
import Media
import Playlists

extension PlaylistExportFormat: ExpressibleByArgument {}

extension Reel {
    /// `reel playlist …`: assemble playlists for an audience, explain them, edit them, export them.
    struct PlaylistCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "playlist",
            abstract: "Assemble, explain, edit and export playlists for clinical and non-clinical audiences.",
            discussion: """
                Audiences (non-clinical, clinical, mixed…) come from audiences.yaml: their themes and weights, the \
                roles whose voices they favour, how playlists open and close, and their default length.

                Examples:
                  reel playlist build porters-induction --audience non-clinical --target 12m --explain
                  reel playlist show porters-induction
                  reel playlist export porters-induction --format html -o out/
                """,
            subcommands: [Build.self, List.self, Show.self, Title.self, Add.self, Remove.self, Move.self, Delete.self, Export.self, Render.self, Audiences.self]
        )
    }
}

/// Where the audiences come from: the built-in standard audiences, with the first file found of `--audiences`,
/// `$REEL_AUDIENCES`, `audiences.yaml` beside the catalogue, `Catalog/audiences.yaml` laid over them, and the
/// audiences added with `reel audience add|edit` laid over those.
struct AudienceOptions: ParsableArguments {
    @Option(
        name: .customLong("audiences"),
        help: ArgumentHelp(
            "The audiences file.",
            discussion: "Default: $REEL_AUDIENCES, else audiences.yaml beside the catalogue, else Catalog/audiences.yaml. Its audiences add to (or replace, by id) the built-in ones; `reel audience add` adds more to the catalogue.",
            valueName: "path"),
        completion: .file(extensions: ["yaml", "yml"]))
    var audiencesPath: String?

    /// The audiences file in force, or nil for none (the built-in set and the catalogue's own audiences).
    func resolvedPath(catalog: CatalogOptions) -> String? {
        TeamFile.audiences.path(explicit: audiencesPath, catalogPath: catalog.resolvedCatalogPath)
    }

    /// The audiences in force: the built-in ones, the file's laid over them, the catalogue's laid over those.
    /// Throws `TaxonomyError` naming each bad line.
    func load(catalog: CatalogOptions, opened: Catalog) throws -> AudienceProfileSet {
        try opened.audienceProfiles(file: resolvedPath(catalog: catalog))
    }
}

/// Reads a running time option (`12m`, `90s`, `12:30`) as milliseconds, or throws a `ValidationError` naming it.
func parseDuration(_ text: String, option: String) throws -> Int64 {
    do {
        let ms = try MediaTime(parsing: text).milliseconds
        guard ms > 0 else { throw ValidationError("\(option) must be longer than zero.") }
        return ms
    } catch let error as TimeParseError {
        throw ValidationError("\(option): \(error.description); write e.g. 12m, 90s, 1h5m or 12:30.")
    }
}

extension Reel.PlaylistCommand {
    struct Build: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Choose segments for an audience and store them as a playlist.",
            discussion: """
                Only clips whose speaker's consent is current are used. Every requested theme (default: the \
                audience's) is covered at least once; no speaker plays twice in a row; roles are mixed; a \
                non-clinical audience hears non-clinical staff for at least half the time when the catalogue has \
                them; the length lands within ±10 % of the target when the material allows. The clips are ordered \
                into an arc: an opening on the audience's opening theme, one section per theme, a closing \
                reflection. The same catalogue and --seed always give the same playlist. What cannot be met is \
                printed as "missing: …" lines and the best possible playlist is still stored.

                A clip's themes apply to the whole clip and to each of its segments, which add their own; a \
                segment sets one aside with `reel segment add --not-themes`. --include with a clip id takes the \
                whole clip; with a segment id (s-…), only that segment.

                Examples:
                  reel playlist build porters-induction --audience non-clinical --explain
                  reel playlist build porters-induction --audience non-clinical --title "Porters' induction: every role matters" --replace
                  reel playlist build ward-7 --audience clinical --themes communication,care-after-death --target 8m
                  reel playlist build induction --audience mixed --include s-3fa2c1-2 --exclude c-9b01de --seed 7 --replace
                  reel playlist build nurses-memory --audience clinical --theme memory-making --prefer-role nurse
                  reel playlist build hand-casts --audience clinical --include c-9b01de   # the whole clip, not a segment
                """
        )

        @OptionGroup var catalog: CatalogOptions
        @OptionGroup var audiences: AudienceOptions

        @Argument(help: "The playlist's name (also the default name of its exports).")
        var name: String

        @Option(help: ArgumentHelp("Who the playlist is for: an audience id or label from audiences.yaml.", valueName: "audience"))
        var audience: String

        @Option(name: [.customLong("themes"), .customLong("theme")],
                help: ArgumentHelp("Themes to cover, comma-separated or repeated (default: the audience's).", valueName: "a,b"))
        var themes: [String] = []

        @Option(name: .customLong("prefer-role"),
                help: ArgumentHelp("Roles whose voices to favour, most wanted first, comma-separated or repeated (default: the audience's).", valueName: "role"))
        var preferRoles: [String] = []

        @Option(help: ArgumentHelp("The running time to aim for (default: the audience's), e.g. 12m or 90s.", valueName: "time"))
        var target: String?

        @Option(name: .customLong("max-clip"), help: ArgumentHelp("The longest segment or clip to use (default: the audience's).", valueName: "time"))
        var maxClip: String?

        @Option(help: ArgumentHelp(
            "A segment (s-…) or clip that must be in the playlist (repeatable).",
            discussion: "e.g. --include s-3fa2c1-2 (that segment only) --include c-9b01de (the whole clip); a clip's file name works too.",
            valueName: "id"))
        var include: [String] = []

        @Option(help: ArgumentHelp(
            "A segment (s-…) or clip that must not be (repeatable).",
            discussion: "e.g. --exclude c-9b01de (the clip and all its segments) --exclude s-3fa2c1-1.", valueName: "id"))
        var exclude: [String] = []

        @Option(help: "Seeds the tie-breaking preference; the same seed gives the same playlist.")
        var seed: UInt64 = 1

        @Flag(help: "Print why each clip was chosen and what was left out.")
        var explain = false

        @Flag(help: "Replace a playlist of the same name.")
        var replace = false

        @Option(help: ArgumentHelp("The title exported pages show (default: made from the name, porters-induction → Porters induction; a rebuild keeps the old one).", valueName: "text"))
        var title: String?

        @Flag(help: ArgumentHelp("Print how long loading, choosing and storing took (for benchmarks).", visibility: .hidden))
        var timing = false

        func validate() throws {
            if let target { _ = try parseDuration(target, option: "--target") }
            if let maxClip { _ = try parseDuration(maxClip, option: "--max-clip") }
        }

        func run() async throws {
            try await reportingErrors {
                let started = DispatchTime.now().uptimeNanoseconds
                let cat = try catalog.open()
                let profile = try audiences.load(catalog: catalog, opened: cat).resolve(audience)
                let requested = splitItems(themes)
                let request = PlaylistRequest(
                    audience: profile, themes: requested.isEmpty ? nil : requested,
                    targetMs: try target.map { try parseDuration($0, option: "--target") },
                    maxClipMs: try maxClip.map { try parseDuration($0, option: "--max-clip") },
                    include: splitItems(include), exclude: splitItems(exclude),
                    preferredRoleIDs: preferRoles.isEmpty ? nil : splitItems(preferRoles), seed: seed)
                let result = try cat.buildPlaylist(named: name, request: request, replace: replace, title: title)
                let plan = result.plan
                if explain {
                    print(plan.explanation.text)
                } else {
                    print("Built '\(result.playlist.name)' for \(profile.label): \(plan.items.count) clips, \(MediaTime(milliseconds: plan.totalMs).playlistClock) (target \(MediaTime(milliseconds: request.effectiveTargetMs).playlistClock))")
                    print(renderTable(["#", "ID", "LENGTH", "SECTION", "SPEAKER", "TITLE"], plan.items.enumerated().map { n, item in
                        [String(n + 1), item.candidate.id, MediaTime(milliseconds: item.candidate.durationMs).playlistClock,
                         item.section == .theme ? (item.sectionThemeID ?? "") : item.section.rawValue, item.candidate.voice, item.candidate.title]
                    }))
                    for note in plan.explanation.notes { printError("note: \(note)") }
                    for missing in plan.explanation.shortfalls { printError("missing: \(missing)") }
                    for t in plan.explanation.tagSuggestions ?? [] {
                        printError("to close the shortfall: \(t.command)  (\(t.voice), \(MediaTime(milliseconds: t.durationMs).playlistClock); \(t.reason))")
                    }
                }
                if timing {
                    let total = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e6
                    printError(String(format: "timing: %d candidates; load %.1f ms, builder %.1f ms, store %.1f ms; whole command in-process %.1f ms",
                                      result.candidateCount, result.loadSeconds * 1000, plan.elapsed * 1000, result.saveSeconds * 1000, total))
                }
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the playlists in the catalogue.",
            discussion: """
                USABLE counts the clips whose speaker's consent is current now; the others would be left out at export. \
                --json prints one object per playlist (name, title, audience, themes, clips, usable, durationMs, targetMs, \
                edited, createdAt, updatedAt), an empty array when there are none.

                Examples:
                  reel playlist list
                  reel playlist list --json
                """
        )

        @OptionGroup var catalog: CatalogOptions

        @Flag(help: "Print JSON instead of a table.")
        var json = false

        /// One playlist in `--json` output.
        struct Listed: Encodable {
            var name: String
            var title: String
            var audience: String
            var themes: [String]
            var clips: Int
            var usable: Int
            var durationMs: Int64
            var targetMs: Int64
            var edited: Bool
            var createdAt: Date
            var updatedAt: Date
        }

        func run() async throws {
            try await reportingErrors {
                let all = try catalog.open().playlists()
                if json {
                    try printJSON(all.map { p in
                        Listed(name: p.playlist.name, title: p.playlist.displayTitle, audience: p.playlist.audienceID, themes: p.playlist.themes, clips: p.entries.count,
                               usable: p.entries.filter(\.isUsable).count, durationMs: p.totalMs, targetMs: p.playlist.targetMs,
                               edited: p.playlist.edited, createdAt: p.playlist.createdAt, updatedAt: p.playlist.updatedAt)
                    })
                    return
                }
                if all.isEmpty {
                    print("No playlists yet: `reel playlist build NAME --audience AUDIENCE` makes one.")
                    return
                }
                print(renderTable(["NAME", "AUDIENCE", "CLIPS", "USABLE", "LENGTH", "EDITED", "UPDATED"], all.map { p in
                    [p.playlist.name, p.playlist.audienceID, String(p.entries.count), String(p.entries.filter(\.isUsable).count),
                     MediaTime(milliseconds: p.totalMs).playlistClock, p.playlist.edited ? "yes" : "no", CalendarDay(p.playlist.updatedAt).description]
                }))
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show a playlist's clips in order, with consent as of now.",
            discussion: """
                A clip whose speaker's consent was withdrawn or has expired since the build is marked; exports \
                leave it out. --explain prints the build's explanation as it was stored.

                Examples:
                  reel playlist show porters-induction
                  reel playlist show porters-induction --explain
                """
        )

        @OptionGroup var catalog: CatalogOptions

        @Argument(help: "The playlist's name.")
        var name: String

        @Flag(help: "Print the build's explanation (why each clip was chosen, what was left out).")
        var explain = false

        func run() async throws {
            try await reportingErrors {
                let contents = try catalog.open().playlistContents(named: name)
                let p = contents.playlist
                print("\(p.name): \(p.audienceID), \(contents.entries.count) clips, \(MediaTime(milliseconds: contents.totalMs).playlistClock) (target \(MediaTime(milliseconds: p.targetMs).playlistClock), seed \(p.buildSeed))\(p.edited ? ", edited by hand since the build" : "")")
                print(renderTable(["#", "ID", "LENGTH", "SECTION", "SPEAKER", "THEMES", "TITLE", "CONSENT"], contents.entries.enumerated().map { n, e in
                    [String(n + 1), e.id, MediaTime(milliseconds: e.item.durationMs).playlistClock,
                     e.item.section == .theme ? (e.item.themeID ?? "") : e.item.section.rawValue, e.voice, e.themes.joined(separator: ", "),
                     e.item.title, e.isUsable ? "ok" : e.consent.summary + " — left out at export"]
                }))
                if explain {
                    print("")
                    if let explanation = p.explanation {
                        print(explanation.text)
                        if p.edited { print("Note: the playlist was edited by hand after this build.") }
                    } else {
                        print("No explanation stored.")
                    }
                }
            }
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a segment or a whole clip to a playlist.",
            discussion: """
                A clip whose speaker's consent is not current is refused.

                Examples:
                  reel playlist add porters-induction s-3fa2c1-2
                  reel playlist add porters-induction c-9b01de --at 2
                """
        )

        @OptionGroup var catalog: CatalogOptions

        @Argument(help: "The playlist's name.")
        var name: String

        @Argument(help: "The segment (s-…) or clip (id, file name or path) to add.")
        var item: String

        @Option(help: "The position to insert at, from 1 (default: the end).")
        var at: Int?

        func run() async throws {
            try await reportingErrors {
                let entry = try catalog.open().addToPlaylist(named: name, item, at: at)
                print("added \(entry.id) (\(entry.voice)) at \(entry.item.position): \(entry.item.title), \(MediaTime(milliseconds: entry.item.durationMs).playlistClock)")
            }
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Remove an item from a playlist.",
            discussion: """
                Examples:
                  reel playlist remove porters-induction 3
                  reel playlist remove porters-induction s-3fa2c1-2
                """
        )

        @OptionGroup var catalog: CatalogOptions

        @Argument(help: "The playlist's name.")
        var name: String

        @Argument(help: "The item: its position (from 1), or its segment or clip id.")
        var item: String

        func run() async throws {
            try await reportingErrors {
                let entry = try catalog.open().removeFromPlaylist(named: name, item)
                print("removed \(entry.id) (\(entry.voice)) from position \(entry.item.position)")
            }
        }
    }

    struct Move: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Move an item to another position.",
            discussion: """
                Examples:
                  reel playlist move porters-induction 5 2
                  reel playlist move porters-induction s-3fa2c1-2 1
                """
        )

        @OptionGroup var catalog: CatalogOptions

        @Argument(help: "The playlist's name.")
        var name: String

        @Argument(help: "The item: its position (from 1), or its segment or clip id.")
        var item: String

        @Argument(help: "The new position, from 1.")
        var to: Int

        func run() async throws {
            try await reportingErrors {
                try catalog.open().movePlaylistItem(named: name, item, to: to)
                print("moved \(item) to position \(to)")
            }
        }
    }

    struct Title: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show or set the title a playlist's exported page shows.",
            discussion: """
                Without TEXT, prints the title in force (made from the name when none was set). An empty TEXT \
                clears it. The HTML export's page title and heading are this title.

                Examples:
                  reel playlist title porters-induction "Porters' induction: every role matters"
                  reel playlist title porters-induction
                  reel playlist title porters-induction ""
                """
        )

        @OptionGroup var catalog: CatalogOptions

        @Argument(help: "The playlist's name.")
        var name: String

        @Argument(help: "The new title (empty: clear it).")
        var text: String?

        func run() async throws {
            try await reportingErrors {
                let cat = try catalog.open()
                guard let text else {
                    print(try cat.playlist(named: name).displayTitle)
                    return
                }
                let playlist = try cat.setPlaylistTitle(named: name, to: text)
                print("'\(playlist.name)' is titled \(playlist.displayTitle)" + (playlist.title == nil ? " (made from its name)" : ""))
            }
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Delete a playlist (its clips stay in the catalogue).",
            discussion: """
                Examples:
                  reel playlist delete porters-induction
                """
        )

        @OptionGroup var catalog: CatalogOptions

        @Argument(help: "The playlist's name.")
        var name: String

        func run() async throws {
            try await reportingErrors {
                let cat = try catalog.open()
                let playlist = try cat.playlist(named: name)
                try cat.deletePlaylist(named: name)
                print("deleted playlist '\(playlist.name)'")
            }
        }
    }

    struct Audiences: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show and check the audiences (audiences.yaml).",
            discussion: """
                An invalid file is reported line by line (audiences.yaml:12: unknown theme 'comunication'…).

                Examples:
                  reel playlist audiences
                  reel playlist audiences --audiences my-audiences.yaml
                """
        )

        @OptionGroup var catalog: CatalogOptions
        @OptionGroup var audiences: AudienceOptions

        func run() async throws {
            try await reportingErrors {
                try printAudiences(catalog: catalog, audiences: audiences)
            }
        }
    }
}

import ArgumentParser
import Catalog
import Foundation
import Media
import Playlists

extension Audience: ExpressibleByArgument {}
extension ConsentState: ExpressibleByArgument {}
extension QualityFlag: ExpressibleByArgument {}

extension Reel {
    struct Clips: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Find clips by role, audience, theme, speaker, duration, consent, flag or words.",
            discussion: """
                Every filter given must hold. --text searches titles, notes, speaker names, captions and segment \
                titles (SQLite FTS5; words match as prefixes; use double quotes for a phrase, or OR/NOT). Results \
                come best match first with --text, else by file name. A clip tagged with a theme on one of its \
                segments matches that theme. Consent is judged now: a clip whose speaker's consent is withdrawn, \
                expired or missing is marked and may not be used. With --json, one object per clip (id, path, \
                duration, speaker, role, audience, themes, consent, flags, segments…).

                Examples:
                  reel clips --audience non-clinical --theme every-role-matters
                  reel clips --text "hand cast" --json
                  reel clips --consent withdrawn
                  reel clips --flag silent-channel --flag quiet-audio
                """
        )

        @OptionGroup var catalog: CatalogOptions

        @Option(help: ArgumentHelp("Only clips whose speaker has this role (repeat for any of several).", valueName: "role"))
        var role: [String] = []

        @Option(help: "Only clips whose speaker's role is on this side.")
        var audience: Audience?

        @Option(help: ArgumentHelp("Only clips with this theme, on the clip or a segment (repeat: all of them).", valueName: "theme"))
        var theme: [String] = []

        @Option(help: ArgumentHelp("Only clips by this speaker (repeat for any of several).", valueName: "name"))
        var speaker: [String] = []

        @Option(name: .customLong("min-duration"), help: ArgumentHelp("Only clips at least this long (e.g. 30s, 1:30).", valueName: "time"))
        var minDuration: String?

        @Option(name: .customLong("max-duration"), help: ArgumentHelp("Only clips at most this long.", valueName: "time"))
        var maxDuration: String?

        @Option(help: "Only clips whose speaker's consent is in this state.")
        var consent: ConsentState?

        @Option(help: "Only clips with this flag (repeat: all of them).")
        var flag: [QualityFlag] = []

        @Option(name: [.customLong("text"), .customLong("search")],
                help: ArgumentHelp("Words to search for (in titles, notes, speakers, segments, captions and draft captions).", valueName: "words"))
        var text: String?

        @Flag(help: "Only clips that may be used (consent ok); the same as --consent ok.")
        var usable = false

        @Option(help: "Show at most this many clips.")
        var limit: Int?

        @Flag(help: "Print a JSON array with one object per clip.")
        var json = false

        func validate() throws {
            if usable, let consent, consent != .ok { throw ValidationError("--usable means --consent ok; do not combine it with --consent \(consent.rawValue).") }
        }

        func run() async throws {
            try await reportingErrors {
                func time(_ text: String?) throws -> MediaTime? {
                    guard let text else { return nil }
                    do { return try MediaTime(parsing: text) } catch let e { throw CatalogError.invalidTime(e.text, reason: e.reason) }
                }
                let query = ClipQuery(
                    roles: splitItems(role), audience: audience, themes: splitItems(theme), speakers: speaker,
                    minDuration: try time(minDuration), maxDuration: try time(maxDuration), consent: usable ? .ok : consent, flags: flag,
                    text: text, limit: limit)
                let clips = try catalog.open().clips(matching: query)
                if json {
                    try printJSON(clips)
                    return
                }
                if clips.isEmpty {
                    print("no clips match")
                    return
                }
                print(renderTable(["ID", "DURATION", "FILE", "SPEAKER", "ROLE", "CONSENT", "THEMES", "FLAGS"], clips.map { c in
                    let role = c.role.map { "\($0.label) (\($0.audience.rawValue))" } ?? c.speaker?.roleID ?? "–"
                    let consent = c.consent.state == .ok ? "ok" : c.consent.state.rawValue.uppercased()
                    let segments = c.segments.isEmpty ? "" : " +\(c.segments.count) seg"
                    return [c.id, c.duration.map { String($0.clockString.dropFirst(3)) } ?? "?", c.clip.fileName, c.speaker?.name ?? "–", role,
                            consent, c.themes.joined(separator: ",") + segments, c.flags.map(\.flag.rawValue).joined(separator: ",")]
                }))
                let unusable = clips.filter { !$0.isUsable }.count
                print("\n\(clips.count) clip\(clips.count == 1 ? "" : "s")" + (unusable > 0 ? "; \(unusable) not usable (consent withdrawn, expired or missing)" : ""))
            }
        }
    }
}

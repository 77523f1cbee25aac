import ArgumentParser
import Catalog
import Foundation
import Playlists

extension Reel {
    struct ConsentCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "consent",
            abstract: "Record and review speakers' consent; withdrawn, expired or missing consent makes clips unusable.",
            discussion: """
                Consent changes are kept as history (who, when, why) and never overwritten.
                """,
            subcommands: [Grant.self, Withdraw.self, List.self],
            defaultSubcommand: List.self
        )

        struct Grant: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Record a signed consent form (or a renewal).",
                discussion: """
                    Examples:
                      reel consent grant "Tom Hughes" --ref CF-2024-004 --expires 2027-06-30
                    """
            )

            @OptionGroup var catalog: CatalogOptions

            @Argument(help: "The speaker's name.")
            var speaker: String

            @Option(help: ArgumentHelp("The consent form's reference.", valueName: "ref"))
            var ref: String

            @Option(help: ArgumentHelp("The last day the consent is valid (YYYY-MM-DD).", valueName: "date"))
            var expires: String?

            @OptionGroup var recorder: RecorderOption

            func run() async throws {
                try await reportingErrors {
                    let day = try expires.map { text throws -> CalendarDay in
                        guard let day = CalendarDay(text) else { throw CatalogError.invalidDate(text) }
                        return day
                    }
                    let cat = try catalog.open()
                    try cat.grantConsent(speaker: speaker, reference: ref, expiresOn: day, recordedBy: recorder.name)
                    let name = try cat.resolveSpeaker(speaker).name
                    print("\(name): consent \(try cat.consentStatus(speaker: name).summary)")
                }
            }
        }

        struct Withdraw: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Record that a speaker withdrew consent: none of their clips may be used from now on.",
                discussion: """
                    Examples:
                      reel consent withdraw "Tom Hughes" --reason "asked by email, 3 March"
                    """
            )

            @OptionGroup var catalog: CatalogOptions

            @Argument(help: "The speaker's name.")
            var speaker: String

            @Option(help: "Why, for the record.")
            var reason: String?

            @OptionGroup var recorder: RecorderOption

            func run() async throws {
                try await reportingErrors {
                    let cat = try catalog.open()
                    try cat.withdrawConsent(speaker: speaker, reason: reason, recordedBy: recorder.name)
                    let summaries = try cat.clips(matching: ClipQuery(speakers: [speaker]))
                    let name = try cat.resolveSpeaker(speaker).name
                    print("\(name): consent \(try cat.consentStatus(speaker: name).summary)")
                    if !summaries.isEmpty {
                        print("now unusable: " + summaries.map { "\($0.id) \($0.clip.fileName)" }.joined(separator: ", "))
                    }
                }
            }
        }

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "List every speaker's consent state; --history shows every change.",
                discussion: """
                    Examples:
                      reel consent list
                      reel consent list --history
                    """
            )

            @OptionGroup var catalog: CatalogOptions

            @Flag(help: "Show every recorded change, oldest first.")
            var history = false

            @Flag(help: "Print JSON.")
            var json = false

            func run() async throws {
                try await reportingErrors {
                    let cat = try catalog.open()
                    if history {
                        let events = try cat.consentHistory()
                        if json {
                            struct Row: Encodable {
                                var speaker: String
                                var event: ConsentEvent
                            }
                            try printJSON(events.map { Row(speaker: $0.speaker.name, event: $0.event) })
                            return
                        }
                        let f = ISO8601DateFormatter()
                        print(renderTable(["WHEN", "SPEAKER", "CHANGE", "REFERENCE", "EXPIRES", "BY", "SOURCE", "REASON"], events.map { s, e in
                            [f.string(from: e.recordedAt), s.name, e.kind.rawValue, e.reference ?? "", e.expiresOn?.description ?? "",
                             e.recordedBy, e.source, e.reason ?? ""]
                        }))
                        return
                    }
                    let speakers = try cat.speakers()
                    if json {
                        struct Row: Encodable {
                            var speaker: String
                            var consent: ConsentStatus
                            var clips: Int
                        }
                        try printJSON(speakers.map { Row(speaker: $0.speaker.name, consent: $0.consent, clips: $0.clipCount) })
                        return
                    }
                    print(renderTable(["SPEAKER", "STATE", "CLIPS", "DETAIL"], speakers.map {
                        [$0.speaker.name, $0.consent.state.rawValue.uppercased(), String($0.clipCount), $0.consent.summary]
                    }))
                    let unusable = speakers.filter { !$0.consent.state.isUsable }
                    if !unusable.isEmpty {
                        print("\n\(unusable.count) speaker\(unusable.count == 1 ? "" : "s") without usable consent: their clips are left out of playlists and publishing.")
                    }
                }
            }
        }
    }
}

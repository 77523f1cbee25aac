import ArgumentParser
import Catalog
import Foundation
import Playlists

extension Reel {
    struct SpeakerCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "speaker",
            abstract: "Add and list the staff who speak in the clips.",
            subcommands: [Add.self, List.self],
            defaultSubcommand: List.self
        )

        struct Add: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Add a speaker with their role (and consent, when the form is signed).",
                discussion: """
                    The role is an id, alias or label from the taxonomy; an unknown one is refused with the closest \
                    known ids. Without --consent-ref the speaker has no consent recorded, and their clips cannot \
                    be used until `reel consent grant` records it.

                    Examples:
                      reel speaker add "Grace Adebayo" --role nurse --consent-ref CF-2024-001 --consent-expires 2027-06-30
                      reel speaker add "Tom Hughes" --role porter
                    """
            )

            @OptionGroup var catalog: CatalogOptions

            @Argument(help: "The speaker's name.")
            var name: String

            @Option(help: "The speaker's role (id, alias or label from the taxonomy).")
            var role: String

            @Option(name: .customLong("consent-ref"), help: ArgumentHelp("The signed consent form's reference.", valueName: "ref"))
            var consentRef: String?

            @Option(name: .customLong("consent-expires"), help: ArgumentHelp("The last day the consent is valid (YYYY-MM-DD).", valueName: "date"))
            var consentExpires: String?

            @Option(help: "Notes about the speaker.")
            var notes: String?

            @OptionGroup var recorder: RecorderOption

            func validate() throws {
                if consentExpires != nil && consentRef == nil {
                    throw ValidationError("--consent-expires needs --consent-ref (the form the expiry belongs to).")
                }
            }

            func run() async throws {
                try await reportingErrors {
                    let expires = try consentExpires.map { text throws -> CalendarDay in
                        guard let day = CalendarDay(text) else { throw CatalogError.invalidDate(text) }
                        return day
                    }
                    let cat = try catalog.open()
                    let speaker = try cat.addSpeaker(name: name, role: role, notes: notes, consentReference: consentRef,
                                                     consentExpires: expires, recordedBy: recorder.name)
                    let state = try cat.consentStatus(speaker: speaker.name)
                    print("added \(speaker.name) (\(cat.taxonomy.role(id: speaker.roleID)?.label ?? speaker.roleID)); consent: \(state.summary)")
                }
            }
        }

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "List speakers with their role, consent and number of clips.",
                discussion: """
                    Examples:
                      reel speaker list
                      reel speaker list --json
                    """
            )

            @OptionGroup var catalog: CatalogOptions

            @Flag(help: "Print JSON.")
            var json = false

            func run() async throws {
                try await reportingErrors {
                    let speakers = try catalog.open().speakers()
                    if json {
                        try printJSON(speakers)
                        return
                    }
                    if speakers.isEmpty {
                        print("no speakers yet (`reel speaker add` or `reel import --shotlog`)")
                        return
                    }
                    print(renderTable(["NAME", "ROLE", "AUDIENCE", "CLIPS", "CONSENT"], speakers.map {
                        [$0.speaker.name, $0.role?.label ?? "\($0.speaker.roleID) (not in taxonomy)", $0.role?.audience.rawValue ?? "?",
                         String($0.clipCount), $0.consent.summary]
                    }))
                }
            }
        }
    }
}

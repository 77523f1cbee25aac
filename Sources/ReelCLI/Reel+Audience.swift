import ArgumentParser
import Catalog
import Foundation
import Media
import Playlists

/// Prints every audience in force with where it comes from.
func printAudiences(catalog: CatalogOptions, audiences: AudienceOptions) throws {
    let cat = try catalog.open()
    let file = audiences.resolvedPath(catalog: catalog)
    let set = try audiences.load(catalog: catalog, opened: cat)
    print("Audiences: the built-in set" + (file.map { ", \($0)" } ?? "") + ", and the catalogue's own (`reel audience add`)")
    for p in set.profiles {
        print("")
        print("\(p.id): \(p.label) — \(p.description) [from \(try cat.audienceSource(id: p.id, file: file))]")
        print("  target \(MediaTime(milliseconds: p.targetMs).playlistClock)" + (p.maxClipMs.map { ", clips up to \(MediaTime(milliseconds: $0).playlistClock)" } ?? ""))
        print("  opens on \(p.openingThemeID ?? "-"), closes on \(p.closingThemeID ?? "-")")
        print("  themes: " + p.themes.map { "\($0.themeID) ×\($0.weight == $0.weight.rounded() ? String(Int($0.weight)) : String($0.weight))" }.joined(separator: ", "))
        if !p.preferredRoleIDs.isEmpty { print("  favours: " + p.preferredRoleIDs.joined(separator: ", ")) }
        for (side, share) in p.minimumShare.sorted(by: { $0.key < $1.key }) {
            print("  at least \(Int((share * 100).rounded()))% of the time from \(side.rawValue) staff")
        }
    }
}

/// The fields of an audience as options, shared by `add` and `edit`.
struct AudienceFields: ParsableArguments {
    @Option(help: "The name shown to people.")
    var label: String?

    @Option(help: "Who the audience is.")
    var description: String?

    @Option(help: ArgumentHelp("The default running time, e.g. 12m.", valueName: "time"))
    var target: String?

    @Option(name: .customLong("max-clip"), help: ArgumentHelp("The longest segment or clip to use, e.g. 3m.", valueName: "time"))
    var maxClip: String?

    @Option(help: ArgumentHelp("The theme of the opening clip.", valueName: "theme"))
    var opening: String?

    @Option(help: ArgumentHelp("The theme of the closing reflection.", valueName: "theme"))
    var closing: String?

    @Option(name: [.customLong("themes"), .customLong("theme")],
            help: ArgumentHelp("Themes with weights, comma-separated (theme or theme:weight); repeatable.", valueName: "a:2,b"))
    var themes: [String] = []

    @Option(name: .customLong("prefer-role"), help: ArgumentHelp("Roles whose voices to favour, most wanted first; repeatable.", valueName: "role"))
    var preferRoles: [String] = []

    @Option(name: .customLong("minimum-share"),
            help: ArgumentHelp("The least share of the running time from one side, e.g. non-clinical:50%; repeatable.", valueName: "side:share"))
    var minimumShare: [String] = []

    /// `draft` with every option given laid over it.
    func apply(to draft: inout AudienceDraft) {
        if let label { draft.label = label }
        if let description { draft.description = description }
        if let target { draft.target = target }
        if let maxClip { draft.maxClip = maxClip.isEmpty || maxClip == "none" ? nil : maxClip }
        if let opening { draft.opening = opening.isEmpty ? nil : opening }
        if let closing { draft.closing = closing.isEmpty ? nil : closing }
        if !themes.isEmpty { draft.themes = splitItems(themes) }
        if !preferRoles.isEmpty { draft.preferredRoles = splitItems(preferRoles) }
        if !minimumShare.isEmpty { draft.minimumShare = splitItems(minimumShare) }
    }
}

extension Reel {
    /// `reel audience …`: the audiences playlists are built for, kept in the catalogue beside the built-in ones.
    struct AudienceCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "audience",
            abstract: "Add, edit, list and remove the audiences playlists are built for.",
            discussion: """
                Audiences added here are checked exactly as audiences.yaml is and stored in the catalogue, so every \
                command using that catalogue finds them. They add to the built-in audiences (non-clinical, clinical, \
                mixed) and to those of audiences.yaml; editing a built-in audience stores the edited copy.

                Examples:
                  reel audience add nurses --like clinical --label "Nurses" --prefer-role nurse,specialist-palliative-care-nurse
                  reel audience add fsw --label "Family support workers" --target 10m --themes memory-making:3,supporting-families:2
                  reel audience edit nurses --target 8m
                  reel audience list
                  reel audience remove nurses
                """,
            subcommands: [Add.self, Edit.self, List.self, Remove.self]
        )

        struct Add: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Add an audience to the catalogue.",
                discussion: """
                    Without --like, --label, --target and --themes are needed.

                    Examples:
                      reel audience add nurses --like clinical --label "Nurses" --prefer-role nurse
                      reel audience add fsw --label "Family support workers" --target 10m --themes memory-making:3,supporting-families:2 --opening memory-making
                    """
            )

            @OptionGroup var catalog: CatalogOptions
            @OptionGroup var audiences: AudienceOptions

            @Argument(help: "The new audience's id: lowercase letters, digits and hyphens.")
            var id: String

            @Option(help: ArgumentHelp("Start from a copy of this audience.", valueName: "audience"))
            var like: String?

            @OptionGroup var fields: AudienceFields

            func run() async throws {
                try await reportingErrors {
                    let cat = try catalog.open()
                    let file = audiences.resolvedPath(catalog: catalog)
                    var draft: AudienceDraft
                    if let like {
                        draft = AudienceDraft(try cat.audienceProfiles(file: file).resolve(like))
                        draft.id = id
                    } else {
                        guard fields.label != nil, fields.target != nil, !fields.themes.isEmpty else {
                            throw ValidationError("A new audience needs --label, --target and --themes (or start from another with --like).")
                        }
                        draft = AudienceDraft(id: id, label: "", target: "", themes: [])
                    }
                    fields.apply(to: &draft)
                    let profile = try cat.addAudience(draft, file: file)
                    print("added audience '\(profile.id)': \(profile.label), \(MediaTime(milliseconds: profile.targetMs).playlistClock), \(profile.themes.count) themes")
                }
            }
        }

        struct Edit: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Change an audience; the edited audience is stored in the catalogue.",
                discussion: """
                    Only the options given change. An empty --max-clip, --opening or --closing clears it.

                    Examples:
                      reel audience edit nurses --target 8m --prefer-role nurse,health-care-assistant
                    """
            )

            @OptionGroup var catalog: CatalogOptions
            @OptionGroup var audiences: AudienceOptions

            @Argument(help: "The audience: its id or label.")
            var audience: String

            @OptionGroup var fields: AudienceFields

            func run() async throws {
                try await reportingErrors {
                    let cat = try catalog.open()
                    let file = audiences.resolvedPath(catalog: catalog)
                    var draft = AudienceDraft(try cat.audienceProfiles(file: file).resolve(audience))
                    fields.apply(to: &draft)
                    let profile = try cat.editAudience(draft, file: file)
                    print("changed audience '\(profile.id)': \(profile.label), \(MediaTime(milliseconds: profile.targetMs).playlistClock), \(profile.themes.count) themes")
                }
            }
        }

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "List the audiences in force and where each comes from.",
                discussion: """
                    Examples:
                      reel audience list
                    """
            )

            @OptionGroup var catalog: CatalogOptions
            @OptionGroup var audiences: AudienceOptions

            func run() async throws {
                try await reportingErrors { try printAudiences(catalog: catalog, audiences: audiences) }
            }
        }

        struct Remove: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Remove an audience added to the catalogue (a built-in one edited here goes back to the built-in version).",
                discussion: """
                    Examples:
                      reel audience remove nurses
                    """
            )

            @OptionGroup var catalog: CatalogOptions
            @OptionGroup var audiences: AudienceOptions

            @Argument(help: "The audience: its id or label.")
            var audience: String

            func run() async throws {
                try await reportingErrors {
                    let cat = try catalog.open()
                    let file = audiences.resolvedPath(catalog: catalog)
                    let id = try cat.audienceProfiles(file: file).resolve(audience).id
                    if let back = try cat.removeAudience(id, file: file) {
                        print("removed the catalogue's audience '\(id)'; '\(back.id)' is the \(try cat.audienceSource(id: id, file: file) == "the built-in set" ? "built-in" : "file's") version again")
                    } else {
                        print("removed audience '\(id)'")
                    }
                }
            }
        }
    }
}

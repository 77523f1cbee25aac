import ArgumentParser
import Catalog
import Foundation

extension Reel {
    struct Tag: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Tag a clip or a segment with themes, or remove tags.",
            discussion: """
                Themes are ids or labels from the taxonomy; an unknown one is refused with the closest known ids, \
                and nothing changes.

                Examples:
                  reel tag c-3fa2c1 --theme memory-making,supporting-families
                  reel tag s-3fa2c1-2 --theme communication --untag what-matters-most
                """
        )

        @OptionGroup var catalog: CatalogOptions

        @Argument(help: "A clip (c-…, file name or path) or a segment (s-…).")
        var target: String

        @Option(help: ArgumentHelp("Themes to add, comma-separated.", valueName: "a,b"))
        var theme: [String] = []

        @Option(help: ArgumentHelp("Themes to remove, comma-separated.", valueName: "a,b"))
        var untag: [String] = []

        func validate() throws {
            if theme.isEmpty && untag.isEmpty { throw ValidationError("Give --theme to add themes or --untag to remove them.") }
        }

        func run() async throws {
            try await reportingErrors {
                let change = try catalog.open().tag(target, add: splitItems(theme), remove: splitItems(untag))
                var parts: [String] = []
                if !change.added.isEmpty { parts.append("added " + change.added.joined(separator: ", ")) }
                if !change.removed.isEmpty { parts.append("removed " + change.removed.joined(separator: ", ")) }
                if !change.notPresent.isEmpty { parts.append("not tagged with " + change.notPresent.joined(separator: ", ")) }
                if parts.isEmpty { parts.append("no change") }
                print("\(change.target): \(parts.joined(separator: "; ")); themes now: \(change.themes.isEmpty ? "none" : change.themes.joined(separator: ", "))")
            }
        }
    }
}

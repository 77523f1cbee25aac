import ArgumentParser
import Catalog
import Foundation

extension Reel {
    struct SuggestThemes: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "suggest-themes",
            abstract: "Propose themes for a clip from its captions, showing the lines that matched.",
            discussion: """
                Uses the keywords of each theme in the taxonomy. With --apply, the suggested themes are added to the \
                clip's tags.

                Examples:
                  reel suggest-themes nurse-1080p.mp4
                  reel suggest-themes c-3fa2c1 --apply
                """
        )

        @OptionGroup var catalog: CatalogOptions

        @Argument(help: "The clip: its id (c-…), file name or path.")
        var clip: String

        @Flag(help: "Tag the clip with every suggested theme.")
        var apply = false

        func run() async throws {
            try await reportingErrors {
                let cat = try catalog.open()
                let summary = try cat.clipDetail(clip)
                let suggestions = try cat.suggestThemes(for: clip)
                if summary.captions.isEmpty {
                    print("\(summary.summary.id) \(summary.summary.clip.fileName): no captions to read, so no suggestions")
                    return
                }
                if suggestions.isEmpty {
                    print("\(summary.summary.id) \(summary.summary.clip.fileName): no theme keywords found in \(summary.captions.count) caption lines")
                    return
                }
                for s in suggestions {
                    let tagged = s.alreadyTagged ? " (already tagged)" : ""
                    print("\(s.theme.id)  \(s.theme.label)\(tagged)  — \(s.keywords.joined(separator: ", "))")
                    for e in s.evidence {
                        let text = e.cue.text.replacingOccurrences(of: "\n", with: " ")
                        print("    \(e.cue.start.clockString)  \(text)")
                    }
                }
                if apply {
                    let change = try cat.tag(summary.summary.id, add: suggestions.map(\.theme.id))
                    print("\(change.target): added \(change.added.isEmpty ? "nothing new" : change.added.joined(separator: ", "))")
                }
            }
        }
    }
}

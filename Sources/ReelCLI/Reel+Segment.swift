import ArgumentParser
import Catalog
import Foundation
import Media
import Playlists

extension Reel {
    struct SegmentCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "segment",
            abstract: "Mark ranges of a clip (moments worth teaching from) without making new media.",
            subcommands: [Add.self, List.self]
        )

        struct Add: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Mark a range of a clip with a title and themes.",
                discussion: """
                    Times may be seconds (12.5), MM:SS.sss, HH:MM:SS.mmm, HH:MM:SS:FF (frames at the clip's rate) \
                    or durations such as 1m30s. Segments may overlap; the range must lie within the clip.

                    A clip's themes apply to the whole clip, so each segment carries them as well as its own \
                    --themes; --not-themes sets aside a clip theme the segment is not about.

                    Examples:
                      reel segment add c-3fa2c1 --from 0:10 --to 0:20 --title "Making a hand cast" --themes memory-making
                      reel segment add c-3fa2c1 --from 0:20 --to 0:30 --title "A quiet word" --not-themes communication
                    """
            )

            @OptionGroup var catalog: CatalogOptions

            @Argument(help: "The clip: its id (c-…), file name or path.")
            var clip: String

            @Option(help: "Where the segment starts.")
            var from: String

            @Option(help: "Where the segment ends.")
            var to: String

            @Option(help: "The segment's title.")
            var title: String

            @Option(help: ArgumentHelp("Theme ids or labels, comma-separated.", valueName: "a,b"))
            var themes: [String] = []

            @Option(name: .customLong("not-themes"),
                    help: ArgumentHelp("Themes of the clip this segment is not about, comma-separated (it carries every other theme of its clip).", valueName: "a,b"))
            var notThemes: [String] = []

            @Option(help: "Notes about the segment.")
            var notes: String?

            func run() async throws {
                try await reportingErrors {
                    let summary = try catalog.open().addSegment(clip: clip, from: from, to: to, title: title, themes: splitItems(themes),
                                                                  notThemes: splitItems(notThemes), notes: notes)
                    let s = summary.segment
                    print("\(summary.id)  \(s.start.clockString)–\(s.end.clockString)  \(s.title)" + (summary.themes.isEmpty ? "" : "  [\(summary.themes.joined(separator: ", "))]"))
                }
            }
        }

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "List a clip's segments.",
                discussion: """
                    Examples:
                      reel segment list hca-long-gop.mp4
                    """
            )

            @OptionGroup var catalog: CatalogOptions

            @Argument(help: "The clip: its id (c-…), file name or path.")
            var clip: String

            func run() async throws {
                try await reportingErrors {
                    let segments = try catalog.open().segments(ofClip: clip)
                    print(renderTable(["ID", "FROM", "TO", "TITLE", "THEMES"], segments.map {
                        [$0.id, $0.segment.start.clockString, $0.segment.end.clockString, $0.segment.title,
                         ($0.themes + $0.setAsideThemes.map { "not " + $0 }).joined(separator: ", ")]
                    }))
                }
            }
        }
    }
}

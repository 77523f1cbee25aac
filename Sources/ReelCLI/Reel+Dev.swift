import ArgumentParser
import Catalog
import Foundation
import Media

extension Reel {
    /// Hidden developer commands used by Scripts/bench-catalog.
    struct Dev: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Developer tools for benchmarks (hidden).",
            shouldDisplay: false,
            subcommands: [SeedSegments.self, Checksum.self, BenchSearch.self]
        )

        struct SeedSegments: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "seed-segments",
                abstract: "Fill the catalogue with synthetic clips and N segments (10 per clip) for benchmarks.",
                discussion: "Example: reel dev seed-segments 10000 --catalog /tmp/bench.sqlite"
            )

            @OptionGroup var catalog: CatalogOptions

            @Argument(help: "How many segments to add.")
            var count: Int

            @Option(name: .customLong("per-clip"), help: "Segments per clip.")
            var perClip = 10

            func run() async throws {
                try await reportingErrors {
                    let start = Date()
                    let made = try catalog.open(creating: true).seedSynthetic(segments: count, segmentsPerClip: perClip)
                    print(String(format: "seeded %d clips, %d segments in %.2f s", made.clips, made.segments, Date().timeIntervalSince(start)))
                }
            }
        }

        struct Checksum: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Print files' XXH64 checksums as the catalogue computes them (like xxh64sum).",
                discussion: "Example: reel dev checksum big.mov --time"
            )

            @Argument(help: "Files to hash.", completion: .file())
            var files: [String]

            @Flag(help: "Also print throughput (MB/s) to stderr.")
            var time = false

            func run() async throws {
                try await reportingErrors {
                    for file in files {
                        let start = Date()
                        let (sum, size) = try ContentHasher.checksum(ofFile: file)
                        let seconds = Date().timeIntervalSince(start)
                        print("\(sum)  \(file)")
                        if time {
                            printError(String(format: "%@: %.0f MB in %.3f s = %.0f MB/s", file, Double(size) / 1e6, seconds, Double(size) / 1e6 / max(seconds, 1e-9)))
                        }
                    }
                }
            }
        }

        struct BenchSearch: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "bench-search",
                abstract: "Time catalogue queries in-process and print milliseconds per query.",
                discussion: "Example: reel dev bench-search --catalog /tmp/bench.sqlite --repeat 50"
            )

            @OptionGroup var catalog: CatalogOptions

            @Option(help: "How many times to run each query.")
            var `repeat` = 30

            func run() async throws {
                try await reportingErrors {
                    let cat = try catalog.open()
                    let queries: [(String, ClipQuery)] = [
                        ("text 'family'", ClipQuery(text: "family")),
                        ("text 'hand cast' + audience", ClipQuery(audience: .clinical, text: "hand cast")),
                        ("text '\"quiet hours\" OR keepsake'", ClipQuery(text: "\"quiet hours\" OR keepsake", limit: 50)),
                        ("theme + role", ClipQuery(roles: ["nurse", "porter"], themes: ["memory-making"])),
                        ("consent withdrawn", ClipQuery(consent: .withdrawn)),
                        ("theme + min duration + usable, limit 20", ClipQuery(themes: ["communication"], minDuration: MediaTime(milliseconds: 60_000), consent: .ok, limit: 20)),
                    ]
                    var worst = 0.0
                    for (name, query) in queries {
                        var times: [Double] = []
                        var count = 0
                        _ = try cat.clips(matching: query)  // warm up
                        for _ in 0..<max(1, `repeat`) {
                            let start = DispatchTime.now().uptimeNanoseconds
                            count = try cat.clips(matching: query).count
                            times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
                        }
                        times.sort()
                        let median = times[times.count / 2]
                        worst = max(worst, median)
                        print(String(format: "%-45@ %5d clips  median %7.2f ms  p90 %7.2f ms", name as NSString, count, median, times[times.count * 9 / 10]))
                    }
                    print(String(format: "slowest median: %.2f ms per query", worst))
                }
            }
        }
    }
}

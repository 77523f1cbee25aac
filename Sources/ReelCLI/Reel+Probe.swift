import ArgumentParser
import Foundation
import Media

extension Reel {
    struct Probe: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show what is in media files: container, streams, rotation, frame rate, audio layout.",
            discussion: """
                Reads each file in-process with FFmpeg's libraries and prints a readable summary, or with \
                --json an array with one object per file (path, container, duration, size, bitRate, \
                startTime, streams…). A file that cannot be read gets one line on stderr naming it and the \
                reason; the others are still shown, and the exit status is 1.

                Examples:
                  reel probe Media/nurse-1080p.mp4
                  reel probe Media/*.mp4 --json > facts.json
                """
        )

        @Argument(help: "The media files to read.", completion: .file())
        var files: [String]

        @Flag(help: "Print a JSON array (one object per readable file) instead of the table.")
        var json = false

        func run() async throws {
            var reports: [ProbeReport] = []
            var failed = 0
            // Probe a few files at a time; print in the order given.
            let results = await withTaskGroup(of: (Int, Result<MediaInfo, any Error>).self) { group in
                var out = [Result<MediaInfo, any Error>?](repeating: nil, count: files.count)
                var next = 0
                let width = min(4, max(1, ProcessInfo.processInfo.activeProcessorCount * 2))
                func add(_ i: Int) {
                    let path = files[i]
                    group.addTask { (i, await Result { try await MediaFile(path).probe() }) }
                }
                while next < min(width, files.count) {
                    add(next)
                    next += 1
                }
                for await (i, result) in group {
                    out[i] = result
                    if next < files.count {
                        add(next)
                        next += 1
                    }
                }
                return out.map { $0! }
            }
            for (path, result) in zip(files, results) {
                switch result {
                case .success(let info):
                    if json {
                        reports.append(ProbeReport(info))
                    } else {
                        print(ProbeTable.render(info))
                    }
                case .failure(let error):
                    failed += 1
                    printError((error as? MediaError)?.description ?? "\(path): \(error)")
                }
            }
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                let data = try encoder.encode(reports)
                print(String(decoding: data, as: UTF8.self))
            }
            if failed > 0 { throw ExitCode(1) }
        }
    }
}

extension Result where Failure == any Error {
    init(catching body: () async throws -> Success) async {
        do { self = .success(try await body()) } catch { self = .failure(error) }
    }
}

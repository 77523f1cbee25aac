import ArgumentParser
import Foundation
import Media

extension Reel {
    struct ContactSheetCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "contact-sheet",
            abstract: "Save a grid of frames spread evenly over a clip, each labelled with its time.",
            discussion: """
                Opens each clip once and takes columns × rows frames spread evenly over it: tile k stands \
                for (k + 0.5) / count of the clip and shows a keyframe within half a tile's spacing of that \
                time where the file indexes one (fast), else the exact frame; --exact always shows the exact \
                frame on screen then. Tiles are upright, with square pixels, and labelled with the time of \
                the frame they show, HH:MM:SS.mmm from the clip's first frame, in the bottom-left corner. The image format \
                follows the output's extension (.jpg, .jpeg or .png).

                With several files, -o must be an existing folder; each sheet is written there as \
                <name>-sheet.jpg (or .png with --format png). Sheets are written atomically. A file that \
                cannot be read gets one line on stderr naming it and the reason; the others are still \
                done, and the exit status is 1.

                Examples:
                  reel contact-sheet Media/nurse-1080p.mp4 -o nurse-sheet.jpg
                  reel contact-sheet Media/hca-long-gop.mp4 --grid 5x4 --width 240 -o hca.png
                  reel contact-sheet Media/*.mp4 -o sheets/
                """
        )

        @Argument(help: "The video files to make sheets of.", completion: .file())
        var files: [String]

        @Option(
            help: ArgumentHelp("Tiles across and down, as COLUMNSxROWS (each 1–20; default: 4x3).", valueName: "grid"),
            transform: Grid.init(parsing:))
        var grid = Grid(columns: 4, rows: 3)

        @Option(help: ArgumentHelp("The width of each tile in pixels (80–1920).", valueName: "pixels"))
        var width = 320

        @Option(
            name: [.short, .customLong("output")],
            help: ArgumentHelp(
                "The sheet to write (.jpg, .jpeg or .png), or an existing folder to write <name>-sheet.jpg into (required with several files).",
                valueName: "path"),
            completion: .file())
        var output: String

        @Option(
            help: ArgumentHelp("The format of sheets written into a folder: jpeg or png (default: jpeg).", valueName: "format"),
            transform: ImageOutputPlan.parseFormat)
        var format: ImageFormat = .jpeg

        @Flag(help: "Show the exact frame on screen at each tile's time instead of the nearest keyframe (slower).")
        var exact = false

        @Flag(help: "Replace output images that already exist.")
        var overwrite = false

        func validate() throws {
            if !(80...1920).contains(width) { throw ValidationError("--width (the tile width) must be between 80 and 1920 pixels.") }
            try ImageOutputPlan.validate(output: output, fileCount: files.count)
        }

        func run() async throws {
            let plan: ImageOutputPlan
            do {
                plan = try ImageOutputPlan(output: output, files: files, format: format, suffix: "-sheet", overwrite: overwrite)
            } catch {
                printError(error.description)
                throw ExitCode(1)
            }
            var failed = 0
            for (path, destination) in zip(files, plan.destinations) {
                do {
                    let sheet = try await MediaFile(path).writeContactSheet(
                        to: destination, columns: grid.columns, rows: grid.rows, tileWidth: width, exact: exact, overwrite: overwrite)
                    let first = sheet.tiles.first?.time.clockString ?? "-"
                    let last = sheet.tiles.last?.time.clockString ?? "-"
                    print("\(path) → \(destination) (\(grid.columns)×\(grid.rows) tiles, \(first) to \(last), \(sheet.width)×\(sheet.height))")
                } catch {
                    failed += 1
                    printError((error as? MediaError)?.description ?? "\(path): \(error)")
                }
            }
            if failed > 0 { throw ExitCode(1) }
        }

        /// A contact sheet's layout, written `4x3`.
        struct Grid: Sendable {
            var columns: Int
            var rows: Int

            init(columns: Int, rows: Int) {
                self.columns = columns
                self.rows = rows
            }

            /// Reads `COLUMNSxROWS` (`x`, `X` or `×`), each between 1 and 20.
            init(parsing text: String) throws {
                let parts = text.split(whereSeparator: { "xX×".contains($0) }).map(String.init)
                guard parts.count == 2, let c = Int(parts[0]), let r = Int(parts[1]) else {
                    throw ValidationError("--grid must look like 4x3 (columns x rows), not '\(text)'.")
                }
                guard (1...20).contains(c), (1...20).contains(r) else {
                    throw ValidationError("--grid: columns and rows must each be between 1 and 20.")
                }
                self.init(columns: c, rows: r)
            }
        }
    }
}

import ArgumentParser
import Foundation
import Media

extension Reel {
    struct ThumbnailCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "thumbnail",
            abstract: "Save the exact frame shown at a time, or a poster frame, as a JPEG or PNG.",
            discussion: """
                Decodes in-process and returns the frame a player shows at --at (the frame whose display \
                interval contains the time, not just the nearest keyframe), upright, with square pixels, \
                scaled to --width. Times count from the clip's first frame, also for MPEG-TS files whose \
                clock starts later. --poster instead picks a representative frame that is not black, blank \
                or a flat colour. The image format follows the output's extension (.jpg, .jpeg or .png).

                With several files, -o must be an existing folder; each image is written there as \
                <name>.jpg (or .png with --format png). Images are written atomically. A file that cannot \
                be read gets one line on stderr naming it and the reason; the others are still done, and \
                the exit status is 1.

                Examples:
                  reel thumbnail Media/nurse-1080p.mp4 --at 3.04 --width 320 -o nurse.jpg
                  reel thumbnail Media/hca-long-gop.mp4 --at 00:00:13:09 -o frame-334.png
                  reel thumbnail Media/*.mp4 --poster --width 480 -o posters/
                """
        )

        @Argument(help: "The video files to take a frame from.", completion: .file())
        var files: [String]

        @Option(
            name: .customLong("at"),
            help: ArgumentHelp(
                "The time of the frame, from the clip's first frame: SS.sss, MM:SS.sss, HH:MM:SS.mmm, HH:MM:SS:FF (frames at the clip's rate) or 1m30s.",
                valueName: "time"))
        var at: String?

        @Flag(help: "Pick a representative frame (not black, blank or flat) instead of giving --at.")
        var poster = false

        @Option(
            help: ArgumentHelp(
                "The image width in pixels (16–7680); the height follows the picture's shape. Default: the clip's display width.",
                valueName: "pixels"))
        var width: Int?

        @Option(
            name: [.short, .customLong("output")],
            help: ArgumentHelp(
                "The image to write (.jpg, .jpeg or .png), or an existing folder to write <name>.jpg into (required with several files).",
                valueName: "path"),
            completion: .file())
        var output: String

        @Option(
            help: ArgumentHelp("The format of images written into a folder: jpeg or png (default: jpeg).", valueName: "format"),
            transform: ImageOutputPlan.parseFormat)
        var format: ImageFormat = .jpeg

        @Flag(help: "Replace output images that already exist.")
        var overwrite = false

        func validate() throws {
            if poster == (at != nil) { throw ValidationError("Give either --at TIME or --poster (one of them).") }
            if let at {
                // Frames (HH:MM:SS:FF) are checked against each clip's own rate later; here only the form.
                do { _ = try MediaTime(parsing: at, frameRate: Rational(1000, 1)) } catch { throw ValidationError("--at: \(error)") }
            }
            if let width, !(16...7680).contains(width) { throw ValidationError("--width must be between 16 and 7680 pixels.") }
            try ImageOutputPlan.validate(output: output, fileCount: files.count)
        }

        func run() async throws {
            let plan: ImageOutputPlan
            do {
                plan = try ImageOutputPlan(output: output, files: files, format: format, overwrite: overwrite)
            } catch {
                printError(error.description)
                throw ExitCode(1)
            }
            var failed = 0
            for (path, destination) in zip(files, plan.destinations) {
                do {
                    let file = MediaFile(path)
                    var time: MediaTime? = nil
                    if let at { time = try await Self.time(at, in: file) }
                    let thumbnail = try await file.writeThumbnail(at: time, to: destination, width: width, overwrite: overwrite)
                    let what = time == nil ? "poster frame" : "frame"
                    print("\(path) → \(destination) (\(what) at \(thumbnail.actualTime.clockString), \(thumbnail.width)×\(thumbnail.height))")
                } catch {
                    failed += 1
                    printError((error as? MediaError)?.description ?? "\(path): \(error)")
                }
            }
            if failed > 0 { throw ExitCode(1) }
        }

        /// Reads `--at`; a timecode with frames (HH:MM:SS:FF) counts frames at the clip's own rate.
        private static func time(_ text: String, in file: MediaFile) async throws -> MediaTime {
            guard text.filter({ $0 == ":" }).count == 3 else { return try MediaTime(parsing: text) }
            let rate = try await file.probe().videoStream?.video?.frameRate
            return try MediaTime(parsing: text, frameRate: rate.flatMap { $0.isValid ? $0 : nil })
        }
    }
}

/// Where each input's image goes: `-o` is one image file, or a folder that gets `<name><suffix>.<ext>` per input.
struct ImageOutputPlan {
    /// One output path per input, in order.
    let destinations: [String]

    /// Checks `-o` before anything runs: with several inputs it must name a folder; a file name needs an image extension.
    static func validate(output: String, fileCount: Int) throws {
        if isFolder(output) { return }
        if fileCount > 1 {
            throw ValidationError("With several files, -o must be an existing folder; '\(output)' is not one.")
        }
        if output.hasSuffix("/") { return }  // a folder that does not exist: reported by `init` naming the path
        if ImageFormat(pathExtension: (output as NSString).pathExtension) == nil {
            throw ValidationError("-o \(output): the image format comes from the extension; use .jpg, .jpeg or .png.")
        }
    }

    /// Plans the outputs and checks the destination is writable; nothing is written.
    ///
    /// Throws `MediaError.outputNotWritable` naming the output path (missing or read-only folder), or
    /// `.outputExists` for a single output file when `overwrite` is false.
    init(output: String, files: [String], format: ImageFormat, suffix: String = "", overwrite: Bool) throws(MediaError) {
        if ImageOutputPlan.isFolder(output) || output.hasSuffix("/") {
            let folder = output.hasSuffix("/") && output.count > 1 ? String(output.dropLast()) : output
            var used: Set<String> = []
            var planned: [String] = []
            for file in files {
                let base = ((file as NSString).lastPathComponent as NSString).deletingPathExtension
                var name = "\(base)\(suffix).\(format.fileExtension)"
                var n = 2
                while used.contains(name) {
                    name = "\(base)\(suffix)-\(n).\(format.fileExtension)"
                    n += 1
                }
                used.insert(name)
                planned.append((folder as NSString).appendingPathComponent(name))
            }
            // The folder must exist and be writable; files already there are reported one by one later.
            if let first = planned.first {
                do {
                    _ = try ImageFormat.forOutput(path: first, overwrite: true)
                } catch {
                    if case .outputNotWritable(_, let reason) = error { throw .outputNotWritable(path: output, reason: reason) }
                    throw error
                }
            }
            destinations = planned
        } else {
            _ = try ImageFormat.forOutput(path: output, overwrite: overwrite)
            destinations = files.map { _ in output }
        }
    }

    /// Reads `--format`: `jpeg`, `jpg` or `png`.
    static func parseFormat(_ text: String) throws -> ImageFormat {
        guard let format = ImageFormat(rawValue: text.lowercased()) ?? ImageFormat(pathExtension: text) else {
            throw ValidationError("--format must be jpeg or png, not '\(text)'.")
        }
        return format
    }

    static func isFolder(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }
}

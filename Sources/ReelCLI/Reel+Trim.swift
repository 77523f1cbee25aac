import ArgumentParser
import Dispatch
import Foundation
import Media

extension Reel {
    struct Trim: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Cut a clip out of a recording, by stream copy (fast) or re-encoding (frame-accurate).",
            discussion: """
                Writes the part of FILE from --from up to (not including) --to into OUT. The container comes \
                from OUT's extension (.mp4, .mov, .mkv, .webm…); MP4 and MOV are written so they can start \
                playing before they have fully downloaded.

                By default every stream (video, each audio track, subtitles, timecode) is copied without \
                re-encoding: fast and lossless, but the clip starts at the video keyframe at or before --from, \
                which the summary line reports. With --accurate, video is re-encoded (H.264, or VP9 for .webm) \
                and audio too (AAC, or Opus for .webm), so the clip starts on exactly the frame showing at \
                --from and audio is cut to the sample. Languages, subtitle tracks, rotation and timecode are \
                kept either way.

                Times may be written as SS.sss, MM:SS.sss, HH:MM:SS.mmm, HH:MM:SS:FF (frames at the clip's \
                frame rate) or with units (90s, 1m30s, 1500ms). OUT is written under a temporary name and only \
                appears when complete; on an error or Ctrl-C nothing is left behind.

                Examples:
                  reel trim Media/nurse-1080p.mp4 --from 2 --to 5 -o nurse-clip.mp4
                  reel trim talk.mov --from 1:12.5 --to 2:03 --accurate -o answer.mp4
                  reel trim Media/porter-prores.mov --from 00:00:01:10 --to 3s -o p.mov
                """
        )

        @Argument(help: "The recording to cut.", completion: .file())
        var file: String

        @Option(help: ArgumentHelp("Where the clip starts.", valueName: "time"))
        var from: String

        @Option(help: ArgumentHelp("Where the clip ends (that moment itself is not included).", valueName: "time"))
        var to: String

        @Flag(help: "Re-encode so the clip starts exactly at --from instead of the keyframe before it.")
        var accurate = false

        @Flag(help: "Replace OUT if it already exists.")
        var overwrite = false

        @Option(name: [.customShort("o"), .long], help: ArgumentHelp("The file to write; its extension picks the container.", valueName: "out"),
            completion: .file())
        var output: String

        func validate() throws {
            let start: MediaTime
            let end: MediaTime
            // Frame-numbered times are checked against the real frame rate in run(); here only their form.
            do { start = try MediaTime(parsing: from, frameRate: Trim.usesFrames(from) ? Rational(1000, 1) : nil) } catch {
                throw ValidationError("--from: \(error)")
            }
            do { end = try MediaTime(parsing: to, frameRate: Trim.usesFrames(to) ? Rational(1000, 1) : nil) } catch {
                throw ValidationError("--to: \(error)")
            }
            if Trim.usesFrames(from) == Trim.usesFrames(to), end <= start {
                throw ValidationError(
                    "--to (\(to)) must be later than --from (\(from)); give the end of the clip, not its length.")
            }
        }

        func run() async throws {
            let media = MediaFile(file)
            let start: MediaTime
            let end: MediaTime
            do {
                var rate: Rational? = nil
                if Trim.usesFrames(from) || Trim.usesFrames(to) {
                    rate = try await media.probe().videoStream?.video?.frameRate
                }
                start = try MediaTime(parsing: from, frameRate: rate)
                end = try MediaTime(parsing: to, frameRate: rate)
            } catch let error as MediaError {
                printError(error.description)
                throw ExitCode.failure
            } catch let error as TimeParseError {
                // Frame numbers are only checked against the clip's real frame rate here, after probing it.
                printError("Error: --\(error.text == from ? "from" : "to"): \(error)")
                throw ExitCode.validationFailure
            }

            let showProgress = stderrIsTerminal
            let mode: TrimMode = accurate ? .accurate : .copy
            let (file, output, overwrite) = (self.file, self.output, self.overwrite)
            let draw: @Sendable (Double) -> Void = { fraction in Trim.drawProgress(fraction) }
            let progress = showProgress ? draw : nil
            let work = Task { () async throws -> TrimResult in
                try await media.trim(from: start, to: end, mode: mode, output: output, overwrite: overwrite, progress: progress)
            }
            let interrupts = Trim.cancelOnInterrupt(work)
            defer { interrupts.forEach { $0.cancel() } }
            do {
                let result = try await work.value
                if showProgress { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
                print(Trim.summary(of: result, input: file))
                for dropped in result.droppedStreams {
                    print("  left out stream \(dropped.index) (\(dropped.type.rawValue), \(dropped.codec)): \(dropped.reason)")
                }
            } catch let error as MediaError {
                if showProgress { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
                printError(error.description)
                if case .cancelled = error { throw ExitCode(130) }
                throw ExitCode.failure
            }
        }

        /// `nurse-1080p.mp4 → out.mp4: 00:00:02.000–00:00:05.000 (copy; in point snapped to keyframe at …; 3 streams)`.
        static func summary(of result: TrimResult, input: String) -> String {
            var notes: [String] = [result.mode.rawValue]
            if result.mode == .copy {
                if result.actualFrom == result.requestedFrom {
                    notes.append("in point on a keyframe")
                } else {
                    notes.append("in point snapped to keyframe at \(result.actualFrom.clockString)")
                }
            }
            if let tc = result.timecode { notes.append("timecode \(tc)") }
            notes.append(result.streamsWritten == 1 ? "1 stream" : "\(result.streamsWritten) streams")
            return "\(input) → \(result.output): \(result.requestedFrom.clockString)–\(result.requestedTo.clockString) "
                + "(\(notes.joined(separator: "; ")))"
        }

        /// Whether a time is written as `HH:MM:SS:FF` (needs the frame rate).
        static func usesFrames(_ text: String) -> Bool {
            text.split(separator: ":", omittingEmptySubsequences: false).count == 4
        }

        private static func drawProgress(_ fraction: Double) {
            let percent = Int((fraction * 100).rounded(.down))
            FileHandle.standardError.write(Data("\r  trimming… \(percent)%".utf8))
        }

        /// Turns Ctrl-C and SIGTERM into task cancellation, so the temporary file is removed before exiting.
        private static func cancelOnInterrupt(_ task: Task<TrimResult, any Error>) -> [any DispatchSourceSignal] {
            [SIGINT, SIGTERM].map { sig in
                signal(sig, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
                source.setEventHandler { task.cancel() }
                source.resume()
                return source
            }
        }
    }
}

import Foundation
import Testing

@testable import Media

/// Black and silent heads and tails (`MediaFile.blackAndSilence()`), checked against the sample that starts black,
/// against the `ffmpeg` program running the same filters on every sample, and on generated files long enough for the
/// head and tail to be read separately.
struct BlackAndSilenceTests {
    static let hasFFmpeg = FileManager.default.isExecutableFile(atPath: "/usr/bin/ffmpeg")

    static func temporaryFolder() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("reel-edges-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Runs ffmpeg and returns what it wrote on stderr (where the detect filters log); throws when it fails.
    static func ffmpeg(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/ffmpeg")
        process.arguments = ["-hide_banner", "-nostdin", "-nostats", "-y"] + arguments
        let err = FileManager.default.temporaryDirectory.appendingPathComponent("reel-ffmpeg-\(UUID().uuidString).log")
        FileManager.default.createFile(atPath: err.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: err) }
        let handle = try FileHandle(forWritingTo: err)
        process.standardError = handle
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try handle.close()
        let log = (try? String(contentsOf: err, encoding: .utf8)) ?? ""
        guard process.terminationStatus == 0 else {
            throw CocoaError(.executableLoad, userInfo: [NSLocalizedDescriptionKey: "ffmpeg failed: \(log.suffix(400))"])
        }
        return log
    }

    /// The numbers after `key:` in an ffmpeg log, in order.
    static func values(_ key: String, in log: String) -> [Double] {
        log.components(separatedBy: "\n").compactMap { line in
            guard let r = line.range(of: key + ":") else { return nil }
            return Double(line[r.upperBound...].trimmingCharacters(in: .whitespaces).prefix { !$0.isWhitespace && $0 != "|" })
        }
    }

    @Test func theSampleThatStartsBlackHasATwoSecondBlackHeadAndASilentOne() async throws {
        let edges = try await MediaFile(SampleMedia.path("family-support-black-start.mp4")).blackAndSilence()
        // Media/README.md: frames 0–49 (2 s at 25 fps) are pure black; speech starts at 2.3 s.
        #expect(edges.blackHeadMs == 2000)
        #expect(edges.firstPictureMs == 2000)
        #expect(abs(edges.silentHeadMs - 2300) <= 30, "\(edges)")
        #expect(edges.blackTailMs == 0)
        #expect(!edges.allBlack && !edges.allSilent)
        #expect(edges.hasVideo && edges.hasAudio)
    }

    /// The same filters in the `ffmpeg` program, on every sample: the black head and the silence at either end agree.
    @Test(.enabled(if: hasFFmpeg), arguments: SampleMedia.clips)
    func agreesWithTheFFmpegProgram(_ name: String) async throws {
        let path = SampleMedia.path(name)
        let edges = try await MediaFile(path).blackAndSilence()
        let log = try Self.ffmpeg([
            "-i", path, "-map", "0:v:0", "-map", "0:a:0?", "-vf", "blackdetect=d=0:pix_th=0.10:pic_th=0.98",
            "-af", "silencedetect=n=-60dB:d=0.5", "-f", "null", "-",
        ])
        let blackStarts = Self.values("black_start", in: log)
        let blackEnds = Self.values("black_end", in: log)
        let silenceStarts = Self.values("silence_start", in: log)
        let silenceEnds = Self.values("silence_end", in: log)
        // ffmpeg logs a black run only once it ends (or at the end of the file), with start and end on one line.
        let head = blackStarts.first.map { $0 < 0.02 } == true ? blackEnds.first ?? 0 : 0
        #expect(abs(Double(edges.blackHeadMs) / 1000 - head) < 0.05, "\(name): \(edges) vs ffmpeg black \(blackStarts)–\(blackEnds)")
        let silentHead = silenceStarts.first.map { $0 < 0.03 } == true ? silenceEnds.first ?? 0 : 0
        #expect(abs(Double(edges.silentHeadMs) / 1000 - silentHead) < 0.05, "\(name): \(edges) vs ffmpeg silence \(silenceStarts)–\(silenceEnds)")
        // Every sample ends on room tone after the last words; ffmpeg ends a silence still going at the end of the
        // file with a silence_end there.
        #expect(edges.silentTailMs > 0, "\(name): \(edges)")
        if let last = silenceStarts.last, let end = silenceEnds.last, silenceStarts.count == silenceEnds.count {
            #expect(abs(Double(edges.silentTailMs) / 1000 - (end - last)) < 0.08, "\(name): \(edges) vs ffmpeg silence \(silenceStarts)–\(silenceEnds)")
        }
        #expect(edges.blackTailMs == 0, "\(name): \(edges)")
    }

    /// A 30-second file is read at its head and then its tail; black and silence longer than the first tail windows
    /// (1 s of picture, 6 s of sound) make the windows grow, and the picture's tail is read with reference frames only.
    @Test(.enabled(if: hasFFmpeg)) func headsAndTailsOfALongerFileWithBFrames() async throws {
        let dir = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/edges.mp4"
        _ = try Self.ffmpeg([
            "-f", "lavfi", "-i", "testsrc2=s=320x180:r=25:d=30,drawbox=c=black:t=fill:enable='lt(t,1)+gte(t,22)'",
            "-f", "lavfi", "-i", "sine=f=440:sample_rate=48000:d=30,volume=volume=0:enable='lt(t,3)+gte(t,20)'",
            "-c:v", "libx264", "-preset", "ultrafast", "-bf", "3", "-g", "250", "-c:a", "aac", "-shortest", path,
        ])
        let edges = try await MediaFile(path).blackAndSilence()
        #expect(edges.blackHeadMs == 1000, "\(edges)")
        #expect(edges.firstPictureMs == 1000)
        #expect(abs(edges.blackTailMs - 8000) <= 200, "\(edges)")
        #expect(abs(edges.silentHeadMs - 3000) <= 50, "\(edges)")
        #expect(abs(edges.silentTailMs - 10000) <= 100, "\(edges)")
        #expect(!edges.allBlack && !edges.allSilent)
    }

    @Test(.enabled(if: hasFFmpeg)) func aFileBlackAndSilentThroughout() async throws {
        let dir = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/cap-on.mp4"
        _ = try Self.ffmpeg([
            "-f", "lavfi", "-i", "color=c=black:s=320x180:r=25:d=4", "-f", "lavfi", "-i", "anullsrc=r=48000:cl=stereo",
            "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", "-t", "4", path,
        ])
        let edges = try await MediaFile(path).blackAndSilence()
        #expect(edges.allBlack && edges.allSilent, "\(edges)")
        #expect(edges.firstPictureMs == nil)
        #expect(abs(edges.blackHeadMs - 4000) <= 40)
    }

    @Test func aFileWithoutPictureOrSoundIsAnError() async throws {
        await #expect(throws: MediaError.notMediaFile(path: SampleMedia.path("broken/notes.mp4"))) {
            try await MediaFile(SampleMedia.path("broken/notes.mp4")).blackAndSilence()
        }
    }

    /// Where a lower third over a piece should start: the first frame that is not black at or after the piece's start.
    @Test func firstPictureAfterAPiecesStart() async throws {
        let file = MediaFile(SampleMedia.path("family-support-black-start.mp4"))
        #expect(try await file.firstPicture(from: .zero, to: .init(milliseconds: 6000)) == .init(milliseconds: 2000))
        #expect(try await file.firstPicture(from: .init(milliseconds: 1000), to: .init(milliseconds: 6000)) == .init(milliseconds: 2000))
        #expect(try await file.firstPicture(from: .init(milliseconds: 3000), to: .init(milliseconds: 6000)) == .init(milliseconds: 3000))
        #expect(try await file.firstPicture(from: .zero, to: .init(milliseconds: 1500)) == nil)
    }
}

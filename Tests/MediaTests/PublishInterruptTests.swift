import Foundation
import Testing

@testable import Media

/// Kills a running `reel publish` child process and checks that nothing sits under a final name and that a re-run
/// completes. Needs the `reel` binary beside the test bundle (built by `swift build` or a full `swift test`).
struct PublishInterruptTests {
    static var binary: String? {
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("reel").path,
            Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("reel").path,
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static func launch(_ arguments: [String]) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(binary))
        process.arguments = arguments
        process.currentDirectoryURL = SampleMedia.root
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// A 40-second 640×360 source in `folder`'s parent, long enough that encoding is still under way when the
    /// test interrupts it.
    static func longSource() throws -> String {
        let dir = try PublishFixture.folder()
        let path = dir + "/long-interview.mp4"
        _ = try SampleMedia.run("ffmpeg", [
            "-v", "error", "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25:duration=40", "-f", "lavfi",
            "-i", "sine=frequency=440:sample_rate=48000:duration=40", "-c:v", "libx264", "-preset", "ultrafast",
            "-c:a", "aac", "-shortest", path,
        ])
        return path
    }

    /// Waits until the child is writing its output under a temporary name (so it is mid-encode), or it ends.
    ///
    /// Polls on the calling thread without suspending: under a full parallel test run the cooperative pool can
    /// be busy for seconds, and a suspended poll would only resume after the child had finished.
    static func waitUntilWriting(_ child: Process, in folder: String) -> Bool {
        let deadline = Date().addingTimeInterval(120)
        while child.isRunning, Date() < deadline {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
            if names.contains(where: { $0.contains("reel-tmp") }) { return true }
            usleep(2_000)
        }
        return false
    }

    @Test(.enabled(if: binary != nil, "the reel binary is not built"))
    func killedPublishLeavesNoFinalFileAndARerunCompletes() async throws {
        let folder = try PublishFixture.folder()
        let source = try Self.longSource()
        defer { try? FileManager.default.removeItem(atPath: (source as NSString).deletingLastPathComponent) }
        let args = ["publish", source, "--preset", "web-720p", "--out", folder]
        let child = try Self.launch(args)
        #expect(Self.waitUntilWriting(child, in: folder), "publish never wrote a temporary file")
        #expect(child.isRunning, "publish finished before it could be killed; test inconclusive")
        kill(child.processIdentifier, SIGKILL)
        child.waitUntilExit()
        let names = try FileManager.default.contentsOfDirectory(atPath: folder)
        #expect(!names.contains("long-interview.mp4"))
        #expect(!names.contains("long-interview.json"))
        let rerun = try Self.launch(args)
        rerun.waitUntilExit()
        #expect(rerun.terminationStatus == 0)
        let after = try FileManager.default.contentsOfDirectory(atPath: folder)
        #expect(after.contains("long-interview.mp4") && after.contains("long-interview.json"))
        #expect(after.filter { $0.contains("reel-tmp") }.isEmpty, "the re-run clears the killed run's temporary files")
        let report = try #require(PublishReport.load(from: (folder as NSString).appendingPathComponent("long-interview.json")))
        #expect(abs(report.durationSeconds - 40) < 0.2)
    }

    @Test(.enabled(if: binary != nil, "the reel binary is not built"))
    func interruptedPublishCancelsCleanly() async throws {
        let folder = try PublishFixture.folder()
        let source = try Self.longSource()
        defer { try? FileManager.default.removeItem(atPath: (source as NSString).deletingLastPathComponent) }
        let child = try Self.launch(["publish", source, "--preset", "web-720p", "--out", folder])
        #expect(Self.waitUntilWriting(child, in: folder), "publish never wrote a temporary file")
        kill(child.processIdentifier, SIGINT)
        child.waitUntilExit()
        #expect(child.terminationStatus == 130)
        let names = try FileManager.default.contentsOfDirectory(atPath: folder)
        #expect(names.isEmpty, "left behind: \(names)")
    }
}

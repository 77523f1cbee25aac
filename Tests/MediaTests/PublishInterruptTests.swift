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

    @Test(.enabled(if: binary != nil, "the reel binary is not built"))
    func killedPublishLeavesNoFinalFileAndARerunCompletes() async throws {
        let folder = try PublishFixture.folder()
        let args = ["publish", SampleMedia.path("hca-long-gop.mp4"), "--preset", "web-1080p", "--out", folder]
        let child = try Self.launch(args)
        try await Task.sleep(for: .milliseconds(1500))
        #expect(child.isRunning, "publish finished before it could be killed; test inconclusive")
        kill(child.processIdentifier, SIGKILL)
        child.waitUntilExit()
        let names = try FileManager.default.contentsOfDirectory(atPath: folder)
        #expect(!names.contains("hca-long-gop.mp4"))
        #expect(!names.contains("hca-long-gop.json"))
        let rerun = try Self.launch(args)
        rerun.waitUntilExit()
        #expect(rerun.terminationStatus == 0)
        let after = try FileManager.default.contentsOfDirectory(atPath: folder)
        #expect(after.contains("hca-long-gop.mp4") && after.contains("hca-long-gop.json"))
        #expect(after.filter { $0.contains("reel-tmp") }.isEmpty, "the re-run clears the killed run's temporary files")
        let report = try #require(PublishReport.load(from: (folder as NSString).appendingPathComponent("hca-long-gop.json")))
        #expect(abs(report.durationSeconds - 25) < 0.2)
    }

    @Test(.enabled(if: binary != nil, "the reel binary is not built"))
    func interruptedPublishCancelsCleanly() async throws {
        let folder = try PublishFixture.folder()
        let child = try Self.launch(["publish", SampleMedia.path("hca-long-gop.mp4"), "--preset", "web-1080p", "--out", folder])
        try await Task.sleep(for: .milliseconds(1500))
        kill(child.processIdentifier, SIGINT)
        child.waitUntilExit()
        #expect(child.terminationStatus == 130)
        let names = try FileManager.default.contentsOfDirectory(atPath: folder)
        #expect(names.isEmpty, "left behind: \(names)")
    }
}

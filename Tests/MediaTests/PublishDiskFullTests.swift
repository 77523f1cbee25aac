import Foundation
import Testing

@testable import Media

/// Issue 11.11: an HLS publish onto a full disk says "no space left on device" about its output, not that the
/// variant playlist could not be read, and leaves nothing behind. Needs root to mount a small tmpfs.
struct PublishDiskFullTests {
    /// Whether this machine lets the tests mount a tmpfs (root with the capability; not in every container).
    static let canMount: Bool = {
        guard getuid() == 0, FileManager.default.isExecutableFile(atPath: "/bin/mount") else { return false }
        let probe = FileManager.default.temporaryDirectory.appendingPathComponent("reel-mount-probe-\(UUID().uuidString)").path
        guard (try? FileManager.default.createDirectory(atPath: probe, withIntermediateDirectories: true)) != nil else { return false }
        defer { try? FileManager.default.removeItem(atPath: probe) }
        guard run("/bin/mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", probe]) == 0 else { return false }
        return run("/bin/umount", [probe]) == 0
    }()

    static func run(_ program: String, _ arguments: [String]) -> Int32 {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: program)
        p.arguments = arguments
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        guard (try? p.run()) != nil else { return -1 }
        p.waitUntilExit()
        return p.terminationStatus
    }

    @Test(.enabled(if: canMount, "needs to mount a tmpfs (root with CAP_SYS_ADMIN)"))
    func anHLSPublishOntoAFullDiskSaysSo() async throws {
        let mountPoint = FileManager.default.temporaryDirectory.appendingPathComponent("reel-full-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: mountPoint, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: mountPoint) }
        try #require(Self.run("/bin/mount", ["-t", "tmpfs", "-o", "size=300k", "tmpfs", mountPoint]) == 0, "cannot mount a tmpfs")
        defer { _ = Self.run("/bin/umount", [mountPoint]) }
        let output = mountPoint + "/out/nurse/master.m3u8"
        try FileManager.default.createDirectory(atPath: mountPoint + "/out", withIntermediateDirectories: true)
        await #expect(throws: MediaError.outputNotWritable(path: output, reason: "no space left on device (in '\(mountPoint)/out')")) {
            _ = try await MediaFile(SampleMedia.path("nurse-1080p.mp4")).publish(preset: PublishHLSTests.hls, to: output, sourceChecksum: "x")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: mountPoint + "/out").isEmpty)
    }
}

import ArgumentParser
import Foundation
import Testing

@testable import ReelCLI

/// Runs `reel thumbnail` and `reel contact-sheet` in-process and checks what they leave on disk; the frame is
/// checked with the reference barcode reader, Tests/Fixtures/read_barcode.py (which uses ffmpeg).
struct ThumbnailCommandTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static func media(_ name: String) -> String { root.appendingPathComponent("Media/\(name)").path }
    static var hasTools: Bool { FileManager.default.isExecutableFile(atPath: "/usr/bin/ffmpeg") }

    private func run(_ arguments: [String]) async throws {
        var command = try Reel.parseAsRoot(arguments)
        if var asyncCommand = command as? any AsyncParsableCommand {
            try await asyncCommand.run()
        } else {
            try command.run()
        }
    }

    private func folder() throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("reel-cli-thumb-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url.path
    }

    /// The frame index the reference reader finds in an image file.
    private func barcode(_ image: String, edge: String = "top") throws -> Int? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Self.root.appendingPathComponent("Tests/Fixtures/read_barcode.py").path, image, "--edge", edge]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let line = String(decoding: data, as: UTF8.self).split(separator: "\n").first ?? ""
        return line.split(separator: " ").last.flatMap { Int($0) }
    }

    @Test(.enabled(if: hasTools))
    func writesTheExactFrame() async throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try await run(["thumbnail", Self.media("hca-long-gop.mp4"), "--at", "13.37", "-o", dir + "/frame.png"])
        #expect(try barcode(dir + "/frame.png") == 334)
        // HH:MM:SS:FF counts frames at the clip's rate: 13 s + 9 frames at 25 fps is frame 334 too.
        try await run(["thumbnail", Self.media("hca-long-gop.mp4"), "--at", "00:00:13:09", "-o", dir + "/tc.png"])
        #expect(try barcode(dir + "/tc.png") == 334)
        // portrait-phone.mp4 runs at 30 fps, so frame 27 of a second is allowed there (it is not at 25 fps).
        try await run(["thumbnail", Self.media("portrait-phone.mp4"), "--at", "00:00:01:27", "-o", dir + "/p.png"])
        #expect(try barcode(dir + "/p.png", edge: "right") == 57)
        await #expect(throws: ExitCode(1)) {
            try await run(["thumbnail", Self.media("hca-long-gop.mp4"), "--at", "00:00:01:27", "-o", dir + "/h.png"])
        }
    }

    @Test func severalFilesIntoAFolderWithOneBroken() async throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        await #expect(throws: ExitCode(1)) {
            try await run([
                "thumbnail", Self.media("nurse-1080p.mp4"), Self.media("broken/random.mov"), Self.media("portrait-phone.mp4"),
                "--poster", "--width", "160", "-o", dir,
            ])
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).sorted() == ["nurse-1080p.jpg", "portrait-phone.jpg"])
    }

    @Test func missingOutputFolderWritesNothing() async throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        await #expect(throws: ExitCode(1)) {
            try await run(["thumbnail", Self.media("nurse-1080p.mp4"), "--at", "1", "-o", dir + "/missing/frame.jpg"])
        }
        await #expect(throws: ExitCode(1)) {
            try await run(["contact-sheet", Self.media("nurse-1080p.mp4"), "-o", dir + "/missing/sheet.jpg"])
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).isEmpty)
    }

    @Test("usage mistakes are caught before any work, with a sentence to act on", arguments: [
        (["thumbnail", "a.mp4", "--at", "1", "-o", "frame.gif"], "use .jpg, .jpeg or .png"),
        (["thumbnail", "a.mp4", "b.mp4", "--at", "1", "-o", "frame.jpg"], "-o must be an existing folder"),
        (["thumbnail", "a.mp4", "-o", "frame.jpg"], "Give either --at TIME or --poster"),
        (["thumbnail", "a.mp4", "--at", "1", "--poster", "-o", "frame.jpg"], "Give either --at TIME or --poster"),
        (["thumbnail", "a.mp4", "--at", "soon", "-o", "frame.jpg"], "invalid time 'soon'"),
        (["thumbnail", "a.mp4", "--at", "1", "--width", "0", "-o", "frame.jpg"], "--width must be between 16 and 7680"),
        (["contact-sheet", "a.mp4", "--grid", "4by3", "-o", "sheet.jpg"], "--grid must look like 4x3"),
        (["contact-sheet", "a.mp4", "--width", "10", "-o", "sheet.jpg"], "--width (the tile width) must be between 80 and 1920"),
    ])
    func usageMistakes(arguments: [String], message: String) throws {
        do {
            _ = try Reel.parseAsRoot(arguments)
            Issue.record("\(arguments) was accepted")
        } catch {
            #expect(Reel.message(for: error).contains(message), "\(Reel.message(for: error))")
        }
    }

    @Test func contactSheet() async throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try await run(["contact-sheet", Self.media("porter-prores.mov"), "--grid", "3x2", "--width", "160", "-o", dir + "/sheet.png"])
        let data = try Data(contentsOf: URL(fileURLWithPath: dir + "/sheet.png"))
        #expect(data.starts(with: [0x89, 0x50, 0x4E, 0x47]))
        // Existing output is kept unless --overwrite.
        await #expect(throws: ExitCode(1)) {
            try await run(["contact-sheet", Self.media("porter-prores.mov"), "-o", dir + "/sheet.png"])
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: dir + "/sheet.png")) == data)
        try await run(["contact-sheet", Self.media("porter-prores.mov"), "-o", dir + "/sheet.png", "--overwrite"])
        #expect(try Data(contentsOf: URL(fileURLWithPath: dir + "/sheet.png")) != data)
    }
}

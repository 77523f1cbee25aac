import Foundation
import Testing

/// Runs the built `reel` binary as a user would and checks its output, stderr and exit status.
struct EndToEndTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func media(_ name: String) -> String { root.appendingPathComponent("Media/\(name)").path }

    /// The `reel` executable built beside the test bundle.
    static var binary: String {
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("reel").path,
            Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("reel").path,
            root.appendingPathComponent(".build/debug/reel").path,
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates.last!
    }

    struct Outcome {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func reel(_ arguments: [String], cwd: String? = nil) throws -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        if let cwd { process.currentDirectoryURL = URL(fileURLWithPath: cwd) }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Read both pipes concurrently so a full pipe never blocks the child.
        nonisolated(unsafe) var errData = Data()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            errData = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return Outcome(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }

    static func tempDir() throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("reel-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url.path
    }

    @Test func probeJSONHasTheDocumentedFields() throws {
        let result = try Self.reel(["probe", "--json", Self.media("portrait-phone.mp4"), Self.media("social-worker-multilang.mkv")])
        #expect(result.status == 0)
        let array = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        #expect(array.count == 2)
        let phone = array[0]
        for key in ["path", "container", "duration", "size", "bitRate", "startTime", "streams"] {
            #expect(phone[key] != nil, "missing \(key)")
        }
        #expect(phone["duration"] as? Double != nil)
        let video = try #require((phone["streams"] as? [[String: Any]])?.first { $0["type"] as? String == "video" })
        #expect(video["rotation"] as? Int == 90)
        #expect(video["displayWidth"] as? Int == 360)
        #expect(video["displayHeight"] as? Int == 640)
        #expect(video["variableFrameRate"] as? Bool == false)
        #expect(video["fieldOrder"] as? String == "progressive")
        #expect(video["hdr"] as? Bool == false)
        #expect(video["frameRate"] as? Double == 30)
        let streams = try #require(array[1]["streams"] as? [[String: Any]])
        let audio = streams.filter { $0["type"] as? String == "audio" }
        #expect(audio.compactMap { $0["language"] as? String } == ["eng", "wel"])
        #expect(audio.allSatisfy { $0["channels"] != nil && $0["sampleRate"] != nil && $0["channelLayout"] != nil })
        #expect(streams.contains { $0["type"] as? String == "subtitle" })
    }

    @Test func badFilesAreReportedAndTheOthersStillProbed() throws {
        let broken = ["empty.mp4", "truncated.mp4", "random.mov", "notes.mp4"].map { Self.media("broken/\($0)") }
        let good = Self.media("nurse-1080p.mp4")
        let result = try Self.reel(["probe", "--json", broken[0], good] + broken.dropFirst())
        #expect(result.status == 1)
        let array = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        #expect(array.map { $0["path"] as? String } == [good])
        let lines = result.stderr.split(separator: "\n").map(String.init)
        #expect(lines == [
            "\(broken[0]): empty file (0 bytes): not a media file",
            "\(broken[1]): truncated or unfinished recording: no index (moov) found",
            "\(broken[2]): not a media file",
            "\(broken[3]): not a media file",
        ])
    }

    @Test func missingFileIsOneLine() throws {
        let result = try Self.reel(["probe", "/nonexistent/clip.mp4"])
        #expect(result.status == 1)
        #expect(result.stderr == "/nonexistent/clip.mp4: no such file\n")
        #expect(result.stdout.isEmpty)
    }

    @Test func readableTableNamesWhatMatters() throws {
        let result = try Self.reel(["probe", Self.media("housekeeper-interlaced.ts"), Self.media("chaplain-hdr.mkv"), Self.media("doctor-vfr.mp4")])
        #expect(result.status == 0)
        #expect(result.stdout.contains("INTERLACED (top first)"))
        #expect(result.stdout.contains("HDR (smpte2084)"))
        #expect(result.stdout.contains("VARIABLE"))
    }

    @Test func thumbnailAndTrimFromTheBinary() throws {
        let dir = try Self.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let thumb = try Self.reel(["thumbnail", Self.media("nurse-1080p.mp4"), "--at", "3", "--width", "320", "-o", dir + "/n.jpg"])
        #expect(thumb.status == 0, "\(thumb.stderr)")
        #expect(FileManager.default.fileExists(atPath: dir + "/n.jpg"))
        let trim = try Self.reel(["trim", Self.media("nurse-1080p.mp4"), "--from", "2", "--to", "5", "-o", dir + "/cut.mp4"])
        #expect(trim.status == 0, "\(trim.stderr)")
        #expect(FileManager.default.fileExists(atPath: dir + "/cut.mp4"))
    }

    @Test func reversedRangeAndUnwritableFolderWriteNothing() throws {
        let dir = try Self.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let reversed = try Self.reel(["trim", Self.media("nurse-1080p.mp4"), "--from", "5", "--to", "2", "-o", dir + "/x.mp4"])
        #expect(reversed.status != 0)
        #expect(reversed.stderr.contains("--to"))
        let blocker = dir + "/file"
        FileManager.default.createFile(atPath: blocker, contents: Data("x".utf8))
        let unwritable = try Self.reel(["trim", Self.media("nurse-1080p.mp4"), "--from", "1", "--to", "2", "-o", blocker + "/x.mp4"])
        #expect(unwritable.status != 0)
        #expect(unwritable.stderr.contains(blocker + "/x.mp4"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["file"])
    }

    @Test func helpHasExamples() throws {
        for command in ["probe", "thumbnail", "contact-sheet", "trim"] {
            let result = try Self.reel(["help", command])
            #expect(result.status == 0)
            #expect(result.stdout.contains("reel \(command)"), "\(command) help lacks an example")
        }
    }
}

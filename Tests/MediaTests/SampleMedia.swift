import Foundation

/// Paths to the committed sample footage and helpers that run the `ffprobe`/`ffmpeg` programs as an oracle.
enum SampleMedia {
    /// The package root, found from this source file.
    static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func path(_ name: String) -> String { root.appendingPathComponent("Media").appendingPathComponent(name).path }

    /// The clips in `Media/` (not the broken files, not sidecars).
    static var clips: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("Media").path)) ?? []
        let media = ["mp4", "mov", "mkv", "webm", "ts"]
        return names.filter { media.contains(URL(fileURLWithPath: $0).pathExtension) }.sorted()
    }

    /// The expected facts written by `Scripts/make-sample-media`.
    static var manifest: [String: Any] {
        let url = root.appendingPathComponent("Media/manifest.json")
        guard let data = try? Data(contentsOf: url),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return [:] }
        return object
    }

    /// Runs a program and returns its standard output; throws when it exits non-zero.
    static func run(_ program: String, _ arguments: [String]) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [program] + arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw CocoaError(.executableLoad, userInfo: [NSLocalizedDescriptionKey: "\(program) exited \(process.terminationStatus)"])
        }
        return data
    }

    /// `ffprobe -show_format -show_streams` as JSON.
    static func ffprobe(_ path: String) throws -> [String: Any] {
        let data = try run("ffprobe", ["-v", "error", "-print_format", "json", "-show_format", "-show_streams", path])
        return try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
    }
}

/// Cancels a task from its own progress callback once a fraction of the work is done: a deterministic interrupt,
/// whatever the speed of the machine or the load of the test run.
final class CancelOnProgress<Success: Sendable>: @unchecked Sendable {
    let fraction: Double
    private let lock = NSLock()
    private var task: Task<Success, any Error>?
    private var fired = false

    init(at fraction: Double) { self.fraction = fraction }

    /// The task to cancel; cancels it at once if the fraction was already reached.
    func attach(_ task: Task<Success, any Error>) {
        lock.withLock {
            self.task = task
            if fired { task.cancel() }
        }
    }

    /// Pass as (or call from) the progress callback.
    func report(_ value: Double) {
        lock.withLock {
            guard !fired, value >= fraction else { return }
            fired = true
            task?.cancel()
        }
    }
}

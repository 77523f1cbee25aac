import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import ReelWeb

/// The web catalogue driven in a real headless Chromium (installed by Scripts/setup, so this runs in CI and is
/// never skipped: without a browser it fails and says how to get one).
@Suite struct WebBrowserTests {
    @Test func browserPlaysAClipEditsATagAndSeesAWithdrawnClipLeaveAPlaylist() async throws {
        for tool in ["/usr/bin/chromium", "/usr/bin/chromedriver"] {
            try #require(FileManager.default.isExecutableFile(atPath: tool), "\(tool) is missing: run Scripts/setup")
        }
        let f = try await WebFixture.make()
        defer { f.cleanUp() }
        let clip = try f.clipID("nurse-1080p.mp4")
        let script = WebFixture.root.appendingPathComponent("Tests/Fixtures/web_e2e.py").path
        let outcome = try await Application(router: f.app.router(), configuration: .init(address: .hostname("127.0.0.1", port: 0)))
            .test(.live) { client in
                let port = try #require(client.port)
                return try await Self.run("/usr/bin/env", ["python3", script, "http://127.0.0.1:\(port)", clip])
            }
        #expect(outcome.status == 0, "\(outcome.output)")
        #expect(outcome.output.contains("\"ok\": true"), "\(outcome.output)")
        // What the browser did reached the catalogue.
        #expect(try f.catalog.clipDetail(clip).summary.themes.contains("memory-making"))
        let withdrawn = try f.catalog.consentHistory().filter { $0.event.kind == .withdrawn }
        #expect(withdrawn.count == 1)
        #expect(withdrawn.first?.event.source == "web")
        #expect(withdrawn.first?.event.reason == "asked in the browser test")
    }

    /// Runs a program without blocking a cooperative thread (the server under test needs them), at most 3 minutes.
    static func run(_ program: String, _ arguments: [String]) async throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        let collected = OutputBox()
        pipe.fileHandleForReading.readabilityHandler = { handle in collected.append(handle.availableData) }
        return try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { p in
                pipe.fileHandleForReading.readabilityHandler = nil
                collected.append(pipe.fileHandleForReading.readDataToEndOfFile())
                continuation.resume(returning: (p.terminationStatus, collected.text))
            }
            do {
                try process.run()
                DispatchQueue.global().asyncAfter(deadline: .now() + 180) { if process.isRunning { process.terminate() } }
            } catch {
                continuation.resume(throwing: error)
            }
        }
    }

    final class OutputBox: @unchecked Sendable {
        private let lock = NSLock()
        private var data = Data()
        func append(_ d: Data) { lock.lock(); data.append(d); lock.unlock() }
        var text: String { lock.lock(); defer { lock.unlock() }; return String(decoding: data, as: UTF8.self) }
    }
}

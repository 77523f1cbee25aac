import Foundation
import Testing

@testable import Media

/// Issue 11.11: when a damaged input makes the muxer refuse a packet, the error names the input, not only the output.
struct DamagedInputTests {
    /// An MKV whose audio timestamps jump back for twenty packets (made with ffmpeg's `setts` bitstream filter).
    static func damaged(in dir: String) throws -> String {
        let path = dir + "/damaged.mkv"
        let expr = "if(between(N\\,40\\,60)\\,DTS-20000\\,DTS)"
        _ = try SampleMedia.run("ffmpeg", ["-v", "error", "-y", "-i", SampleMedia.path("nurse-1080p.mp4"), "-c", "copy",
                                           "-bsf:a", "setts=dts=\(expr):pts=\(expr)", "-f", "matroska", path])
        return path
    }

    @Test func aTrimOfADamagedInputNamesTheInput() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("reel-damaged-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let source = try Self.damaged(in: dir)
        let out = dir + "/cut.mp4"
        do {
            _ = try await MediaFile(source).trim(from: .zero, to: MediaTime(milliseconds: 7000), output: out)
            Issue.record("the damaged input trimmed without an error")
        } catch let error as MediaError {
            #expect(error.description == "\(out): writing (the input \(source) may be damaged: its timestamps are out of order) failed: Invalid argument")
        }
        #expect(!FileManager.default.fileExists(atPath: out))
    }
}

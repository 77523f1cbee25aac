import Foundation
import Testing

import Media

/// Issue 11.11: trims into containers Reel does not write are refused before anything is read or written; FLV
/// trims report the streams they hold; AVI trims keep the frame rate. ffprobe is the oracle.
struct TrimContainerTests {
    static let source = SampleMedia.path("nurse-1080p.mp4")

    static func folder() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("reel-trimbox-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test(arguments: ["gif", "srt", "mxf", "mp3", "vtt"])
    func containersReelDoesNotTrimIntoAreRefusedUpFront(ext: String) async throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let out = "\(dir)/out.\(ext)"
        await #expect(throws: MediaError.outputNotWritable(
            path: out, reason: "Reel cannot trim into a .\(ext) file; use .mp4, .mov, .mkv, .webm, .ts, .avi or .flv")) {
            _ = try await MediaFile(Self.source).trim(from: MediaTime(milliseconds: 1000), to: MediaTime(milliseconds: 2000), output: out)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).isEmpty)
    }

    @Test func anFLVTrimReportsItsTwoStreams() async throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let out = dir + "/out.flv"
        let result = try await MediaFile(Self.source).trim(from: MediaTime(milliseconds: 1000), to: MediaTime(milliseconds: 2000), output: out)
        let streams = try SampleMedia.ffprobe(out)["streams"] as? [[String: Any]] ?? []
        #expect(streams.count == 2)
        #expect(result.streamsWritten == 2)
    }

    @Test func anAVITrimKeepsTheFrameRate() async throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let out = dir + "/out.avi"
        let result = try await MediaFile(Self.source).trim(from: MediaTime(milliseconds: 1000), to: MediaTime(milliseconds: 2000), output: out)
        let data = try SampleMedia.run("ffprobe", ["-v", "error", "-select_streams", "v:0", "-count_packets", "-show_entries",
                                                   "stream=avg_frame_rate,r_frame_rate,nb_read_packets", "-of", "json", out])
        let stream = try #require(((try JSONSerialization.jsonObject(with: data) as? [String: Any])?["streams"] as? [[String: Any]])?.first)
        #expect(stream["avg_frame_rate"] as? String == "25/1")
        #expect(stream["r_frame_rate"] as? String == "25/1")
        // As many frames as the trim's duration holds at 25 fps, no padding.
        let packets = Int(stream["nb_read_packets"] as? String ?? "") ?? -1
        #expect(abs(packets - Int((result.duration.seconds * 25).rounded())) <= 1, "\(packets) packets for \(result.duration.seconds) s")
    }

    /// A variable-frame-rate source still trims into AVI (frames that round to the same frame tick move on by one).
    @Test func aVariableRateSourceTrimsIntoAVI() async throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let out = dir + "/vfr.avi"
        let result = try await MediaFile(SampleMedia.path("doctor-vfr.mp4")).trim(
            from: MediaTime(milliseconds: 1000), to: MediaTime(milliseconds: 4000), output: out)
        #expect(result.streamsWritten == (try SampleMedia.ffprobe(out)["streams"] as? [[String: Any]] ?? []).count)
        #expect(result.duration.seconds > 2.5)
    }
}

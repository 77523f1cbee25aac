import Foundation
import Media
import Testing

/// Tests `MediaFile.audioLevels()` on the sample footage, on generated tones, and against ffmpeg's `astats`.
struct AudioLevelsTests {
    static let mediaFolder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Media")

    static func sample(_ name: String) -> String { mediaFolder.appendingPathComponent(name).path }

    static let ffmpeg: String? = ["/usr/bin/ffmpeg", "/usr/local/bin/ffmpeg"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    /// Runs ffmpeg and returns its standard error (where `astats` reports).
    static func runFFmpeg(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(ffmpeg))
        process.arguments = ["-hide_banner", "-nostdin"] + arguments
        let errPipe = Pipe()
        process.standardError = errPipe
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let data = errPipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "ffmpeg \(arguments.joined(separator: " ")) failed")
        return String(decoding: data, as: UTF8.self)
    }

    /// Per-channel (peak, RMS) in dB of one audio stream, as ffmpeg's `astats` filter measures them.
    static func astats(_ path: String, audioStream: Int) throws -> [(peak: Double, rms: Double)] {
        let text = try runFFmpeg([
            "-i", path, "-map", "0:a:\(audioStream)",
            "-af", "astats=measure_overall=none:measure_perchannel=Peak_level+RMS_level", "-f", "null", "-",
        ])
        var result: [(Double, Double)] = []
        var peak: Double?
        for line in text.split(separator: "\n") {
            func value() -> Double {
                let v = line.split(separator: ":").last!.trimmingCharacters(in: .whitespaces)
                return v == "-inf" ? -.infinity : Double(v)!
            }
            if line.contains("Peak level dB:") { peak = value() }
            if line.contains("RMS level dB:"), let p = peak {
                result.append((p, value()))
                peak = nil
            }
        }
        return result
    }

    static func expectClose(_ a: Double, _ b: Double, tolerance: Double = 0.05, _ what: String) {
        if a == -.infinity || b == -.infinity {
            #expect(a == b, "\(what): \(a) vs \(b)")
        } else {
            #expect(abs(a - b) <= tolerance, "\(what): \(a) vs \(b)")
        }
    }

    @Test func lavOnOneChannelHasASilentRightChannel() async throws {
        let levels = try await MediaFile(Self.sample("lav-one-channel.mp4")).audioLevels()
        let stream = try #require(levels.first)
        #expect(levels.count == 1)
        #expect(stream.channels.count == 2)
        #expect(stream.channels.map(\.name) == ["FL", "FR"])
        let left = stream.channels[0]
        let right = stream.channels[1]
        #expect(!left.isDigitalSilence)
        #expect(left.peakDBFS > -20 && left.peakDBFS <= 0)
        #expect(left.rmsDBFS > -40 && left.rmsDBFS < left.peakDBFS)
        #expect(right.isDigitalSilence)
        #expect(right.rmsDBFS == -.infinity)
        // About six seconds of 48 kHz audio per channel.
        #expect(abs(stream.durationSeconds - 6) < 0.2, "decoded \(stream.durationSeconds) s")
        #expect(left.sampleCount == right.sampleCount)
    }

    @Test(.enabled(if: ffmpeg != nil), arguments: ["lav-one-channel.mp4", "social-worker-multilang.mkv", "porter-prores.mov", "receptionist.webm"])
    func levelsMatchFFmpegAstats(_ name: String) async throws {
        let path = Self.sample(name)
        let levels = try await MediaFile(path).audioLevels()
        #expect(!levels.isEmpty)
        for (n, stream) in levels.enumerated() {
            let oracle = try Self.astats(path, audioStream: n)
            #expect(oracle.count == stream.channels.count, "\(name) stream \(stream.streamIndex)")
            for (c, channel) in stream.channels.enumerated() where c < oracle.count {
                Self.expectClose(channel.peakDBFS, oracle[c].peak, "\(name) a:\(n) ch\(c) peak")
                Self.expectClose(channel.rmsDBFS, oracle[c].rms, "\(name) a:\(n) ch\(c) RMS")
            }
        }
    }

    @Test func socialWorkerHasTwoAudioStreamsWithTheirIndexes() async throws {
        let info = try await MediaFile(Self.sample("social-worker-multilang.mkv")).probe()
        let levels = try await MediaFile(Self.sample("social-worker-multilang.mkv")).audioLevels()
        #expect(levels.map(\.streamIndex) == info.audioStreams.map(\.index))
        #expect(levels.allSatisfy { $0.channels.allSatisfy { !$0.isDigitalSilence } })
    }

    /// A sine from ffmpeg's `sine` source has amplitude 1/8: peak 20·log10(1/8) = −18.06 dBFS and RMS 3.01 dB lower.
    @Test(.enabled(if: ffmpeg != nil)) func generatedToneHasTheExpectedLevels() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("reel-levels-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let wav = dir.appendingPathComponent("tone.wav").path
        // Left: the tone; right: the tone 20 dB quieter; 16-bit PCM.
        _ = try Self.runFFmpeg([
            "-f", "lavfi", "-i", "sine=frequency=1000:sample_rate=48000:duration=2",
            "-af", "pan=stereo|c0=c0|c1=0.1*c0", "-c:a", "pcm_s16le", "-y", wav,
        ])
        let levels = try await MediaFile(wav).audioLevels()
        let stream = try #require(levels.first)
        #expect(stream.sampleRate == 48000)
        #expect(stream.channels.map(\.sampleCount) == [96000, 96000])
        Self.expectClose(stream.channels[0].peakDBFS, -18.06, tolerance: 0.02, "left peak")
        Self.expectClose(stream.channels[0].rmsDBFS, -21.07, tolerance: 0.02, "left RMS")
        Self.expectClose(stream.channels[1].peakDBFS, -38.06, tolerance: 0.05, "right peak")
        Self.expectClose(stream.channels[1].rmsDBFS, -41.07, tolerance: 0.05, "right RMS")
        #expect(abs(stream.peakDBFS - stream.channels[0].peakDBFS) < 1e-9)
    }

    @Test(.enabled(if: ffmpeg != nil)) func fileWithoutAudioHasNoLevels() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("reel-levels-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let mp4 = dir.appendingPathComponent("mute.mp4").path
        _ = try Self.runFFmpeg(["-f", "lavfi", "-i", "testsrc2=s=160x90:r=10:d=1", "-c:v", "mpeg4", "-an", "-y", mp4])
        #expect(try await MediaFile(mp4).audioLevels().isEmpty)
    }

    @Test func missingAndBrokenFilesThrowMediaErrors() async throws {
        let missing = Self.sample("no-such-file.mp4")
        await #expect(throws: MediaError.fileNotFound(path: missing)) { try await MediaFile(missing).audioLevels() }
        let notes = Self.sample("broken/notes.mp4")
        let error = await #expect(throws: MediaError.self) { try await MediaFile(notes).audioLevels() }
        #expect(error?.description.hasPrefix(notes + ": ") == true)
    }

    @Test func silenceIsWrittenAsNullInJSON() throws {
        let level = ChannelLevel(name: "FR", peakDBFS: -.infinity, rmsDBFS: -.infinity, sampleCount: 10)
        let json = String(decoding: try JSONEncoder().encode(level), as: UTF8.self)
        #expect(json.contains("\"peakDBFS\":null"))
        let back = try JSONDecoder().decode(ChannelLevel.self, from: Data(json.utf8))
        #expect(back == level)
        #expect(ChannelLevel.format(-.infinity) == "silent")
        #expect(ChannelLevel.format(-12.345) == "-12.3 dBFS")
    }
}

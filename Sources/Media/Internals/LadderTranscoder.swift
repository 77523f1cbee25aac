internal import CFFmpeg
import Foundation

/// Encodes every rung of an HLS ladder in one pass: the source is read and decoded once, and each decoded frame
/// goes to every rung's own filter graph and encoder (`EncodeLane` with one `EncodeBranch` per rung), each rung's
/// video encoder on its own thread. Before, each rung read and decoded the whole source again.
///
/// Writes the main video stream and, when given, one audio stream, from the start of the file to its end; every
/// other source stream is skipped unread (`AVDISCARD_ALL`).
final class LadderTranscoder {
    /// One rung's output and what it encodes.
    struct Rung {
        var output: OutputFile
        var video: EncoderSettings
        var audio: EncoderSettings?
        /// Muxer options (`hls_time`, `hls_segment_filename`…).
        var muxerOptions: [String: String]
    }

    let input: InputFile
    let videoStream: Int
    let audioStream: Int?
    let rungs: [Rung]

    /// `input` must be freshly opened (nothing read yet); no rung's output may have its header written. Every rung
    /// has audio settings when `audioStream` is set.
    init(input: InputFile, videoStream: Int, audioStream: Int?, rungs: [Rung]) {
        precondition(!rungs.isEmpty, "a ladder has at least one rung")
        precondition(audioStream == nil || rungs.allSatisfy { $0.audio != nil }, "every rung encodes the audio")
        self.input = input
        self.videoStream = videoStream
        self.audioStream = audioStream
        self.rungs = rungs
    }

    /// Writes every rung and finishes each output; on any error or cancellation discards them all.
    ///
    /// Returns each rung's duration in seconds (the end of its last audio or video packet). `progress` receives
    /// 0…1 by the video's position in the file. Throws `MediaError` as `Transcoder.run` does; `.cancelled` names
    /// the first rung's output.
    func run(cancel: CancellationFlag, progress: ((Double) -> Void)?) throws(MediaError) -> [Double] {
        do {
            return try runUnguarded(cancel: cancel, progress: progress)
        } catch {
            for rung in rungs { rung.output.discard() }
            throw error
        }
    }

    private func runUnguarded(cancel: CancellationFlag, progress: ((Double) -> Void)?) throws(MediaError) -> [Double] {
        let origin = Transcoder.clockOrigin(of: input)
        let window = CutWindow(start: origin, end: nil)
        for i in 0..<input.streamCount where i != videoStream && i != audioStream {
            input.stream(i).pointee.discard = AVDISCARD_ALL
        }
        // Lanes in source order, so each rung's output streams come in the order a single-output publish writes them.
        var lanes: [EncodeLane] = []
        for index in [videoStream, audioStream].compactMap({ $0 }).sorted() {
            var outputs: [(settings: EncoderSettings, output: OutputFile)] = []
            for rung in rungs {
                outputs.append((index == videoStream ? rung.video : rung.audio!, rung.output))
            }
            let lane = try EncodeLane(input: input, index: index, outputs: outputs, window: window)
            for (branch, rung) in zip(lane.branches, rungs) {
                StreamFacts.copyStreamFacts(from: input.stream(index), to: rung.output.stream(branch.outputIndex))
            }
            lanes.append(lane)
        }
        for rung in rungs {
            StreamFacts.copyTags(input.pointer.pointee.metadata, into: &rung.output.pointer.pointee.metadata)
            try rung.output.writeHeader(options: rung.muxerOptions)
        }

        let total = max(0.001, Transcoder.clockDuration(of: input)?.seconds ?? 0)
        let progressLane = lanes.first { $0.inputIndex == videoStream }!
        let first = rungs[0].output.path
        var reported = -1.0
        let packet = Packet()
        while !lanes.allSatisfy(\.isDone) {
            if cancel.isCancelled { throw .cancelled(path: first) }
            let more: Bool
            do { more = try input.read(into: packet) } catch {
                throw .ffmpeg(path: input.path, operation: "reading", error: error)
            }
            guard more else { break }
            if let lane = lanes.first(where: { $0.inputIndex == packet.streamIndex }), !lane.isDone { try lane.handle(packet) }
            packet.unref()
            if let progress {
                let fraction = min(1, max(0, progressLane.position / total))
                if fraction - reported >= 0.005 {
                    reported = fraction
                    progress(fraction)
                }
            }
        }
        for lane in lanes {
            if cancel.isCancelled { throw .cancelled(path: first) }
            try lane.finish()
        }
        if cancel.isCancelled { throw .cancelled(path: first) }
        for rung in rungs { try rung.output.finish(overwrite: true) }
        progress?(1)
        return rungs.indices.map { i in lanes.map { $0.branches[i].writtenEnd ?? 0 }.max() ?? 0 }
    }
}

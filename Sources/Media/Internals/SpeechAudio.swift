internal import CFFmpeg
import Foundation

/// A file's main audio stream as 16 kHz mono 32-bit float samples (what whisper.cpp takes), decoded and resampled
/// in-process through a libavfilter graph (`aresample=16000`, `aformat=flt:mono`).
struct SpeechAudio {
    var samples: [Float]
    /// The input audio's length (ms).
    var durationMs: Int64
    /// Where the first sample lies on the clip's clock (ms).
    var offsetMs: Int64

    static func decode(_ path: String, cancellation: CancellationFlag) throws -> SpeechAudio {
        var samples: [Float] = []
        var offset: Int64? = nil
        let runner = AudioGraphRunner(filter: "aresample=16000", sampleFormat: AV_SAMPLE_FMT_FLT)
        let outcome = try runner.run(path, cancellation: cancellation) { frame, startMs, _ in
            let f = frame.pointer.pointee
            guard f.nb_samples > 0, let data = f.extended_data?[0] else { return }
            if offset == nil { offset = startMs }
            let buffer = UnsafeBufferPointer(start: UnsafeRawPointer(data).assumingMemoryBound(to: Float.self), count: Int(f.nb_samples))
            samples.append(contentsOf: buffer)
        }
        return SpeechAudio(samples: samples, durationMs: outcome.durationMs, offsetMs: offset ?? 0)
    }
}

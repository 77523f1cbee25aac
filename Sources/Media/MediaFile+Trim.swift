internal import CFFmpeg
import Foundation

extension MediaFile {
    /// Cuts [from, to) into `output`.
    ///
    /// Times are measured from the first timestamp of the main video stream (the container's start time when
    /// there is no video), so the first frame is at 0 — the clock thumbnails use. In `.copy` mode every stream is copied without re-encoding and the in point snaps
    /// back to the video keyframe at or before `from` (`TrimResult.actualFrom`); in `.accurate` mode video is
    /// re-encoded (H.264 CRF 18, or VP9 for `.webm`) and audio too (AAC, or Opus for `.webm`) so the output
    /// starts on the frame showing at `from` and audio is cut to the sample. Subtitles, languages,
    /// dispositions, rotation and timecode are kept; in both modes, text subtitles MP4/MOV cannot hold (SubRip,
    /// WebVTT, ASS) are decoded (`avcodec_decode_subtitle2`) and written as `mov_text`, their cues shifted and
    /// clipped to the range; bitmap subtitles (DVD, PGS) are refused there. The container comes from `output`'s extension
    /// (`av_guess_format`); MP4/MOV are written with their index first (faststart).
    ///
    /// The file is written under a temporary name in the destination folder and renamed into place only when
    /// complete; on any error or cancellation nothing is left behind. `progress` gets 0…1 by position, on a
    /// background thread.
    ///
    /// Throws `MediaError`: `.invalidRange` when `to <= from`; `.timeOutOfRange` when `from` is at or after the
    /// end or `to` lies more than one frame past it; the input errors of `probe()`; `.outputNotWritable`
    /// (missing or read-only folder, unknown extension, output is the input, a container Reel does not trim into such
    /// as `.gif`, `.srt` or `.mxf`, streams the container cannot hold); `.outputExists` without `overwrite`; `.cancelled` when the task is cancelled; `.ffmpeg` otherwise.
    public func trim(
        from: MediaTime, to: MediaTime, mode: TrimMode = .copy, output: String, overwrite: Bool = false,
        progress: (@Sendable (Double) -> Void)? = nil
    ) async throws -> TrimResult {
        let path = self.path
        return try await runBlocking { flag in
            try MediaFile.trimNow(
                path, from: from, to: to, mode: mode, output: output, overwrite: overwrite, cancel: flag, progress: progress)
        }
    }

    /// The synchronous body of `trim(from:to:mode:output:overwrite:progress:)`.
    static func trimNow(
        _ path: String, from: MediaTime, to: MediaTime, mode: TrimMode, output outputPath: String, overwrite: Bool,
        cancel: CancellationFlag, progress: ((Double) -> Void)?
    ) throws(MediaError) -> TrimResult {
        if to <= from { throw .invalidRange(path: path, from: from, to: to) }
        if from < .zero { throw .timeOutOfRange(path: path, time: from, duration: nil) }
        let input = try InputFile(path: path)
        try TrimPlanner.checkRange(input, from: from, to: to)
        if cancel.isCancelled { throw .cancelled(path: outputPath) }
        let output = try OutputFile(path: outputPath, overwrite: overwrite, inputPath: path)
        try TrimPlanner.checkContainer(output)
        let (actions, dropped) = try TrimPlanner.actions(input, output: output, mode: mode)
        let request = TranscodeRequest(actions: actions, start: from, end: to)
        let summary = try Transcoder(input: input, output: output, request: request)
            .run(overwrite: overwrite, cancel: cancel, progress: progress)
        return TrimResult(
            output: outputPath, mode: mode, requestedFrom: from, requestedTo: to, actualFrom: summary.start,
            actualTo: summary.start + summary.duration, duration: summary.duration, streamsWritten: summary.streamsWritten,
            timecode: summary.timecode, droppedStreams: dropped)
    }
}

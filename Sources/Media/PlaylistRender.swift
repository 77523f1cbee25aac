internal import CFFmpeg
import Foundation

/// Renders `pieces` one after another into one MP4 at `output` with `preset`'s video and audio settings, through the
/// same decode → cut → filter → encode pipeline as `publish`; also writes a `.vtt` sidecar beside it when there are
/// captions.
///
/// Every piece is cut frame-exactly like an accurate trim, turned upright, deinterlaced and tone-mapped as
/// publishing does, fitted into the preset's box (padded with black to exactly that size, square pixels) at
/// `frameRate`; its sound gets the silent-channel fold and its own gain so every speaker lands at the preset's
/// loudness target (measured per piece with `ebur128`), then a true-peak limiter. A piece without sound is silent.
/// Each piece becomes a chapter (`AVChapter`, titled with its `title`); captions are shifted onto the output's
/// clock and muxed as `mov_text`. With `lowerThirds`, each piece's `lowerThird` is drawn bottom-left for 4 seconds
/// from the piece's first frame that is not black (`blackdetect`; `drawtext`, DejaVu Sans). The file is written under a temporary name and renamed into place with its
/// index at the front; cancelling leaves nothing. `leftOut` is passed through to the report. `progress` gets 0…1.
///
/// Throws `MediaError`: a piece file's open errors, `.noVideoStream`, `.outputNotWritable` (including a preset
/// that is not an MP4 video preset, or no pieces), `.cancelled`, `.ffmpeg`.
public func renderPlaylist(
    _ pieces: [RenderPiece], preset: Preset, to output: String, lowerThirds: Bool = false, overwrite: Bool = false,
    frameRate: Int = 25, threads: Int = 0, leftOut: [String] = [], progress: (@Sendable (Double) -> Void)? = nil
) async throws -> RenderReport {
    guard preset.kind == .mp4, let video = preset.video else {
        throw MediaError.outputNotWritable(path: output, reason: "preset '\(preset.name)' does not make one MP4 video")
    }
    guard !pieces.isEmpty else { throw MediaError.outputNotWritable(path: output, reason: "nothing to render: the playlist is empty") }
    let vtt = (output as NSString).deletingPathExtension + ".vtt"
    AtomicFile.removeLeftovers(of: output)
    AtomicFile.removeLeftovers(of: vtt)
    var (report, cues) = try await runBlocking { flag in
        try PlaylistRenderer(
            pieces: pieces, preset: preset, video: video, output: output, lowerThirds: lowerThirds, overwrite: overwrite,
            frameRate: Int32(max(1, min(120, frameRate))), threads: threads, cancel: flag, progress: progress
        ).run()
    }
    report.leftOut = leftOut
    if !cues.isEmpty {
        try AtomicFile.write(Data(CaptionTrack.webVTT(cues).utf8), to: vtt)
        report.captionsFile = vtt
    }
    try Task.checkCancellation()
    progress?(1)
    return report
}

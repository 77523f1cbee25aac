import Foundation

extension MediaFile {
    /// Finds black picture and silence at the start and end of the file, with libavfilter's `blackdetect` and
    /// `silencedetect` run in-process on the main video and audio streams (see `BlackAndSilence` for the thresholds).
    ///
    /// Made to run at import for every clip: the head is decoded only until the picture and the sound have begun,
    /// each stream's tail from shortly before the end (further back while the black or silence reaches the window's
    /// start), the picture with reference frames only and without the loop filter.
    /// A file with neither stream gives an empty result. Runs off the cooperative pool; cancelling stops it between
    /// packets. Throws `MediaError` (missing, not media, truncated, no decoder, cancelled, FFmpeg failures).
    public func blackAndSilence() async throws -> BlackAndSilence {
        let path = self.path
        return try await runBlocking { flag in try EdgeScan.analyse(path, cancel: flag) }
    }

    /// When the first frame that is not black is shown at or after `from` (on the clip's clock, 0 = its first frame),
    /// looking no further than `to`: where a lower third over a piece starting at `from` should begin. Nil when every
    /// frame in between is black. Throws `MediaError`, including `.noVideoStream`.
    public func firstPicture(from: MediaTime = .zero, to: MediaTime) async throws -> MediaTime? {
        let path = self.path
        let seconds = try await runBlocking { flag in try EdgeScan.firstPicture(path, from: from.seconds, to: to.seconds, cancel: flag) }
        return seconds.map { MediaTime(milliseconds: Int64(($0 * 1000).rounded())) }
    }
}

import Foundation

/// Black picture and silence at the start (head) and end (tail) of a file, as libavfilter's `blackdetect` and
/// `silencedetect` find them.
///
/// Produced by `MediaFile.blackAndSilence()`. Times are milliseconds on the clip's clock (0 = the first frame, as
/// `RenderPiece.from` and thumbnails count). A head or tail of 0 means none was found. Black is a frame whose luma is
/// at least 98 % below 10 % of the video range (`blackdetect=pix_th=0.10:pic_th=0.98`); silence is at least
/// `BlackAndSilence.minimumSilenceMs` of samples below −60 dBFS on every channel of the main audio stream
/// (`silencedetect=n=-60dB`), so a shorter pause never counts.
public struct BlackAndSilence: Sendable, Codable, Equatable {
    /// How long the picture stays black from the first frame, in ms (0: the first frame is not black).
    public var blackHeadMs: Int64
    /// How long the picture is black before the end of the video, in ms (0: the last frame is not black).
    public var blackTailMs: Int64
    /// How long the main audio stream is silent from the start of the clip, in ms (0: sound within
    /// `minimumSilenceMs`).
    public var silentHeadMs: Int64
    /// How long the main audio stream is silent before its end, in ms.
    public var silentTailMs: Int64
    /// Where the first frame that is not black is shown, in ms; nil when every frame is black or there is no video.
    public var firstPictureMs: Int64?
    /// Every frame is black.
    public var allBlack: Bool
    /// The main audio stream is silent throughout.
    public var allSilent: Bool
    /// Whether a video stream was analysed.
    public var hasVideo: Bool
    /// Whether an audio stream was analysed.
    public var hasAudio: Bool

    /// The shortest stretch of quiet that counts as silence, in ms (`silencedetect`'s `d`).
    public static let minimumSilenceMs: Int64 = 500

    /// Makes a value from its parts.
    public init(
        blackHeadMs: Int64 = 0, blackTailMs: Int64 = 0, silentHeadMs: Int64 = 0, silentTailMs: Int64 = 0, firstPictureMs: Int64? = 0,
        allBlack: Bool = false, allSilent: Bool = false, hasVideo: Bool = true, hasAudio: Bool = true
    ) {
        self.blackHeadMs = blackHeadMs
        self.blackTailMs = blackTailMs
        self.silentHeadMs = silentHeadMs
        self.silentTailMs = silentTailMs
        self.firstPictureMs = firstPictureMs
        self.allBlack = allBlack
        self.allSilent = allSilent
        self.hasVideo = hasVideo
        self.hasAudio = hasAudio
    }
}

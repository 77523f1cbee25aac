import Foundation

/// What `renderPlaylist` wrote: the file, its chapters, and what was done to each piece's sound.
public struct RenderReport: Sendable, Codable, Equatable {
    /// One piece as it landed in the output.
    public struct Piece: Sendable, Codable, Equatable {
        /// The chapter title.
        public var title: String
        /// The source file.
        public var source: String
        /// Where the piece starts in the output, in milliseconds.
        public var startMs: Int64
        /// Its length in the output, in milliseconds (whole frames at the output rate).
        public var durationMs: Int64
        /// The piece's integrated loudness before the gain, in LUFS; nil when silent, too short to gate or without audio.
        public var measuredLUFS: Double?
        /// The gain applied to reach the preset's target, in dB (0 when nothing could be measured).
        public var gainDB: Double
        /// `left` or `right` when one silent channel was replaced by the live one.
        public var silentChannelFoldedFrom: String?
        /// Whether the source had no audio, so the piece is silent.
        public var silent: Bool
        /// Clockwise degrees the picture was turned.
        public var rotationApplied: Int
    }

    /// The MP4 written.
    public var output: String
    /// Its length in seconds (the sum of the pieces).
    public var durationSeconds: Double
    /// The picture width in pixels (the preset's box).
    public var width: Int
    /// The picture height in pixels.
    public var height: Int
    /// Frames per second of the output.
    public var frameRate: Int
    /// The pieces in order; each is one chapter.
    public var pieces: [Piece]
    /// Caption cues muxed (and written to the `.vtt` sidecar).
    public var captionCount: Int
    /// The WebVTT sidecar, when there were captions.
    public var captionsFile: String?
    /// Lines naming what was left out before the render (passed through from the caller), e.g. withdrawn consent.
    public var leftOut: [String]
}

import Foundation

/// One encoded still picture taken from a video, and where in the video it came from.
///
/// Like `AVAssetImageGenerator`, Reel reports the frame it actually returned: `actualTime` is the
/// presentation time of that frame, which is at or before `requestedTime` and shown until
/// `actualTime + frameDuration`. All times are measured from the start of the video stream
/// (its first frame is at 0), even in files whose timestamps start elsewhere (MPEG-TS often starts at 1.4 s).
public struct Thumbnail: Sendable, Equatable {
    /// The encoded image (JPEG or PNG bytes).
    public var data: Data
    /// The encoding of `data`.
    public var format: ImageFormat
    /// The image width in pixels, after rotation and scaling.
    public var width: Int
    /// The image height in pixels, after rotation and scaling.
    public var height: Int
    /// The time that was asked for; nil for a poster frame, which Reel chose itself.
    public var requestedTime: MediaTime?
    /// The presentation time of the frame returned, from the start of the video stream.
    public var actualTime: MediaTime
    /// How long the frame is shown (until the next frame, or the end of the stream), when known.
    public var frameDuration: MediaTime?

    /// A thumbnail from its parts; Reel's own come from `MediaFile.thumbnail(at:width:format:)` and `posterFrame`.
    public init(
        data: Data, format: ImageFormat, width: Int, height: Int, requestedTime: MediaTime?, actualTime: MediaTime,
        frameDuration: MediaTime?
    ) {
        self.data = data
        self.format = format
        self.width = width
        self.height = height
        self.requestedTime = requestedTime
        self.actualTime = actualTime
        self.frameDuration = frameDuration
    }

    /// Writes the image to `path` atomically: a temporary file in the same folder, then a rename.
    ///
    /// Nothing is left at `path` or beside it on failure. Throws `MediaError.outputNotWritable` (missing or
    /// read-only folder) and, unless `overwrite` is true, `MediaError.outputExists`.
    public func write(to path: String, overwrite: Bool = false) throws(MediaError) {
        try ImageFileWriter.write(data, to: path, overwrite: overwrite)
    }
}

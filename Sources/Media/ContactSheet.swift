import Foundation

/// A grid of frames spread evenly over a clip, each labelled with its time, encoded as one image.
public struct ContactSheet: Sendable, Equatable {
    /// One picture in the grid: which frame it shows and where it sits in the image.
    public struct Tile: Sendable, Equatable {
        /// The tile's position in reading order (left to right, then top to bottom), from 0.
        public var index: Int
        /// The time the tile was meant to show: `(index + 0.5) / count` of the duration.
        public var requestedTime: MediaTime
        /// The presentation time of the frame shown (the frame on screen at `requestedTime`),
        /// from the start of the video stream; this is the time printed on the tile.
        public var time: MediaTime
        /// The tile's left edge in the sheet, in pixels.
        public var x: Int
        /// The tile's top edge in the sheet, in pixels.
        public var y: Int
        /// The tile's width in pixels.
        public var width: Int
        /// The tile's height in pixels.
        public var height: Int

        /// A tile from its parts; Reel's own come from `MediaFile.contactSheet(columns:rows:tileWidth:format:)`.
        public init(index: Int, requestedTime: MediaTime, time: MediaTime, x: Int, y: Int, width: Int, height: Int) {
            self.index = index
            self.requestedTime = requestedTime
            self.time = time
            self.x = x
            self.y = y
            self.width = width
            self.height = height
        }
    }

    /// The encoded image (JPEG or PNG bytes).
    public var data: Data
    /// The encoding of `data`.
    public var format: ImageFormat
    /// The sheet's width in pixels.
    public var width: Int
    /// The sheet's height in pixels.
    public var height: Int
    /// The number of tiles across.
    public var columns: Int
    /// The number of tiles down.
    public var rows: Int
    /// Every tile, in reading order.
    public var tiles: [Tile]
    /// The span the tiles are spread over: from the first video frame to the later of the video's end and the file's end.
    public var duration: MediaTime

    /// A sheet from its parts; Reel's own come from `MediaFile.contactSheet(columns:rows:tileWidth:format:)`.
    public init(
        data: Data, format: ImageFormat, width: Int, height: Int, columns: Int, rows: Int, tiles: [Tile], duration: MediaTime
    ) {
        self.data = data
        self.format = format
        self.width = width
        self.height = height
        self.columns = columns
        self.rows = rows
        self.tiles = tiles
        self.duration = duration
    }

    /// Writes the sheet to `path` atomically: a temporary file in the same folder, then a rename.
    ///
    /// Nothing is left at `path` or beside it on failure. Throws `MediaError.outputNotWritable` (missing or
    /// read-only folder) and, unless `overwrite` is true, `MediaError.outputExists`.
    public func write(to path: String, overwrite: Bool = false) throws(MediaError) {
        try ImageFileWriter.write(data, to: path, overwrite: overwrite)
    }
}

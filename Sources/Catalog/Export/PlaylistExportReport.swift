import Foundation
import Playlists

/// What `PlaylistExporter.export(_:format:to:at:progress:)` wrote, and what it left out.
public struct PlaylistExportReport: Sendable, Equatable {
    /// The format written.
    public var format: PlaylistExportFormat
    /// The file written (absolute).
    public var output: String
    /// The folder of trimmed files beside it, for M3U8 and HTML.
    public var mediaFolder: String?
    /// How many items were exported.
    public var itemCount: Int
    /// The exported running time (ms), on the playlist's timeline.
    public var durationMs: Int64
    /// Items left out because consent is no longer current: say so to the user (`description` of each).
    public var leftOut: [PlaylistLeftOut]
    /// Trimmed files made now, and reused from an earlier export.
    public var trimmed: Int
    /// Trimmed files reused from an earlier export.
    public var reused: Int
    /// Files deleted from the media folder because no exported item uses them any more.
    public var removedMedia: [String]
    /// The pieces made through the web preset because a browser cannot play the clip as trimmed:
    /// `02-c-1a2b3c.mp4 (HDR (smpte2084), 10-bit yuv420p10le)` (HTML only).
    public var converted: [String] = []
    /// The preset such pieces are made through (HTML only).
    public var webPreset: String?

    /// A report from its parts.
    public init(format: PlaylistExportFormat, output: String, mediaFolder: String?, itemCount: Int, durationMs: Int64,
                leftOut: [PlaylistLeftOut], trimmed: Int = 0, reused: Int = 0, removedMedia: [String] = []) {
        self.format = format
        self.output = output
        self.mediaFolder = mediaFolder
        self.itemCount = itemCount
        self.durationMs = durationMs
        self.leftOut = leftOut
        self.trimmed = trimmed
        self.reused = reused
        self.removedMedia = removedMedia
    }
}

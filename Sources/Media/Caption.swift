import Foundation

/// One caption cue for a published video: text shown from `start` to `end` on the output's clock.
///
/// The Catalog module reads SRT/WebVTT sidecars and catalogue captions into these; Media muxes them as a text
/// track (`mov_text` in MP4) and writes them as a WebVTT sidecar.
public struct Caption: Sendable, Codable, Equatable {
    /// When the cue appears.
    public var start: MediaTime
    /// When it disappears (exclusive).
    public var end: MediaTime
    /// The text; lines separated by `\n`.
    public var text: String

    public init(start: MediaTime, end: MediaTime, text: String) {
        self.start = start
        self.end = end
        self.text = text
    }
}

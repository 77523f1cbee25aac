import Foundation

/// One recognised word and when it is spoken, in milliseconds from the start of the clip.
public struct TimedWord: Sendable, Codable, Equatable {
    /// The word as the recogniser wrote it.
    public var text: String
    /// Where it starts (ms).
    public var startMs: Int64
    /// Where it ends (ms); never before `startMs`.
    public var endMs: Int64

    /// Makes a value from its parts; an end before the start is moved to the start.
    public init(text: String, startMs: Int64, endMs: Int64) {
        self.text = text
        self.startMs = startMs
        self.endMs = max(startMs, endMs)
    }
}

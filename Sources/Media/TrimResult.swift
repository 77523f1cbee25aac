/// How a trim cuts the file.
public enum TrimMode: String, Sendable, Codable, CaseIterable {
    /// Stream copy of every stream, no re-encoding: fast and lossless, but the in point snaps back to the
    /// video keyframe at or before the requested time.
    case copy
    /// Re-encodes video and audio so the cut lands on the exact frame and audio sample asked for;
    /// subtitles are carried with their times shifted (text subtitles become mov_text in MP4/MOV).
    case accurate
}

/// What a trim actually wrote: the range it landed on, which may differ from the one asked for.
///
/// All times are on the source's clock as `MediaFile.trim(from:to:...)` takes them: from the first timestamp
/// of the main video stream (the container's start time when there is no video).
public struct TrimResult: Sendable, Codable, Equatable {
    /// A source stream that was left out of the output, and why.
    public struct DroppedStream: Sendable, Codable, Equatable {
        /// The stream's index in the source file.
        public var index: Int
        /// What kind of stream it is.
        public var type: StreamType
        /// The codec or tag name, e.g. `tmcd` or `bin_data`.
        public var codec: String
        /// Why it was not written, in words a user understands.
        public var reason: String

        /// A dropped-stream record (Reel makes these; public for tests and callers that build results).
        public init(index: Int, type: StreamType, codec: String, reason: String) {
            self.index = index
            self.type = type
            self.codec = codec
            self.reason = reason
        }
    }

    /// The path written (the final name, not the temporary one).
    public var output: String
    /// How the cut was made.
    public var mode: TrimMode
    /// The in point asked for.
    public var requestedFrom: MediaTime
    /// The out point asked for.
    public var requestedTo: MediaTime
    /// Where the output really starts: in copy mode the keyframe the in point snapped to
    /// (never after `requestedFrom`), in accurate mode `requestedFrom` itself.
    public var actualFrom: MediaTime
    /// Where the output really ends: `actualFrom + duration`.
    public var actualTo: MediaTime
    /// The length of the output, the longest of its audio and video streams.
    public var duration: MediaTime
    /// How many streams the finished output holds as FFmpeg reads it back, including tracks the muxer adds
    /// itself (a QuickTime timecode track, an MP4 chapter track).
    public var streamsWritten: Int
    /// The timecode of the output's first frame (`HH:MM:SS:FF`), when the source carried one.
    public var timecode: String?
    /// Source streams the output container cannot hold and that were therefore left out.
    public var droppedStreams: [DroppedStream]

    /// A trim result; `MediaFile.trim(from:to:mode:output:overwrite:progress:)` makes these.
    public init(
        output: String, mode: TrimMode, requestedFrom: MediaTime, requestedTo: MediaTime, actualFrom: MediaTime,
        actualTo: MediaTime, duration: MediaTime, streamsWritten: Int, timecode: String? = nil,
        droppedStreams: [DroppedStream] = []
    ) {
        self.output = output
        self.mode = mode
        self.requestedFrom = requestedFrom
        self.requestedTo = requestedTo
        self.actualFrom = actualFrom
        self.actualTo = actualTo
        self.duration = duration
        self.streamsWritten = streamsWritten
        self.timecode = timecode
        self.droppedStreams = droppedStreams
    }
}

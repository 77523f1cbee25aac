import Foundation

/// What `MediaFile.publish` wrote for one source, saved as JSON beside the output (`NAME.json`).
///
/// A later run reads it back to skip work already done: the output is current when the report names the same
/// source checksum and an equal preset (`isCurrent(checksum:preset:)`) and the output file is still there.
public struct PublishReport: Sendable, Codable, Equatable {
    /// Integrated loudness and true peak of the programme audio.
    public struct Loudness: Sendable, Codable, Equatable {
        /// Integrated loudness in LUFS; nil when too short or silent to measure.
        public var integratedLUFS: Double?
        /// The highest true peak in dBTP; nil for silence.
        public var truePeakDBTP: Double?

        public init(integratedLUFS: Double?, truePeakDBTP: Double?) {
            self.integratedLUFS = integratedLUFS
            self.truePeakDBTP = truePeakDBTP
        }
    }

    /// One rendition of an HLS output, as written.
    public struct Rendition: Sendable, Codable, Equatable {
        /// The ladder step's name, which is also its folder (`720p`).
        public var name: String
        /// The variant playlist, relative to the master playlist (`720p/index.m3u8`).
        public var playlist: String
        /// The picture size written.
        public var width: Int
        public var height: Int
        /// The highest bit rate of one segment, in bits per second (the master playlist's `BANDWIDTH`).
        public var peakBitRate: Int
        /// The mean bit rate over all segments, in bits per second (`AVERAGE-BANDWIDTH`).
        public var averageBitRate: Int
        /// How many segments the rendition has.
        public var segmentCount: Int
        /// The longest segment, in seconds.
        public var longestSegmentSeconds: Double
        /// The RFC 6381 codecs of the rendition (`avc1.640028,mp4a.40.2`).
        public var codecs: String

        public init(
            name: String, playlist: String, width: Int, height: Int, peakBitRate: Int, averageBitRate: Int, segmentCount: Int,
            longestSegmentSeconds: Double, codecs: String
        ) {
            self.name = name
            self.playlist = playlist
            self.width = width
            self.height = height
            self.peakBitRate = peakBitRate
            self.averageBitRate = averageBitRate
            self.segmentCount = segmentCount
            self.longestSegmentSeconds = longestSegmentSeconds
            self.codecs = codecs
        }
    }

    /// The source file as given.
    public var source: String
    /// The source's content checksum (the caller's hasher, e.g. the catalogue's XXH64).
    public var sourceChecksum: String
    /// The preset, in full: a changed preset means the output is out of date.
    public var preset: Preset
    /// The main output (MP4, M4A, or the HLS master playlist).
    public var output: String
    /// The output's size in bytes (for HLS: every file of the folder).
    public var outputSize: Int64
    /// The output's duration in seconds.
    public var durationSeconds: Double
    /// The picture size written (0 for audio-only).
    public var width: Int
    public var height: Int
    /// Clockwise degrees the picture was turned to stand upright (0 when it already did).
    public var rotationApplied: Int
    public var deinterlaced: Bool
    public var toneMapped: Bool
    /// `left`/`right` when a silent channel was replaced by the other, centred; nil otherwise.
    public var silentChannelFoldedFrom: String?
    /// Gain applied before the limiter, in dB.
    public var gainDB: Double
    /// The source's loudness (after any fold), and the output's, both measured with `ebur128`.
    public var loudnessBefore: Loudness?
    public var loudnessAfter: Loudness?
    /// How many caption cues were muxed (0 when the clip has none).
    public var captionCount: Int
    /// The WebVTT sidecar, when captions were written.
    public var captionsFile: String?
    /// The poster JPEG, when one was written.
    public var posterFile: String?
    /// The libavfilter chains used, for the record.
    public var videoFilter: String?
    public var audioFilter: String?
    /// Things a publisher should know (e.g. no captions).
    public var warnings: [String]
    /// When the output was finished.
    public var finishedAt: Date
    /// HLS only: the renditions written, largest first (nil for MP4 and M4A outputs).
    public var renditions: [Rendition]? = nil

    public init(
        source: String, sourceChecksum: String, preset: Preset, output: String, outputSize: Int64, durationSeconds: Double,
        width: Int, height: Int, rotationApplied: Int, deinterlaced: Bool, toneMapped: Bool, silentChannelFoldedFrom: String?,
        gainDB: Double, loudnessBefore: Loudness?, loudnessAfter: Loudness?, captionCount: Int, captionsFile: String?,
        posterFile: String?, videoFilter: String?, audioFilter: String?, warnings: [String], finishedAt: Date
    ) {
        self.source = source
        self.sourceChecksum = sourceChecksum
        self.preset = preset
        self.output = output
        self.outputSize = outputSize
        self.durationSeconds = durationSeconds
        self.width = width
        self.height = height
        self.rotationApplied = rotationApplied
        self.deinterlaced = deinterlaced
        self.toneMapped = toneMapped
        self.silentChannelFoldedFrom = silentChannelFoldedFrom
        self.gainDB = gainDB
        self.loudnessBefore = loudnessBefore
        self.loudnessAfter = loudnessAfter
        self.captionCount = captionCount
        self.captionsFile = captionsFile
        self.posterFile = posterFile
        self.videoFilter = videoFilter
        self.audioFilter = audioFilter
        self.warnings = warnings
        self.finishedAt = finishedAt
    }

    /// Whether this report describes `checksum` published with `preset`, and its output still exists.
    public func isCurrent(checksum: String, preset: Preset) -> Bool {
        sourceChecksum == checksum && self.preset == preset && FileManager.default.fileExists(atPath: output)
    }

    /// Reads a report; nil when the file is missing or not a report (an old or damaged one is simply redone).
    public static func load(from path: String) -> PublishReport? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try? decoder.decode(PublishReport.self, from: data)
    }

    /// The report as pretty-printed JSON (sorted keys, ISO 8601 dates).
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return try encoder.encode(self)
    }
}

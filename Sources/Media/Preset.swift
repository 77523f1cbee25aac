import Foundation

/// A named recipe for publishing: container, picture box and H.264 rate control, AAC audio and a loudness target.
///
/// The team edits presets in `Catalog/presets.yaml` (read by `PresetLibrary` in the Catalog module); `Preset`
/// itself is a plain value the Media module turns into encoder settings and a filter graph.
public struct Preset: Sendable, Codable, Equatable {
    /// What kind of output the preset makes.
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// One MP4 (H.264 + AAC, index at the front).
        case mp4
        /// An HLS folder: one rendition per ladder step and a `master.m3u8`.
        case hls
        /// Audio only, in an M4A (AAC) file.
        case audio
    }

    /// H.264 settings (libx264).
    public struct Video: Sendable, Codable, Equatable {
        /// The largest picture, as landscape width × height; a portrait clip fits the same box turned on its side
        /// (long side ≤ `maxWidth`, short side ≤ `maxHeight`). Nil keeps the source's size. Never scales up.
        public var maxWidth: Int?
        /// See `maxWidth`.
        public var maxHeight: Int?
        /// libx264 constant rate factor (quality; lower is better, 18–28 is usual).
        public var crf: Int
        /// The peak bit rate cap in kbit/s (`maxrate`), or nil for none.
        public var maxRateKbps: Int?
        /// The VBV buffer in kbit (`bufsize`), or nil for twice `maxRateKbps`.
        public var bufferKbits: Int?
        /// Seconds between keyframes (GOP length).
        public var gopSeconds: Double
        /// The H.264 profile (`high`, `main`, `baseline`).
        public var profile: String
        /// The libx264 speed preset (`veryfast`, `medium`, `slow`…).
        public var speed: String

        public init(
            maxWidth: Int?, maxHeight: Int?, crf: Int, maxRateKbps: Int? = nil, bufferKbits: Int? = nil, gopSeconds: Double = 2,
            profile: String = "high", speed: String = "veryfast"
        ) {
            self.maxWidth = maxWidth
            self.maxHeight = maxHeight
            self.crf = crf
            self.maxRateKbps = maxRateKbps
            self.bufferKbits = bufferKbits
            self.gopSeconds = gopSeconds
            self.profile = profile
            self.speed = speed
        }
    }

    /// AAC-LC settings.
    public struct Audio: Sendable, Codable, Equatable {
        /// Bit rate in kbit/s.
        public var bitRateKbps: Int
        /// Sample rate in hertz.
        public var sampleRate: Int
        /// 1 (mono) or 2 (stereo).
        public var channels: Int

        public init(bitRateKbps: Int = 160, sampleRate: Int = 48_000, channels: Int = 2) {
            self.bitRateKbps = bitRateKbps
            self.sampleRate = sampleRate
            self.channels = channels
        }
    }

    /// The loudness every output is normalised to (two passes: measure with `ebur128`, then gain and limit).
    public struct Loudness: Sendable, Codable, Equatable {
        /// Integrated loudness target in LUFS (−16 for the web, −23 for EBU R128 broadcast/archive).
        public var integratedLUFS: Double
        /// The true-peak ceiling in dBTP.
        public var truePeakDBTP: Double

        public init(integratedLUFS: Double = -16, truePeakDBTP: Double = -1) {
            self.integratedLUFS = integratedLUFS
            self.truePeakDBTP = truePeakDBTP
        }
    }

    /// One step of an HLS ladder.
    public struct Rendition: Sendable, Codable, Equatable {
        /// The folder name of the rendition (`1080p`).
        public var name: String
        /// The rendition's video settings (box and rate cap).
        public var video: Video
        /// The rendition's AAC bit rate in kbit/s.
        public var audioBitRateKbps: Int

        public init(name: String, video: Video, audioBitRateKbps: Int) {
            self.name = name
            self.video = video
            self.audioBitRateKbps = audioBitRateKbps
        }
    }

    /// The preset's name, as typed after `--preset`.
    public var name: String
    /// A sentence for `reel publish --help` and listings.
    public var summary: String
    public var kind: Kind
    /// Video settings; nil for `audio` presets.
    public var video: Video?
    public var audio: Audio
    public var loudness: Loudness
    /// HLS only: the ladder, largest first.
    public var renditions: [Rendition]
    /// HLS only: the target segment length in seconds.
    public var segmentSeconds: Double
    /// Whether `publish` keeps the source's chapters (`chapters: keep` in presets.yaml). Off for web outputs: an
    /// MP4 muxer writes chapters as a QuickTime text track, a data stream (`bin_data`) browsers do not use.
    public var keepsChapters: Bool

    public init(
        name: String, summary: String, kind: Kind, video: Video?, audio: Audio = Audio(), loudness: Loudness = Loudness(),
        renditions: [Rendition] = [], segmentSeconds: Double = 6, keepsChapters: Bool = false
    ) {
        self.name = name
        self.summary = summary
        self.kind = kind
        self.video = video
        self.audio = audio
        self.loudness = loudness
        self.renditions = renditions
        self.segmentSeconds = segmentSeconds
        self.keepsChapters = keepsChapters
    }

    private enum CodingKeys: String, CodingKey {
        case name, summary, kind, video, audio, loudness, renditions, segmentSeconds, keepsChapters
    }

    /// Decodes a preset; one stored by an older Reel (in a publish report) has no `keepsChapters` and did keep them.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        summary = try c.decode(String.self, forKey: .summary)
        kind = try c.decode(Kind.self, forKey: .kind)
        video = try c.decodeIfPresent(Video.self, forKey: .video)
        audio = try c.decode(Audio.self, forKey: .audio)
        loudness = try c.decode(Loudness.self, forKey: .loudness)
        renditions = try c.decode([Rendition].self, forKey: .renditions)
        segmentSeconds = try c.decode(Double.self, forKey: .segmentSeconds)
        keepsChapters = try c.decodeIfPresent(Bool.self, forKey: .keepsChapters) ?? true
    }

    /// The file extension of the main output (`mp4`, `m4a`; `m3u8` for the HLS master playlist).
    public var fileExtension: String {
        switch kind {
        case .mp4: return "mp4"
        case .hls: return "m3u8"
        case .audio: return "m4a"
        }
    }
}

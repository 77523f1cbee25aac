import Foundation

/// Everything Reel knows about a media file after probing it: plain values, safe to store and share.
public struct MediaInfo: Sendable, Codable, Equatable {
    /// The path the file was probed at.
    public var path: String
    /// FFmpeg's short container name, e.g. `mov,mp4,m4a,3gp,3g2,mj2`.
    public var container: String
    /// The container's long name, e.g. `QuickTime / MOV`.
    public var containerLongName: String
    /// The duration, when the container knows it.
    public var duration: MediaTime?
    /// The presentation time of the first frame, when known.
    public var startTime: MediaTime?
    /// The size in bytes.
    public var size: Int64
    /// The overall bit rate in bits per second, when known.
    public var bitRate: Int64?
    /// When the recording was made, from the `creation_time` tag.
    public var creationTime: Date?
    /// Camera or phone maker (`make`, `com.apple.quicktime.make`).
    public var make: String?
    /// Camera or phone model.
    public var model: String?
    /// The software that wrote the file (`encoder`).
    public var encoder: String?
    /// ISO 6709 location (`location`, `com.apple.quicktime.location.ISO6709`).
    public var location: String?
    /// The start timecode (tmcd track or `timecode` tag), `HH:MM:SS:FF`.
    public var timecode: String?
    /// All container-level tags.
    public var tags: [String: String]
    /// Chapters, in order.
    public var chapters: [Chapter]
    /// Every stream, in file order.
    public var streams: [StreamInfo]

    public init(
        path: String, container: String, containerLongName: String, duration: MediaTime?, startTime: MediaTime?,
        size: Int64, bitRate: Int64?, creationTime: Date?, make: String?, model: String?, encoder: String?,
        location: String?, timecode: String?, tags: [String: String], chapters: [Chapter], streams: [StreamInfo]
    ) {
        self.path = path
        self.container = container
        self.containerLongName = containerLongName
        self.duration = duration
        self.startTime = startTime
        self.size = size
        self.bitRate = bitRate
        self.creationTime = creationTime
        self.make = make
        self.model = model
        self.encoder = encoder
        self.location = location
        self.timecode = timecode
        self.tags = tags
        self.chapters = chapters
        self.streams = streams
    }

    /// The first video stream that is real picture (not an attached cover image).
    public var videoStream: StreamInfo? {
        streams.first { $0.type == .video && !$0.disposition.contains(.attachedPicture) }
    }

    /// Every audio stream.
    public var audioStreams: [StreamInfo] { streams.filter { $0.type == .audio } }

    /// Every subtitle stream.
    public var subtitleStreams: [StreamInfo] { streams.filter { $0.type == .subtitle } }

    /// The duration in seconds, 0 when unknown.
    public var durationSeconds: Double { duration?.seconds ?? 0 }
}

/// A chapter mark in a file.
public struct Chapter: Sendable, Codable, Equatable {
    public var start: MediaTime
    public var end: MediaTime
    public var title: String?

    public init(start: MediaTime, end: MediaTime, title: String?) {
        self.start = start
        self.end = end
        self.title = title
    }
}

/// The kind of a stream.
public enum StreamType: String, Sendable, Codable, CaseIterable {
    case video, audio, subtitle, data, attachment, unknown
}

/// Stream flags, from FFmpeg's `AV_DISPOSITION_*`.
public struct Disposition: OptionSet, Sendable, Codable, Hashable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    public static let `default` = Disposition(rawValue: 1 << 0)
    public static let attachedPicture = Disposition(rawValue: 1 << 1)
    public static let forced = Disposition(rawValue: 1 << 2)
    public static let hearingImpaired = Disposition(rawValue: 1 << 3)
    public static let visualImpaired = Disposition(rawValue: 1 << 4)
    public static let comment = Disposition(rawValue: 1 << 5)

    /// The flag names, for display and JSON.
    public var names: [String] {
        var out: [String] = []
        if contains(.default) { out.append("default") }
        if contains(.attachedPicture) { out.append("attached_pic") }
        if contains(.forced) { out.append("forced") }
        if contains(.hearingImpaired) { out.append("hearing_impaired") }
        if contains(.visualImpaired) { out.append("visual_impaired") }
        if contains(.comment) { out.append("comment") }
        return out
    }
}

/// How an interlaced picture's fields are ordered.
public enum FieldOrder: String, Sendable, Codable {
    case progressive
    case topFirst = "tt"
    case bottomFirst = "bb"
    case topCodedBottomFirst = "tb"
    case bottomCodedTopFirst = "bt"
    case unknown

    /// Whether the picture is interlaced.
    public var isInterlaced: Bool { self != .progressive && self != .unknown }

    /// "progressive", "top first" or "bottom first", for people.
    public var label: String {
        switch self {
        case .progressive: "progressive"
        case .topFirst, .bottomCodedTopFirst: "top first"
        case .bottomFirst, .topCodedBottomFirst: "bottom first"
        case .unknown: "unknown"
        }
    }
}

/// One stream of a file.
public struct StreamInfo: Sendable, Codable, Equatable {
    public var index: Int
    public var type: StreamType
    /// FFmpeg's codec name, e.g. `h264`, `aac`, `subrip`.
    public var codec: String
    public var codecLongName: String?
    /// The codec profile, e.g. `High`, `Main 10`, `LC`.
    public var profile: String?
    public var bitRate: Int64?
    /// ISO 639-2 language (`eng`, `wel`), when tagged.
    public var language: String?
    public var title: String?
    public var disposition: Disposition
    public var timeBase: Rational
    public var duration: MediaTime?
    /// The number of frames when the container states it.
    public var frameCount: Int64?
    public var video: VideoInfo?
    public var audio: AudioInfo?
    public var tags: [String: String]

    public init(
        index: Int, type: StreamType, codec: String, codecLongName: String?, profile: String?, bitRate: Int64?,
        language: String?, title: String?, disposition: Disposition, timeBase: Rational, duration: MediaTime?,
        frameCount: Int64?, video: VideoInfo?, audio: AudioInfo?, tags: [String: String]
    ) {
        self.index = index
        self.type = type
        self.codec = codec
        self.codecLongName = codecLongName
        self.profile = profile
        self.bitRate = bitRate
        self.language = language
        self.title = title
        self.disposition = disposition
        self.timeBase = timeBase
        self.duration = duration
        self.frameCount = frameCount
        self.video = video
        self.audio = audio
        self.tags = tags
    }
}

/// Picture facts of a video stream.
public struct VideoInfo: Sendable, Codable, Equatable {
    /// Coded (stored) size, before rotation.
    public var width: Int
    public var height: Int
    public var sampleAspectRatio: Rational
    public var displayAspectRatio: Rational
    public var pixelFormat: String
    public var bitDepth: Int
    /// The average frame rate over the stream (`avg_frame_rate`).
    public var averageFrameRate: Rational
    /// The lowest rate that represents all timestamps (`r_frame_rate`).
    public var realFrameRate: Rational
    /// Whether frame durations vary, judged from the packets' timestamps.
    public var variableFrameRate: Bool
    public var fieldOrder: FieldOrder
    public var colorPrimaries: String?
    public var colorTransfer: String?
    public var colorSpace: String?
    public var colorRange: String?
    /// Whether the transfer is PQ (SMPTE ST 2084) or HLG (ARIB STD-B67).
    public var hdr: Bool
    /// Clockwise degrees (0, 90, 180, 270) a player turns the picture to show it, from the display matrix.
    public var rotation: Int
    /// The size as shown: after rotation and with square pixels.
    public var displayWidth: Int
    public var displayHeight: Int

    public init(
        width: Int, height: Int, sampleAspectRatio: Rational, displayAspectRatio: Rational, pixelFormat: String,
        bitDepth: Int, averageFrameRate: Rational, realFrameRate: Rational, variableFrameRate: Bool,
        fieldOrder: FieldOrder, colorPrimaries: String?, colorTransfer: String?, colorSpace: String?,
        colorRange: String?, hdr: Bool, rotation: Int, displayWidth: Int, displayHeight: Int
    ) {
        self.width = width
        self.height = height
        self.sampleAspectRatio = sampleAspectRatio
        self.displayAspectRatio = displayAspectRatio
        self.pixelFormat = pixelFormat
        self.bitDepth = bitDepth
        self.averageFrameRate = averageFrameRate
        self.realFrameRate = realFrameRate
        self.variableFrameRate = variableFrameRate
        self.fieldOrder = fieldOrder
        self.colorPrimaries = colorPrimaries
        self.colorTransfer = colorTransfer
        self.colorSpace = colorSpace
        self.colorRange = colorRange
        self.hdr = hdr
        self.rotation = rotation
        self.displayWidth = displayWidth
        self.displayHeight = displayHeight
    }

    /// The frame rate to show people: the average when known, else the real one.
    public var frameRate: Rational { averageFrameRate.isValid ? averageFrameRate : realFrameRate }
}

/// Sound facts of an audio stream.
public struct AudioInfo: Sendable, Codable, Equatable {
    public var sampleRate: Int
    public var channels: Int
    /// FFmpeg's layout name, e.g. `mono`, `stereo`, `5.1(side)`.
    public var channelLayout: String?
    public var sampleFormat: String

    public init(sampleRate: Int, channels: Int, channelLayout: String?, sampleFormat: String) {
        self.sampleRate = sampleRate
        self.channels = channels
        self.channelLayout = channelLayout
        self.sampleFormat = sampleFormat
    }
}

import Foundation

/// The measured levels of one audio stream: one entry per channel, over the whole file.
///
/// Produced by `MediaFile.audioLevels()`. Levels are in dBFS, where 0 dBFS is a full-scale sample
/// (±1.0 as float, ±32768 as 16-bit); digital silence (every sample exactly zero) is `-infinity`.
public struct AudioStreamLevels: Sendable, Codable, Equatable {
    /// The stream's index in the file, as in `StreamInfo.index`.
    public var streamIndex: Int
    /// The sample rate in hertz that the levels were measured at (the stream's own).
    public var sampleRate: Int
    /// One entry per channel, in the stream's channel order.
    public var channels: [ChannelLevel]

    /// Makes a value from its parts.
    public init(streamIndex: Int, sampleRate: Int, channels: [ChannelLevel]) {
        self.streamIndex = streamIndex
        self.sampleRate = sampleRate
        self.channels = channels
    }

    /// The highest peak of any channel, in dBFS (`-infinity` when all channels are silent or there are none).
    public var peakDBFS: Double { channels.map(\.peakDBFS).max() ?? -.infinity }

    /// The loudest channel's RMS level, in dBFS (`-infinity` when all channels are silent or there are none).
    public var rmsDBFS: Double { channels.map(\.rmsDBFS).max() ?? -.infinity }

    /// The decoded length in seconds, from the sample count of the longest channel.
    public var durationSeconds: Double {
        guard sampleRate > 0 else { return 0 }
        return Double(channels.map(\.sampleCount).max() ?? 0) / Double(sampleRate)
    }
}

/// The level of one audio channel over the whole file.
///
/// In JSON, a level of `-infinity` (digital silence) is written as `null`, since JSON has no infinity.
public struct ChannelLevel: Sendable, Codable, Equatable {
    /// The channel's short name from its layout (`FL`, `FR`, `FC`…), when the layout names it
    /// (`av_channel_name`).
    public var name: String?
    /// The largest absolute sample value, in dBFS; `-infinity` for digital silence.
    public var peakDBFS: Double
    /// The root mean square of all samples, in dBFS; `-infinity` for digital silence.
    public var rmsDBFS: Double
    /// How many samples of this channel were decoded.
    public var sampleCount: Int64

    /// Makes a value from its parts.
    public init(name: String?, peakDBFS: Double, rmsDBFS: Double, sampleCount: Int64) {
        self.name = name
        self.peakDBFS = peakDBFS
        self.rmsDBFS = rmsDBFS
        self.sampleCount = sampleCount
    }

    /// Whether every sample was exactly zero (or there were none).
    public var isDigitalSilence: Bool { peakDBFS == -.infinity }

    /// A level for people: `-18.3 dBFS`, or `silent` for `-infinity`.
    public static func format(_ dbfs: Double) -> String {
        dbfs == -.infinity ? "silent" : String(format: "%.1f dBFS", dbfs)
    }

    private enum CodingKeys: String, CodingKey { case name, peakDBFS, rmsDBFS, sampleCount }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decodeIfPresent(String.self, forKey: .name)
        peakDBFS = try c.decodeIfPresent(Double.self, forKey: .peakDBFS) ?? -.infinity
        rmsDBFS = try c.decodeIfPresent(Double.self, forKey: .rmsDBFS) ?? -.infinity
        sampleCount = try c.decode(Int64.self, forKey: .sampleCount)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(name, forKey: .name)
        if peakDBFS.isFinite { try c.encode(peakDBFS, forKey: .peakDBFS) } else { try c.encodeNil(forKey: .peakDBFS) }
        if rmsDBFS.isFinite { try c.encode(rmsDBFS, forKey: .rmsDBFS) } else { try c.encodeNil(forKey: .rmsDBFS) }
        try c.encode(sampleCount, forKey: .sampleCount)
    }
}

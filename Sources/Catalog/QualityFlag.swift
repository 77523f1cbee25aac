/// Something about a clip that a production liaison must see before using it.
public enum QualityFlag: String, Sendable, Codable, CaseIterable, Comparable {
    /// The file has no audio stream.
    case noAudio = "no-audio"
    /// The file has no video stream (an audio-only recording).
    case noVideo = "no-video"
    /// One channel of a multi-channel stream is digital silence or far quieter than the others (a lav mic
    /// recorded on one side only).
    case silentChannel = "silent-channel"
    /// The audio is very quiet: RMS below −40 dBFS or peak below −20 dBFS on its loudest channel, or silent.
    case quietAudio = "quiet-audio"
    /// Frame durations vary (phones do this); editors may drift out of sync.
    case variableFrameRate = "vfr"
    /// The picture is interlaced and needs deinterlacing.
    case interlaced
    /// The picture is HDR (PQ or HLG) and needs tone mapping for SDR playlists.
    case hdr
    /// The picture carries a rotation (phone footage) that players must apply.
    case rotated
    /// The clip is shorter than 3 seconds.
    case short
    /// No captions: no sidecar SRT/WebVTT and no subtitle stream.
    case missingCaptions = "no-captions"

    /// What the flag means, for listings and `--help`.
    public var meaning: String {
        switch self {
        case .noAudio: "no audio"
        case .noVideo: "no video (audio only)"
        case .silentChannel: "silent channel (lav on one side?)"
        case .quietAudio: "very quiet audio"
        case .variableFrameRate: "variable frame rate"
        case .interlaced: "interlaced"
        case .hdr: "HDR"
        case .rotated: "rotated"
        case .short: "very short clip (< 3 s)"
        case .missingCaptions: "missing captions"
        }
    }

    public static func < (a: QualityFlag, b: QualityFlag) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

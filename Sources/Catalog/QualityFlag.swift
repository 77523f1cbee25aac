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
    /// The picture is black for a while from the first frame (a lens cap, a camera still starting up).
    case blackHead = "black-head"
    /// The picture is black for a while before the end.
    case blackTail = "black-tail"
    /// Nothing is heard for a while from the start.
    case silentHead = "silent-head"
    /// Nothing is heard for a while before the end.
    case silentTail = "silent-tail"
    /// The clip is shorter than 3 seconds.
    case short
    /// No captions: no sidecar SRT/WebVTT and no subtitle stream.
    case missingCaptions = "no-captions"
    /// More than one audio stream (a second language): only the default one is published and played.
    case secondLanguageAudio = "second-language"

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
        case .blackHead: "black start"
        case .blackTail: "black end"
        case .silentHead: "silent start"
        case .silentTail: "silent end"
        case .short: "very short clip (< 3 s)"
        case .missingCaptions: "missing captions"
        case .secondLanguageAudio: "second audio language"
        }
    }

    /// What to do about the flag, or what Reel does about it, in one sentence for people.
    public var remedy: String {
        switch self {
        case .noAudio:
            "playlists and publish play it silent: find the separate sound recording, or use it only where silence is intended"
        case .noVideo:
            "it cannot go in a video playlist: publish it with the audio preset (--preset audio), or pair it with a picture first"
        case .silentChannel:
            "nothing to do: publish will fold the silent channel (the live one is centred into both)"
        case .quietAudio:
            "publish raises it to the loudness target; listen for hiss, and re-record if the voice is buried in noise"
        case .variableFrameRate:
            "use `reel trim --accurate` for frame-exact cuts; publish re-encodes it at a steady rate"
        case .interlaced:
            "nothing to do: publish deinterlaces it"
        case .hdr:
            "nothing to do for the web presets, which tone-map it to SDR; the archive preset keeps HDR"
        case .rotated:
            "nothing to do: publish turns the picture upright"
        case .blackHead:
            "trim starts after the black (`reel trim --from`, or a segment from the first picture); `playlist render --lower-thirds` starts the name on the first non-black frame"
        case .blackTail:
            "trim ends before the black (`reel trim --to`, or a segment that stops at the last picture)"
        case .silentHead:
            "trim or add a segment from where the speaker starts, so a playlist does not open on dead air"
        case .silentTail:
            "trim or add a segment that ends after the last words"
        case .short:
            "check it is not a false start; it is too short to teach from alone"
        case .missingCaptions:
            "put an .srt or .vtt with the same name beside the file and import again, or draft captions from the audio "
                + "(`reel captions draft CLIP`), correct and approve them; `publish --require-captions` refuses it until then"
        case .secondLanguageAudio:
            "only the default audio stream is published and played: ask for a separate file per language if the other one is needed"
        }
    }

    public static func < (a: QualityFlag, b: QualityFlag) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

import Catalog

/// Each import flag in plain words (short, for lists), and what to do about it (from the catalogue).
enum FlagAdvice {
    static func plain(_ flag: QualityFlag) -> String {
        switch flag {
        case .noAudio: "No sound"
        case .noVideo: "Sound only, no picture"
        case .silentChannel: "One side silent"
        case .quietAudio: "Very quiet"
        case .variableFrameRate: "Uneven frame rate"
        case .interlaced: "Interlaced (combing)"
        case .hdr: "HDR picture"
        case .rotated: "Filmed sideways (rotation)"
        case .blackHead: "Starts on black"
        case .blackTail: "Ends on black"
        case .silentHead: "Silent start"
        case .silentTail: "Silent end"
        case .short: "Very short"
        case .missingCaptions: "No captions"
        case .secondLanguageAudio: "Second audio language"
        }
    }

    /// What to do about it: the same words `reel show` and `reel import` print.
    static func remedy(_ flag: QualityFlag) -> String { flag.remedy }
}

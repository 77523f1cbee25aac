import Catalog

/// Each import flag in plain words, and what to do about it.
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
        case .short: "Very short"
        case .missingCaptions: "No captions"
        }
    }

    static func remedy(_ flag: QualityFlag) -> String {
        switch flag {
        case .noAudio: "Check the camera's microphone settings; a clip with no sound cannot carry a narrative, re-record or find the audio file."
        case .noVideo: "Fine for audio-only use; for video playlists pair it with a still or re-record on camera."
        case .silentChannel: "Usually a lav mic on one channel. Publishing folds the silent channel away so the voice plays in both ears; nothing to do."
        case .quietAudio: "Publishing evens loudness to −16 LUFS; listen for background noise, which is raised too."
        case .variableFrameRate: "Phone footage. Publishing makes it constant; editors may drift out of sync if you use the original."
        case .interlaced: "Publishing deinterlaces it; nothing to do."
        case .hdr: "Browsers may show it washed out; publishing tone-maps it to SDR."
        case .rotated: "Publishing turns the picture upright; nothing to do."
        case .short: "Under 3 seconds: probably a false start. Check it, and leave it out of playlists if so."
        case .missingCaptions: "Add a caption file (SRT or WebVTT beside the clip) or draft captions; publishing with --require-captions refuses it."
        }
    }
}

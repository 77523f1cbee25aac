/// Everything the catalogue knows about one clip, for `reel show`.
public struct ClipDetail: Sendable {
    /// The clip with its speaker, themes, flags, segments and consent.
    public var summary: ClipSummary
    /// Every caption cue, by caption file, then time.
    public var captions: [CaptionCue]
    /// The speaker's consent history, oldest first.
    public var consentHistory: [ConsentEvent]
    /// The poster picture, when one was made.
    public var posterPath: String?
    /// The filmstrip picture (six frames in a row), when one was made.
    public var filmstripPath: String?

    /// Makes a value from its parts.
    public init(summary: ClipSummary, captions: [CaptionCue], consentHistory: [ConsentEvent], posterPath: String?,
                filmstripPath: String?) {
        self.summary = summary
        self.captions = captions
        self.consentHistory = consentHistory
        self.posterPath = posterPath
        self.filmstripPath = filmstripPath
    }
}

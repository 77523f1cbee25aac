import Playlists

/// A speaker with their role, current consent and number of clips, for listings.
public struct SpeakerSummary: Sendable, Codable, Equatable {
    /// The clip's speaker, when recorded.
    public var speaker: Speaker
    /// The role from the taxonomy; nil when the taxonomy no longer has the speaker's `roleID`.
    public var role: Role?
    /// The speaker's consent now.
    public var consent: ConsentStatus
    /// How many clips the speaker is in.
    public var clipCount: Int

    /// Makes a value from its parts.
    public init(speaker: Speaker, role: Role?, consent: ConsentStatus, clipCount: Int) {
        self.speaker = speaker
        self.role = role
        self.consent = consent
        self.clipCount = clipCount
    }
}

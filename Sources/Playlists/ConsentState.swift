/// Whether a speaker's clips may be used in playlists and published videos.
public enum ConsentState: String, Sendable, Codable, CaseIterable {
    /// Consent is recorded, not withdrawn and not expired.
    case ok
    /// The speaker withdrew consent.
    case withdrawn
    /// The consent's expiry date has passed.
    case expired
    /// No consent is recorded (or the clip has no speaker).
    case missing

    /// Whether clips in this state may be used.
    public var isUsable: Bool { self == .ok }

    /// Whether the team may still watch the clip's media to review it (the web catalogue serves it): yes while
    /// consent is ok or not yet recorded (new footage waiting for its speaker), never once withdrawn or expired.
    public var allowsReview: Bool { self == .ok || self == .missing }
}

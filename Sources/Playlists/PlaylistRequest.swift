import Foundation

/// What a playlist should be: the audience, and the options of `reel playlist build` that refine it.
///
/// Anything left nil comes from the audience profile.
public struct PlaylistRequest: Sendable, Equatable {
    /// Who the playlist is for.
    public var audience: AudienceProfile
    /// Theme ids that must each be covered at least once; nil for the audience's themes.
    public var themes: [String]?
    /// The running time to aim for (ms), met within ±10 % when the material allows; nil for the audience's.
    public var targetMs: Int64?
    /// The longest segment or clip to use (ms); nil for the audience's limit (or none).
    public var maxClipMs: Int64?
    /// Short ids of segments or clips that must be in the playlist: a clip id means the whole clip, from start to
    /// end (or, when the candidates hold no whole-clip entry for it, all its segments).
    public var include: [String]
    /// Short ids of segments or clips that must not be (a clip id means all its segments).
    public var exclude: [String]
    /// Role ids whose voices to favour, most wanted first; nil for the audience's preferred roles.
    public var preferredRoleIDs: [String]?
    /// Seeds the small random preference that breaks ties; the same catalogue and seed give the same playlist.
    public var seed: UInt64

    /// A request; nil options come from the audience, the seed defaults to 1.
    public init(audience: AudienceProfile, themes: [String]? = nil, targetMs: Int64? = nil, maxClipMs: Int64? = nil,
                include: [String] = [], exclude: [String] = [], preferredRoleIDs: [String]? = nil, seed: UInt64 = 1) {
        self.preferredRoleIDs = preferredRoleIDs
        self.audience = audience
        self.themes = themes
        self.targetMs = targetMs
        self.maxClipMs = maxClipMs
        self.include = include
        self.exclude = exclude
        self.seed = seed
    }

    /// The themes to cover: `themes`, or the audience's.
    public var effectiveThemes: [String] { themes ?? audience.themeIDs }
    /// The running time to aim for (ms).
    public var effectiveTargetMs: Int64 { targetMs ?? audience.targetMs }
    /// The roles whose voices to favour: `preferredRoleIDs`, or the audience's.
    public var effectivePreferredRoleIDs: [String] { preferredRoleIDs ?? audience.preferredRoleIDs }
    /// The longest clip allowed (ms), if any.
    public var effectiveMaxClipMs: Int64? { maxClipMs ?? audience.maxClipMs }
}

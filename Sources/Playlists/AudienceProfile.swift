import Foundation
import Media

/// Who a playlist is for and what it should give them, from `audiences.yaml`: the themes it covers and how
/// much each matters, whose voices it favours, how it opens and closes, and how long it runs by default.
///
/// Not to be confused with `Audience`, the clinical/non-clinical split of roles in the taxonomy: an audience
/// profile such as `non-clinical` uses that split for its `minimumShare`.
public struct AudienceProfile: Sendable, Equatable, Hashable {
    /// One theme the audience wants, with its weight.
    public struct ThemeWeight: Sendable, Codable, Equatable, Hashable {
        /// A theme id from the taxonomy.
        public var themeID: String
        /// How much the theme matters (greater than 0); relative to the audience's other weights.
        public var weight: Double

        /// A theme and its weight.
        public init(themeID: String, weight: Double) {
            self.themeID = themeID
            self.weight = weight
        }
    }

    /// The id commands use, e.g. `non-clinical`.
    public var id: String
    /// The name shown to people.
    public var label: String
    /// Who the audience is.
    public var description: String
    /// The default running time of a playlist, in milliseconds.
    public var targetMs: Int64
    /// The longest segment or clip a playlist may use by default, in milliseconds; nil for no limit.
    public var maxClipMs: Int64?
    /// The theme of the opening clip, which sets the scene.
    public var openingThemeID: String?
    /// The theme of the closing reflection.
    public var closingThemeID: String?
    /// The themes a playlist covers by default, in file order, with their weights.
    public var themes: [ThemeWeight]
    /// Role ids whose voices the audience should hear most, most wanted first.
    public var preferredRoleIDs: [String]
    /// The least share (0…1) of the running time from speakers of each side of the clinical/non-clinical split.
    public var minimumShare: [Audience: Double]

    /// An audience profile made in code (files go through `AudienceProfileSet(contentsOf:taxonomy:)`).
    public init(
        id: String, label: String, description: String = "", targetMs: Int64, maxClipMs: Int64? = nil,
        openingThemeID: String? = nil, closingThemeID: String? = nil, themes: [ThemeWeight],
        preferredRoleIDs: [String] = [], minimumShare: [Audience: Double] = [:]
    ) {
        self.id = id
        self.label = label
        self.description = description
        self.targetMs = targetMs
        self.maxClipMs = maxClipMs
        self.openingThemeID = openingThemeID
        self.closingThemeID = closingThemeID
        self.themes = themes
        self.preferredRoleIDs = preferredRoleIDs
        self.minimumShare = minimumShare
    }

    /// The default running time.
    public var target: MediaTime { MediaTime(milliseconds: targetMs) }

    /// The weight of a theme for this audience; 0 when the audience does not list it.
    public func weight(of themeID: String) -> Double {
        themes.first { $0.themeID == themeID }?.weight ?? 0
    }

    /// The theme ids in file order.
    public var themeIDs: [String] { themes.map(\.themeID) }
}

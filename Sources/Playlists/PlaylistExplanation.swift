import Foundation
import Media

/// Why a playlist holds what it holds: each choice with its reason, what was left out, what the catalogue could
/// not supply, and the balance of themes and voices. Stored with the playlist (JSON) so `reel playlist show
/// --explain` can print it later.
public struct PlaylistExplanation: Sendable, Codable, Equatable {
    /// One chosen item.
    public struct Choice: Sendable, Codable, Equatable {
        /// The item's place in the playlist, from 1.
        public var position: Int
        /// The segment or clip short id.
        public var id: String
        /// `Sam Patel, porter`.
        public var voice: String
        /// The segment's or clip's title.
        public var title: String
        /// Where it sits in the arc.
        public var section: PlaylistSection
        /// The theme of its section.
        public var themeID: String?
        /// Its length (ms).
        public var durationMs: Int64
        /// Why it was chosen.
        public var reason: String
    }

    /// A group of candidates left out for the same reason.
    public struct LeftOut: Sendable, Codable, Equatable {
        /// Why, e.g. `consent withdrawn 2026-11-21 (Sam Patel, porter)` or `longer than --max-clip 3:00`.
        public var reason: String
        /// How many candidates.
        public var count: Int
        /// A few of their ids.
        public var examples: [String]
    }

    /// How much of the playlist one theme got.
    public struct Coverage: Sendable, Codable, Equatable {
        /// The theme id.
        public var themeID: String
        /// The theme's label.
        public var label: String
        /// The audience's weight (1 for a theme the audience does not list).
        public var weight: Double
        /// How many items carry the theme.
        public var items: Int
        /// Their running time (ms).
        public var durationMs: Int64
    }

    /// A clip (or segment) in the catalogue that, tagged with one of the playlist's themes, would help close a
    /// shortfall: consented, but on none of the playlist's themes yet.
    public struct TagSuggestion: Sendable, Codable, Equatable {
        /// The clip (`c-…`) or segment (`s-…`) short id to tag.
        public var id: String
        /// `Grace Adebayo, nurse`.
        public var voice: String
        /// Its length (ms).
        public var durationMs: Int64
        /// The playlist's themes most in need of material, to choose from (most needed first).
        public var themes: [String]
        /// Why this one: e.g. `a voice this audience favours (nurse)` or `adds 0:45 toward the target`.
        public var reason: String

        /// The command that tags it with the first suggested theme.
        public var command: String { "reel tag \(id) --theme \(themes.first ?? "THEME")" }
    }

    /// The audience profile's id.
    public var audienceID: String
    /// The audience profile's label.
    public var audienceLabel: String
    /// The themes the playlist had to cover.
    public var themes: [String]
    /// The running time aimed for (ms).
    public var targetMs: Int64
    /// The accepted range: target ±10 %.
    public var lowerMs: Int64
    /// The top of the accepted range (ms).
    public var upperMs: Int64
    /// The running time reached (ms).
    public var totalMs: Int64
    /// The seed of the build.
    public var seed: UInt64
    /// How many candidates (segments, or whole clips without segments) the builder looked at.
    public var candidatesConsidered: Int
    /// Every chosen item in playing order.
    public var choices: [Choice]
    /// The candidates not chosen, grouped by reason.
    public var leftOut: [LeftOut]
    /// What the catalogue could not supply, each a sentence such as
    /// `no consented clip covers 'Care after death and bereavement' for this audience`.
    public var shortfalls: [String]
    /// Other things worth knowing (an opening theme nobody tagged, an include that could not be honoured).
    public var notes: [String]
    /// How much of the playlist each requested theme got.
    public var coverage: [Coverage]
    /// The share (0…1) of the running time from each side of the clinical/non-clinical split.
    public var shares: [String: Double]
    /// How many items each role has, by role id.
    public var roles: [String: Int]

    /// Which clips to tag to close the shortfalls, most useful first; nil in explanations stored before there were any.
    public var tagSuggestions: [TagSuggestion]?

    /// Whether every constraint was met.
    public var isComplete: Bool { shortfalls.isEmpty }

    /// The explanation as lines for a terminal: choices, balance, shortfalls, left out.
    public var text: String {
        var lines: [String] = []
        let total = MediaTime(milliseconds: totalMs).playlistClock
        lines.append("Playlist for \(audienceLabel) (\(audienceID)): \(choices.count) clips, \(total) "
            + "(target \(MediaTime(milliseconds: targetMs).playlistClock), accepted \(MediaTime(milliseconds: lowerMs).playlistClock)–\(MediaTime(milliseconds: upperMs).playlistClock)), seed \(seed)")
        lines.append("Chosen:")
        for c in choices {
            let section = c.section == .theme ? (c.themeID ?? "theme") : c.section.rawValue
            let number = c.position < 10 ? " \(c.position)" : "\(c.position)"
            lines.append("  \(number). \(c.id)  \(MediaTime(milliseconds: c.durationMs).playlistClock)  [\(section)] \(c.title) (\(c.voice)): \(c.reason)")
        }
        lines.append("Themes:")
        for c in coverage {
            let weight = c.weight == c.weight.rounded() ? String(Int(c.weight)) : String(format: "%.1f", c.weight)
            lines.append("  \(c.label) (weight \(weight)): \(c.items) clip\(c.items == 1 ? "" : "s"), \(MediaTime(milliseconds: c.durationMs).playlistClock)")
        }
        let shareText = shares.sorted { $0.key < $1.key }.map { "\($0.key) \(Int(($0.value * 100).rounded()))%" }.joined(separator: ", ")
        let roleText = roles.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        lines.append("Voices: \(shareText); roles: \(roleText)")
        for n in notes { lines.append("Note: \(n)") }
        if shortfalls.isEmpty {
            lines.append("Every constraint is met.")
        } else {
            for s in shortfalls { lines.append("Missing: \(s)") }
        }
        let suggestions = tagSuggestions ?? []
        if !suggestions.isEmpty {
            lines.append("To close the shortfall, tag these consented clips (on none of the playlist's themes yet):")
            for t in suggestions {
                let more = t.themes.count > 1 ? " (or " + t.themes.dropFirst().joined(separator: ", ") + ")" : ""
                lines.append("  \(t.command)\(more)  \(MediaTime(milliseconds: t.durationMs).playlistClock)  \(t.voice): \(t.reason)")
            }
        }
        lines.append("Left out (\(candidatesConsidered) candidates considered):")
        if leftOut.isEmpty { lines.append("  nothing") }
        for l in leftOut {
            let examples = l.examples.isEmpty ? "" : ": " + l.examples.joined(separator: ", ") + (l.count > l.examples.count ? ", …" : "")
            lines.append("  \(l.count) \(l.reason)\(examples)")
        }
        return lines.joined(separator: "\n")
    }
}

extension MediaTime {
    /// `M:SS` (or `H:MM:SS`), with tenths when the time is not whole seconds, for explanations and listings.
    public var playlistClock: String {
        let tenths = Int64((seconds * 10).rounded())
        let total = tenths / 10
        let h = total / 3600, m = (total / 60) % 60, s = total % 60
        var text = h > 0 ? String(format: "%lld:%02lld:%02lld", h, m, s) : String(format: "%lld:%02lld", m, s)
        if tenths % 10 != 0 { text += ".\(tenths % 10)" }
        return text
    }
}

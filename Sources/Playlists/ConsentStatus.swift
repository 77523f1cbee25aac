import Foundation

/// A speaker's consent at a moment, derived from their consent history.
public struct ConsentStatus: Sendable, Codable, Equatable, Hashable {
    /// Ok, withdrawn, expired or missing.
    public var state: ConsentState
    /// The latest grant's form reference, if any (kept after a withdrawal, to show what was withdrawn).
    public var reference: String?
    /// The latest grant's expiry day, if it has one.
    public var expiresOn: CalendarDay?
    /// When the latest change was recorded.
    public var changedAt: Date?
    /// Who recorded the latest change.
    public var changedBy: String?
    /// The reason given with the latest change (for a withdrawal, why).
    public var reason: String?

    /// Makes a value from its parts.
    public init(state: ConsentState, reference: String? = nil, expiresOn: CalendarDay? = nil, changedAt: Date? = nil,
                changedBy: String? = nil, reason: String? = nil) {
        self.state = state
        self.reference = reference
        self.expiresOn = expiresOn
        self.changedAt = changedAt
        self.changedBy = changedBy
        self.reason = reason
    }

    /// The status for no recorded consent.
    public static let missing = ConsentStatus(state: .missing)

    /// One line for listings: `ok (CF-2024-031, until 2027-03-31)`, `withdrawn 2026-11-02 by sam: reason`.
    public var summary: String {
        var parts: [String] = []
        if let reference { parts.append(reference) }
        if let expiresOn { parts.append(state == .expired ? "expired \(expiresOn)" : "until \(expiresOn)") }
        var text = state.rawValue
        if state == .withdrawn, let changedAt {
            text += " " + CalendarDay(changedAt).description
            if let changedBy { text += " by \(changedBy)" }
        }
        if !parts.isEmpty { text += " (" + parts.joined(separator: ", ") + ")" }
        if state == .withdrawn, let reason, !reason.isEmpty { text += ": \(reason)" }
        return text
    }
}

import Foundation

/// One browser's session: who signed in (nil when the server needs no sign-in), the token every form must carry,
/// and a message to show on the next page (after a form redirects).
struct WebSession: Sendable {
    var id: String
    var csrfToken: String
    var user: WebUser?
    var flash: Flash?
    var lastSeen: Date

    /// A message for the next page.
    struct Flash: Sendable {
        var text: String
        var isError: Bool
    }
}

/// The sessions of a running server, in memory (a restart signs everybody out).
actor SessionStore {
    private var sessions: [String: WebSession] = [:]
    /// Idle sessions end after this long.
    let idleLimit: TimeInterval

    init(idleLimit: TimeInterval = 12 * 3600) { self.idleLimit = idleLimit }

    /// The live session with this id, touched; nil when unknown or idle too long.
    func session(_ id: String?) -> WebSession? {
        guard let id, var s = sessions[id] else { return nil }
        let now = Date()
        guard now.timeIntervalSince(s.lastSeen) < idleLimit else {
            sessions[id] = nil
            return nil
        }
        s.lastSeen = now
        sessions[id] = s
        return s
    }

    /// A new session with fresh random id and CSRF token.
    func create(user: WebUser? = nil) -> WebSession {
        if sessions.count > 10_000 { prune() }
        let s = WebSession(id: Self.token(), csrfToken: Self.token(), user: user, flash: nil, lastSeen: Date())
        sessions[s.id] = s
        return s
    }

    /// Ends a session.
    func end(_ id: String) { sessions[id] = nil }

    /// Leaves a message for the session's next page.
    func setFlash(_ id: String, _ text: String, isError: Bool) {
        sessions[id]?.flash = .init(text: text, isError: isError)
    }

    /// Takes (and clears) the session's message.
    func takeFlash(_ id: String) -> WebSession.Flash? {
        let flash = sessions[id]?.flash
        sessions[id]?.flash = nil
        return flash
    }

    private func prune() {
        let now = Date()
        sessions = sessions.filter { now.timeIntervalSince($0.value.lastSeen) < idleLimit }
    }

    /// 32 random bytes as hex (256 bits from the system's generator).
    static func token() -> String {
        var rng = SystemRandomNumberGenerator()
        return (0..<4).map { _ in String(format: "%016llx", rng.next() as UInt64) }.joined()
    }
}

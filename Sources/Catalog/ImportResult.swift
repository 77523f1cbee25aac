import Media

/// What happened to one file in an import.
public struct ImportResult: Sendable, Equatable {
    /// The outcome for the file.
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// A new clip was added.
        case imported
        /// The content was already in the catalogue; nothing was added.
        case duplicate
        /// The content was in the catalogue under a path that no longer exists; the path was updated.
        case moved
        /// Not a media file (by extension, or the probe said so); left alone.
        case skipped
        /// A media file that could not be imported (truncated, unreadable, copy not verified…).
        case failed
    }

    /// What the event did.
    public var kind: Kind
    /// The file as found (for a `--copy-to` import, the original).
    public var path: String
    /// The clip's short id, for imported, duplicate and moved files.
    public var shortID: String?
    /// Why, or what: `not a media file`, `same content as c-3fa2c1 at …`, `was /old/path`, the copy's path.
    public var detail: String
    /// The flags raised on a newly imported clip.
    public var flags: [QualityFlag]

    /// Makes a value from its parts.
    public init(kind: Kind, path: String, shortID: String? = nil, detail: String = "", flags: [QualityFlag] = []) {
        self.kind = kind
        self.path = path
        self.shortID = shortID
        self.detail = detail
        self.flags = flags
    }

    /// One line for people: `imported  c-3fa2c1  /path/nurse.mp4  [no-captions]`.
    public var line: String {
        var parts = [kind.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0)]
        if let shortID { parts.append(shortID) }
        parts.append(path)
        var text = parts.joined(separator: "  ")
        if !flags.isEmpty { text += "  [" + flags.map(\.rawValue).joined(separator: ", ") + "]" }
        if !detail.isEmpty { text += kind == .skipped || kind == .failed ? ": \(detail)" : "  (\(detail))" }
        return text
    }
}

import Foundation

/// What went wrong with a playlist request, in words a user can act on.
///
/// `description` is one line; errors about a file start with its path (`PATH: reason`).
public enum PlaylistError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No audience has this id or label.
    case unknownAudience(String, known: [String], suggestions: [String])
    /// No playlist has this name.
    case unknownPlaylist(String, suggestions: [String])
    /// A playlist with this name (in any case) already exists.
    case playlistExists(String)
    /// A playlist name is empty or has characters that do not belong in a file name.
    case invalidName(String, reason: String)
    /// A position is outside the playlist.
    case invalidPosition(Int, count: Int)
    /// The playlist has no item with this clip or segment id.
    case notInPlaylist(String, playlist: String)
    /// A clip or segment may not be used: its speaker's consent is not current, or it has no speaker.
    case notUsable(String, reason: String)
    /// A clip's duration is unknown, so it cannot be placed on a timeline.
    case unknownDuration(String)
    /// Every item of the playlist was left out at export (consent), so there is nothing to write.
    case nothingToExport(String)
    /// The playlist has no items at all (the catalogue had no material for it, or they were all removed).
    case emptyPlaylist(String)
    /// An export could not be written.
    case cannotWrite(path: String, reason: String)
    /// A build option is out of range.
    case invalidOption(String)

    /// One line a user can act on.
    public var description: String {
        switch self {
        case .unknownAudience(let text, let known, let s):
            return "unknown audience '\(text)'\(NameMatcher.didYouMean(s)); audiences.yaml has \(known.joined(separator: ", "))"
        case .unknownPlaylist(let name, let s):
            return "no playlist named '\(name)'\(NameMatcher.didYouMean(s)); `reel playlist list` lists them"
        case .playlistExists(let name):
            return "a playlist named '\(name)' already exists; choose another name, or add --replace to build it again"
        case .invalidName(let name, let reason): return "invalid playlist name '\(name)': \(reason)"
        case .invalidPosition(let position, let count):
            return count == 0 ? "position \(position) is out of range: the playlist is empty"
                : "position \(position) is out of range: use 1 to \(count)"
        case .notInPlaylist(let id, let playlist): return "\(id) is not in playlist '\(playlist)' (`reel playlist show \(playlist)` lists its items)"
        case .notUsable(let id, let reason): return "\(id) cannot be used: \(reason)"
        case .unknownDuration(let id): return "\(id): the clip's duration is unknown, so it cannot go in a playlist"
        case .nothingToExport(let name): return "nothing to export: every clip of playlist '\(name)' was left out"
        case .emptyPlaylist(let name):
            return "playlist '\(name)' has no clips: add some with `reel playlist add` or rebuild it with `reel playlist build --replace`"
        case .cannotWrite(let path, let reason): return "\(path): \(reason)"
        case .invalidOption(let message): return message
        }
    }
}

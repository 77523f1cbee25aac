import Foundation
import Media
import Playlists

/// What went wrong with a catalogue request, in words a user can act on.
///
/// `description` is one line; errors about a file start with its path (`PATH: reason`).
public enum CatalogError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The catalogue database could not be opened or created.
    case cannotOpen(path: String, reason: String)
    /// There is no catalogue at this path, and the command does not create one.
    case noCatalogue(path: String)
    /// No role has this id, alias or label.
    case unknownRole(String, suggestions: [String])
    /// No theme has this id or label.
    case unknownTheme(String, suggestions: [String])
    /// No speaker has this name.
    case unknownSpeaker(String, suggestions: [String])
    /// A speaker with this name (in any case) already exists.
    case speakerExists(String)
    /// No clip answers to this id, checksum, path or file name.
    case unknownClip(String)
    /// More than one clip answers to this id prefix or file name.
    case ambiguousClip(String, matches: [String])
    /// No segment has this id.
    case unknownSegment(String)
    /// A segment's range is empty, reversed or outside its clip.
    case invalidSegment(clip: String, reason: String)
    /// A date could not be read.
    case invalidDate(String)
    /// A time could not be read.
    case invalidTime(String, reason: String)
    /// A required value is missing or empty.
    case missingValue(String)
    /// A value that must be one line of text has a line break or another control character.
    case notOneLine(String)
    /// The shot log could not be read at all (each bad row is reported separately, not thrown).
    case shotLogUnreadable(path: String, reason: String)

    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason): return "\(path): cannot open the catalogue: \(reason)"
        case .noCatalogue(let path):
            return "\(path): no such catalogue (check --catalog or $REEL_CATALOG; `reel import` creates one, --create an empty one)"
        case .unknownRole(let text, let s): return TaxonomyLookupError.unknownRole(text, suggestions: s).description
        case .unknownTheme(let text, let s): return TaxonomyLookupError.unknownTheme(text, suggestions: s).description
        case .unknownSpeaker(let text, let s): return "unknown speaker '\(text)'\(NameMatcher.didYouMean(s)); `reel speaker list` lists them"
        case .speakerExists(let name): return "a speaker named '\(name)' already exists"
        case .unknownClip(let text): return "\(text): no such clip in the catalogue (`reel clips` lists them)"
        case .ambiguousClip(let text, let matches):
            return "\(text): ambiguous, matches \(matches.joined(separator: ", ")); give more of the id"
        case .unknownSegment(let text): return "\(text): no such segment (`reel show CLIP` lists a clip's segments)"
        case .invalidSegment(let clip, let reason): return "\(clip): \(reason)"
        case .invalidDate(let text): return "invalid date '\(text)': use YYYY-MM-DD, e.g. 2027-03-31"
        case .invalidTime(let text, let reason): return "invalid time '\(text)': \(reason)"
        case .missingValue(let what): return "\(what) is missing or empty"
        case .notOneLine(let what): return "\(what) must be one line of text: it contains a line break or another control character"
        case .shotLogUnreadable(let path, let reason): return "\(path): \(reason)"
        }
    }
}

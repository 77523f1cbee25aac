import Foundation

extension Segment {
    /// The themes a segment is about: its clip's themes apply to the whole clip and so to each of its segments,
    /// plus the segment's own tags, less the clip themes the segment explicitly sets aside
    /// (`reel segment add --not-themes`). Sorted, without repeats.
    ///
    /// This is the one rule the playlist builder, `--explain` and `--include` follow.
    public static func effectiveThemes(clipThemes: [String], ownThemes: [String], setAside: [String] = []) -> [String] {
        let removed = Set(setAside)
        return Set(clipThemes).subtracting(removed).union(ownThemes).sorted()
    }
}

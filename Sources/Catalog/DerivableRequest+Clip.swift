import Foundation
import GRDB

/// Reusable clip queries, in the style of GRDB's demo app.
extension DerivableRequest<Clip> {
    /// Clips whose speaker has one of these role ids.
    public func filter(roleIDs: [String]) -> Self {
        let speakers = Speaker.select(Speaker.Columns.id).filter(roleIDs.contains(Speaker.Columns.roleID))
        return filter(speakers.contains(Clip.Columns.speakerID))
    }

    /// Clips spoken by one of these speakers.
    public func filter(speakerIDs: [Int64]) -> Self {
        filter(speakerIDs.contains(Clip.Columns.speakerID))
    }

    /// Clips with no speaker, or spoken by one of these speakers.
    public func filter(speakerIDsOrNone speakerIDs: [Int64]) -> Self {
        filter(speakerIDs.contains(Clip.Columns.speakerID) || Clip.Columns.speakerID == nil)
    }

    /// Clips tagged with the theme, on the whole clip or on one of their segments.
    public func filter(themeID: String) -> Self {
        filter(literal: """
            \(Clip.Columns.id) IN (SELECT clipID FROM clipTheme WHERE themeID = \(themeID)
                UNION SELECT segment.clipID FROM segment JOIN segmentTheme ON segmentTheme.segmentID = segment.id
                WHERE segmentTheme.themeID = \(themeID))
            """)
    }

    /// Clips carrying the flag.
    public func filter(flag: QualityFlag) -> Self {
        filter(literal: "\(Clip.Columns.id) IN (SELECT clipID FROM clipFlag WHERE flag = \(flag.rawValue))")
    }

    /// Clips at least this long (milliseconds); clips of unknown duration are left out.
    public func filter(minDurationMs: Int64) -> Self {
        filter(Clip.Columns.durationMs >= minDurationMs)
    }

    /// Clips at most this long (milliseconds); clips of unknown duration are left out.
    public func filter(maxDurationMs: Int64) -> Self {
        filter(Clip.Columns.durationMs <= maxDurationMs)
    }

    /// Clips with these row ids.
    public func filter(ids: [Int64]) -> Self {
        filter(ids.contains(Clip.Columns.id))
    }

    /// Clips ordered by file name, then path.
    public func orderedByFileName() -> Self {
        order(Clip.Columns.fileName.collating(.nocase), Clip.Columns.path)
    }
}

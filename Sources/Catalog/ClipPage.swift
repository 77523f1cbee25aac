/// One page of a clip listing: the clips shown and how many matched in all.
public struct ClipPage: Sendable, Equatable {
    /// The clips on this page, in listing order.
    public var clips: [ClipSummary]
    /// How many clips matched the query in all pages.
    public var total: Int
    /// How many matches come before this page.
    public var offset: Int

    /// Makes a value from its parts.
    public init(clips: [ClipSummary], total: Int, offset: Int) {
        self.clips = clips
        self.total = total
        self.offset = offset
    }
}

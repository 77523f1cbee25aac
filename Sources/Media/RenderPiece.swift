import Foundation

/// One piece of a playlist render: a range of a source file, with the words shown over it and its captions.
public struct RenderPiece: Sendable, Equatable {
    /// The source file.
    public var path: String
    /// Where the piece starts in the file (0 = the file's first frame).
    public var from: MediaTime
    /// Where it ends (exclusive).
    public var to: MediaTime
    /// The chapter title, e.g. `Sam Patel — Porter: The first night shift`.
    public var title: String
    /// The lower third shown for the first seconds with `lowerThirds`, e.g. `Sam Patel — Porter`; nil for none.
    public var lowerThird: String?
    /// The clip's captions on the clip's clock (not the piece's); cues outside the range are left out.
    public var captions: [Caption]

    /// A piece from its parts; `from` and `to` are on the file's clock, `captions` on the clip's.
    public init(path: String, from: MediaTime, to: MediaTime, title: String, lowerThird: String? = nil, captions: [Caption] = []) {
        self.path = path
        self.from = from
        self.to = to
        self.title = title
        self.lowerThird = lowerThird
        self.captions = captions
    }
}

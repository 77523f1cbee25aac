import Foundation
import Media

/// How much of one playlist item's range its captions cover, for `playlist render` and the web catalogue.
public struct CaptionCoverage: Sendable, Codable, Equatable {
    /// The segment or clip short id.
    public var id: String
    /// `Grace Adebayo, nurse`.
    public var voice: String
    /// The item's length (ms).
    public var durationMs: Int64
    /// How many cues fall (at least partly) inside the range.
    public var cues: Int
    /// How much of the range has a caption on screen (ms).
    public var coveredMs: Int64
    /// The clip's short id when its only captions are a draft awaiting approval (not used until approved).
    public var draftAwaitingApproval: String? = nil

    /// The covered share of the range, 0…1.
    public var fraction: Double { durationMs > 0 ? Double(coveredMs) / Double(durationMs) : 0 }

    /// Whether the item has no caption at all in its range.
    public var isMissing: Bool { cues == 0 }

    /// `s-3fa2c1-2 (Grace Adebayo, nurse): 12 cues, 94% of 0:45 captioned` or `…: no captions`.
    public var line: String {
        let length = MediaTime(milliseconds: durationMs).playlistClock
        if isMissing, let clip = draftAwaitingApproval {
            return "\(id) (\(voice)): no captions in its \(length) (draft captions await approval: `reel captions approve \(clip)`)"
        }
        if isMissing { return "\(id) (\(voice)): no captions in its \(length)" }
        return "\(id) (\(voice)): \(cues) cue\(cues == 1 ? "" : "s"), \(Int((fraction * 100).rounded()))% of \(length) captioned"
    }

    /// The coverage of `captions` (times within the clip) over the range `from`–`to` of the clip.
    public init(id: String, voice: String, from: MediaTime, to: MediaTime, captions: [Caption]) {
        self.id = id
        self.voice = voice
        let start = from.milliseconds, end = to.milliseconds
        durationMs = max(0, end - start)
        let inside = captions.map { (max($0.start.milliseconds, start), min($0.end.milliseconds, end)) }.filter { $0.0 < $0.1 }.sorted { $0 < $1 }
        cues = inside.count
        var covered: Int64 = 0
        var reach = start
        for (a, b) in inside where b > reach {
            covered += b - max(a, reach)
            reach = b
        }
        coveredMs = covered
    }
}

/// A render refused because items have no captions (`playlist render --require-captions`).
public struct MissingCaptionsError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The playlist's name.
    public var playlist: String
    /// The items without captions.
    public var missing: [CaptionCoverage]
    /// How many items the render would have had.
    public var total: Int

    public var description: String {
        let ids = missing.prefix(6).map { "\($0.id) (\($0.voice))" }.joined(separator: ", ") + (missing.count > 6 ? ", …" : "")
        let drafts = missing.compactMap(\.draftAwaitingApproval)
        let approve = drafts.isEmpty ? "" : "; draft captions await approval for \(drafts.joined(separator: ", ")): check them "
            + "(`reel captions show CLIP`) and `reel captions approve CLIP`"
        return "playlist '\(playlist)': \(missing.count) of \(total) clips have no captions (--require-captions): \(ids); "
            + "add captions (an .srt or .vtt beside the clip, imported again, or `reel captions draft` then approve) "
            + "or render without --require-captions" + approve
    }
}

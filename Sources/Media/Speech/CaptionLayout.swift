import Foundation

/// Splits timed words into caption cues that follow the usual subtitle rules (BBC and Ofcom guidance):
/// at most `maxLineLength` characters a line (42), at most `maxLines` lines a cue (2), a new cue at a pause in the
/// speech, and no cue on screen longer than `maxCueMs`.
///
/// A pure function of its input: cue times come from the words' own times (the recogniser's), so the cues are in
/// order, never overlap, and lie within the words' span. A word longer than a line is cut into line-sized pieces,
/// so no line is ever longer than the limit.
public struct CaptionLayout: Sendable, Equatable {
    /// The longest line, in characters (42).
    public var maxLineLength: Int
    /// The most lines a cue holds (2).
    public var maxLines: Int
    /// A silence between two words at least this long (ms) starts a new cue (600).
    public var pauseMs: Int64
    /// The longest a cue may stay on screen (ms); a longer run of words is split (7 000).
    public var maxCueMs: Int64
    /// The shortest a cue stays on screen (ms) when the next cue leaves room (1 000).
    public var minCueMs: Int64

    /// The standard layout: 42 characters, 2 lines, a new cue at a 0.6 s pause, cues of 1–7 s.
    public init(maxLineLength: Int = 42, maxLines: Int = 2, pauseMs: Int64 = 600, maxCueMs: Int64 = 7000, minCueMs: Int64 = 1000) {
        self.maxLineLength = max(1, maxLineLength)
        self.maxLines = max(1, maxLines)
        self.pauseMs = pauseMs
        self.maxCueMs = maxCueMs
        self.minCueMs = minCueMs
    }

    /// One cue: its time range (ms) and its lines.
    public struct Cue: Sendable, Equatable {
        public var startMs: Int64
        public var endMs: Int64
        public var lines: [String]

        public init(startMs: Int64, endMs: Int64, lines: [String]) {
            self.startMs = startMs
            self.endMs = endMs
            self.lines = lines
        }

        /// A cue from caption text, its lines separated by newlines.
        public init(startMs: Int64, endMs: Int64, text: String) {
            self.init(startMs: startMs, endMs: endMs, lines: text.components(separatedBy: "\n"))
        }

        /// The lines joined with a newline, as caption files hold them.
        public var text: String { lines.joined(separator: "\n") }
    }

    /// The cues for `words`, in time order. Empty words are ignored; the words are sorted by start time first.
    /// With `clipEndMs`, no cue is stretched (to the minimum time on screen) past the end of the clip.
    public func cues(for words: [TimedWord], clipEndMs: Int64? = nil) -> [Cue] {
        let pieces = words.map { TimedWord(text: $0.text.trimmingCharacters(in: .whitespacesAndNewlines), startMs: $0.startMs, endMs: $0.endMs) }
            .filter { !$0.text.isEmpty }
            .sorted { ($0.startMs, $0.endMs) < ($1.startMs, $1.endMs) }
            .flatMap(splitLongWord)
        var cues: [Cue] = []
        var lines: [String] = []
        var line = ""
        var start: Int64 = 0
        var end: Int64 = 0
        var lastEnd: Int64? = nil

        func close() {
            if !line.isEmpty { lines.append(line) }
            if !lines.isEmpty { cues.append(Cue(startMs: start, endMs: end, lines: lines)) }
            lines = []
            line = ""
        }

        for word in pieces {
            var empty = lines.isEmpty && line.isEmpty
            if !empty {
                let pause = lastEnd.map { word.startMs - $0 >= pauseMs } ?? false
                let tooLong = word.endMs - start > maxCueMs
                if pause || tooLong { close() }
                empty = lines.isEmpty && line.isEmpty
            }
            if !empty {
                if line.count + 1 + word.text.count <= maxLineLength {
                    line += " " + word.text
                    end = max(end, word.endMs)
                    lastEnd = word.endMs
                    continue
                }
                lines.append(line)
                line = ""
                if lines.count == maxLines { close() }
                empty = lines.isEmpty && line.isEmpty
            }
            if empty {
                start = word.startMs
                end = word.endMs
            } else {
                end = max(end, word.endMs)
            }
            line = word.text
            lastEnd = word.endMs
        }
        close()
        return settle(cues, clipEndMs: clipEndMs)
    }

    /// Gives each cue at least `minCueMs` on screen where the next cue leaves room, and makes sure no cue
    /// overlaps the next or has zero length.
    private func settle(_ cues: [Cue], clipEndMs: Int64?) -> [Cue] {
        var out = cues
        for i in out.indices {
            if i > 0, out[i].startMs < out[i - 1].endMs { out[i].startMs = out[i - 1].endMs }
            let nextStart = i + 1 < out.count ? max(out[i + 1].startMs, out[i].startMs + 1) : max(clipEndMs ?? Int64.max, out[i].endMs)
            let end = min(max(out[i].endMs, out[i].startMs + minCueMs), nextStart)
            out[i].endMs = max(end, out[i].startMs + 1)
        }
        return out
    }

    /// A word longer than a line, cut into pieces of at most `maxLineLength` characters, its time shared out by length.
    private func splitLongWord(_ word: TimedWord) -> [TimedWord] {
        let chars = Array(word.text)
        guard chars.count > maxLineLength else { return [word] }
        var out: [TimedWord] = []
        let span = word.endMs - word.startMs
        var i = 0
        while i < chars.count {
            let j = min(chars.count, i + maxLineLength)
            let s = word.startMs + span * Int64(i) / Int64(chars.count)
            let e = word.startMs + span * Int64(j) / Int64(chars.count)
            out.append(TimedWord(text: String(chars[i..<j]), startMs: s, endMs: e))
            i = j
        }
        return out
    }

    /// Words with times for a phrase the recogniser timed only as a whole (`startMs`–`endMs`): each word gets a
    /// share of the span in proportion to its length (plus one for the space after it). Honest about what it is:
    /// an estimate inside the recogniser's phrase timing, used where the engine gives no word times.
    public static func spread(_ text: String, startMs: Int64, endMs: Int64) -> [TimedWord] {
        let words = text.split(whereSeparator: { $0.isWhitespace }).map(String.init)
        guard !words.isEmpty else { return [] }
        let span = max(0, endMs - startMs)
        let weights = words.map { Int64($0.count + 1) }
        let total = weights.reduce(0, +)
        var out: [TimedWord] = []
        var used: Int64 = 0
        for (w, weight) in zip(words, weights) {
            let s = startMs + span * used / total
            used += weight
            let e = startMs + span * used / total
            out.append(TimedWord(text: w, startMs: s, endMs: e))
        }
        return out
    }
}

import Foundation

/// A parsed SRT or WebVTT caption file: its cues in file order, with markup removed.
public struct CaptionFile: Sendable, Equatable {
    /// One cue: a time range in milliseconds and its text.
    public struct Cue: Sendable, Equatable {
        /// Where it starts, in milliseconds from the start of the clip.
        public var startMs: Int64
        /// Where it ends, in milliseconds from the start of the clip.
        public var endMs: Int64
        /// The words.
        public var text: String

        /// Makes a value from its parts.
        public init(startMs: Int64, endMs: Int64, text: String) {
            self.startMs = startMs
            self.endMs = endMs
            self.text = text
        }
    }

    /// The two formats Reel reads.
    public enum Format: String, Sendable, Codable {
        case srt
        case webVTT = "vtt"
    }

    /// SRT or WebVTT.
    public var format: Format
    /// The cues, in file order.
    public var cues: [Cue]
    /// Cues that could not be read, as `line N: problem` (the rest of the file is still used).
    public var problems: [String]

    /// The caption file extensions Reel looks for beside a clip.
    public static let extensions: Set<String> = ["srt", "vtt"]

    /// Reads a caption file; the format comes from the extension (`.vtt` is WebVTT, anything else SRT) or a
    /// `WEBVTT` first line.
    ///
    /// Throws `ImportFailure` naming the path when the file cannot be read or is not text.
    public init(contentsOf path: String) throws {
        if let kind = MediaScanner.nonRegularKind(path) {
            throw ImportFailure(path: path, reason: "the caption file is not a regular file (\(kind))")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ImportFailure(path: path, reason: "cannot read the caption file")
        }
        guard let text = String(data: data, encoding: .utf8) ?? String(data: data, encoding: .isoLatin1) else {
            throw ImportFailure(path: path, reason: "the caption file is not text")
        }
        let isVTT = (path as NSString).pathExtension.lowercased() == "vtt"
        self.init(text: text, format: isVTT ? .webVTT : nil)
    }

    /// Parses caption text; with `format` nil, a `WEBVTT` first line means WebVTT, else SRT.
    public init(text: String, format: Format? = nil) {
        var body = text
        if body.hasPrefix("\u{FEFF}") { body.removeFirst() }
        let lines = body.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            .components(separatedBy: "\n")
        let detected = format ?? (lines.first?.hasPrefix("WEBVTT") == true ? .webVTT : .srt)
        self.format = detected
        var cues: [Cue] = []
        var problems: [String] = []
        var i = 0
        if detected == .webVTT {
            // Skip the header block.
            while i < lines.count, !lines[i].trimmingCharacters(in: .whitespaces).isEmpty { i += 1 }
        }
        while i < lines.count {
            // Gather one block of non-blank lines.
            while i < lines.count, lines[i].trimmingCharacters(in: .whitespaces).isEmpty { i += 1 }
            guard i < lines.count else { break }
            let blockStart = i
            var block: [String] = []
            while i < lines.count, !lines[i].trimmingCharacters(in: .whitespaces).isEmpty {
                block.append(lines[i])
                i += 1
            }
            if detected == .webVTT, let first = block.first,
                first.hasPrefix("NOTE") || first.hasPrefix("STYLE") || first.hasPrefix("REGION")
            {
                continue
            }
            guard let timingIndex = block.firstIndex(where: { $0.contains("-->") }), timingIndex <= 1 else {
                problems.append("line \(blockStart + 1): no 'start --> end' timing line")
                continue
            }
            let timing = block[timingIndex]
            let sides = timing.components(separatedBy: "-->")
            let startText = sides[0].trimmingCharacters(in: .whitespaces)
            let endText = sides[1].trimmingCharacters(in: .whitespaces).split(separator: " ").first.map(String.init) ?? ""
            guard let start = CaptionFile.parseTimestamp(startText), let end = CaptionFile.parseTimestamp(endText) else {
                problems.append("line \(blockStart + timingIndex + 1): cannot read the times in '\(timing.prefix(200))'")
                continue
            }
            guard end >= start else {
                problems.append("line \(blockStart + timingIndex + 1): the cue ends before it starts")
                continue
            }
            let text = block[(timingIndex + 1)...].map { CaptionFile.stripMarkup($0) }
                .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.joined(separator: "\n")
            cues.append(Cue(startMs: start, endMs: end, text: text))
        }
        self.cues = cues
        self.problems = problems
    }

    /// The latest cue time Reel reads: 1,000,000 hours (as `MediaTime(parsing:)`), so sums never overflow.
    static let largestMs: Int64 = 3_600_000_000_000

    /// Milliseconds from `HH:MM:SS,mmm`, `HH:MM:SS.mmm` or `MM:SS.mmm`; nil when malformed or later than
    /// `largestMs` (never traps, however many digits).
    static func parseTimestamp(_ text: String) -> Int64? {
        let parts = text.replacingOccurrences(of: ",", with: ".").split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3 else { return nil }
        func digits(_ p: Substring) -> Int64? {
            guard !p.isEmpty, p.count <= 13, p.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
            return Int64(p)
        }
        let secParts = parts.last!.split(separator: ".", omittingEmptySubsequences: false)
        guard secParts.count <= 2, let seconds = digits(secParts[0]), seconds < 60 else { return nil }
        var ms: Int64 = 0
        if secParts.count == 2 {
            let frac = secParts[1].prefix(3)
            guard let f = digits(frac) else { return nil }
            ms = f * Int64([1, 100, 10, 1][frac.count])
        }
        guard let minutes = digits(parts[parts.count - 2]), minutes < 60 || parts.count == 2 else { return nil }
        let hours = parts.count == 3 ? digits(parts[0]) : 0
        guard let hours, hours <= largestMs / 3_600_000, minutes <= largestMs / 60_000 else { return nil }
        let total = ((hours * 60 + minutes) * 60 + seconds) * 1000 + ms
        return total <= largestMs ? total : nil
    }

    /// Removes `<i>`, `<v Name>`, `<c.class>`, `<00:00:01.000>`-style tags and `{\an8}`-style overrides,
    /// and decodes the HTML entities WebVTT allows.
    static func stripMarkup(_ line: String) -> String {
        var out = ""
        var inTag = false
        var inBrace = false
        for ch in line {
            switch ch {
            case "<": inTag = true
            case ">" where inTag: inTag = false
            case "{" where !inTag: inBrace = true
            case "}" where inBrace: inBrace = false
            default: if !inTag && !inBrace { out.append(ch) }
            }
        }
        return out.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&nbsp;", with: " ").replacingOccurrences(of: "&lrm;", with: "")
            .replacingOccurrences(of: "&rlm;", with: "").replacingOccurrences(of: "&amp;", with: "&")
    }
}

import Foundation

/// Word error rate of a transcript against a reference: (substitutions + deletions + insertions) / reference words,
/// from the word-level Levenshtein alignment (the NIST sclite measure).
///
/// Both texts are normalised first: lower case, accents kept, punctuation removed (an apostrophe inside a word
/// stays: `don't`), hyphens split words, SRT/WebVTT-style line breaks are spaces. Nothing else is
/// normalised (numbers are not spelled out), so `ten` and `10` count as different words.
public struct WordErrorRate: Sendable, Equatable, Codable {
    /// Reference words replaced by another word.
    public var substitutions: Int
    /// Reference words missing from the transcript.
    public var deletions: Int
    /// Transcript words not in the reference.
    public var insertions: Int
    /// How many words the reference has.
    public var referenceWords: Int

    /// All errors.
    public var errors: Int { substitutions + deletions + insertions }

    /// errors / reference words (0 for an empty reference and an empty transcript, 1 per inserted word otherwise).
    public var rate: Double {
        referenceWords > 0 ? Double(errors) / Double(referenceWords) : (errors == 0 ? 0 : Double(errors))
    }

    /// Makes a value from its parts.
    public init(substitutions: Int, deletions: Int, insertions: Int, referenceWords: Int) {
        self.substitutions = substitutions
        self.deletions = deletions
        self.insertions = insertions
        self.referenceWords = referenceWords
    }

    /// Compares `hypothesis` (what the recogniser wrote) with `reference` (what was said).
    public init(reference: String, hypothesis: String) {
        self.init(referenceWords: WordErrorRate.words(reference), hypothesisWords: WordErrorRate.words(hypothesis))
    }

    /// Compares already-split word lists (compared exactly as given).
    public init(referenceWords ref: [String], hypothesisWords hyp: [String]) {
        // dp[j] = (cost, subs, dels, ins) aligning ref[0..<i] with hyp[0..<j]; ties prefer fewer operations overall,
        // then substitutions, which is what sclite reports.
        typealias Cell = (cost: Int, s: Int, d: Int, i: Int)
        var previous: [Cell] = (0...hyp.count).map { ($0, 0, 0, $0) }
        for i in 1...max(1, ref.count) where !ref.isEmpty {
            var current: [Cell] = [(i, 0, i, 0)]
            for j in 1...max(1, hyp.count) where !hyp.isEmpty {
                let same = ref[i - 1] == hyp[j - 1]
                let diag = previous[j - 1]
                var best: Cell = same ? diag : (diag.cost + 1, diag.s + 1, diag.d, diag.i)
                let up = previous[j]  // deletion of ref[i-1]
                if up.cost + 1 < best.cost { best = (up.cost + 1, up.s, up.d + 1, up.i) }
                let left = current[j - 1]  // insertion of hyp[j-1]
                if left.cost + 1 < best.cost { best = (left.cost + 1, left.s, left.d, left.i + 1) }
                current.append(best)
            }
            previous = current
        }
        let last = previous[previous.count - 1]
        self.init(substitutions: last.s, deletions: last.d, insertions: last.i, referenceWords: ref.count)
    }

    /// The sum of several measurements (errors and reference words added up), for a corpus total.
    public static func total(_ parts: [WordErrorRate]) -> WordErrorRate {
        parts.reduce(WordErrorRate(substitutions: 0, deletions: 0, insertions: 0, referenceWords: 0)) {
            WordErrorRate(substitutions: $0.substitutions + $1.substitutions, deletions: $0.deletions + $1.deletions,
                          insertions: $0.insertions + $1.insertions, referenceWords: $0.referenceWords + $1.referenceWords)
        }
    }

    /// The normalised words of a text: lower case, split at anything that is not a letter, digit or inner apostrophe.
    public static func words(_ text: String) -> [String] {
        var out: [String] = []
        var current = ""
        func flush() {
            let w = current.trimmingCharacters(in: CharacterSet(charactersIn: "'"))
            if !w.isEmpty { out.append(w) }
            current = ""
        }
        for ch in text.lowercased().replacingOccurrences(of: "\u{2019}", with: "'") {
            if ch.isLetter || ch.isNumber || ch == "'" { current.append(ch) } else { flush() }
        }
        flush()
        return out
    }
}

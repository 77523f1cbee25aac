import Foundation

/// Finds what a user meant by a role, theme, speaker or clip name: exact matches on ids, aliases and labels,
/// and "did you mean …" suggestions by edit distance, word overlap and containment.
public struct NameMatcher: Sendable {
    /// One thing that can be named: its id and the other names it answers to (aliases, label).
    public struct Candidate: Sendable {
        /// The row id; nil until inserted.
        public var id: String
        public var names: [String]

        /// Makes a value from its parts.
        public init(id: String, names: [String] = []) {
            self.id = id
            self.names = names
        }
    }

    public let candidates: [Candidate]

    /// Makes a value from its parts.
    public init(_ candidates: [Candidate]) {
        self.candidates = candidates
    }

    /// The id whose id, alias or label equals `text`, ignoring case, accents, and spaces versus hyphens
    /// or underscores; nil when there is none.
    public func exactMatch(_ text: String) -> String? {
        let key = NameMatcher.normalize(text)
        guard !key.isEmpty else { return nil }
        if let c = candidates.first(where: { NameMatcher.normalize($0.id) == key }) { return c.id }
        return candidates.first { $0.names.contains { NameMatcher.normalize($0) == key } }?.id
    }

    /// Up to `limit` ids closest to `text`, best first: small edit distance (Damerau–Levenshtein, at most a
    /// third of the length, at least 2), a name that contains the text or is contained in it, shared words, or a
    /// typo inside one word of a longer name. Only suggestions nearly as close as the best one are returned.
    public func suggestions(for text: String, limit: Int = 3) -> [String] {
        let key = NameMatcher.normalize(text)
        guard !key.isEmpty else { return [] }
        let keyWords = Set(key.split(separator: "-").map(String.init).filter { $0.count >= 3 })
        var scored: [(score: Double, order: Int, id: String)] = []
        for (order, c) in candidates.enumerated() {
            var best = Double.infinity
            for name in [c.id] + c.names {
                let n = NameMatcher.normalize(name)
                guard !n.isEmpty else { continue }
                let distance = NameMatcher.editDistance(key, n)
                let allowed = max(2, min(key.count, n.count) / 3)
                if distance <= allowed { best = min(best, Double(distance)) }
                // Part of a name ("occupational") is a strong hint; a text that merely contains a short name
                // ("palliative nurse" contains "nurse") a weaker one.
                if key.count >= 3, n.contains(key) { best = min(best, 0.5) }
                if n.count >= 3, key.contains(n) { best = min(best, 1.25) }
                let words = Set(n.split(separator: "-").map(String.init))
                // Shared words: the larger the share of the text's words, the closer (1 for all, nearly 2 for few).
                let shared = keyWords.intersection(words).count
                if shared > 0 { best = min(best, 2 - Double(shared) / Double(max(keyWords.count, 1))) }
                // A typo inside one word of a longer name ("welbeing" for "staff-wellbeing"), or another form of
                // the word ("memories" for "memory-making", "bereaved" for "bereavement": 5 letters in common first).
                for w in words where w.count >= 4 {
                    for k in keyWords where k.count >= 4 {
                        if NameMatcher.editDistance(k, w) <= max(1, w.count / 4) { best = min(best, 1.9) }
                        let common = zip(k, w).prefix { $0 == $1 }.count
                        if common >= 5 || (common >= 4 && common == min(k.count, w.count)) { best = min(best, 1.95) }
                    }
                }
            }
            if best.isFinite { scored.append((best, order, c.id)) }
        }
        scored.sort { ($0.score, $0.order) < ($1.score, $1.order) }
        // Only the close ones: within 0.3 of the best.
        guard let top = scored.first?.score else { return [] }
        return Array(scored.filter { $0.score <= top + 0.3 }.prefix(limit).map(\.id))
    }

    /// " (did you mean 'a', 'b'?)" or "" when there are no suggestions; for error messages.
    public static func didYouMean(_ suggestions: [String]) -> String {
        guard !suggestions.isEmpty else { return "" }
        return " (did you mean " + suggestions.map { "'\($0)'" }.joined(separator: " or ") + "?)"
    }

    /// Lowercased, accents removed, runs of spaces, underscores, slashes and hyphens turned into one hyphen.
    public static func normalize(_ text: String) -> String {
        let folded = text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
        var out = ""
        var pendingHyphen = false
        for ch in folded {
            if ch.isLetter || ch.isNumber || ch == "'" || ch == "." {
                if pendingHyphen, !out.isEmpty { out.append("-") }
                pendingHyphen = false
                if ch != "'" { out.append(ch) }
            } else {
                pendingHyphen = true
            }
        }
        return out
    }

    /// The Damerau–Levenshtein (optimal string alignment) distance: insertions, deletions, substitutions
    /// and transpositions of neighbours each cost 1.
    public static func editDistance(_ a: String, _ b: String) -> Int {
        let x = Array(a)
        let y = Array(b)
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        var d = [[Int]](repeating: [Int](repeating: 0, count: y.count + 1), count: x.count + 1)
        for i in 0...x.count { d[i][0] = i }
        for j in 0...y.count { d[0][j] = j }
        for i in 1...x.count {
            for j in 1...y.count {
                let cost = x[i - 1] == y[j - 1] ? 0 : 1
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1, j > 1, x[i - 1] == y[j - 2], x[i - 2] == y[j - 1] {
                    d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
                }
            }
        }
        return d[x.count][y.count]
    }
}

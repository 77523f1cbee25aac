import Foundation

/// Finds a theme's keywords in text: whole words, any case and accents, allowing common English endings
/// (`conversation` matches `conversations`, `support` matches `supported`); a keyword ending in `*` matches
/// any ending; a keyword of several words matches them in a row.
public struct KeywordMatcher: Sendable {
    private let phrases: [(keyword: String, words: [String], open: Bool)]

    /// Makes a value from its parts.
    public init(keywords: [String]) {
        phrases = keywords.compactMap { keyword in
            var k = keyword.trimmingCharacters(in: .whitespaces)
            let open = k.hasSuffix("*")
            if open { k.removeLast() }
            let words = KeywordMatcher.words(k)
            return words.isEmpty ? nil : (keyword, words, open)
        }
    }

    /// The keywords (as written in the taxonomy) found in `text`.
    public func matches(in text: String) -> [String] {
        let words = KeywordMatcher.words(text)
        var found: [String] = []
        for phrase in phrases where !found.contains(phrase.keyword) {
            let n = phrase.words.count
            guard words.count >= n else { continue }
            for start in 0...(words.count - n) {
                var ok = true
                for (i, kw) in phrase.words.enumerated() {
                    let last = i == n - 1
                    if !KeywordMatcher.word(words[start + i], matches: kw, open: last && phrase.open) { ok = false; break }
                }
                if ok {
                    found.append(phrase.keyword)
                    break
                }
            }
        }
        return found
    }

    private static let endings = ["s", "es", "ed", "d", "ing", "er", "ers", "ly", "'s", "ment", "ments", "ful"]

    static func word(_ word: String, matches keyword: String, open: Bool) -> Bool {
        if word == keyword { return true }
        guard word.hasPrefix(keyword) else { return false }
        if open { return true }
        let rest = String(word.dropFirst(keyword.count))
        return keyword.count >= 3 && endings.contains(rest)
    }

    /// Lowercased words without accents; apostrophes inside words are kept (`I'm`, `family's`).
    static func words(_ text: String) -> [String] {
        let folded = text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
            .replacingOccurrences(of: "\u{2019}", with: "'")
        var out: [String] = []
        var current = ""
        for ch in folded {
            if ch.isLetter || ch.isNumber || (ch == "'" && !current.isEmpty) {
                current.append(ch)
            } else if !current.isEmpty {
                out.append(current.trimmingCharacters(in: CharacterSet(charactersIn: "'")))
                current = ""
            }
        }
        if !current.isEmpty { out.append(current.trimmingCharacters(in: CharacterSet(charactersIn: "'"))) }
        return out
    }
}

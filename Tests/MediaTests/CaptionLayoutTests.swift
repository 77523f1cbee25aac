import Foundation
import Testing

@testable import Media

/// The pure rules that turn timed words into cues: 42 characters a line, 2 lines a cue, a new cue at a pause.
struct CaptionLayoutTests {
    /// Words of `text`, one every `stepMs`, each `stepMs - 50` long.
    static func words(_ text: String, from startMs: Int64 = 0, stepMs: Int64 = 300) -> [TimedWord] {
        text.split(separator: " ").enumerated().map { i, w in
            TimedWord(text: String(w), startMs: startMs + Int64(i) * stepMs, endMs: startMs + Int64(i) * stepMs + stepMs - 50)
        }
    }

    @Test func shortPhraseIsOneCueOnOneLine() {
        let cues = CaptionLayout().cues(for: Self.words("As a nurse I ask"))
        #expect(cues.count == 1)
        #expect(cues[0].lines == ["As a nurse I ask"])
        #expect(cues[0].startMs == 0)
        #expect(cues[0].endMs == 1450)
    }

    @Test func linesNeverPassFortyTwoCharactersAndCuesNeverPassTwoLines() {
        let text = "As a nurse I ask each patient what matters most to them and then we plan care around their wishes "
            + "together with their families and the whole team so that nobody is left out"
        let cues = CaptionLayout(maxCueMs: 60_000).cues(for: Self.words(text, stepMs: 100))
        #expect(cues.count > 1)
        for cue in cues {
            #expect(cue.lines.count <= 2)
            #expect(cue.lines.allSatisfy { $0.count <= 42 && !$0.isEmpty })
        }
        // Every word is kept, in order.
        #expect(cues.flatMap { $0.lines }.joined(separator: " ") == text)
        // The first cue fills two lines greedily.
        #expect(cues[0].lines == ["As a nurse I ask each patient what matters", "most to them and then we plan care around"])
    }

    @Test func aPauseStartsANewCue() {
        let first = Self.words("Then we plan care", from: 0)
        let second = Self.words("around their wishes", from: 2000)
        let cues = CaptionLayout().cues(for: first + second)
        #expect(cues.map(\.text) == ["Then we plan care", "around their wishes"])
        #expect(cues[1].startMs == 2000)
        #expect(cues[0].endMs <= cues[1].startMs)
    }

    @Test func aLongRunIsSplitAtTheMaximumCueLength() {
        let cues = CaptionLayout(maxCueMs: 1000).cues(for: Self.words("one two three four five six seven", stepMs: 300))
        #expect(cues.count >= 2)
        for cue in cues { #expect(cue.endMs - cue.startMs <= 1000) }
    }

    @Test func cuesAreOrderedDoNotOverlapAndStayInsideTheClip() {
        // Tight words: the one-second minimum cannot be honoured without overlapping the next cue or the clip's end.
        let words = [TimedWord(text: "yes", startMs: 0, endMs: 100), TimedWord(text: "no", startMs: 800, endMs: 900),
                     TimedWord(text: "maybe", startMs: 1500, endMs: 1600)]
        let cues = CaptionLayout().cues(for: words, clipEndMs: 1700)
        #expect(cues.count == 3)
        #expect(cues.map(\.endMs) == [800, 1500, 1700])
        for (a, b) in zip(cues, cues.dropFirst()) { #expect(a.endMs <= b.startMs) }
        #expect(cues.allSatisfy { $0.endMs > $0.startMs })
    }

    @Test func aWordLongerThanALineIsCut() {
        let long = String(repeating: "x", count: 100)
        let cues = CaptionLayout().cues(for: [TimedWord(text: long, startMs: 0, endMs: 1000)])
        #expect(cues.flatMap(\.lines).allSatisfy { $0.count <= 42 })
        #expect(cues.flatMap(\.lines).joined() == long)
    }

    @Test func emptyInputGivesNoCues() {
        #expect(CaptionLayout().cues(for: []).isEmpty)
        #expect(CaptionLayout().cues(for: [TimedWord(text: "  ", startMs: 0, endMs: 10)]).isEmpty)
    }

    @Test func spreadSharesAPhraseByWordLength() {
        let words = CaptionLayout.spread("a bbb", startMs: 1000, endMs: 1600)
        // weights 2 and 4 of 6: 1000–1200 and 1200–1600.
        #expect(words == [TimedWord(text: "a", startMs: 1000, endMs: 1200), TimedWord(text: "bbb", startMs: 1200, endMs: 1600)])
    }
}

/// Word error rate: word-level Levenshtein over normalised words.
struct WordErrorRateTests {
    @Test func identicalTextsAfterNormalisingHaveNoErrors() {
        let w = WordErrorRate(reference: "As a nurse, I ask each patient what matters most to them.",
                              hypothesis: "as a NURSE i ask each patient\nwhat matters most to them")
        #expect(w.errors == 0)
        #expect(w.referenceWords == 12)
        #expect(w.rate == 0)
    }

    @Test func countsSubstitutionsDeletionsAndInsertions() {
        // Three edits whichever alignment is chosen: 3 of 6 words.
        let w = WordErrorRate(reference: "the cat sat on the mat", hypothesis: "the cat sit on mat down")
        #expect(w.errors == 3)
        #expect(w.referenceWords == 6)
        #expect(abs(w.rate - 0.5) < 1e-9)
        let deleted = WordErrorRate(reference: "a b c d", hypothesis: "a c d")
        #expect((deleted.substitutions, deleted.deletions, deleted.insertions) == (0, 1, 0))
        let inserted = WordErrorRate(reference: "a b", hypothesis: "a x b")
        #expect((inserted.substitutions, inserted.deletions, inserted.insertions) == (0, 0, 1))
        let substituted = WordErrorRate(reference: "a b c", hypothesis: "a y c")
        #expect((substituted.substitutions, substituted.deletions, substituted.insertions) == (1, 0, 0))
    }

    @Test func emptySides() {
        #expect(WordErrorRate(reference: "", hypothesis: "").rate == 0)
        let none = WordErrorRate(reference: "three words here", hypothesis: "")
        #expect(none.deletions == 3 && none.rate == 1)
        let extra = WordErrorRate(reference: "", hypothesis: "hello there")
        #expect(extra.insertions == 2)
    }

    @Test func apostrophesInsideWordsAreKeptAndTotalsAddUp() {
        #expect(WordErrorRate.words("Don't stop—it's the family's 'wish'") == ["don't", "stop", "it's", "the", "family's", "wish"])
        let total = WordErrorRate.total([WordErrorRate(reference: "a b", hypothesis: "a c"), WordErrorRate(reference: "d e f", hypothesis: "d e f")])
        #expect(total.errors == 1 && total.referenceWords == 5)
    }
}

import Foundation
import Playlists
import Testing
@testable import Catalog

/// Theme suggestions from captions and the taxonomy's keywords.
struct SuggestThemesTests {
    @Test func keywordMatchingUsesWholeWordsEndingsAndPhrases() {
        let m = KeywordMatcher(keywords: ["hand cast", "conversation", "bereave*", "role"])
        #expect(m.matches(in: "We made a Hand Cast together") == ["hand cast"])
        #expect(m.matches(in: "difficult conversations") == ["conversation"])
        #expect(m.matches(in: "the bereavement office") == ["bereave*"])
        #expect(m.matches(in: "a rolling trolley, controlled") == [])
        #expect(m.matches(in: "Everyone's roles matter") == ["role"])
    }

    @Test func suggestionsShowTheCaptionLinesThatMatched() async throws {
        let catalog = try await TestSupport.sampleCatalogue()
        let suggestions = try catalog.suggestThemes(for: "nurse-1080p.mp4")
        let top = try #require(suggestions.first)
        #expect(top.theme.id == "what-matters-most")
        #expect(top.keywords.contains("what matters") && top.keywords.contains("wishes"))
        #expect(top.evidence.map(\.cue.startMs) == [400, 4433])
        #expect(top.alreadyTagged)
        let social = try catalog.suggestThemes(for: "social-worker-multilang.mkv")
        #expect(social.first?.theme.id == "supporting-families")
        #expect(social.first?.evidence.first?.cue.text == "As a social worker, I support the whole\nfamily.")
        // No captions, no suggestions.
        #expect(try catalog.suggestThemes(for: "receptionist.webm").isEmpty)
    }
}

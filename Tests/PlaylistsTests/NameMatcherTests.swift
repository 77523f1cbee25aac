import Testing
@testable import Playlists

/// "Did you mean …": edit distance, aliases and labels.
struct NameMatcherTests {
    @Test(arguments: [("kitten", "sitting", 3), ("nurse", "nurce", 1), ("porter", "proter", 1), ("", "abc", 3), ("same", "same", 0)])
    func editDistance(a: String, b: String, distance: Int) {
        #expect(NameMatcher.editDistance(a, b) == distance)
    }

    @Test func normalizeIgnoresCaseAccentsAndSeparators() {
        #expect(NameMatcher.normalize("Health_Care  Assistant") == "health-care-assistant")
        #expect(NameMatcher.normalize("Café Ward/Clerk") == "cafe-ward-clerk")
    }

    @Test func suggestionsRankTyposAliasesAndWords() {
        let m = Taxonomy.standard.roleMatcher
        #expect(m.suggestions(for: "docter").first == "doctor")
        #expect(m.suggestions(for: "occupational").first == "occupational-therapist")
        #expect(m.suggestions(for: "bereavement").first == "mortuary-bereavement-officer")
        #expect(m.suggestions(for: "physio therapist").first == "physiotherapist")
        #expect(m.exactMatch("OT") == "occupational-therapist")
        #expect(m.exactMatch("Macmillan Nurse") == "specialist-palliative-care-nurse")
        #expect(NameMatcher.didYouMean(["a", "b"]) == " (did you mean 'a' or 'b'?)")
        #expect(NameMatcher.didYouMean([]) == "")
    }
}

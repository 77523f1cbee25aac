import Foundation
import Playlists
import Testing

@testable import Catalog

/// Issue 11.11: a key written twice in taxonomy, audiences, presets or a YAML shot log is reported on the line of
/// the repeat, naming the first, in every one of those files (presets said only "not valid YAML", with no line).
struct YAMLDuplicateKeyTests {
    static let message = "duplicate key 'summary' (first on line 3); each key may appear once in an entry"

    @Test func presets() {
        let yaml = "# mine\nweb-x:\n  summary: a\n  kind: mp4\n  summary: b\n"
        #expect(throws: PresetLibrary.LoadError(path: "presets.yaml", issues: [.init(line: 5, message: Self.message)])) {
            try PresetLibrary(yaml: yaml, path: "presets.yaml")
        }
    }

    @Test func taxonomyInAListAndAtTheTop() {
        let listed = "roles:\n  - id: nurse\n    label: Nurse\n    audience: clinical\n    label: Again\nthemes:\n  - id: a\n    label: A\n"
        #expect(throws: TaxonomyError(path: "t.yaml", issues: [
            .init(line: 5, message: "duplicate key 'label' (first on line 3); each key may appear once in an entry"),
        ])) { try Taxonomy(yaml: listed, path: "t.yaml") }
        // A second entry with the same keys is not a repeat; a top-level key written again is.
        let top = "roles:\n  - id: nurse\n    label: Nurse\n    audience: clinical\n  - id: porter\n    label: Porter\n"
            + "    audience: non-clinical\nthemes:\n  - id: a\n    label: A\nroles: []\n"
        #expect(throws: TaxonomyError(path: "t.yaml", issues: [
            .init(line: 11, message: "duplicate key 'roles' (first on line 1); each key may appear once in an entry"),
        ])) { try Taxonomy(yaml: top, path: "t.yaml") }
    }

    @Test func aShotLogInYAML() {
        let yaml = "- file: a.mp4\n  speaker: Ann\n- file: b.mp4\n  title: One\n  title: Two\n"
        #expect(throws: CatalogError.shotLogUnreadable(
            path: "log.yaml", reason: "line 5: duplicate key 'title' (first on line 4); each key may appear once in an entry")) {
            try ShotLog(yaml: yaml, path: "log.yaml")
        }
    }

    @Test func whenTheRepeatCannotBeFoundTheFirstLineIsGiven() {
        #expect(YAMLSupport.repeatedKeyLine("crf", firstLine: 1, in: "video: { crf: 1, crf: 2 }\n") == nil)
    }
}

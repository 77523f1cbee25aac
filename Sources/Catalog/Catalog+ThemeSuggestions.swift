import Foundation
import GRDB

extension Catalog {
    /// Proposes themes for a clip from its captions (sidecar cues and draft captions), using the taxonomy's keywords; strongest first (most
    /// distinct keywords, then most matching lines). Each suggestion shows the caption lines that matched.
    ///
    /// Returns an empty list for a clip without captions. Throws `CatalogError.unknownClip` / `.ambiguousClip`.
    public func suggestThemes(for clipText: String) throws -> [ThemeSuggestion] {
        try writer.read { db in
            let clip = try Catalog.resolveClip(clipText, db)
            var cues = try CaptionCue.filter(CaptionCue.Columns.clipID == clip.id!)
                .order(CaptionCue.Columns.source, CaptionCue.Columns.startMs).fetchAll(db)
            // Draft captions (approved or not) count too: a suggestion is only a suggestion, and a person tags.
            if let draft = try Catalog.draftCaptions(of: clip, db) {
                let source = "draft captions (\(draft.draft.engine), \(draft.status.rawValue))"
                cues += draft.cues.map { $0.captionCue(source: source) }
            }
            let tagged = Set(try String.fetchAll(db, sql: "SELECT themeID FROM clipTheme WHERE clipID = ?", arguments: [clip.id!]))
            var suggestions: [ThemeSuggestion] = []
            for theme in taxonomy.themes {
                let matcher = KeywordMatcher(keywords: theme.keywords)
                let evidence = cues.compactMap { cue -> ThemeSuggestion.Evidence? in
                    let found = matcher.matches(in: cue.text)
                    return found.isEmpty ? nil : .init(cue: cue, keywords: found)
                }
                if !evidence.isEmpty {
                    suggestions.append(ThemeSuggestion(theme: theme, evidence: evidence, alreadyTagged: tagged.contains(theme.id)))
                }
            }
            return suggestions.enumerated().sorted { a, b in
                (-a.element.keywords.count, -a.element.evidence.count, a.offset) < (-b.element.keywords.count, -b.element.evidence.count, b.offset)
            }.map(\.element)
        }
    }
}

import Foundation
import GRDB
import Media

extension Catalog {
    /// What drafting one clip's captions did.
    public struct CaptionDraftOutcome: Sendable {
        /// The stored draft.
        public var drafts: DraftCaptions
        /// What the recogniser heard (phrases, words, timing, speed).
        public var transcript: Transcript
        /// Themes whose taxonomy keywords occur in the captions (as `suggestThemes`), strongest first.
        public var suggestions: [ThemeSuggestion]
    }

    /// Listens to a clip's audio with `engine` and stores the result as draft captions (status `draft`), laid out
    /// by `CaptionLayout` (42 characters a line, 2 lines a cue) and kept inside the clip.
    ///
    /// The refusal for an already captioned clip (`CaptionDraftError.alreadyCaptioned`, unless `force`) happens
    /// before any audio is decoded. Throws `CatalogError` for the clip, `MediaError` for its file,
    /// `RecognitionError` when the engine or model cannot be used, `CaptionDraftError.nothingHeard`.
    public func draftCaptionsFromAudio(
        forClip clipText: String, engine: SpeechEngine = .pocketsphinx, model: String? = nil, by person: String = Catalog.currentUser,
        force: Bool = false
    ) async throws -> CaptionDraftOutcome {
        let clip = try await writer.read { db in
            let clip = try Catalog.resolveClip(clipText, db)
            if !force {
                switch try Catalog.captionSource(of: clip, db) {
                case .sidecar(let name): throw CaptionDraftError.alreadyCaptioned(clip: clip.shortID, source: "sidecar captions (\(name))")
                case .approvedDraft: throw CaptionDraftError.alreadyCaptioned(clip: clip.shortID, source: "approved draft captions")
                case .unapprovedDraft, .none: break
                }
            }
            return clip
        }
        let transcript = try await MediaFile(clip.path).transcribe(engine: engine, model: model)
        let cues = Catalog.draftCues(from: transcript, clipDurationMs: clip.durationMs)
        guard !cues.isEmpty else { throw CaptionDraftError.nothingHeard(clip: clip.shortID) }
        let saved = try saveDraftCaptions(forClip: clip.shortID, cues: cues, engine: engine.rawValue, model: transcript.model, by: person, force: true)
        return CaptionDraftOutcome(drafts: saved, transcript: transcript, suggestions: try suggestThemes(for: clip.shortID))
    }

    /// A transcript's cues, kept inside the clip: the layout stops at the shorter of the audio and the clip, and a cue
    /// that would start at or after the clip's end is dropped.
    public static func draftCues(from transcript: Transcript, clipDurationMs: Int64?, layout: CaptionLayout = CaptionLayout()) -> [CaptionLayout.Cue] {
        let limit = min(transcript.audioDurationMs, clipDurationMs ?? transcript.audioDurationMs)
        return layout.cues(for: transcript.words, clipEndMs: limit).compactMap { cue in
            guard cue.startMs < limit else { return nil }
            var c = cue
            c.endMs = min(c.endMs, limit)
            return c.endMs > c.startMs ? c : nil
        }
    }
}

import Catalog
import Foundation
import Hummingbird
import Media

/// Draft captions from the clip page: draft from the audio (a background job), correct a cue's text and times,
/// approve. The rules (line lengths, times inside the clip and between the neighbours, an edit un-approving) are
/// the catalogue's, shared with `reel captions`.
extension ReelWebApp {
    func addCaptionRoutes(_ router: Router<BasicRequestContext>) {
        router.post("/clips/:id/captions/draft") { request, context in
            let id = try context.parameters.require("id")
            let back = "/clips/\(HTML.urlComponent(id))#captions"
            return try await form(request, context, back: back) { visitor, form in
                let detail = try catalog.clipDetail(id)
                try Self.checkReview(detail.summary)
                let force = form["force"] != nil
                switch try catalog.captionSource(forClip: id) {
                case .sidecar(let name) where !force:
                    throw WebFailure(status: .conflict, message: "This clip already has captions from \(name); nothing to draft.")
                case .approvedDraft where !force:
                    throw WebFailure(status: .conflict, message: "This clip's draft captions are already approved; tick “replace” to draft again.")
                default: break
                }
                let job = try await startCaptionDraft(detail.summary, by: visitor.recorder, force: force)
                return ("/jobs/\(job)", nil)
            }
        }
        router.post("/clips/:id/captions/cues/:cue") { request, context in
            let id = try context.parameters.require("id")
            let back = "/clips/\(HTML.urlComponent(id))#captions"
            return try await form(request, context, back: back) { visitor, form in
                guard let position = Int(try context.parameters.require("cue")) else {
                    throw WebFailure(status: .badRequest, message: "No such cue.")
                }
                guard let text = form.raw("text"), !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                    throw WebFailure(status: .badRequest, message: "Cue \(position) needs its text (a cue cannot be empty).")
                }
                let startMs = try Self.cueTime(form["from"], field: "start", cue: position)
                let endMs = try Self.cueTime(form["to"], field: "end", cue: position)
                let saved = try catalog.editDraftCue(
                    forClip: id, cue: position, text: text.replacingOccurrences(of: "\r\n", with: "\n"), startMs: startMs, endMs: endMs,
                    by: visitor.recorder)
                let note = saved.status == .draft ? " The captions are a draft again until someone approves them." : ""
                return ("/clips/\(HTML.urlComponent(id))#cue-\(position)", "Saved cue \(position).\(note)")
            }
        }
        router.post("/clips/:id/captions/approve") { request, context in
            let id = try context.parameters.require("id")
            let back = "/clips/\(HTML.urlComponent(id))#captions"
            return try await form(request, context, back: back) { visitor, _ in
                let approved = try catalog.approveDraftCaptions(forClip: id, by: visitor.recorder)
                return (back, "Approved \(approved.cues.count) caption cue\(approved.cues.count == 1 ? "" : "s"): publishing now uses them.")
            }
        }
    }

    /// A cue time from the page (`00:00:02.500`, `2.5`…) in milliseconds; nil when the field was left blank.
    static func cueTime(_ text: String?, field: String, cue: Int) throws -> Int64? {
        guard let text else { return nil }
        do {
            return try MediaTime(parsing: text).milliseconds
        } catch {
            throw WebFailure(status: .badRequest, message: "Cue \(cue): \(error) (the \(field) time, e.g. 00:00:02.500)")
        }
    }

    /// Drafts captions for a clip in the background; returns the job id.
    func startCaptionDraft(_ summary: ClipSummary, by person: String, force: Bool) async throws -> String {
        let id = UUID().uuidString.lowercased()
        let folder = (settings.workFolder as NSString).appendingPathComponent(id)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let engine: SpeechEngine = settings.whisperModel == nil ? .pocketsphinx : .whisper
        var job = WebJob(id: id, title: "Draft captions for \(summary.clip.title ?? summary.clip.fileName) (\(engine.rawValue))",
                         playlist: "", folder: folder)
        job.back = ("/clips/\(HTML.urlComponent(summary.id))#captions", "Back to the clip")
        let catalog = self.catalog
        let model = settings.whisperModel
        let clip = summary.id
        await jobs.start(job) { progress in
            progress(0.05)
            let outcome = try await catalog.draftCaptionsFromAudio(forClip: clip, engine: engine, model: model, by: person, force: force)
            var messages = ["Drafted \(outcome.drafts.cues.count) cue\(outcome.drafts.cues.count == 1 ? "" : "s"). Check every cue against the audio, correct it in the clip page, then approve."]
            let suggested = outcome.suggestions.filter { !$0.alreadyTagged }
            if !suggested.isEmpty {
                messages.append("Themes the words suggest (tag them in the clip page if they fit): "
                    + suggested.map { "\($0.theme.label) (\($0.keywords.joined(separator: ", ")))" }.joined(separator: "; ") + ".")
            }
            return (nil, messages)
        }
        return id
    }
}

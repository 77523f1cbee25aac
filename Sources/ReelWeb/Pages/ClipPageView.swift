import Catalog
import Foundation
import Media
import Playlists

/// One clip: player with captions, filmstrip, facts, flags with remedies, themes, segments, captions, speaker and
/// consent history, with the forms that change them.
struct ClipPageView {
    let app: ReelWebApp
    let detail: ClipDetail
    let visitor: Visitor
    /// The clip's draft captions, when it has any (sidecar captions are in `detail.captions`).
    var draft: DraftCaptions? = nil

    var summary: ClipSummary { detail.summary }
    var clip: Clip { summary.clip }
    var id: String { HTML.urlComponent(summary.id) }
    var taxonomy: Taxonomy { app.catalog.taxonomy }

    func render() throws -> HTML {
        let title = clip.title ?? clip.fileName
        return Layout.page(title: title, visitor: visitor, section: .clips, body: """
            <p><a href="/clips">← All clips</a></p>
            <h1>\(title) <span class="muted">\(summary.id)</span></h1>
            \(player())
            \(facts())
            \(flags())
            \(themes())
            \(segments())
            \(captions())
            \(try speaker())
            """)
    }

    /// Whether browsers play this file as it is (MP4/MOV/WebM with H.264, VP8/9 or AV1, 8-bit SDR).
    var isWebPlayable: Bool {
        let codec = (clip.videoCodec ?? "").lowercased()
        let ext = (clip.path as NSString).pathExtension.lowercased()
        let flags = Set(summary.flags.map(\.flag))
        return ["mp4", "m4v", "mov", "webm"].contains(ext) && ["h264", "vp8", "vp9", "av1"].contains(codec) && !flags.contains(.hdr)
    }

    func player() -> HTML {
        guard summary.consent.state.allowsReview else {
            return """
                <p class="error" role="alert">This clip's media is not shown: the speaker's consent is \(summary.consent.state.rawValue). \
                Its catalogue record stays for the history.</p>
                """
        }
        var out: HTML = ""
        if isWebPlayable {
            let type = (clip.path as NSString).pathExtension.lowercased() == "webm" ? "video/webm" : "video/mp4"
            let track: HTML = detail.captions.isEmpty && draft?.cues.isEmpty != false ? "" : "<track kind=\"captions\" src=\"/media/clips/\(id)/captions.vtt\" srclang=\"en\" label=\"English\" default>"
            let poster: HTML = clip.hasPoster ? " poster=\"/media/clips/\(id)/poster.jpg\"" : ""
            out = """
                <video id="player" controls preload="metadata"\(poster) aria-label="\(clip.title ?? clip.fileName)">
                <source src="/media/clips/\(id)/media" type="\(type)">\(track)
                <p>Your browser cannot play this video. <a href="/media/clips/\(id)/media">Download it</a>.</p>
                </video>
                """
        } else {
            out = """
                <p class="notice">Browsers cannot play this file as it is (\(clip.container), \(clip.videoCodec ?? "no video")). \
                Publish it with the web-720p preset to watch it here, or <a href="/media/clips/\(id)/media">download the original</a>.</p>
                """
        }
        if clip.hasFilmstrip {
            out = "\(out)<p><img class=\"filmstrip\" src=\"/media/clips/\(id)/filmstrip.jpg\" alt=\"Six frames from across the clip\"></p>"
        }
        return out
    }

    func facts() -> HTML {
        var size = ""
        if let w = clip.width, let h = clip.height { size = "\(w)×\(h)" }
        return """
            <h2>Facts</h2>
            <dl class="facts">
            <dt>File</dt><dd>\(clip.path)</dd>
            <dt>Length</dt><dd>\(Layout.clock(ms: clip.durationMs))</dd>
            <dt>Picture</dt><dd>\(clip.videoCodec ?? "none") \(size) \(clip.frameRate.map { "at \($0) fps" })</dd>
            <dt>Sound</dt><dd>\(clip.audioCodec ?? "none") (\(clip.audioStreamCount) stream\(clip.audioStreamCount == 1 ? "" : "s"))</dd>
            <dt>Checksum</dt><dd>\(clip.checksum)</dd>
            \(clip.notes.map { n -> HTML in "<dt>Notes</dt><dd>\(n)</dd>" } ?? "")
            </dl>
            """
    }

    func flags() -> HTML {
        guard !summary.flags.isEmpty else { return "<h2>Flags</h2><p>Nothing to fix.</p>" }
        let items: [HTML] = summary.flags.map { f in
            "<li><strong>\(FlagAdvice.plain(f.flag))</strong> <span class=\"muted\">(\(f.detail))</span><br>What to do: \(FlagAdvice.remedy(f.flag))</li>"
        }
        return "<h2>Flags</h2><ul>\(items)</ul>"
    }

    func themeOptions(excluding: [String]) -> [(value: String, label: String)] {
        taxonomy.themes.filter { !excluding.contains($0.id) }.map { ($0.id, $0.label) }
    }

    func themes() -> HTML {
        let items: [HTML] = summary.themes.map { t in
            let label = taxonomy.theme(id: t)?.label ?? t
            guard visitor.canEdit else { return "<li>\(label)</li>" }
            return """
                <li>\(label) <form method="post" action="/clips/\(id)/tags" class="inline">\(Layout.csrf(visitor))
                <input type="hidden" name="remove" value="\(t)"><button type="submit" class="secondary" aria-label="Remove theme \(label)">Remove</button></form></li>
                """
        }
        let add: HTML = visitor.canEdit ? """
            <form method="post" action="/clips/\(id)/tags" class="row" id="add-theme">\(Layout.csrf(visitor))
            <div class="field">\(Layout.select(name: "add", label: "Add a theme", options: themeOptions(excluding: summary.themes), selected: nil, any: nil))</div>
            <button type="submit">Add theme</button></form>
            """ : ""
        return """
            <h2 id="themes">Themes of the whole clip</h2>
            <p class="muted">A clip's themes apply to all of it, segments included, unless a segment has themes of its own.</p>
            \(items.isEmpty ? "<p>None yet.</p>" : "<ul id=\"theme-list\">\(items)</ul>" as HTML)
            \(add)
            """
    }

    func segments() -> HTML {
        let rows: [HTML] = summary.segments.map { s in
            let themeLabels = s.themes.map { taxonomy.theme(id: $0)?.label ?? $0 }.joined(separator: ", ")
            let tagForm: HTML = visitor.canEdit ? """
                <form method="post" action="/segments/\(HTML.urlComponent(s.id))/tags" class="row">\(Layout.csrf(visitor))
                <div class="field">\(Layout.select(name: "add", label: "Add theme to \(s.segment.title)", options: themeOptions(excluding: s.themes), selected: nil, any: nil))</div>
                <button type="submit">Add</button></form>
                """ : ""
            return """
                <tr><td>\(s.id)</td><td>\(Layout.timecode(ms: s.segment.startMs)) – \(Layout.timecode(ms: s.segment.endMs))</td>
                <td>\(s.segment.title)</td><td>\(themeLabels.isEmpty ? "(the clip's themes)" : themeLabels)\(tagForm)</td></tr>
                """
        }
        let add: HTML = visitor.canEdit ? """
            <form method="post" action="/clips/\(id)/segments" class="row" id="add-segment">\(Layout.csrf(visitor))
            <div class="field"><label for="seg-from">From</label><input id="seg-from" name="from" required placeholder="00:00:02.000" size="12"></div>
            <div class="field"><label for="seg-to">To</label><input id="seg-to" name="to" required placeholder="00:00:07.500" size="12"></div>
            <div class="field"><label for="seg-title">Title</label><input id="seg-title" name="title" required maxlength="200"></div>
            <div class="field">\(Layout.select(name: "themes", label: "Theme", options: themeOptions(excluding: []), selected: nil, any: "(the clip's)"))</div>
            <button type="submit">Add segment</button></form>
            """ : ""
        return """
            <h2 id="segments">Segments</h2>
            \(rows.isEmpty ? "<p>No segments: playlists use the whole clip.</p>" : """
                <table><thead><tr><th scope="col">ID</th><th scope="col">Range</th><th scope="col">Title</th><th scope="col">Themes</th></tr></thead><tbody>\(rows)</tbody></table>
                """ as HTML)
            \(add)
            """
    }

    func captions() -> HTML {
        if !detail.captions.isEmpty {
            let rows: [HTML] = detail.captions.prefix(500).map { c in
                "<tr><td>\(Layout.timecode(ms: c.startMs))</td><td>\(Layout.timecode(ms: c.endMs))</td><td>\(c.text)</td><td class=\"muted\">\(c.source)</td></tr>"
            }
            return """
                <h2 id="captions">Captions</h2>
                <table><thead><tr><th scope="col">From</th><th scope="col">To</th><th scope="col">Text</th><th scope="col">Source</th></tr></thead><tbody>\(rows)</tbody></table>
                """
        }
        guard let draft else {
            let form: HTML = visitor.canEdit && summary.consent.state.allowsReview ? """
                <form method="post" action="/clips/\(id)/captions/draft">\(Layout.csrf(visitor))
                <button type="submit">Draft captions from the audio</button></form>
                <p class="muted">A recogniser listens to the clip and writes draft captions; a person checks and corrects every cue, then approves them.</p>
                """ : ""
            return """
                <h2 id="captions">Captions</h2><p>No captions yet. UK public-sector video must be captioned.</p>
                \(form)
                """
        }
        let status: HTML
        switch draft.status {
        case .approved:
            status = "<p class=\"notice\">Approved by \(draft.draft.approvedBy ?? "?")\(draft.draft.approvedAt.map { " on " + ISO8601DateFormatter.string(from: $0, timeZone: .current, formatOptions: [.withFullDate, .withDashSeparatorInDate]) } ?? ""): publishing uses these captions.</p>"
        case .draft:
            status = "<p class=\"error\" role=\"status\">Draft from \(draft.draft.engine), not yet approved: publishing with --require-captions refuses the clip until someone checks every cue and approves.</p>"
        }
        let rows: [HTML] = draft.cues.prefix(500).map { cue in
            guard visitor.canEdit else {
                return "<tr id=\"cue-\(cue.position)\"><td>\(cue.position)</td><td>\(Layout.timecode(ms: cue.startMs))</td><td>\(Layout.timecode(ms: cue.endMs))</td><td>\(cue.text)</td></tr>"
            }
            let formID = "cue-form-\(cue.position)"
            return """
                <tr id="cue-\(cue.position)"><td>\(cue.position)</td>
                <td><label class="visually-hidden" for="\(formID)-from">Cue \(cue.position) start</label><input id="\(formID)-from" name="from" form="\(formID)" value="\(Layout.timecode(ms: cue.startMs))" size="12" required></td>
                <td><label class="visually-hidden" for="\(formID)-to">Cue \(cue.position) end</label><input id="\(formID)-to" name="to" form="\(formID)" value="\(Layout.timecode(ms: cue.endMs))" size="12" required></td>
                <td><label class="visually-hidden" for="\(formID)-text">Cue \(cue.position) text</label><textarea id="\(formID)-text" name="text" form="\(formID)" rows="2" cols="44" required>\(cue.text)</textarea></td>
                <td><form id="\(formID)" method="post" action="/clips/\(id)/captions/cues/\(cue.position)">\(Layout.csrf(visitor))<button type="submit">Save cue \(cue.position)</button></form></td></tr>
                """
        }
        let header: HTML = visitor.canEdit
            ? "<tr><th scope=\"col\">Cue</th><th scope=\"col\">From</th><th scope=\"col\">To</th><th scope=\"col\">Text (up to 2 lines of 42 characters)</th><th scope=\"col\"><span class=\"visually-hidden\">Save</span></th></tr>"
            : "<tr><th scope=\"col\">Cue</th><th scope=\"col\">From</th><th scope=\"col\">To</th><th scope=\"col\">Text</th></tr>"
        var actions: HTML = ""
        if visitor.canEdit {
            let approve: HTML = draft.status == .draft ? """
                <form method="post" action="/clips/\(id)/captions/approve" class="row">\(Layout.csrf(visitor))
                <button type="submit">Approve these captions</button></form>
                """ : ""
            actions = """
                \(approve)
                <form method="post" action="/clips/\(id)/captions/draft" class="row">\(Layout.csrf(visitor))
                <input type="hidden" name="force" value="1"><button type="submit">Draft again from the audio (replaces these cues)</button></form>
                """
        }
        return """
            <h2 id="captions">Captions</h2>
            \(status)
            <table class="cues"><caption>Draft captions, \(draft.cues.count) cue\(draft.cues.count == 1 ? "" : "s")</caption><thead>\(header)</thead><tbody>\(rows)</tbody></table>
            \(actions)
            """
    }

    func speaker() throws -> HTML {
        var speakerPart: HTML
        if let s = summary.speaker {
            speakerPart = "<p>\(s.name), \(summary.role?.label ?? s.roleID) \(Layout.consentBadge(summary.consent.state)) <a href=\"/speakers/\(s.id ?? 0)\">Speaker and consent page</a></p>"
        } else {
            speakerPart = "<p>No speaker recorded yet, so the clip cannot be used in playlists.</p>"
        }
        if visitor.canEdit {
            let all = try app.catalog.speakers()
            if !all.isEmpty {
                speakerPart = """
                    \(speakerPart)
                    <form method="post" action="/clips/\(id)/speaker" class="row">\(Layout.csrf(visitor))
                    <div class="field">\(Layout.select(name: "speaker", label: "Speaker", options: all.map { ($0.speaker.name, "\($0.speaker.name) (\($0.role?.label ?? $0.speaker.roleID))") }, selected: summary.speaker?.name, any: nil))</div>
                    <button type="submit">Set speaker</button></form>
                    """
            }
        }
        let history: [HTML] = detail.consentHistory.map(SpeakerViews.historyRow)
        return """
            <h2 id="speaker">Speaker and consent</h2>
            \(speakerPart)
            \(history.isEmpty ? "" : "<table><caption>Consent history (append-only)</caption>\(SpeakerViews.historyHeader)<tbody>\(history)</tbody></table>" as HTML)
            """
    }
}

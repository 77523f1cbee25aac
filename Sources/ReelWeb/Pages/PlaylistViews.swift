import Catalog
import Foundation
import Media
import Playlists

/// The playlist pages: list and build form, one playlist with its explanation, reordering, export and render, jobs.
enum PlaylistViews {
    static func list(app: ReelWebApp, playlists: [PlaylistContents], audiences: AudienceProfileSet, visitor: Visitor) -> HTML {
        let rows: [HTML] = playlists.map { p in
            let usable = p.entries.filter(\.isUsable).count
            return """
                <tr><td><a href="/playlists/\(p.playlist.id ?? 0)">\(p.playlist.name)</a></td>
                <td>\(audiences.profile(id: p.playlist.audienceID)?.label ?? p.playlist.audienceID)</td>
                <td>\(usable) of \(p.entries.count)</td><td>\(Layout.clock(ms: p.totalMs))</td></tr>
                """
        }
        let themeBoxes: [HTML] = app.catalog.taxonomy.themes.map { t in
            "<label class=\"inline\"><input type=\"checkbox\" name=\"themes\" value=\"\(t.id)\"> \(t.label)</label><br>"
        }
        let build: HTML = visitor.canEdit ? """
            <h2>Build a playlist</h2>
            <form method="post" action="/playlists" id="build-playlist">\(Layout.csrf(visitor))
            <div class="row">
            <div class="field"><label for="pl-name">Name</label><input id="pl-name" name="name" required maxlength="200" placeholder="porters-induction"></div>
            <div class="field">\(Layout.select(name: "audience", label: "Audience", options: audiences.profiles.map { ($0.id, $0.label) }, selected: nil, any: nil))</div>
            <div class="field"><label for="pl-target">Target length</label><input id="pl-target" name="target" placeholder="the audience's" size="10"></div>
            <div class="field"><label for="pl-include">Must include (ids)</label><input id="pl-include" name="include" placeholder="s-3fa2c1-2"></div>
            <div class="field"><label for="pl-exclude">Leave out (ids)</label><input id="pl-exclude" name="exclude"></div>
            </div>
            <fieldset><legend>Themes (none ticked: the audience's)</legend>\(themeBoxes)</fieldset>
            <p><label class="inline"><input type="checkbox" name="replace" value="1"> Replace a playlist of the same name</label></p>
            <p><button type="submit">Build playlist</button></p>
            </form>
            """ : ""
        return Layout.page(title: "Playlists", visitor: visitor, section: .playlists, body: """
            <h1>Playlists</h1>
            \(rows.isEmpty ? "<p>No playlists yet.</p>" : "<table><thead><tr><th scope=\"col\">Name</th><th scope=\"col\">Audience</th><th scope=\"col\">Usable clips</th><th scope=\"col\">Length</th></tr></thead><tbody>\(rows)</tbody></table>" as HTML)
            \(build)
            """)
    }

    static func detail(app: ReelWebApp, contents: PlaylistContents, selection: PlaylistExportSelection, jobs: [WebJob], visitor: Visitor) -> HTML {
        let p = contents.playlist
        let id = p.id ?? 0
        let usable = selection.usable
        let count = contents.entries.count
        let rows: [HTML] = usable.map { e in
            let pos = e.item.position
            var controls: HTML = ""
            if visitor.canEdit {
                let up: HTML = pos > 1 ? moveButton(id, pos, to: pos - 1, label: "Move up", what: e.displayTitle, visitor) : ""
                let down: HTML = pos < count ? moveButton(id, pos, to: pos + 1, label: "Move down", what: e.displayTitle, visitor) : ""
                controls = """
                    \(up)\(down)<form method="post" action="/playlists/\(id)/remove" class="inline">\(Layout.csrf(visitor))
                    <input type="hidden" name="position" value="\(pos)"><button type="submit" class="secondary" aria-label="Remove \(e.displayTitle)">Remove</button></form>
                    """
            }
            return """
                <tr data-item="\(e.id)"><td>\(pos)</td><td><a href="/clips/\(HTML.urlComponent(e.clip.shortID))">\(e.displayTitle)</a><br><span class="muted">\(e.id)</span></td>
                <td>\(e.voice)</td><td>\(e.item.section.rawValue)\(e.item.themeID.map { ": " + (app.catalog.taxonomy.theme(id: $0)?.label ?? $0) })</td>
                <td>\(Layout.clock(ms: e.item.durationMs))</td><td>\(e.item.reason)</td><td>\(controls)</td></tr>
                """
        }
        let leftOut: [HTML] = selection.leftOut.map { l in "<li>\(l.entry.displayTitle) (\(l.entry.voice)): \(l.reason)</li>" }
        let explanation = p.explanation
        let shortfalls: [HTML] = (explanation?.shortfalls ?? []).map { "<li>\($0)</li>" }
        let notes: [HTML] = (explanation?.notes ?? []).map { "<li>\($0)</li>" }
        let coverage: [HTML] = (explanation?.coverage ?? []).map { c in
            "<tr><td>\(c.label)</td><td>\(c.items)</td><td>\(Layout.clock(ms: c.durationMs))</td></tr>"
        }
        let jobItems: [HTML] = jobs.map { j in "<li><a href=\"/jobs/\(j.id)\">\(j.title)</a>: \(j.state.rawValue)</li>" }
        let formats: [(value: String, label: String)] = PlaylistExportFormat.allCases.map { ($0.rawValue, $0.rawValue) }
        let work: HTML = visitor.canEdit ? """
            <h2>Add a clip or segment</h2>
            <form method="post" action="/playlists/\(id)/add" class="row">\(Layout.csrf(visitor))
            <div class="field"><label for="pl-add">Clip or segment id</label><input id="pl-add" name="item" required placeholder="s-3fa2c1-2"></div>
            <button type="submit">Add</button></form>
            <h2>Export and render</h2>
            <form method="post" action="/playlists/\(id)/export" class="row" id="export">\(Layout.csrf(visitor))
            <div class="field">\(Layout.select(name: "format", label: "Format", options: formats, selected: "html", any: nil))</div>
            <button type="submit">Export</button></form>
            <form method="post" action="/playlists/\(id)/render" class="row" id="render">\(Layout.csrf(visitor))
            <div class="field">\(Layout.select(name: "preset", label: "Preset", options: app.settings.presets.presets.filter { $0.kind == .mp4 && $0.video != nil }.map { ($0.name, $0.name) }, selected: "web-720p", any: nil))</div>
            <label class="inline"><input type="checkbox" name="lower-thirds" value="1"> Lower thirds (name and role)</label>
            <button type="submit">Render MP4</button></form>
            """ : ""
        return Layout.page(title: p.name, visitor: visitor, section: .playlists, body: """
            <p><a href="/playlists">← All playlists</a></p>
            <h1>\(p.name)</h1>
            <p>For \(explanation?.audienceLabel ?? p.audienceID) · \(usable.count) clips · \(Layout.clock(ms: usable.reduce(0) { $0 + $1.item.durationMs })) (target \(Layout.clock(ms: p.targetMs)))\(p.edited ? " · edited by hand" : "")</p>
            <h2 id="items">Running order</h2>
            \(rows.isEmpty ? "<p>Nothing usable in this playlist.</p>" : """
                <table id="playlist-items"><thead><tr><th scope="col">#</th><th scope="col">Clip</th><th scope="col">Voice</th><th scope="col">Section</th><th scope="col">Length</th><th scope="col">Why chosen</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead><tbody>\(rows)</tbody></table>
                """ as HTML)
            \(leftOut.isEmpty ? "" : "<h2>Left out now</h2><ul id=\"left-out\">\(leftOut)</ul>" as HTML)
            \(shortfalls.isEmpty ? "" : "<h2>What the catalogue could not give</h2><ul>\(shortfalls)</ul>" as HTML)
            \(notes.isEmpty ? "" : "<h2>Notes</h2><ul>\(notes)</ul>" as HTML)
            \(coverage.isEmpty ? "" : "<h2>Themes covered</h2><table><thead><tr><th scope=\"col\">Theme</th><th scope=\"col\">Items</th><th scope=\"col\">Time</th></tr></thead><tbody>\(coverage)</tbody></table>" as HTML)
            \(work)
            \(jobItems.isEmpty ? "" : "<h2>Exports and renders</h2><ul>\(jobItems)</ul>" as HTML)
            """)
    }

    static func moveButton(_ id: Int64, _ position: Int, to: Int, label: String, what: String, _ visitor: Visitor) -> HTML {
        """
        <form method="post" action="/playlists/\(id)/move" class="inline">\(Layout.csrf(visitor))
        <input type="hidden" name="position" value="\(position)"><input type="hidden" name="to" value="\(to)">
        <button type="submit" class="secondary" aria-label="\(label): \(what)">\(label == "Move up" ? "↑" : "↓")</button></form>
        """
    }

    static func job(_ job: WebJob, visitor: Visitor) -> HTML {
        let files: HTML
        if job.state == .done, let main = job.mainFile {
            let all = ((try? FileManager.default.subpathsOfDirectory(atPath: job.folder)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
            let links: [HTML] = all.filter { name in
                var dir: ObjCBool = false
                return FileManager.default.fileExists(atPath: job.folder + "/" + name, isDirectory: &dir) && !dir.boolValue
            }.map { name in
                "<li><a href=\"/jobs/\(job.id)/files/\(name.split(separator: "/").map { HTML.urlComponent(String($0)) }.joined(separator: "/"))\"\(name == main ? "" : " download")>\(name)</a></li>"
            }
            files = "<p><a href=\"/jobs/\(job.id)/files/\(HTML.urlComponent(main))\" id=\"result\">Open \(main)</a></p><ul>\(links)</ul>"
        } else {
            files = ""
        }
        let messages: [HTML] = job.messages.map { "<li>\($0)</li>" }
        let state: HTML = switch job.state {
        case .running: """
            <noscript><meta http-equiv="refresh" content="2"></noscript>
            <p data-job="\(job.id)"><progress max="1" value="\(String(format: "%.3f", job.progress))">\(Int(job.progress * 100))%</progress>
            <span data-job-text role="status">\(Int(job.progress * 100))% done</span></p>
            """
        case .done: "<p class=\"notice\" role=\"status\">Done.</p>"
        case .failed: "<p class=\"error\" role=\"alert\">Failed.</p>"
        }
        return Layout.page(title: job.title, visitor: visitor, section: .playlists, body: """
            \(job.back.map { "<p><a href=\"\($0.href)\">← \($0.label)</a></p>" as HTML } ?? "")
            <h1>\(job.title)</h1>
            \(state)
            \(messages.isEmpty ? "" : "<ul>\(messages)</ul>" as HTML)
            \(files)
            """)
    }
}

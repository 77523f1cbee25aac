import Catalog
import Foundation
import Hummingbird
import Media
import Playlists

/// The clip list: filters (role, theme, audience, consent, flag, words), posters, flags in plain words, pages.
struct ClipListView {
    let app: ReelWebApp
    let request: Request
    let visitor: Visitor
    let page: ClipPage
    let pageNumber: Int
    let problems: [String]

    func render() -> HTML {
        let taxonomy = app.catalog.taxonomy
        let q = { (name: String) in ReelWebApp.query(request, name) }
        let filters: HTML = """
            <form method="get" action="/clips" class="filters" role="search" aria-label="Filter clips">
            <div><label for="f-q">Words</label><input id="f-q" type="search" name="q" value="\(q("q"))" placeholder="hand cast"></div>
            <div>\(Layout.select(name: "role", label: "Role", options: taxonomy.roles.map { ($0.id, $0.label) }, selected: q("role")))</div>
            <div>\(Layout.select(name: "theme", label: "Theme", options: taxonomy.themes.map { ($0.id, $0.label) }, selected: q("theme")))</div>
            <div>\(Layout.select(name: "audience", label: "Audience", options: [("clinical", "Clinical"), ("non-clinical", "Non-clinical")], selected: q("audience")))</div>
            <div>\(Layout.select(name: "consent", label: "Consent", options: [("ok", "OK"), ("withdrawn", "Withdrawn"), ("expired", "Expired"), ("missing", "Not recorded")], selected: q("consent")))</div>
            <div>\(Layout.select(name: "flag", label: "Flag", options: QualityFlag.allCases.map { ($0.rawValue, FlagAdvice.plain($0)) }, selected: q("flag")))</div>
            <div><button type="submit">Show clips</button></div>
            <div><a href="/clips">Clear filters</a></div>
            </form>
            """
        let problemLines: [HTML] = problems.map { "<p class=\"error\" role=\"alert\">\($0)</p>" }
        let rows: [HTML] = page.clips.map(row)
        let first = page.total == 0 ? 0 : page.offset + 1
        let last = page.offset + page.clips.count
        let table: HTML = page.clips.isEmpty
            ? "<p>No clips match these filters.</p>"
            : """
                <table>
                <caption class="visually-hidden">Clips \(first)–\(last) of \(page.total)</caption>
                <thead><tr><th scope="col">Poster</th><th scope="col">Clip</th><th scope="col">Speaker</th><th scope="col">Themes</th><th scope="col">Length</th><th scope="col">Flags</th></tr></thead>
                <tbody>\(rows)</tbody>
                </table>
                """
        return Layout.page(title: "Clips", visitor: visitor, section: .clips, body: """
            <h1>Clips</h1>
            \(filters)
            \(problemLines)
            <p class="muted" id="count">\(page.total) clips\(page.total > 0 ? ", showing \(first)–\(last)" : "")</p>
            \(table)
            \(pager())
            """)
    }

    func row(_ s: ClipSummary) -> HTML {
        let id = HTML.urlComponent(s.id)
        let title = s.clip.title ?? s.clip.fileName
        let poster: HTML = s.clip.hasPoster && s.consent.state.allowsReview
            ? "<img class=\"poster\" src=\"/media/clips/\(id)/poster.jpg\" alt=\"\" loading=\"lazy\" width=\"160\" height=\"90\">"
            : "<span class=\"muted\">\(s.consent.state.allowsReview ? "no poster" : "hidden: consent \(s.consent.state.rawValue)")</span>"
        let themes = s.allThemes.map { app.catalog.taxonomy.theme(id: $0)?.label ?? $0 }.joined(separator: ", ")
        let flags: [HTML] = s.flags.map { f in
            "<span class=\"flag\" title=\"\(FlagAdvice.remedy(f.flag))\">\(FlagAdvice.plain(f.flag))</span>"
        }
        return """
            <tr>
            <td>\(poster)</td>
            <td><a href="/clips/\(id)">\(title)</a><br><span class="muted">\(s.id) · \(s.clip.fileName)</span></td>
            <td>\(s.speaker?.name ?? "–")<br><span class="muted">\(s.role?.label)</span> \(Layout.consentBadge(s.consent.state))</td>
            <td>\(themes.isEmpty ? "–" : themes)</td>
            <td>\(Layout.clock(ms: s.clip.durationMs))</td>
            <td>\(flags)</td>
            </tr>
            """
    }

    func pager() -> HTML {
        let pages = max(1, (page.total + ReelWebApp.pageSize - 1) / ReelWebApp.pageSize)
        guard pages > 1 else { return "" }
        var fields = FormData(urlEncoded: request.uri.query ?? "").fields.filter { $0.name != "page" }
        func link(_ n: Int) -> String {
            fields.removeAll { $0.name == "page" }
            fields.append((name: "page", value: String(n)))
            return "/clips?" + fields.map { "\(HTML.urlComponent($0.name))=\(HTML.urlComponent($0.value))" }.joined(separator: "&")
        }
        var parts: [HTML] = []
        if pageNumber > 1 { parts.append("<a href=\"\(link(pageNumber - 1))\" rel=\"prev\">Previous page</a>") }
        parts.append("<span>Page \(pageNumber) of \(pages)</span>")
        if pageNumber < pages { parts.append("<a href=\"\(link(pageNumber + 1))\" rel=\"next\">Next page</a>") }
        return "<nav class=\"pager\" aria-label=\"Pages\">\(parts)</nav>"
    }
}

import Catalog
import Foundation
import Playlists

/// The frame every page shares: skip link, navigation, the message left by the last form, the content.
enum Layout {
    enum Section: String { case clips, speakers, playlists, audiences }

    static func page(title: String, visitor: Visitor?, section: Section?, body: HTML) -> HTML {
        let nav: [(Section, String, String)] = [(.clips, "/clips", "Clips"), (.speakers, "/speakers", "Speakers and consent"),
                                               (.playlists, "/playlists", "Playlists"), (.audiences, "/audiences", "Audiences")]
        let links = nav.map { s, href, label -> HTML in
            s == section ? "<li><a href=\"\(href)\" aria-current=\"page\">\(label)</a></li>" : "<li><a href=\"\(href)\">\(label)</a></li>"
        }
        var account: HTML = ""
        if let visitor, let user = visitor.user {
            account = """
                <form method="post" action="/logout" class="account">\(csrf(visitor))
                <span>\(user.name) (\(user.role.rawValue))</span> <button type="submit">Sign out</button></form>
                """
        }
        var flash: HTML = ""
        if let f = visitor?.flash {
            flash = f.isError
                ? "<p class=\"error\" role=\"alert\">\(f.text)</p>"
                : "<p class=\"notice\" role=\"status\">\(f.text)</p>"
        }
        return """
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(title) · Reel</title>
            <link rel="stylesheet" href="/style.css">
            <script src="/app.js" defer></script>
            </head>
            <body>
            <a class="skip" href="#main">Skip to content</a>
            <header>
            <p class="brand"><a href="/clips">Reel</a> <span>staff narratives catalogue</span></p>
            <nav aria-label="Main"><ul>\(links)</ul></nav>
            \(account)
            </header>
            <main id="main" tabindex="-1">
            \(flash)
            \(body)
            </main>
            </body>
            </html>
            """
    }

    /// The hidden CSRF field every form carries.
    static func csrf(_ visitor: Visitor) -> HTML {
        "<input type=\"hidden\" name=\"csrf\" value=\"\(visitor.session.csrfToken)\">"
    }

    /// `4:05`, `1:02:03`.
    static func clock(ms: Int64?) -> String {
        guard let ms else { return "–" }
        let total = (ms + 500) / 1000
        return total >= 3600 ? String(format: "%lld:%02lld:%02lld", total / 3600, total / 60 % 60, total % 60)
            : String(format: "%lld:%02lld", total / 60, total % 60)
    }

    /// `00:01:02.500`, as the CLI accepts it back.
    static func timecode(ms: Int64) -> String {
        let s = ms / 1000
        return String(format: "%02lld:%02lld:%02lld.%03lld", s / 3600, s / 60 % 60, s % 60, ms % 1000)
    }

    /// A `<select>` with a label; `selected` is the current value, "" for none.
    static func select(name: String, label: String, options: [(value: String, label: String)], selected: String?, any: String? = "Any")
        -> HTML {
        var opts: [HTML] = []
        if let any { opts.append("<option value=\"\">\(any)</option>") }
        for o in options {
            opts.append(o.value == selected ? "<option value=\"\(o.value)\" selected>\(o.label)</option>" : "<option value=\"\(o.value)\">\(o.label)</option>")
        }
        return "<label for=\"f-\(name)\">\(label)</label><select id=\"f-\(name)\" name=\"\(name)\">\(opts)</select>"
    }

    /// A consent state as a badge with words (never colour alone).
    static func consentBadge(_ state: ConsentState) -> HTML {
        let text: String = switch state {
        case .ok: "consent ok"
        case .withdrawn: "consent withdrawn"
        case .expired: "consent expired"
        case .missing: "no consent recorded"
        }
        return "<span class=\"badge consent-\(state.rawValue)\">\(text)</span>"
    }
}

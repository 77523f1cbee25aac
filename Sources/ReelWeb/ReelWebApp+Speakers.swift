import Catalog
import Foundation
import Hummingbird
import Playlists

extension ReelWebApp {
    func addSpeakerRoutes(_ router: Router<BasicRequestContext>) {
        router.get("/speakers") { request, context in
            try await page(request, context) { visitor in
                .html(SpeakerViews.list(app: self, speakers: try catalog.speakers(), visitor: visitor))
            }
        }
        router.get("/speakers/:id") { request, context in
            try await page(request, context) { visitor in
                let speaker = try speakerSummary(context.parameters.require("id"))
                let history = try catalog.consentHistory(speaker: speaker.speaker.name)
                var query = ClipQuery()
                query.speakers = [speaker.speaker.name]
                let clips = try catalog.clips(matching: query)
                return .html(SpeakerViews.detail(app: self, speaker: speaker, history: history, clips: clips, visitor: visitor))
            }
        }
        router.post("/speakers") { request, context in
            try await form(request, context, back: "/speakers") { visitor, form in
                guard let name = form["name"] else { throw WebFailure(status: .badRequest, message: "A speaker needs a name.") }
                guard !name.contains(where: \.isNewline) else { throw WebFailure(status: .badRequest, message: "A speaker's name must be one line.") }
                guard let role = form["role"] else { throw WebFailure(status: .badRequest, message: "Choose the speaker's role.") }
                let expires = try Self.day(form["expires"])
                let speaker = try catalog.addSpeaker(name: name, role: role, consentReference: form["reference"], consentExpires: expires,
                                                     recordedBy: visitor.recorder)
                return ("/speakers/\(speaker.id ?? 0)", "Added \(speaker.name).")
            }
        }
        router.post("/speakers/:id/consent") { request, context in
            let id = try context.parameters.require("id")
            return try await form(request, context, back: "/speakers/\(HTML.urlComponent(id))") { visitor, form in
                let speaker = try speakerSummary(id)
                guard let reference = form["reference"] else {
                    throw WebFailure(status: .badRequest, message: "Recording consent needs the consent form's reference (e.g. CF-2024-017).")
                }
                try catalog.grantConsent(speaker: speaker.speaker.name, reference: reference, expiresOn: try Self.day(form["expires"]),
                                         recordedBy: visitor.recorder, source: "web")
                return ("/speakers/\(id)", "Recorded consent \(reference) for \(speaker.speaker.name).")
            }
        }
        router.post("/speakers/:id/withdraw") { request, context in
            let id = try context.parameters.require("id")
            return try await form(request, context, back: "/speakers/\(HTML.urlComponent(id))") { visitor, form in
                let speaker = try speakerSummary(id)
                try catalog.withdrawConsent(speaker: speaker.speaker.name, reason: form["reason"], recordedBy: visitor.recorder, source: "web")
                return ("/speakers/\(id)",
                        "Recorded that \(speaker.speaker.name) withdrew consent. Their clips are left out of every playlist, export and publication from now on.")
            }
        }
    }

    /// The speaker with this row id. Throws `WebFailure` 404.
    func speakerSummary(_ id: String) throws -> SpeakerSummary {
        guard let n = Int64(id), let s = try catalog.speakers().first(where: { $0.speaker.id == n }) else {
            throw WebFailure(status: .notFound, message: "No speaker with id '\(id)'.")
        }
        return s
    }

    /// A `YYYY-MM-DD` day from a form, or nil when blank. Throws `WebFailure` for anything else.
    static func day(_ text: String?) throws -> CalendarDay? {
        guard let text else { return nil }
        guard let day = CalendarDay(text) else {
            throw WebFailure(status: .badRequest, message: "'\(text)' is not a date: write it as YYYY-MM-DD, e.g. 2027-05-01.")
        }
        return day
    }
}

/// The speakers pages.
enum SpeakerViews {
    static func list(app: ReelWebApp, speakers: [SpeakerSummary], visitor: Visitor) -> HTML {
        let rows: [HTML] = speakers.map { s in
            """
            <tr><td><a href="/speakers/\(s.speaker.id ?? 0)">\(s.speaker.name)</a></td><td>\(s.role?.label ?? s.speaker.roleID)</td>
            <td>\(Layout.consentBadge(s.consent.state)) <span class="muted">\(s.consent.summary)</span></td><td>\(s.clipCount)</td></tr>
            """
        }
        let add: HTML = visitor.canEdit ? """
            <h2>Add a speaker</h2>
            <form method="post" action="/speakers" class="row" id="add-speaker">\(Layout.csrf(visitor))
            <div class="field"><label for="sp-name">Name</label><input id="sp-name" name="name" required maxlength="200"></div>
            <div class="field">\(Layout.select(name: "role", label: "Role", options: app.catalog.taxonomy.roles.map { ($0.id, $0.label) }, selected: nil, any: nil))</div>
            <div class="field"><label for="sp-ref">Consent form reference</label><input id="sp-ref" name="reference" placeholder="CF-2024-017"></div>
            <div class="field"><label for="sp-exp">Consent expires</label><input id="sp-exp" name="expires" type="date"></div>
            <button type="submit">Add speaker</button></form>
            """ : ""
        return Layout.page(title: "Speakers and consent", visitor: visitor, section: .speakers, body: """
            <h1>Speakers and consent</h1>
            \(rows.isEmpty ? "<p>No speakers yet.</p>" : "<table><thead><tr><th scope=\"col\">Name</th><th scope=\"col\">Role</th><th scope=\"col\">Consent</th><th scope=\"col\">Clips</th></tr></thead><tbody>\(rows)</tbody></table>" as HTML)
            \(add)
            """)
    }

    static let historyHeader: HTML = "<thead><tr><th scope=\"col\">When</th><th scope=\"col\">What</th><th scope=\"col\">Reference</th><th scope=\"col\">Expires</th><th scope=\"col\">Reason</th><th scope=\"col\">Recorded by</th></tr></thead>"

    static func historyRow(_ e: ConsentEvent) -> HTML {
        let when = ISO8601DateFormatter.string(from: e.recordedAt, timeZone: .current, formatOptions: [.withFullDate, .withTime, .withColonSeparatorInTime, .withDashSeparatorInDate, .withSpaceBetweenDateAndTime])
        return "<tr><td>\(when)</td><td>\(e.kind.rawValue)</td><td>\(e.reference)</td><td>\(e.expiresOn?.description)</td><td>\(e.reason)</td><td>\(e.recordedBy) <span class=\"muted\">(\(e.source))</span></td></tr>"
    }

    static func detail(app: ReelWebApp, speaker: SpeakerSummary, history: [ConsentEvent], clips: [ClipSummary], visitor: Visitor) -> HTML {
        let id = speaker.speaker.id ?? 0
        let forms: HTML = visitor.canEdit ? """
            <h2>Record consent</h2>
            <form method="post" action="/speakers/\(id)/consent" class="row" id="grant-consent">\(Layout.csrf(visitor))
            <div class="field"><label for="c-ref">Consent form reference</label><input id="c-ref" name="reference" required placeholder="CF-2024-017"></div>
            <div class="field"><label for="c-exp">Expires</label><input id="c-exp" name="expires" type="date"></div>
            <button type="submit">Record consent</button></form>
            <h2>Withdraw consent</h2>
            <form method="post" action="/speakers/\(id)/withdraw" class="row" id="withdraw-consent">\(Layout.csrf(visitor))
            <div class="field"><label for="w-reason">Reason (optional)</label><input id="w-reason" name="reason" maxlength="500"></div>
            <button type="submit" class="danger">Withdraw consent</button></form>
            """ : ""
        let clipItems: [HTML] = clips.map { c in "<li><a href=\"/clips/\(HTML.urlComponent(c.id))\">\(c.clip.title ?? c.clip.fileName)</a> <span class=\"muted\">\(c.id)</span></li>" }
        return Layout.page(title: speaker.speaker.name, visitor: visitor, section: .speakers, body: """
            <p><a href="/speakers">← All speakers</a></p>
            <h1>\(speaker.speaker.name)</h1>
            <p>\(speaker.role?.label ?? speaker.speaker.roleID) · \(Layout.consentBadge(speaker.consent.state)) <span class="muted">\(speaker.consent.summary)</span></p>
            <h2>Consent history</h2>
            <p class="muted">Every change is kept; nothing is ever overwritten or deleted.</p>
            \(history.isEmpty ? "<p>No consent recorded.</p>" : "<table id=\"consent-history\">\(historyHeader)<tbody>\(history.map(historyRow))</tbody></table>" as HTML)
            \(forms)
            <h2>Clips</h2>
            \(clipItems.isEmpty ? "<p>None.</p>" : "<ul>\(clipItems)</ul>" as HTML)
            """)
    }
}

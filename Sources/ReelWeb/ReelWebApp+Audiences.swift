import Catalog
import Foundation
import Hummingbird
import Playlists

extension ReelWebApp {
    func addAudienceRoutes(_ router: Router<BasicRequestContext>) {
        router.get("/audiences") { request, context in
            try await page(request, context) { visitor in
                let all = try audiences()
                let sources = try all.profiles.map { try catalog.audienceSource(id: $0.id, file: settings.audiencesPath) }
                let editing = Self.query(request, "edit").flatMap { all.profile(id: $0) }
                return .html(AudienceViews.page(app: self, audiences: all, sources: sources, editing: editing, visitor: visitor))
            }
        }
        router.post("/audiences") { request, context in
            try await form(request, context, back: "/audiences") { _, form in
                let draft = try Self.audienceDraft(form)
                let exists = try audiences().profile(id: draft.id) != nil
                let profile = exists && form["mode"] == "edit"
                    ? try catalog.editAudience(draft, file: settings.audiencesPath)
                    : try catalog.addAudience(draft, file: settings.audiencesPath)
                return ("/audiences", "Saved the audience \(profile.label) (\(profile.id)) in the catalogue.")
            }
        }
        router.post("/audiences/remove") { request, context in
            try await form(request, context, back: "/audiences") { _, form in
                guard let id = form["id"] else { throw WebFailure(status: .badRequest, message: "Say which audience to remove.") }
                let now = try catalog.removeAudience(id, file: settings.audiencesPath)
                return ("/audiences", now.map { "Removed the catalogue's version of \(id); the \($0.label) audience from the file or the built-in set is in force again." }
                    ?? "Removed the audience \(id).")
            }
        }
    }

    /// The audience fields of a form, in the CLI's syntax (lists comma-separated). Validation is the catalogue's.
    static func audienceDraft(_ form: FormData) throws -> AudienceDraft {
        guard let id = form["id"], let label = form["label"], let target = form["target"] else {
            throw WebFailure(status: .badRequest, message: "An audience needs an id, a label and a target length.")
        }
        let list = { (name: String) in (form[name] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }
        return AudienceDraft(id: id, label: label, description: form["description"] ?? "", target: target, maxClip: form["max-clip"],
                             opening: form["opening"], closing: form["closing"], themes: list("themes"),
                             preferredRoles: list("prefer-roles"), minimumShare: list("minimum-share"))
    }
}

/// The audiences page: every audience in force, where it comes from, and a form to add or edit one.
enum AudienceViews {
    static func page(app: ReelWebApp, audiences: AudienceProfileSet, sources: [String], editing: AudienceProfile?, visitor: Visitor) -> HTML {
        let taxonomy = app.catalog.taxonomy
        let rows: [HTML] = zip(audiences.profiles, sources).map { a, source in
            let themes = a.themes.map { "\(taxonomy.theme(id: $0.themeID)?.label ?? $0.themeID) ×\(String(format: "%g", $0.weight))" }.joined(separator: ", ")
            let actions: HTML = visitor.canEdit ? """
                <a href="/audiences?edit=\(HTML.urlComponent(a.id))#audience-form" aria-label="Edit \(a.label)">Edit</a>
                \(source == "the catalogue" ? """
                    <form method="post" action="/audiences/remove" class="inline">\(Layout.csrf(visitor))<input type="hidden" name="id" value="\(a.id)">
                    <button type="submit" class="secondary" aria-label="Remove \(a.label)">Remove</button></form>
                    """ as HTML : "")
                """ : ""
            return "<tr><td>\(a.label)<br><span class=\"muted\">\(a.id)</span></td><td>\(a.description)</td><td>\(Layout.clock(ms: a.targetMs))</td><td>\(themes)</td><td>\(a.preferredRoleIDs.joined(separator: ", "))</td><td>\(source)</td><td>\(actions)</td></tr>"
        }
        let d = editing.map(AudienceDraft.init)
        let form: HTML = visitor.canEdit ? """
            <h2 id="audience-form">\(editing == nil ? "Add an audience" : "Edit \(editing!.label)")</h2>
            <p class="muted">Checked exactly as audiences.yaml and <code>reel audience add</code> are; saved in the catalogue, laid over the file and the built-in audiences.</p>
            <form method="post" action="/audiences" id="audience">\(Layout.csrf(visitor))
            <input type="hidden" name="mode" value="\(editing == nil ? "add" : "edit")">
            <div class="row">
            <div class="field"><label for="a-id">Id</label><input id="a-id" name="id" required value="\(d?.id)" placeholder="ward-7-nurses" \(editing == nil ? "" : "readonly")></div>
            <div class="field"><label for="a-label">Label</label><input id="a-label" name="label" required value="\(d?.label)"></div>
            <div class="field"><label for="a-target">Target length</label><input id="a-target" name="target" required value="\(d?.target)" placeholder="12m"></div>
            <div class="field"><label for="a-max">Longest clip</label><input id="a-max" name="max-clip" value="\(d?.maxClip)" placeholder="3m"></div>
            </div>
            <div class="field"><label for="a-desc">Who it is for</label><input id="a-desc" name="description" value="\(d?.description)" size="80"></div>
            <div class="row">
            <div class="field"><label for="a-themes">Themes (theme:weight, comma-separated)</label><input id="a-themes" name="themes" required size="60" value="\(d?.themes.joined(separator: ", "))" placeholder="memory-making:2, what-matters-most"></div>
            <div class="field"><label for="a-open">Opening theme</label><input id="a-open" name="opening" value="\(d?.opening)"></div>
            <div class="field"><label for="a-close">Closing theme</label><input id="a-close" name="closing" value="\(d?.closing)"></div>
            </div>
            <div class="row">
            <div class="field"><label for="a-roles">Preferred roles (comma-separated)</label><input id="a-roles" name="prefer-roles" value="\(d?.preferredRoles.joined(separator: ", "))" placeholder="nurse, social-worker"></div>
            <div class="field"><label for="a-share">Minimum share</label><input id="a-share" name="minimum-share" value="\(d?.minimumShare.joined(separator: ", "))" placeholder="non-clinical:50%"></div>
            </div>
            <p><button type="submit">Save audience</button></p>
            </form>
            """ : ""
        return Layout.page(title: "Audiences", visitor: visitor, section: .audiences, body: """
            <h1>Audiences</h1>
            <table id="audiences"><thead><tr><th scope="col">Audience</th><th scope="col">Who</th><th scope="col">Target</th><th scope="col">Themes</th><th scope="col">Preferred roles</th><th scope="col">From</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
            <tbody>\(rows)</tbody></table>
            \(form)
            """)
    }
}

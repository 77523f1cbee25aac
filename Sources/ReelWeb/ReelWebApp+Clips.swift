import Catalog
import Foundation
import Hummingbird
import Media
import Playlists

extension ReelWebApp {
    /// Clips on one page of the list.
    static let pageSize = 50

    func addClipRoutes(_ router: Router<BasicRequestContext>) {
        router.get("/clips") { request, context in
            try await page(request, context) { visitor in
                try clipList(request, visitor)
            }
        }
        router.get("/clips/:id") { request, context in
            try await page(request, context) { visitor in
                let id = try context.parameters.require("id")
                let detail = try catalog.clipDetail(id)
                return .html(try ClipPageView(app: self, detail: detail, visitor: visitor,
                                              draft: catalog.draftCaptions(forClip: detail.summary.id)).render())
            }
        }
        router.post("/clips/:id/tags") { request, context in
            let id = try context.parameters.require("id")
            return try await form(request, context, back: "/clips/\(HTML.urlComponent(id))") { _, form in
                let change = try catalog.tag(id, add: form.all("add"), remove: form.all("remove"))
                return ("/clips/\(HTML.urlComponent(id))", Self.describe(change))
            }
        }
        router.post("/segments/:id/tags") { request, context in
            let id = try context.parameters.require("id")
            let clipShortID = (try? catalog.resolveSegment(id)).flatMap { segment in
                try? catalog.writer.read { db in try Clip.fetchOne(db, key: segment.clipID)?.shortID }
            }
            let back = clipShortID.map { "/clips/\(HTML.urlComponent($0))#segments" } ?? "/clips"
            return try await form(request, context, back: back) { _, form in
                let change = try catalog.tag(id, add: form.all("add"), remove: form.all("remove"))
                return (back, Self.describe(change))
            }
        }
        router.post("/clips/:id/segments") { request, context in
            let id = try context.parameters.require("id")
            let back = "/clips/\(HTML.urlComponent(id))#segments"
            return try await form(request, context, back: back) { _, form in
                guard let from = form["from"], let to = form["to"] else {
                    throw WebFailure(status: .badRequest, message: "A segment needs a start and an end time, e.g. 00:00:02.000 and 00:00:07.500.")
                }
                guard let title = form["title"] else { throw WebFailure(status: .badRequest, message: "A segment needs a title.") }
                let segment = try catalog.addSegment(clip: id, from: from, to: to, title: title,
                                                     themes: form.all("themes").flatMap { Taxonomy.splitList($0) }, notes: form["notes"])
                return (back, "Added segment \(segment.segment.shortID) “\(segment.segment.title)”.")
            }
        }
        router.post("/clips/:id/speaker") { request, context in
            let id = try context.parameters.require("id")
            let back = "/clips/\(HTML.urlComponent(id))"
            return try await form(request, context, back: back) { _, form in
                guard let name = form["speaker"] else { throw WebFailure(status: .badRequest, message: "Choose a speaker.") }
                try catalog.assignSpeaker(name, toClip: id)
                return (back, "\(name) is now this clip's speaker.")
            }
        }
    }

    static func describe(_ change: TagChange) -> String {
        var parts: [String] = []
        if !change.added.isEmpty { parts.append("added \(change.added.joined(separator: ", "))") }
        if !change.removed.isEmpty { parts.append("removed \(change.removed.joined(separator: ", "))") }
        return parts.isEmpty ? "No change to the themes." : "Themes: " + parts.joined(separator: "; ") + "."
    }

    /// The clip list: filters, one page of clips with posters and flags, pager.
    func clipList(_ request: Request, _ visitor: Visitor) throws -> Response {
        let f = { (name: String) in Self.query(request, name) }
        var query = ClipQuery()
        var problems: [String] = []
        if let role = f("role") { query.roles = [role] }
        if let theme = f("theme") { query.themes = [theme] }
        if let a = f("audience") {
            if let audience = Audience(rawValue: a) { query.audience = audience } else { problems.append("unknown audience '\(a)'") }
        }
        if let c = f("consent") {
            if let state = ConsentState(rawValue: c) { query.consent = state } else { problems.append("unknown consent state '\(c)'") }
        }
        if let fl = f("flag") {
            if let flag = QualityFlag(rawValue: fl) { query.flags = [flag] } else { problems.append("unknown flag '\(fl)'") }
        }
        query.text = f("q")
        let pageNumber = max(1, min(1_000_000, Int(f("page") ?? "1") ?? 1))
        query.limit = Self.pageSize
        var result = ClipPage(clips: [], total: 0, offset: 0)
        if problems.isEmpty {
            do {
                result = try catalog.clipPage(matching: query, offset: (pageNumber - 1) * Self.pageSize)
            } catch let error as CatalogError {
                problems.append(error.description)
            }
        }
        let view = ClipListView(app: self, request: request, visitor: visitor, page: result, pageNumber: pageNumber, problems: problems)
        return .html(view.render(), status: problems.isEmpty ? .ok : .badRequest)
    }
}

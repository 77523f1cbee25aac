import Catalog
import Foundation
import Hummingbird
import Media
import Playlists

extension ReelWebApp {
    /// The audiences in force, as the CLI sees them: built-in, the team's file, then those stored in the catalogue;
    /// read on every use so edits show at once.
    func audiences() throws -> AudienceProfileSet {
        try catalog.audienceProfiles(file: settings.audiencesPath)
    }

    /// The playlist with this row id. Throws `WebFailure` 404.
    /// A form posted to `/playlists/:id/…`: the playlist is looked up first, and errors go back to its page (the
    /// body's third argument).
    func playlistForm(
        _ request: Request, _ context: BasicRequestContext,
        _ body: @escaping @Sendable (PlaylistContents, FormData, String) async throws -> (location: String, message: String?)
    ) async throws -> Response {
        let id = try context.parameters.require("id")
        let page = "/playlists/\(HTML.urlComponent(id))"
        return try await form(request, context, back: page) { _, form in
            try await body(try playlistContents(id), form, page)
        }
    }

    func playlistContents(_ id: String) throws -> PlaylistContents {
        guard let n = Int64(id), let p = try catalog.playlists().first(where: { $0.playlist.id == n }) else {
            throw WebFailure(status: .notFound, message: "No playlist with id '\(id)'.")
        }
        return p
    }

    func addPlaylistRoutes(_ router: Router<BasicRequestContext>) {
        router.get("/playlists") { request, context in
            try await page(request, context) { visitor in
                .html(PlaylistViews.list(app: self, playlists: try catalog.playlists(), audiences: try audiences(), visitor: visitor))
            }
        }
        router.get("/playlists/:id") { request, context in
            try await page(request, context) { visitor in
                let contents = try playlistContents(context.parameters.require("id"))
                let selection = try catalog.exportablePlaylistItems(contents.playlist)
                let jobs = await jobs.jobs(forPlaylist: contents.playlist.name)
                return .html(PlaylistViews.detail(app: self, contents: contents, selection: selection, jobs: jobs, visitor: visitor))
            }
        }
        router.post("/playlists") { request, context in
            try await form(request, context, back: "/playlists") { _, form in
                guard let name = form["name"] else { throw WebFailure(status: .badRequest, message: "A playlist needs a name.") }
                guard !name.contains(where: \.isNewline) else { throw WebFailure(status: .badRequest, message: "A playlist's name must be one line.") }
                guard let audienceText = form["audience"] else { throw WebFailure(status: .badRequest, message: "Choose an audience.") }
                let profile = try audiences().resolve(audienceText)
                var targetMs: Int64?
                if let target = form["target"] {
                    do {
                        let ms = try MediaTime(parsing: target).milliseconds
                        guard ms > 0 else { throw WebFailure(status: .badRequest, message: "The target length must be longer than zero.") }
                        targetMs = ms
                    } catch let error as TimeParseError {
                        throw WebFailure(status: .badRequest, message: "Target length: \(error.description); write e.g. 12m, 90s or 12:30.")
                    }
                }
                let themes = form.all("themes")
                let request = PlaylistRequest(audience: profile, themes: themes.isEmpty ? nil : themes, targetMs: targetMs,
                                              include: form.all("include").flatMap { Taxonomy.splitList($0) },
                                              exclude: form.all("exclude").flatMap { Taxonomy.splitList($0) },
                                              seed: UInt64(form["seed"] ?? "1") ?? 1)
                let result = try catalog.buildPlaylist(named: name, request: request, replace: form["replace"] != nil)
                let plan = result.plan
                var message = "Built '\(result.playlist.name)' for \(profile.label): \(plan.items.count) clips, \(Layout.clock(ms: plan.totalMs))."
                if !plan.explanation.shortfalls.isEmpty { message += " Missing: " + plan.explanation.shortfalls.joined(separator: "; ") }
                return ("/playlists/\(result.playlist.id ?? 0)", message)
            }
        }
        router.post("/playlists/:id/move") { request, context in
            try await playlistForm(request, context) { contents, form, page in
                guard let from = form["position"].flatMap(Int.init), let to = form["to"].flatMap(Int.init) else {
                    throw WebFailure(status: .badRequest, message: "Say which item to move and where to.")
                }
                try catalog.movePlaylistItem(named: contents.playlist.name, String(from), to: to)
                return ("\(page)#items", "Moved item \(from) to position \(to).")
            }
        }
        router.post("/playlists/:id/remove") { request, context in
            try await playlistForm(request, context) { contents, form, page in
                guard let position = form["position"] else { throw WebFailure(status: .badRequest, message: "Say which item to remove.") }
                let entry = try catalog.removeFromPlaylist(named: contents.playlist.name, position)
                return ("\(page)#items", "Removed \(entry.displayTitle).")
            }
        }
        router.post("/playlists/:id/add") { request, context in
            try await playlistForm(request, context) { contents, form, page in
                guard let target = form["item"] else { throw WebFailure(status: .badRequest, message: "Give a clip (c-…) or segment (s-…) id.") }
                let entry = try catalog.addToPlaylist(named: contents.playlist.name, target)
                return ("\(page)#items", "Added \(entry.displayTitle).")
            }
        }
        router.post("/playlists/:id/export") { request, context in
            try await playlistForm(request, context) { contents, form, _ in
                guard let f = form["format"], let format = PlaylistExportFormat(rawValue: f) else {
                    throw WebFailure(status: .badRequest, message: "Choose an export format.")
                }
                let job = try await startExport(contents.playlist, format: format)
                return ("/jobs/\(job)", nil)
            }
        }
        router.post("/playlists/:id/render") { request, context in
            try await playlistForm(request, context) { contents, form, _ in
                guard let name = form["preset"], let preset = settings.presets.preset(named: name) else {
                    throw WebFailure(status: .badRequest, message: "Choose a preset (have: \(settings.presets.names.joined(separator: ", "))).")
                }
                let job = try await startRender(contents.playlist, preset: preset, lowerThirds: form["lower-thirds"] != nil)
                return ("/jobs/\(job)", nil)
            }
        }
        router.get("/jobs/:job") { request, context in
            try await page(request, context) { visitor in
                guard let job = await jobs.job(try context.parameters.require("job")) else { throw WebFailure(status: .notFound, message: "No such job (jobs end when the server restarts).") }
                return .html(PlaylistViews.job(job, visitor: visitor))
            }
        }
        router.get("/jobs/:job/status") { request, context in
            try await page(request, context) { _ in
                guard let job = await jobs.job(try context.parameters.require("job")) else { throw WebFailure(status: .notFound, message: "No such job.") }
                let json = "{\"state\":\"\(job.state.rawValue)\",\"progress\":\(String(format: "%.3f", job.progress))}"
                return Response(status: .ok, headers: [.contentType: "application/json", .cacheControl: "no-store"],
                                body: .init(byteBuffer: ByteBuffer(string: json)))
            }
        }
        router.get("/jobs/:job/files/**") { request, context in
            try await page(request, context) { _ in
                guard let job = await jobs.job(try context.parameters.require("job")) else { throw WebFailure(status: .notFound, message: "No such job.") }
                let relative = context.parameters.getCatchAll().joined(separator: "/")
                let path = try Self.fileInside(job.folder, relative)
                // Consent may have changed since the export: a file is served only while its playlist still exports.
                if let contents = try? catalog.playlists().first(where: { $0.playlist.name == job.playlist }) {
                    let selection = try catalog.exportablePlaylistItems(contents.playlist)
                    guard selection.leftOut.isEmpty || job.checkedIDs.isSubset(of: Set(selection.usable.map(\.id))) else {
                        throw WebFailure(status: .forbidden, message: "A speaker in this export has withdrawn consent since it was made: export the playlist again.")
                    }
                }
                return try await serveFile(path: path, contentType: Self.contentType(for: path), etagSeed: job.id, request: request, context: context)
            }
        }
    }

    /// The real path of `relative` inside `folder`; throws `WebFailure` 404 for anything that would leave it
    /// (`..`, absolute paths, hidden files, symbolic links pointing out).
    static func fileInside(_ folder: String, _ relative: String) throws -> String {
        let notFound = WebFailure(status: .notFound, message: "No such file.")
        let parts = relative.split(separator: "/", omittingEmptySubsequences: false)
        guard !relative.isEmpty, !parts.contains(where: { $0.isEmpty || $0.hasPrefix(".") || $0.contains("\\") || $0.contains("\0") }) else {
            throw notFound
        }
        guard let realFolder = realpath(folder, nil).map({ p -> String in defer { free(p) }; return String(cString: p) }),
              let realFile = realpath(folder + "/" + relative, nil).map({ p -> String in defer { free(p) }; return String(cString: p) }),
              realFile.hasPrefix(realFolder + "/") else {
            throw notFound
        }
        return realFile
    }

    /// A fresh job id and folder under the work folder.
    func newJobFolder() throws -> (String, String) {
        let id = String(SessionStore.token().prefix(16))
        let folder = (settings.workFolder as NSString).appendingPathComponent(id)
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw WebFailure(status: .internalServerError, message: "Cannot create \(folder): \(error.localizedDescription)")
        }
        return (id, folder)
    }

    func startExport(_ playlist: Playlist, format: PlaylistExportFormat) async throws -> String {
        let selection = try catalog.exportablePlaylistItems(playlist)
        let (id, folder) = try newJobFolder()
        let exporter = PlaylistExporter(catalog: catalog, audiences: try audiences())
        let output = PlaylistExporter.outputPath(for: playlist.name, format: format, output: folder + "/")
        var job = WebJob(id: id, title: "Export of \(playlist.name) as \(format.rawValue)", playlist: playlist.name, folder: folder)
        job.checkedIDs = Set(selection.usable.map(\.id))
        let name = playlist.name
        await jobs.start(job) { progress in
            let report = try await exporter.export(name, format: format, to: output) { done, total in
                progress(total > 0 ? Double(done) / Double(total) : 0)
            }
            return ((report.output as NSString).lastPathComponent, report.leftOut.map(\.description))
        }
        return id
    }

    func startRender(_ playlist: Playlist, preset: Preset, lowerThirds: Bool) async throws -> String {
        let plan = try catalog.renderPlan(forPlaylist: playlist.name)
        let selection = try catalog.exportablePlaylistItems(playlist)
        let (id, folder) = try newJobFolder()
        let output = folder + "/" + PlaylistExporter.slug(playlist.name) + ".mp4"
        var job = WebJob(id: id, title: "Render of \(playlist.name) with \(preset.name)", playlist: playlist.name, folder: folder)
        job.checkedIDs = Set(selection.usable.map(\.id))
        await jobs.start(job) { progress in
            let report = try await renderPlaylist(plan.pieces, preset: preset, to: output, lowerThirds: lowerThirds, leftOut: plan.leftOut,
                                                  progress: progress)
            return ((report.output as NSString).lastPathComponent, plan.leftOut)
        }
        return id
    }
}

import Catalog
import Foundation
import Hummingbird
import HummingbirdTesting
import Playlists
import Testing
@testable import ReelWeb

@Suite struct WebRouteTests {
    @Test func clipListShowsEveryClipWithPostersAndFlagsInPlainWords() async throws {
        let f = try await WebFixture.make()
        defer { f.cleanUp() }
        let nurse = try f.clipID("nurse-1080p.mp4")
        try await f.test { b in
            let r = try await b.get("/clips")
            #expect(r.status == .ok)
            #expect(r.headers[.setCookie]?.contains("HttpOnly") == true)
            #expect(r.headers[.setCookie]?.contains("SameSite=Strict") == true)
            #expect(r.text.contains("11 clips"))
            #expect(r.text.contains("href=\"/clips/\(nurse)\""))
            #expect(r.text.contains("/media/clips/\(nurse)/poster.jpg"))
            #expect(r.text.contains("Filmed sideways (rotation)"))
            #expect(r.text.contains("One side silent"))
            #expect(r.text.contains("<label for=\"f-role\">Role</label>"))
        }
    }

    @Test func filtersNarrowTheListAndBadFiltersSaySo() async throws {
        let f = try await WebFixture.make()
        defer { f.cleanUp() }
        try await f.test { b in
            let porters = try await b.get("/clips?role=porter")
            #expect(porters.text.contains("2 clips"))
            #expect(porters.text.contains("Daniel Price") && porters.text.contains("Tom Hughes"))
            #expect(!porters.text.contains("Grace Adebayo"))
            let interlaced = try await b.get("/clips?flag=interlaced")
            #expect(interlaced.text.contains("1 clips") && interlaced.text.contains("housekeeper-interlaced.ts"))
            let words = try await b.get("/clips?q=hand+cast")
            #expect(words.text.contains("hca-long-gop.mp4"))
            #expect(!words.text.contains("nurse-1080p.mp4"))
            let nonClinical = try await b.get("/clips?audience=non-clinical&consent=ok")
            #expect(!nonClinical.text.contains("Grace Adebayo"))
            let bad = try await b.get("/clips?flag=wobbly")
            #expect(bad.status == .badRequest)
            #expect(bad.text.contains("unknown flag &#39;wobbly&#39;"))
            let badTheme = try await b.get("/clips?theme=memory-makin")
            #expect(badTheme.status == .badRequest)
            #expect(badTheme.text.contains("memory-making"), "the did-you-mean suggestion is shown")
        }
    }

    @Test func listPagesThroughLargeResults() async throws {
        let f = try await WebFixture.make()
        defer { f.cleanUp() }
        let page = try f.catalog.clipPage(matching: ClipQuery(limit: 4), offset: 8)
        #expect(page.total == 11)
        #expect(page.clips.count == 3)
        #expect(page.offset == 8)
    }

    @Test func everyUserSuppliedStringIsEscaped() async throws {
        let f = try await WebFixture.make()
        defer { f.cleanUp() }
        let evil = "<script>alert('x')</script>"
        try f.catalog.addSpeaker(name: evil, role: "porter", consentReference: "CF-1", recordedBy: "t")
        let clip = try f.clipID("nurse-1080p.mp4")
        try f.catalog.assignSpeaker(evil, toClip: clip)
        try f.catalog.addSegment(clip: clip, from: "0", to: "1", title: "\"><img src=x onerror=alert(1)>")
        try await f.test { b in
            for uri in ["/clips", "/clips/\(clip)", "/speakers"] {
                let r = try await b.get(uri)
                #expect(!r.text.contains("<script>alert"), "\(uri)")
                #expect(!r.text.contains("<img src=x"), "\(uri)")
            }
            #expect(try await b.get("/clips").text.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"))
        }
    }

    @Test func formsNeedTheSessionsCSRFToken() async throws {
        let f = try await WebFixture.make()
        defer { f.cleanUp() }
        let clip = try f.clipID("porter-prores.mov")
        try await f.test { b in
            try await b.get("/clips/\(clip)")
            let forged = try await b.post("/clips/\(clip)/tags", [("add", "memory-making")], csrf: "0123")
            #expect(forged.status == .forbidden)
            #expect(forged.text.contains("security token"))
            let noSession = try await Browser(client: b.client).post("/clips/\(clip)/tags", [("add", "memory-making")])
            #expect(noSession.status == .forbidden)
            #expect(try f.catalog.clipDetail(clip).summary.themes.contains("memory-making") == false)

            let ok = try await b.post("/clips/\(clip)/tags", [("add", "memory-making")])
            #expect(ok.status == .seeOther)
            let page = try await b.follow(ok)
            #expect(page.text.contains("Themes: added memory-making."))
            #expect(try f.catalog.clipDetail(clip).summary.themes.contains("memory-making"))

            let removed = try await b.follow(try await b.post("/clips/\(clip)/tags", [("remove", "memory-making")]))
            #expect(removed.text.contains("removed memory-making"))
            #expect(try f.catalog.clipDetail(clip).summary.themes.contains("memory-making") == false)
        }
    }

    @Test func badFormInputBecomesAMessageOnThePage() async throws {
        let f = try await WebFixture.make()
        defer { f.cleanUp() }
        let clip = try f.clipID("nurse-1080p.mp4")
        try await f.test { b in
            try await b.get("/clips/\(clip)")
            let r = try await b.follow(try await b.post("/clips/\(clip)/segments", [("from", "00:00:05"), ("to", "00:00:02"), ("title", "Backwards")]))
            #expect(r.status == .ok)
            #expect(r.text.contains("class=\"error\""))
            let huge = try await b.follow(try await b.post("/clips/\(clip)/segments", [("from", "99999999999999999999"), ("to", "1"), ("title", "Huge")]))
            #expect(huge.text.contains("class=\"error\""))
            let tag = try await b.follow(try await b.post("/clips/\(clip)/tags", [("add", "memory-makin")]))
            #expect(tag.text.contains("memory-making"))
            let added = try await b.follow(try await b.post("/clips/\(clip)/segments", [("from", "00:00:01.000"), ("to", "00:00:03.000"), ("title", "Names matter"), ("themes", "communication")]))
            #expect(added.text.contains("Added segment"))
            #expect(added.text.contains("Names matter"))
        }
    }

    @Test func mediaIsServedWithRangesAndRevalidation() async throws {
        let f = try await WebFixture.make()
        defer { f.cleanUp() }
        let clip = try f.clipID("nurse-1080p.mp4")
        let bytes = try Data(contentsOf: WebFixture.root.appendingPathComponent("Media/nurse-1080p.mp4"))
        try await f.test { b in
            let whole = try await b.get("/media/clips/\(clip)/media")
            #expect(whole.status == .ok)
            #expect(whole.headers[.acceptRanges] == "bytes")
            #expect(whole.headers[.contentType] == "video/mp4")
            #expect(Data(buffer: whole.body) == bytes)
            let part = try await b.get("/media/clips/\(clip)/media", headers: [.range: "bytes=100-199"])
            #expect(part.status == .partialContent)
            #expect(part.headers[.contentRange] == "bytes 100-199/\(bytes.count)")
            #expect(Data(buffer: part.body) == bytes[100..<200])
            let tail = try await b.get("/media/clips/\(clip)/media", headers: [.range: "bytes=-10"])
            #expect(Data(buffer: tail.body) == bytes.suffix(10))
            let open = try await b.get("/media/clips/\(clip)/media", headers: [.range: "bytes=\(bytes.count - 5)-"])
            #expect(Data(buffer: open.body) == bytes.suffix(5))
            let beyond = try await b.get("/media/clips/\(clip)/media", headers: [.range: "bytes=\(bytes.count)-"])
            #expect(beyond.status == .rangeNotSatisfiable)
            #expect(beyond.headers[.contentRange] == "bytes */\(bytes.count)")
            let poster = try await b.get("/media/clips/\(clip)/poster.jpg")
            #expect(poster.status == .ok)
            #expect(poster.headers[.contentType] == "image/jpeg")
            let etag = try #require(poster.headers[.eTag])
            let again = try await b.get("/media/clips/\(clip)/poster.jpg", headers: [.ifNoneMatch: etag])
            #expect(again.status == .notModified)
            let vtt = try await b.get("/media/clips/\(clip)/captions.vtt")
            #expect(vtt.status == .ok)
            #expect(vtt.text.hasPrefix("WEBVTT"))
            #expect(vtt.text.contains("-->"))
            #expect(try await b.get("/media/clips/c-ffffff/media").status == .notFound)
        }
    }

    @Test func aWithdrawnSpeakersMediaIsNeverServed() async throws {
        let f = try await WebFixture.make()
        defer { f.cleanUp() }
        let clip = try f.clipID("nurse-1080p.mp4")
        try await f.test { b in
            #expect(try await b.get("/media/clips/\(clip)/media").status == .ok)
            let speaker = try #require(try f.catalog.speakers().first { $0.speaker.name == "Grace Adebayo" })
            try await b.get("/speakers/\(speaker.speaker.id!)")
            let r = try await b.follow(try await b.post("/speakers/\(speaker.speaker.id!)/withdraw", [("reason", "left the trust")]))
            #expect(r.text.contains("withdrew consent"))
            #expect(r.text.contains("left the trust"))
            #expect(r.text.contains("granted"), "the history keeps the earlier grant")
            for uri in ["/media/clips/\(clip)/media", "/media/clips/\(clip)/poster.jpg", "/media/clips/\(clip)/filmstrip.jpg",
                        "/media/clips/\(clip)/captions.vtt"] {
                let m = try await b.get(uri, headers: [.range: "bytes=0-10"])
                #expect(m.status == .forbidden, "\(uri)")
                #expect(!(m.headers[.contentType] ?? "").hasPrefix("video"))
            }
            let list = try await b.get("/clips?role=nurse")
            #expect(!list.text.contains("/media/clips/\(clip)/poster.jpg"))
            #expect(list.text.contains("hidden: consent withdrawn"))
            let page = try await b.get("/clips/\(clip)")
            #expect(!page.text.contains("<video"))
            #expect(try f.catalog.consentHistory(speaker: "Grace Adebayo").map(\.kind) == [.granted, .withdrawn])
        }
    }

    @Test func playlistBuiltInThePageLosesAWithdrawnClipAndItsDownloads() async throws {
        let f = try await WebFixture.make()
        defer { f.cleanUp() }
        try await f.test { b in
            try await b.get("/playlists")
            let built = try await b.follow(try await b.post("/playlists", [("name", "porters induction"), ("audience", "non-clinical"), ("target", "40s")]))
            #expect(built.status == .ok)
            #expect(built.text.contains("Built &#39;porters induction&#39;"))
            #expect(built.text.contains("id=\"playlist-items\""))
            #expect(built.text.contains("Why chosen"))
            let contents = try f.catalog.playlistContents(named: "porters induction")
            let first = try #require(contents.entries.first)
            let id = contents.playlist.id!

            // Reorder: the first item moves to second place.
            if contents.entries.count > 1 {
                _ = try await b.follow(try await b.post("/playlists/\(id)/move", [("position", "1"), ("to", "2")]))
                #expect(try f.catalog.playlistContents(named: "porters induction").entries[1].id == first.id)
            }

            // Export as JSON through a job, then download it.
            let job = try await b.post("/playlists/\(id)/export", [("format", "json")])
            let location = try #require(job.headers[.location])
            #expect(location.hasPrefix("/jobs/"))
            var state = ""
            for _ in 0..<200 where state != "done" && state != "failed" {
                state = try await b.get(location + "/status").text.contains("\"done\"") ? "done" : "running"
                if state != "done" { try await Task.sleep(for: .milliseconds(50)) }
            }
            let jobPage = try await b.get(location)
            #expect(jobPage.text.contains("Done."))
            let file = "/jobs/" + location.dropFirst(6) + "/files/" + PlaylistExporter.slug("porters induction") + ".json"
            let download = try await b.get(file)
            #expect(download.status == .ok)
            #expect(download.text.contains(first.id))
            let jobRoot = "/jobs/" + location.dropFirst(6) + "/files/"
            for bad in ["..%2F..%2Fcatalog.sqlite", "%2e%2e/%2e%2e/catalog.sqlite", "../../catalog.sqlite", "%2Fetc%2Fpasswd", ".%2E/users.json"] {
                let r = try await b.get(jobRoot + bad)
                #expect(r.status == .notFound, "\(bad)")
                #expect(!r.text.contains("SQLite format"), "\(bad)")
            }

            // Withdraw the first item's speaker: the item leaves the running order and the old export is refused.
            let speaker = try #require(first.speaker)
            try f.catalog.withdrawConsent(speaker: speaker.name, recordedBy: "tester")
            let after = try await b.get("/playlists/\(id)")
            let order = after.text.components(separatedBy: "id=\"playlist-items\"").last?.components(separatedBy: "</table>").first ?? ""
            #expect(!order.contains("data-item=\"\(first.id)\""))
            #expect(after.text.contains("id=\"left-out\""))
            #expect(try await b.get(file).status == .forbidden)
        }
    }

    @Test func jobFilesCannotReachOutsideTheirFolder() async throws {
        let f = try await WebFixture.make()
        defer { f.cleanUp() }
        let folder = f.folder + "/web-jobs/abc"
        try FileManager.default.createDirectory(atPath: folder + "/media", withIntermediateDirectories: true)
        try Data("ok".utf8).write(to: URL(fileURLWithPath: folder + "/media/a.txt"))
        try FileManager.default.createSymbolicLink(atPath: folder + "/escape.txt", withDestinationPath: "/etc/passwd")
        #expect(try ReelWebApp.fileInside(folder, "media/a.txt").hasSuffix("/media/a.txt"))
        for bad in ["../../catalog.sqlite", "media/../../x", "/etc/passwd", "escape.txt", ".hidden", "media//a.txt", ""] {
            #expect(throws: WebFailure.self, "\(bad)") { try ReelWebApp.fileInside(folder, bad) }
        }
        try await f.test { b in
            for uri in ["/jobs/abc/files/..%2F..%2Fcatalog.sqlite", "/jobs/abc/files/%2e%2e/%2e%2e/catalog.sqlite",
                        "/jobs/abc/files/../../catalog.sqlite", "/media/clips/..%2F..%2Fetc%2Fpasswd/media"] {
                let r = try await b.get(uri)
                #expect(r.status == .notFound, "\(uri)")
                #expect(!r.text.contains("root:"), "\(uri)")
            }
        }
    }

    @Test func signInIsRequiredWhenUsersExistAndViewersCannotEdit() async throws {
        let f = try await WebFixture.make(users: [("ed", .editor, "correct horse"), ("vi", .viewer, "battery staple")])
        defer { f.cleanUp() }
        let clip = try f.clipID("porter-prores.mov")
        try await f.test { b in
            let r = try await b.get("/clips")
            #expect(r.status == .seeOther)
            #expect(r.headers[.location] == "/login?next=%2Fclips")
            #expect(try await b.get("/media/clips/\(clip)/media").status == .seeOther)
            let login = try await b.get("/login?next=/clips/\(clip)")
            #expect(login.text.contains("autocomplete=\"current-password\""))
            let before = b.cookie
            let wrong = try await b.follow(try await b.post("/login", [("name", "vi"), ("password", "nope nope"), ("next", "/clips")]))
            #expect(wrong.text.contains("do not match"))
            let ok = try await b.post("/login", [("name", "vi"), ("password", "battery staple"), ("next", "//evil.example/")])
            #expect(ok.headers[.location] == "/clips", "no open redirect")
            #expect(b.cookie != before, "a new session id at sign-in")
            let page = try await b.get("/clips/\(clip)")
            #expect(page.status == .ok)
            #expect(page.text.contains("vi (viewer)"))
            #expect(!page.text.contains("id=\"add-theme\""))
            let denied = try await b.post("/clips/\(clip)/tags", [("add", "memory-making")])
            #expect(denied.status == .forbidden)
            #expect(try f.catalog.clipDetail(clip).summary.themes.contains("memory-making") == false)
        }
    }

    @Test func anAddressBeyondThisMachineNeedsUsers() throws {
        let open = WebSettings(host: "0.0.0.0", workFolder: "/tmp/x")
        #expect(throws: WebSettingsError.self) { try open.validate() }
        #expect(open.secureCookies)
        #expect(throws: Never.self) { try WebSettings(host: "127.0.0.1", workFolder: "/tmp/x").validate() }
        #expect(!WebSettings(host: "127.0.0.1", workFolder: "/tmp/x").secureCookies)
        do {
            try open.validate()
        } catch {
            #expect(String(describing: error).contains("reel user add NAME --role editor"))
        }
    }

    @Test func byteRangesAreParsedStrictly() {
        #expect(ReelWebApp.byteRange("bytes=0-9", size: 100) == 0...9)
        #expect(ReelWebApp.byteRange("bytes=90-200", size: 100) == 90...99)
        #expect(ReelWebApp.byteRange("bytes=-5", size: 100) == 95...99)
        #expect(ReelWebApp.byteRange("bytes=-500", size: 100) == 0...99)
        #expect(ReelWebApp.byteRange("bytes=10-", size: 100) == 10...99)
        #expect(ReelWebApp.byteRange("bytes=0-1,5-6", size: 100) == 0...1)
        for bad in ["bytes=100-", "bytes=5-1", "bytes=x-y", "items=0-1", "bytes=-0", "bytes=", "bytes=99999999999999999999-"] {
            #expect(ReelWebApp.byteRange(bad, size: 100) == nil, "\(bad)")
        }
    }
}

@Suite struct WebUserTests {
    @Test func usersAreStoredHashedAndPrivate() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("reel-users-\(UUID().uuidString.prefix(8))").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var store = try WebUserStore(path: folder + "/users.json")
        try store.add(name: "ed", role: .editor, password: "long enough", cost: 4)
        let text = try String(contentsOfFile: folder + "/users.json", encoding: .utf8)
        #expect(!text.contains("long enough"))
        #expect(text.contains("$2"))
        let mode = try FileManager.default.attributesOfItem(atPath: folder + "/users.json")[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let reread = try WebUserStore(path: folder + "/users.json")
        #expect(reread.authenticate(name: "ed", password: "long enough")?.role == .editor)
        #expect(reread.authenticate(name: "ed", password: "wrong") == nil)
        #expect(reread.authenticate(name: "nobody", password: "long enough") == nil)
        #expect(throws: WebUserError("the password must be at least 8 characters")) { try store.add(name: "x", role: .viewer, password: "short") }
        #expect(throws: WebUserError.self) { try store.add(name: "two\nlines", role: .viewer, password: "long enough") }
        try store.remove(name: "ed")
        #expect(throws: WebUserError.self) { try store.remove(name: "ed") }
        try Data("not json".utf8).write(to: URL(fileURLWithPath: folder + "/bad.json"))
        #expect(throws: WebUserError.self) { try WebUserStore(path: folder + "/bad.json") }
    }
}

@Suite struct WebAudienceTests {
    @Test func audiencesAreAddedEditedAndRemovedWithTheCatalogueValidation() async throws {
        let f = try await WebFixture.make()
        defer { f.cleanUp() }
        try await f.test { b in
            let list = try await b.get("/audiences")
            #expect(list.text.contains("non-clinical"))
            let bad = try await b.follow(try await b.post("/audiences", [("id", "ward-7"), ("label", "Ward 7"), ("target", "6m"), ("themes", "memory-makin")]))
            #expect(bad.text.contains("class=\"error\""))
            #expect(bad.text.contains("memory-making"), "did-you-mean from the same validation as audiences.yaml")
            let ok = try await b.follow(try await b.post("/audiences", [("id", "ward-7"), ("label", "Ward 7 nurses"), ("target", "6m"),
                                                                        ("themes", "memory-making:2, what-matters-most"), ("prefer-roles", "nurse")]))
            #expect(ok.text.contains("Saved the audience Ward 7 nurses"))
            #expect(try f.catalog.audienceProfiles().profile(id: "ward-7")?.preferredRoleIDs == ["nurse"])
            #expect(try f.catalog.audienceProfiles().profile(id: "non-clinical") != nil, "built-in audiences stay")
            let edit = try await b.get("/audiences?edit=ward-7")
            #expect(edit.text.contains("value=\"Ward 7 nurses\""))
            _ = try await b.follow(try await b.post("/audiences", [("mode", "edit"), ("id", "ward-7"), ("label", "Ward 7 team"), ("target", "8m"), ("themes", "memory-making")]))
            #expect(try f.catalog.audienceProfiles().profile(id: "ward-7")?.targetMs == 480_000)
            let built = try await b.follow(try await b.post("/playlists", [("name", "ward7"), ("audience", "ward-7")]))
            #expect(built.text.contains("Built &#39;ward7&#39; for Ward 7 team"))
            _ = try await b.follow(try await b.post("/audiences/remove", [("id", "ward-7")]))
            #expect(try f.catalog.audienceProfiles().profile(id: "ward-7") == nil)
        }
    }
}

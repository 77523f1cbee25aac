import Catalog
import Foundation
import Hummingbird
import HummingbirdTesting
import Playlists
import Testing
@testable import ReelWeb

/// A catalogue of the sample footage (with posters and filmstrips) copied fresh for each test, and a browser-like
/// client that keeps the session cookie and reads CSRF tokens from pages.
struct WebFixture {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let folder: String
    let catalog: Catalog
    let app: ReelWebApp

    /// Imports Media/ once (shot log applied, pictures made), then each fixture copies that catalogue's folder.
    static let template = Task<String, any Error> {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("reel-web-template-\(UUID().uuidString.prefix(8))").path
        let catalog = try Catalog(path: folder + "/catalog.sqlite")
        let log = try ShotLog(contentsOf: root.appendingPathComponent("Catalog/shotlog.csv").path)
        _ = try await catalog.importMedia([root.appendingPathComponent("Media").path], options: ImportOptions(shotLog: log, recordedBy: "tester"))
        try await catalog.writer.writeWithoutTransaction { try $0.checkpoint(.truncate) }
        return folder
    }

    /// A fresh copy of the sample catalogue, served with `users` (nil: no sign-in).
    static func make(users: [(String, WebUser.Role, String)]? = nil, presets: PresetLibrary? = nil) async throws -> WebFixture {
        let template = try await template.value
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("reel-web-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for name in try FileManager.default.contentsOfDirectory(atPath: template) where !name.hasSuffix("-wal") && !name.hasSuffix("-shm") {
            try FileManager.default.copyItem(atPath: template + "/" + name, toPath: folder + "/" + name)
        }
        let catalog = try Catalog(path: folder + "/catalog.sqlite")
        var store: WebUserStore?
        if let users {
            var s = try WebUserStore(path: folder + "/users.json")
            for (name, role, password) in users { try s.add(name: name, role: role, password: password, cost: 4) }
            store = s
        }
        let library = try presets ?? PresetLibrary(contentsOf: root.appendingPathComponent("Catalog/presets.yaml").path)
        let settings = WebSettings(users: store, presets: library, workFolder: folder + "/web-jobs", localUser: "tester")
        return WebFixture(folder: folder, catalog: catalog, app: ReelWebApp(catalog: catalog, settings: settings))
    }

    func cleanUp() { try? FileManager.default.removeItem(atPath: folder) }

    /// The short id of the clip with this file name.
    func clipID(_ fileName: String) throws -> String {
        try #require(try catalog.clips().first { $0.clip.fileName == fileName }).id
    }

    /// Runs `body` with a client against the app's router (no sockets).
    func test(_ body: @Sendable (Browser) async throws -> Void) async throws {
        try await Application(router: app.router()).test(.router) { client in
            try await body(Browser(client: client))
        }
    }
}

/// A test client that behaves like a browser: keeps the session cookie, finds CSRF tokens, posts forms.
final class Browser: @unchecked Sendable {
    let client: any TestClientProtocol
    var cookie: String?
    var csrf: String?

    init(client: any TestClientProtocol) { self.client = client }

    @discardableResult
    func get(_ uri: String, headers: HTTPFields = [:]) async throws -> TestResponse {
        var h = headers
        if let cookie { h[.cookie] = cookie }
        let r = try await client.execute(uri: uri, method: .get, headers: h)
        remember(r)
        return r
    }

    @discardableResult
    func post(_ uri: String, _ fields: [(String, String)], csrf token: String? = nil) async throws -> TestResponse {
        var h: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
        if let cookie { h[.cookie] = cookie }
        let all = [("csrf", token ?? csrf ?? "")] + fields
        let body = all.map { "\(HTML.urlComponent($0.0))=\(HTML.urlComponent($0.1))" }.joined(separator: "&")
        let r = try await client.execute(uri: uri, method: .post, headers: h, body: ByteBuffer(string: body))
        remember(r)
        return r
    }

    /// Follows a 303 like a browser.
    func follow(_ r: TestResponse) async throws -> TestResponse {
        guard r.status == .seeOther, let location = r.headers[.location] else { return r }
        // Browsers do not send the fragment.
        return try await get(String(location.prefix { $0 != "#" }))
    }

    private func remember(_ r: TestResponse) {
        if let set = r.headers[.setCookie], let pair = set.split(separator: ";").first { cookie = String(pair) }
        let text = String(buffer: r.body)
        if let range = text.range(of: "name=\"csrf\" value=\"") {
            csrf = String(text[range.upperBound...].prefix { $0 != "\"" })
        }
    }
}

extension TestResponse {
    var text: String { String(buffer: body) }
}

import Catalog
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Media

/// The web catalogue (`reel serve`): server-rendered pages over the same `Catalog` API as the CLI.
///
/// Every page works without JavaScript. Every form carries the session's CSRF token; every user-supplied string is
/// escaped by `HTML`. Media is served by clip id only (never by a path from the URL), with HTTP range requests, and
/// never for a speaker whose consent is withdrawn or expired.
public struct ReelWebApp: Sendable {
    /// The catalogue the pages read and change.
    public let catalog: Catalog
    /// How the server runs.
    public let settings: WebSettings
    let sessions = SessionStore()
    let jobs = JobStore()
    let fileIO = FileIO()

    /// Makes the app; nothing listens until `run()` (or a test drives `application()`).
    public init(catalog: Catalog, settings: WebSettings) {
        self.catalog = catalog
        self.settings = settings
    }

    /// The Hummingbird application bound to the settings' host and port.
    public func application(onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        Application(
            router: router(),
            configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: "reel"),
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? settings.port) },
            logger: {
                var logger = Logger(label: "reel.serve")
                logger.logLevel = ProcessInfo.processInfo.environment["REEL_LOG"].flatMap { Logger.Level(rawValue: $0) } ?? .warning
                return logger
            }()
        )
    }

    /// Runs the server until it is cancelled (Ctrl-C).
    public func run(onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        try settings.validate()
        try await application(onServerRunning: onServerRunning).runService()
    }

    /// Every route.
    public func router() -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        router.add(middleware: SecurityHeadersMiddleware())
        router.get("/") { _, _ in Response.redirect(to: "/clips") }
        router.get("/style.css") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "public, max-age=3600"],
                     body: .init(byteBuffer: ByteBuffer(string: Stylesheet.css)))
        }
        router.get("/app.js") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/javascript; charset=utf-8", .cacheControl: "public, max-age=3600"],
                     body: .init(byteBuffer: ByteBuffer(string: Stylesheet.script)))
        }
        addAccountRoutes(router)
        addClipRoutes(router)
        addMediaRoutes(router)
        addSpeakerRoutes(router)
        addPlaylistRoutes(router)
        addAudienceRoutes(router)
        addCaptionRoutes(router)
        return router
    }
}

/// Headers every response carries: no framing, no sniffing, scripts only from this server.
struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.xFrameOptions] = "DENY"
        response.headers[.referrerPolicy] = "same-origin"
        if response.headers[.contentSecurityPolicy] == nil {
            response.headers[.contentSecurityPolicy] = "default-src 'self'; img-src 'self' data:; media-src 'self'; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'"
        }
        return response
    }
}

extension Response {
    /// A 303 redirect (after a form, so reloading does not post again).
    static func redirect(to location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location])
    }

    /// An HTML page.
    static func html(_ page: HTML, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
                 body: .init(byteBuffer: ByteBuffer(string: page.markup)))
    }
}

extension HTTPField.Name {
    static let xContentTypeOptions = Self("X-Content-Type-Options")!
    static let xFrameOptions = Self("X-Frame-Options")!
    static let referrerPolicy = Self("Referrer-Policy")!
}

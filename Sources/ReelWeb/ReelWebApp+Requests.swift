import Catalog
import Foundation
import Hummingbird

/// What a page handler knows about who is asking.
struct Visitor: Sendable {
    var session: WebSession
    /// The signed-in user; nil when the server needs no sign-in (then the visitor edits as the local user).
    var user: WebUser?
    var flash: WebSession.Flash?
    /// Whether the visitor may change the catalogue.
    var canEdit: Bool
    /// Who changes are recorded as in the consent history.
    var recorder: String
}

/// Why a request is refused; becomes an error page with this status.
struct WebFailure: Error {
    var status: HTTPResponse.Status
    var message: String
}

extension ReelWebApp {
    static let sessionCookie = "reel_session"
    /// The largest form body accepted.
    static let maxFormBytes = 1 << 20

    /// Runs a page handler (GET): finds or starts the session, sends visitors who must sign in to the sign-in page.
    func page(_ request: Request, _ context: BasicRequestContext,
              _ body: @Sendable (Visitor) async throws -> Response) async throws -> Response {
        let (session, isNew) = await currentSession(request)
        if settings.requiresSignIn, session.user == nil {
            let next = HTML.urlComponent(request.uri.path + (request.uri.query.map { "?" + $0 } ?? ""))
            return withCookie(Response.redirect(to: "/login?next=\(next)"), session, isNew)
        }
        let visitor = await visitor(for: session)
        do {
            return withCookie(try await body(visitor), session, isNew)
        } catch let failure as WebFailure {
            return withCookie(errorPage(failure, visitor), session, isNew)
        } catch let error as CatalogError {
            return withCookie(errorPage(WebFailure(status: .notFound, message: error.description), visitor), session, isNew)
        }
    }

    /// Runs a form handler (POST): the session must exist, the CSRF token must match, editing needs an editor.
    ///
    /// The handler returns where to go next; an error thrown by the catalogue becomes a message on the page the form
    /// came from (`back`), so nothing the visitor typed is a crash or a blank page.
    func form(_ request: Request, _ context: BasicRequestContext, back: String, needsEditor: Bool = true,
              _ body: @Sendable (Visitor, FormData) async throws -> (location: String, message: String?)) async throws -> Response {
        let (session, isNew) = await currentSession(request)
        let visitor = await visitor(for: session)
        guard !isNew else {
            return withCookie(errorPage(WebFailure(status: .forbidden, message: "Your session has ended. Go back, reload the page and try again."), visitor), session, isNew)
        }
        if settings.requiresSignIn, session.user == nil {
            return Response.redirect(to: "/login")
        }
        let form = try await readForm(request)
        guard let token = form.raw("csrf"), Self.constantTimeEqual(token, session.csrfToken) else {
            return errorPage(WebFailure(status: .forbidden, message: "This form has expired or did not come from Reel (missing or wrong security token). Reload the page and try again."), visitor)
        }
        guard !needsEditor || visitor.canEdit else {
            return errorPage(WebFailure(status: .forbidden, message: "Your account can view the catalogue but not change it; ask an editor."), visitor)
        }
        do {
            let (location, message) = try await body(visitor, form)
            if let message { await sessions.setFlash(session.id, message, isError: false) }
            return Response.redirect(to: location)
        } catch let failure as WebFailure {
            await sessions.setFlash(session.id, failure.message, isError: true)
            return Response.redirect(to: back)
        } catch {
            await sessions.setFlash(session.id, String(describing: error), isError: true)
            return Response.redirect(to: back)
        }
    }

    /// The session named by the request's cookie, or a new one (second value true).
    func currentSession(_ request: Request) async -> (WebSession, Bool) {
        if let id = request.cookies[Self.sessionCookie]?.value, let s = await sessions.session(id) { return (s, false) }
        return (await sessions.create(), true)
    }

    func visitor(for session: WebSession) async -> Visitor {
        let flash = await sessions.takeFlash(session.id)
        let canEdit = settings.requiresSignIn ? (session.user?.canEdit ?? false) : true
        return Visitor(session: session, user: session.user, flash: flash, canEdit: canEdit,
                       recorder: session.user?.name ?? settings.localUser)
    }

    /// Adds the session cookie to a response for a new session: HttpOnly, SameSite=Strict, Secure when the server
    /// is reachable from other machines.
    func withCookie(_ response: Response, _ session: WebSession, _ isNew: Bool) -> Response {
        guard isNew else { return response }
        var r = response
        r.setCookie(Cookie(name: Self.sessionCookie, value: session.id, path: "/", secure: settings.secureCookies, httpOnly: true,
                           sameSite: .strict))
        return r
    }

    /// Reads a urlencoded form body (at most 1 MB). Throws `WebFailure` for a body that is too large.
    func readForm(_ request: Request) async throws -> FormData {
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: Self.maxFormBytes)
        } catch {
            throw WebFailure(status: .contentTooLarge, message: "The form is too large (over 1 MB).")
        }
        return FormData(urlEncoded: String(buffer: buffer))
    }

    func errorPage(_ failure: WebFailure, _ visitor: Visitor) -> Response {
        .html(Layout.page(title: "Problem", visitor: visitor, section: nil, body: """
            <h1>Something needs your attention</h1>
            <p class="error" role="alert">\(failure.message)</p>
            <p><a href="/clips">Back to the clips</a></p>
            """), status: failure.status)
    }

    /// Compares tokens without an early exit, so timing does not leak how much of a guess was right.
    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var diff: UInt8 = 0
        for i in 0..<x.count { diff |= x[i] ^ y[i] }
        return diff == 0
    }

    /// A query parameter, trimmed; nil when absent or blank.
    static func query(_ request: Request, _ name: String) -> String? {
        FormData(urlEncoded: request.uri.query ?? "")[name]
    }
}

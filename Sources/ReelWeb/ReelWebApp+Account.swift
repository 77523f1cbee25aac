import Foundation
import Hummingbird

extension ReelWebApp {
    func addAccountRoutes(_ router: Router<BasicRequestContext>) {
        router.get("/login") { request, _ in
            let (session, isNew) = await currentSession(request)
            let visitor = await visitor(for: session)
            let next = Self.safeNext(Self.query(request, "next"))
            guard settings.requiresSignIn else { return Response.redirect(to: next) }
            return withCookie(.html(Self.loginPage(visitor: visitor, next: next, problem: visitor.flash?.text)), session, isNew)
        }
        router.post("/login") { request, _ in
            let (session, isNew) = await currentSession(request)
            let form = try await readForm(request)
            let next = Self.safeNext(form["next"])
            guard !isNew, let token = form.raw("csrf"), Self.constantTimeEqual(token, session.csrfToken) else {
                let visitor = await visitor(for: session)
                return withCookie(.html(Self.loginPage(visitor: visitor, next: next, problem: "The sign-in form expired. Please try again."), status: .forbidden), session, isNew)
            }
            guard let users = settings.users, let name = form["name"], let password = form.raw("password"),
                  let user = users.authenticate(name: name, password: password) else {
                await sessions.setFlash(session.id, "That name and password do not match.", isError: true)
                return Response.redirect(to: "/login?next=\(HTML.urlComponent(next))")
            }
            // A new session id at sign-in, so a session id planted before sign-in is worth nothing after it.
            await sessions.end(session.id)
            let signedIn = await sessions.create(user: user)
            return withCookie(Response.redirect(to: next), signedIn, true)
        }
        router.post("/logout") { request, _ in
            let (session, isNew) = await currentSession(request)
            let form = try await readForm(request)
            if !isNew, let token = form.raw("csrf"), Self.constantTimeEqual(token, session.csrfToken) {
                await sessions.end(session.id)
            }
            return Response.redirect(to: settings.requiresSignIn ? "/login" : "/clips")
        }
    }

    /// Only local paths are followed after sign-in (no `//host`, no scheme), so the form cannot redirect elsewhere.
    static func safeNext(_ next: String?) -> String {
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"), !next.contains("\\"), !next.contains("://") else { return "/clips" }
        return next
    }

    static func loginPage(visitor: Visitor, next: String, problem: String?) -> HTML {
        Layout.page(title: "Sign in", visitor: nil, section: nil, body: """
            <h1>Sign in to Reel</h1>
            \(problem.map { p -> HTML in "<p class=\"error\" role=\"alert\">\(p)</p>" } ?? "")
            <form method="post" action="/login" id="login">\(Layout.csrf(visitor))
            <input type="hidden" name="next" value="\(next)">
            <div class="field"><label for="l-name">Name</label><input id="l-name" name="name" required autocomplete="username" autofocus></div>
            <div class="field"><label for="l-pass">Password</label><input id="l-pass" name="password" type="password" required autocomplete="current-password"></div>
            <p><button type="submit">Sign in</button></p>
            </form>
            """)
    }
}

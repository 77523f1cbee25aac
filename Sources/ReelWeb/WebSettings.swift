import Catalog
import Foundation
import Media

/// How `reel serve` runs: where it listens, who may sign in, and where it finds audiences and presets and writes
/// exports and renders.
public struct WebSettings: Sendable {
    /// The address to bind; `127.0.0.1` by default, so only this machine can connect.
    public var host: String
    /// The TCP port.
    public var port: Int
    /// Who may sign in. Nil: nobody signs in and every visitor edits as the local user (allowed on loopback only).
    public var users: WebUserStore?
    /// Whether session cookies carry `Secure` (true whenever the server is reachable from other machines, which
    /// then must sit behind HTTPS).
    public var secureCookies: Bool
    /// The audiences file (nil: the built-in audiences).
    public var audiencesPath: String?
    /// The presets renders may use.
    public var presets: PresetLibrary
    /// Where exports and renders are written (one folder per job).
    public var workFolder: String
    /// Who changes are recorded as when nobody signs in.
    public var localUser: String
    /// A whisper.cpp ggml model for "Draft captions" in the clip page; nil drafts with PocketSphinx.
    public var whisperModel: String? = nil

    /// Makes settings; `workFolder` defaults to `web-jobs` beside the catalogue (or a temporary folder).
    public init(host: String = "127.0.0.1", port: Int = 8080, users: WebUserStore? = nil, secureCookies: Bool? = nil,
                audiencesPath: String? = nil, presets: PresetLibrary = PresetLibrary(presets: []), workFolder: String,
                localUser: String = Catalog.currentUser) {
        self.host = host
        self.port = port
        self.users = users
        self.secureCookies = secureCookies ?? !WebSettings.isLoopback(host)
        self.audiencesPath = audiencesPath
        self.presets = presets
        self.workFolder = workFolder
        self.localUser = localUser
    }

    /// Whether people must sign in: whenever a users file is in force.
    public var requiresSignIn: Bool { users != nil }

    /// Whether `host` only accepts connections from this machine (`127.x.x.x`, `::1`, `localhost`).
    public static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }

    /// Checks the settings before the server starts. Throws `WebSettingsError` when a non-loopback address has no
    /// users to sign in.
    public func validate() throws {
        guard !WebSettings.isLoopback(host) else { return }
        guard let users, !users.users.isEmpty else {
            throw WebSettingsError(
                "--host \(host) makes the catalogue reachable from other machines, so people must sign in: add a user first with `reel user add NAME --role editor` (users file: \(users?.path ?? "users.json beside the catalogue"))")
        }
    }
}

/// Settings `reel serve` cannot start with.
public struct WebSettingsError: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}

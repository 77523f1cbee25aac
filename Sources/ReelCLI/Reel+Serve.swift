import ArgumentParser
import Catalog
import Foundation
import Playlists
import ReelWeb

extension Reel {
    /// `reel serve`: the web catalogue.
    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run the web catalogue: browse, review, tag, record consent and build playlists in a browser.",
            discussion: """
                Listens on 127.0.0.1 (this machine only) unless --host says otherwise. To reach it from other \
                machines, add users first (`reel user add`), then use --host 0.0.0.0 behind HTTPS: everyone signs in, \
                session cookies are Secure, and viewers cannot change anything. Once a users file has users, \
                everyone signs in on 127.0.0.1 too.

                Examples:
                  reel serve
                  reel serve --catalog Catalog/catalog.sqlite --port 8090
                  reel serve --whisper-model ~/.cache/reel/ggml-tiny.en.bin
                  reel user add "Ada Lovelace" --role editor && reel serve --host 0.0.0.0
                """
        )

        @OptionGroup var catalog: CatalogOptions
        @OptionGroup var audiences: AudienceOptions

        @Option(help: ArgumentHelp("The address to listen on.", valueName: "address"))
        var host: String = "127.0.0.1"

        @Option(help: ArgumentHelp("The port to listen on (0: any free port).", valueName: "number"))
        var port: Int = 8080

        @Option(help: ArgumentHelp("The users file (default: users.json beside the catalogue).", valueName: "path"))
        var users: String?

        @Option(help: ArgumentHelp("The presets file renders may use.", discussion: "Default: $REEL_PRESETS, else presets.yaml beside the catalogue, else Catalog/presets.yaml; the built-in presets when none exists.", valueName: "path"))
        var presets: String?

        @Option(help: ArgumentHelp("A whisper.cpp ggml model file for the clip page's “Draft captions” (default: PocketSphinx, much rougher).", valueName: "path"))
        var whisperModel: String?

        @Flag(help: "Send session cookies without Secure when listening beyond this machine (only for a trial on a trusted network without HTTPS).")
        var insecureCookies = false

        func validate() throws {
            guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535.") }
            if let whisperModel, !FileManager.default.isReadableFile(atPath: whisperModel) {
                throw ValidationError("\(whisperModel): no such model file (--whisper-model)")
            }
        }

        func run() async throws {
            try await reportingErrors {
                let cat = try catalog.open()
                let usersPath = users ?? UserOptions.defaultPath(catalog: catalog)
                let store = try WebUserStore(path: usersPath)
                let signIn = !store.users.isEmpty || !WebSettings.isLoopback(host)
                let presetsPath = TeamFile.presets.path(explicit: presets, catalogPath: catalog.resolvedCatalogPath)
                let library = try PresetLibrary.inForce(file: presetsPath)
                let folder = cat.path.map { (($0 as NSString).deletingLastPathComponent as NSString).appendingPathComponent("web-jobs") }
                    ?? NSTemporaryDirectory() + "reel-web-jobs"
                var settings = WebSettings(
                    host: host, port: port, users: signIn ? store : nil, secureCookies: insecureCookies ? false : nil,
                    audiencesPath: audiences.resolvedPath(catalog: catalog), presets: library, workFolder: folder)
                settings.whisperModel = whisperModel
                try settings.validate()
                let app = ReelWebApp(catalog: cat, settings: settings)
                let shownHost = host.contains(":") ? "[\(host)]" : host
                try await app.run { port in
                    FileHandle.standardOutput.write(Data("Reel web catalogue: http://\(shownHost):\(port)/ (Ctrl-C to stop)\n".utf8))
                }
            }
        }
    }
}

/// Where the users file is: beside the catalogue.
enum UserOptions {
    static func defaultPath(catalog: CatalogOptions) -> String {
        ((catalog.resolvedCatalogPath as NSString).deletingLastPathComponent as NSString).appendingPathComponent("users.json")
    }
}

extension WebUser.Role: ExpressibleByArgument {}

extension Reel {
    /// `reel user …`: who may sign in to the web catalogue.
    struct UserCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "user",
            abstract: "Manage who may sign in to the web catalogue (reel serve).",
            discussion: """
                Passwords are stored as bcrypt hashes in users.json beside the catalogue (mode 0600).

                Examples:
                  reel user add "Ada Lovelace" --role editor
                  echo "$PASSWORD" | reel user add viewer1 --role viewer --password-stdin
                  reel user list
                  reel user remove viewer1
                """,
            subcommands: [Add.self, List.self, Remove.self]
        )

        struct Add: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Add a user, or change a user's role and password.")
            @OptionGroup var catalog: CatalogOptions
            @Option(help: ArgumentHelp("The users file (default: users.json beside the catalogue).", valueName: "path"))
            var users: String?
            @Argument(help: "The sign-in name.")
            var name: String
            @Option(help: "viewer (reads and plays) or editor (also changes the catalogue).")
            var role: WebUser.Role
            @Flag(help: "Read the password from the first line of standard input instead of asking.")
            var passwordStdin = false

            func run() async throws {
                try await reportingErrors {
                    var store = try WebUserStore(path: users ?? UserOptions.defaultPath(catalog: catalog))
                    let password: String
                    if passwordStdin || isatty(STDIN_FILENO) == 0 {
                        password = readLine(strippingNewline: true) ?? ""
                    } else {
                        guard let first = getpass("Password for \(name): ").map({ String(cString: $0) }),
                              let again = getpass("Again: ").map({ String(cString: $0) }) else { throw ExitCode(1) }
                        guard first == again else {
                            printError("the passwords do not match; nothing changed")
                            throw ExitCode(1)
                        }
                        password = first
                    }
                    let existed = store.user(named: name) != nil
                    do { try store.add(name: name, role: role, password: password) } catch let error as WebUserError {
                        printError("\(store.path): \(error.description)")
                        throw ExitCode(1)
                    }
                    print("\(existed ? "Updated" : "Added") \(name) (\(role.rawValue)) in \(store.path)")
                }
            }
        }

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "List the users.")
            @OptionGroup var catalog: CatalogOptions
            @Option(help: ArgumentHelp("The users file (default: users.json beside the catalogue).", valueName: "path"))
            var users: String?

            func run() async throws {
                try await reportingErrors {
                    let store = try WebUserStore(path: users ?? UserOptions.defaultPath(catalog: catalog))
                    if store.users.isEmpty {
                        print("No users in \(store.path): `reel user add NAME --role editor` adds one.")
                        return
                    }
                    print(renderTable(["NAME", "ROLE"], store.users.map { [$0.name, $0.role.rawValue] }))
                }
            }
        }

        struct Remove: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Remove a user.")
            @OptionGroup var catalog: CatalogOptions
            @Option(help: ArgumentHelp("The users file (default: users.json beside the catalogue).", valueName: "path"))
            var users: String?
            @Argument(help: "The sign-in name.")
            var name: String

            func run() async throws {
                try await reportingErrors {
                    var store = try WebUserStore(path: users ?? UserOptions.defaultPath(catalog: catalog))
                    try store.remove(name: name)
                    print("Removed \(name) from \(store.path)")
                }
            }
        }
    }
}
